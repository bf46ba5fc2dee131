"""The run's files: ``report.md`` (the math with this run's numbers), ``metrics.json``,
``predictions.csv`` and the figures, all from the typed :class:`~.pipeline.Result`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.reporting import Report, side_by_side

from .pipeline import Result
from .plots import centroid_figure, confusion_figure

__all__ = ["cleaning_notes", "metrics", "predictions", "render", "table", "write_report"]


def table(result: Result) -> str:
    """The side-by-side table of ours against scikit-learn (printed and in ``report.md``)."""
    rows = [
        {"model": s.model, "test accuracy": s.test_accuracy, "fit time (s)": s.fit_time}
        for s in result.scores
    ]
    return side_by_side(rows)


def predictions(result: Result) -> pd.DataFrame:
    """One row per test sample: its row in the input, the true class and both predictions."""
    return pd.DataFrame(
        {
            "row": result.split.test_rows,
            "actual": result.split.y_test,
            "predicted": result.predicted,
            "predicted_sklearn": result.predicted_reference,
        }
    )


def cleaning_notes(result: Result) -> list[str]:
    """One sentence per cleaning step that changed the data (empty when none did)."""
    c = result.cleaned
    notes = []
    if c.dropped_rows:
        notes.append(f"{c.dropped_rows} of {c.n_input_rows} rows dropped for a missing value")
    if c.ignored_columns:
        names = ", ".join(c.ignored_columns)
        notes.append(f"{len(c.ignored_columns)} non-numeric column(s) left out: {names}")
    return notes


def metrics(result: Result) -> dict:
    """The numbers of ``metrics.json``."""
    c, s = result.cleaned, result.split
    return {
        "source": result.source,
        "n_input_rows": c.n_input_rows,
        "n_dropped_rows": c.dropped_rows,
        "ignored_columns": c.ignored_columns,
        "n_samples": len(c.y),
        "n_features": c.X.shape[1],
        "n_train": len(s.y_train),
        "n_test": len(s.y_test),
        "seed": result.options.seed,
        **{("ours" if i == 0 else "sklearn"): vars(score) for i, score in enumerate(result.scores)},
        "prediction_agreement": result.agreement,
        "max_centroid_difference": result.centroid_gap,
    }


def render(result: Result, files: list[str]) -> str:
    """``report.md``: what was done, the formulas, and this run's numbers; ``files`` are named."""
    c, s = result.cleaned, result.split
    notes = "\n".join(f"- {n}" for n in cleaning_notes(result)) or "- nothing needed cleaning"
    listing = "\n".join(f"- `{name}`" for name in files)
    return f"""# Nearest-centroid classification

Data: {result.source}, {len(c.y)} samples × {c.X.shape[1]} numeric features,
{len(np.unique(c.y))} classes; {len(s.y_train)} for training and {len(s.y_test)} held out
(seed {result.options.seed}).

Cleaning:

{notes}

Each class is summarised by its mean $\\mu_c$; a sample goes to the class minimising
$\\lVert x - \\mu_c \\rVert^2 = \\lVert x\\rVert^2 - 2x^\\top\\mu_c + \\lVert\\mu_c\\rVert^2$.

{table(result)}

Our predictions agree with scikit-learn's on {result.agreement:.1%} of the test samples; the
largest difference between the two sets of centroids is {result.centroid_gap:.2e}.

![centroids](figures/centroids.png)
![confusion](figures/confusion.png)

Files of this run:

{listing}
- `report.md` (this file)
"""


def write_report(report: Report, result: Result) -> None:
    """Write the figures, ``predictions.csv``, ``metrics.json`` and ``report.md``."""
    model, s = result.model, result.split
    names = result.cleaned.feature_names
    report.save_figure(centroid_figure(model.centroids_, model.classes_, names), "centroids")
    report.save_figure(confusion_figure(s.y_test, result.predicted, model.classes_), "confusion")
    report.write_table(predictions(result), "predictions.csv")
    report.write_metrics(metrics(result))
    files = [p.relative_to(report.out_dir).as_posix() for p in report.written]
    report.write_markdown(render(result, files))
