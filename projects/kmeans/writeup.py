"""The report of one run: ``metrics.json``, ``report.md`` and the figures, with this run's numbers.

Everything here reads a :class:`.pipeline.SegmentationRun`; nothing is computed again.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.reporting import Report, side_by_side

from . import plots
from .pipeline import FitRow, SegmentationRun

__all__ = [
    "SEGMENTS_FILE",
    "comparison_table",
    "draw_figures",
    "markdown",
    "metrics",
    "segments_frame",
    "segments_table",
    "write_report",
]

#: The per-customer output: which customer is in which segment.
SEGMENTS_FILE = "segments.csv"

_FILE_ROLES = {
    "report.md": "this report",
    "metrics.json": "every number of the run (per-iteration inertia, per-k curves, the table above)",
    SEGMENTS_FILE: "one row per customer: its id, the features used (original units), segment "
    "number and name",
}


def comparison_table(run: SegmentationRun) -> str:
    """The side-by-side table: ours and scikit-learn's, same start and own seeding."""
    return side_by_side([row.as_row() for row in run.comparison.rows], list(FitRow.COLUMNS))


def segments_table(run: SegmentationRun, digits: int | None = None) -> str:
    """One row per segment: name, size, shares, feature means."""
    table = run.segments.table if digits is None else run.segments.table.round(digits)
    return side_by_side([{"segment": j, **row} for j, row in table.iterrows()])


def segments_frame(run: SegmentationRun) -> pd.DataFrame:
    """``segments.csv``: customer id, the features in their own units, segment and its name."""
    raw = run.features.raw
    frame = raw.reset_index()
    frame.columns = [run.features.id_column, *run.feature_names]
    labels = run.segments.labels
    frame["segment"] = labels
    frame["segment name"] = np.asarray(run.segments.names, dtype=object)[labels]
    return frame


def metrics(run: SegmentationRun, outputs: list[str] | None = None) -> dict:
    """Every number of the run, for ``metrics.json``."""
    choice, options, model = run.choice, run.options, run.model
    history = model.inertia_history_
    table = run.segments.table
    features = run.features
    return {
        "data": features.source,
        "n_customers": run.n_customers,
        "features": run.feature_names,
        "log_transformed": features.logged,
        "customer_id": {"column": features.id_column, "from": features.id_source},
        "left_out_columns": features.left_out,
        "cleaning": [
            {"step": c.step, "count": c.count, "detail": c.detail} for c in features.cleaning
        ],
        "k_range": choice.ks,
        "inertia_by_k": choice.inertias,
        "silhouette_by_k": choice.silhouettes,
        "k_elbow": choice.k_elbow,
        "k_best_silhouette": choice.k_best_silhouette,
        "k": run.k,
        "k_given": options.k is not None,
        "seed": options.seed,
        "n_init": options.n_init,
        "algorithm": options.algorithm,
        "inertia_history": history,
        "history_monotone": bool(np.all(np.diff(history) <= 0)),
        "same_start_labels_identical": run.comparison.same_start_labels_identical,
        "same_start_inertia_relative_gap": run.comparison.same_start_inertia_gap,
        "comparison": [row.as_row() for row in run.comparison.rows],
        "segments": [
            {"segment": int(j), **{c: row[c] for c in table.columns}} for j, row in table.iterrows()
        ],
        "outputs": outputs or [],
    }


def _data_section(run: SegmentationRun) -> str:
    features = run.features
    rows = [{"step": c.step, "count": c.count, "detail": c.detail} for c in features.cleaning]
    identifiers = [c for c, why in features.left_out.items() if why.startswith("an identifier")]
    ids = (
        f" The identifier column(s) {', '.join(identifiers)} (named like an id, unique per row) "
        "are left out of the features; `--features` can name them."
        if identifiers
        else ""
    )
    return f"""## 1. Data and cleaning

Each customer is identified by {features.id_source} (column `{features.id_column}` of
`{SEGMENTS_FILE}`).{ids} Every step between the file and the features, counted:

{side_by_side(rows, ["step", "count", "detail"])}"""


def _features_section(run: SegmentationRun) -> str:
    logged = ", ".join(run.features.logged) if run.features.logged else "none"
    intro = (
        "Each customer becomes three numbers: **recency** (days from the last purchase to the day "
        "after the log ends), **frequency** (number of purchases) and **monetary** value (total "
        "spent)."
        if run.is_rfm
        else f"Each customer is described by the columns {', '.join(run.feature_names)}."
    )
    return f"""## 2. Features

{intro} Skewed non-negative features (skewness > 1) are replaced by $\\log(1+x)$ — here: {logged} —
and every feature is standardised, $z = (x - \\bar x)/s$, so that squared Euclidean distance weighs
them equally."""


def _lloyd_section(run: SegmentationRun) -> str:
    history = run.model.inertia_history_
    monotone = "yes" if np.all(np.diff(history) <= 0) else "NO"
    return f"""## 3. The objective and Lloyd's iteration

k-means looks for centres $c_1,\\dots,c_k$ minimising the inertia (within-cluster sum of squares)

$$J = \\sum_{{i=1}}^{{n}} \\min_j \\lVert x_i - c_j \\rVert^2 .$$

Lloyd's iteration alternates two exact minimisations: assign each customer to the nearest centre
(distances as $\\lVert x\\rVert^2 - 2x^\\top c + \\lVert c\\rVert^2$, one matrix product per chunk of
rows), then move each centre to the mean of its customers. Neither step can raise $J$. In the
winning run (best of {run.options.n_init} k-means++ starts) $J$ went from {history[0]:,.1f} after the first
iteration to {history[-1]:,.1f} after iteration {len(history)}, never rising
(monotone: {monotone}); the final inertia is {run.model.inertia_:,.1f}.

![SSE per iteration](figures/sse_per_iteration.png)"""


def _choice_sentences(run: SegmentationRun) -> str:
    choice, k = run.choice, run.k
    why_k = (
        f"k = {k} was given on the command line."
        if run.options.k is not None
        else f"The elbow rule picks **k = {choice.k_elbow}**: on the curve scaled to the unit square it "
        "lies farthest below the chord from the first k to the last, i.e. where adding a segment "
        "stops paying off."
    )
    k_sil = choice.k_best_silhouette
    sil_note = (
        f" The silhouette peaks at k = {k_sil} ({max(choice.silhouettes):.3f}); "
        f"at k = {k} it is {choice.silhouettes[choice.ks.index(k)]:.3f}"
        if k in choice.ks
        else f" The silhouette peaks at k = {k_sil}"
    )
    sil_note += (
        ". A peak at k = 2 is common with customer data: the one big split (one-time vs repeat "
        "buyers) separates best, but two segments say little, so the elbow decides."
        if k_sil == 2 and k != 2
        else "."
    )
    return why_k + sil_note


def _choice_section(run: SegmentationRun) -> str:
    choice = run.choice
    return f"""## 4. Choosing k

Inertia always falls as k grows, so it cannot choose k alone. {_choice_sentences(run)}

| k | {" | ".join(str(k_) for k_ in choice.ks)} |
|---|{"---|" * len(choice.ks)}
| inertia | {" | ".join(f"{v:,.0f}" for v in choice.inertias)} |
| silhouette | {" | ".join(f"{v:.3f}" for v in choice.silhouettes)} |

The silhouette of a customer is $s = (b-a)/\\max(a,b)$ with $a$ its mean distance to its own
segment and $b$ to the nearest other segment; it is averaged over a random sample of customers,
each scored against all customers.

![elbow](figures/elbow.png)
![silhouette](figures/silhouette.png)"""


def _comparison_section(run: SegmentationRun) -> str:
    comparison = run.comparison
    return f"""## 5. Ours beside scikit-learn

From the same k-means++ centres both implementations should walk to the same local optimum; with
their own seeding they may end in different (equally good or slightly worse) optima.

{comparison_table(run)}

Same start: labels identical: {"yes" if comparison.same_start_labels_identical else "no"}; relative
inertia gap {comparison.same_start_inertia_gap:.1e}. ARI is the adjusted Rand index between the
labelings (1 = the same partition)."""


def _segments_section(run: SegmentationRun) -> str:
    return f"""## 6. The segments

{segments_table(run)}

![profiles](figures/profiles.png)

The 2-D view projects the standardised features on their first two principal components
(`foundations.linalg.PCA`).

![segments](figures/segments_pca.png)"""


def _files_section(outputs: list[str]) -> str:
    lines = []
    for name in outputs:
        role = _FILE_ROLES.get(name, "figure" if name.startswith("figures/") else "")
        lines.append(f"- `{name}`" + (f": {role}" if role else ""))
    return "## 7. Files written\n\n" + "\n".join(lines)


def markdown(run: SegmentationRun, outputs: list[str] | None = None) -> str:
    """``report.md``: the math of this run, with its numbers; ``outputs`` are the files written."""
    sections = [
        _data_section(run),
        _features_section(run),
        _lloyd_section(run),
        _choice_section(run),
        _comparison_section(run),
        _segments_section(run),
    ]
    if outputs:
        sections.append(_files_section(outputs))
    head = f"""# Customer segmentation with k-means

Data: {run.features.source}, **{run.n_customers:,} customers**."""
    return "\n\n".join([head, *sections]) + "\n"


def draw_figures(report: Report, run: SegmentationRun) -> None:
    """Every figure of the report, into ``figures/``."""
    choice, model, segments, projection = run.choice, run.model, run.segments, run.projection
    title = f"Lloyd's iterations, k = {run.k} (best of {run.options.n_init} runs)"
    plots.sse_per_iteration(report, model.inertia_history_, title)
    plots.elbow(report, choice.ks, choice.inertias, choice.k_elbow)
    plots.silhouette(report, choice.ks, choice.silhouettes, run.k)
    plots.segments_2d(
        report,
        projection.points,
        projection.centres,
        segments.labels,
        segments.names,
        projection.explained,
    )
    plots.profile_heatmap(
        report, model.cluster_centers_, segments.table, run.feature_names, segments.names
    )


def write_report(run: SegmentationRun, out_dir: Path, progress=None) -> Report:
    """Figures, ``metrics.json`` and ``report.md`` into ``out_dir`` (already checked)."""
    step = progress.step if progress is not None else (lambda _what: nullcontext())
    report = Report(out_dir)
    with step("drawing figures"):
        draw_figures(report, run)
    with step("writing the report"):
        report.write_table(segments_frame(run), SEGMENTS_FILE)
        outputs = [_relative(p, report) for p in report.written]
        outputs += ["metrics.json", "report.md"]
        report.write_metrics(metrics(run, outputs))
        report.write_markdown(markdown(run, outputs))
    return report


def _relative(path: Path, report: Report) -> str:
    return Path(path).relative_to(report.out_dir).as_posix()
