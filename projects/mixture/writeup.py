"""The run's files: ``report.md`` (the math with this run's numbers), ``metrics.json``,
``assignments.csv`` and the figures, all from the typed :class:`~.pipeline.Result`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.reporting import Report, side_by_side

from . import plots, sections
from .pipeline import Plane, Result

__all__ = ["assignments", "cleaning_notes", "metrics", "render", "table", "write_report"]

COLUMNS = {
    "model": "model",
    "lower_bound": "lower bound ℓ_T",
    "log_likelihood": "final mean log-lik",
    "n_iter": "iterations",
    "converged": "converged",
    "ari_labels": "ARI vs labels",
    "ari_vs_ours": "ARI vs ours",
    "bic": "BIC",
    "fit_time": "fit time (s)",
}


def table(result: Result) -> str:
    """The side-by-side table of ours against scikit-learn (printed and in ``report.md``)."""
    rows = [{COLUMNS[key]: value for key, value in vars(row).items()} for row in result.rows]
    return side_by_side(rows, list(COLUMNS.values()))


def assignments(result: Result) -> pd.DataFrame:
    """One line per input row: its number, label, status, component and probabilities."""
    data, k = result.data, result.k
    n_in = data.n_input_rows
    out = pd.DataFrame({"row": np.arange(n_in)})
    if data.input_labels is not None:
        out[data.label_name] = data.input_labels
    status = np.full(n_in, "fitted", dtype=object)
    for r in data.dropped_rows:
        status[r] = "dropped: a missing feature"
    out["status"] = status
    component = np.full(n_in, np.nan)
    component[data.rows] = result.predicted
    out["component"] = pd.array(component, dtype="Int64")
    for j in range(k):
        p = np.full(n_in, np.nan)
        p[data.rows] = result.proba[:, j]
        out[f"p_{j}"] = p
    top = np.full(n_in, np.nan)
    top[data.rows] = result.proba.max(axis=1)
    out["max_p"] = top
    flag = pd.array([pd.NA] * n_in, dtype="boolean")
    flag[data.rows] = result.uncertain
    out["uncertain"] = flag
    return out


def cleaning_notes(result: Result) -> list[str]:
    """One sentence per cleaning step (what was dropped, kept, left out), with counts."""
    d = result.data
    notes = []
    if d.dropped_rows.size:
        by = ", ".join(f"{c}: {n}" for c, n in d.missing_by_column.items())
        rows = ", ".join(str(r) for r in d.dropped_rows[:10])
        more = " …" if d.dropped_rows.size > 10 else ""
        notes.append(
            f"{d.dropped_rows.size} of {d.n_input_rows} rows dropped for a missing feature "
            f"(missing values by column: {by}; {d.dropped_without_any} of them have no feature "
            f"at all); rows {rows}{more}"
        )
    else:
        notes.append(f"no row dropped: all {d.n_input_rows} rows have every feature")
    if d.unlabelled_rows:
        notes.append(
            f"{d.unlabelled_rows} kept rows have no {d.label_name!r}: fitted, but left out of "
            "the evaluation"
        )
    if d.unused_columns:
        notes.append(f"columns not used by the fit: {', '.join(d.unused_columns)}")
    if d.non_numeric:
        notes.append(
            f"left out as not numeric (name them in --features to see why): "
            f"{', '.join(d.non_numeric)}"
        )
    for column, count in d.unused_missing.items():
        notes.append(
            f"{count} kept rows have no {column!r}: it is not a feature, so they stay in the fit"
        )
    return notes


def metrics(result: Result) -> dict:
    """The numbers of ``metrics.json``."""
    d, c, same, m = result.data, result.criteria, result.same, result.model
    bounds = np.asarray(m.lower_bounds_)
    return {
        "source": d.source,
        "n_input_rows": d.n_input_rows,
        "n_dropped_rows": int(d.dropped_rows.size),
        "dropped_rows": d.dropped_rows,
        "missing_by_column": d.missing_by_column,
        "n_samples": d.n,
        "features": d.feature_names,
        "label": d.label_name,
        "seed": result.options.seed,
        "k": result.k,
        "k_given": result.k_given,
        "covariance_type": result.options.covariance_type,
        "k_range": c.ks,
        "bic": {ct: c.bic[r] for r, ct in enumerate(c.types)},
        "aic": {ct: c.aic[r] for r, ct in enumerate(c.types)},
        "best_by_bic": list(c.best("bic")),
        "best_by_aic": list(c.best("aic")),
        "grid_failures": c.failures,
        "grid_unconverged": c.unconverged,
        "lower_bounds": bounds,
        "history_never_falls": bool(np.all(np.diff(bounds) >= 0)),
        "largest_drop": float(max(0.0, -np.min(np.diff(bounds)))) if bounds.size > 1 else 0.0,
        "same_start": {
            "iterations_ours": same.ours.n_iter_,
            "iterations_sklearn": same.reference.n_iter_,
            "max_relative_gap_per_iteration": same.max_bound_gap,
            "labels_identical": same.labels_identical,
            "weights_gap": same.weights_gap,
            "means_gap": same.means_gap,
            "covariances_gap": same.covariances_gap,
            "probabilities_gap": same.proba_gap,
        },
        "comparison": [vars(row) for row in result.rows],
        "ari_vs_labels": result.ari,
        "n_uncertain": int(result.uncertain.sum()),
        "uncertain_threshold": result.options.uncertain,
        "weights": m.weights_,
        "means_standardized": m.means_,
    }


def _data_and_model(result: Result) -> str:
    """Sections 1 and 2: the cleaning counts, the standardisation, the mixture density."""
    d = result.data
    notes = "\n".join(f"- {n}" for n in cleaning_notes(result))
    scale = side_by_side(
        [
            {"feature": f, "mean": mu, "standard deviation": s}
            for f, mu, s in zip(d.feature_names, result.scaled.mean, result.scaled.std, strict=True)
        ]
    )
    return f"""## 1. Cleaning

{notes}

Each feature is standardised, $z = (x - \\bar x)/s$ (population $s$), so no unit dominates:

{scale}

## 2. The model

A mixture of k = {result.k} Gaussians with `{result.options.covariance_type}` covariances,
$p(z) = \\sum_{{j=1}}^{{k}} \\pi_j\\,\\mathcal N(z\\mid\\mu_j,\\Sigma_j)$, each density evaluated in
log space through the upper-triangular $U_j$ with $\\Sigma_j^{{-1}} = U_jU_j^\\top$ (from the
Cholesky factor $\\Sigma_j = L_jL_j^\\top$, $U_j = L_j^{{-\\top}}$):
$\\log\\mathcal N(z\\mid\\mu_j,\\Sigma_j) = -\\tfrac d2\\log 2\\pi + \\sum_i\\log (U_j)_{{ii}}
- \\tfrac12\\lVert (z-\\mu_j)^\\top U_j\\rVert^2$."""


def render(result: Result, files: list[str]) -> str:
    """``report.md``: what was done, the formulas, and this run's numbers; ``files`` named."""
    d, same = result.data, result.same
    listing = "\n".join(f"- `{name}`" for name in files)
    pca_note = (
        ""
        if result.explained is None
        else f" The principal components (`foundations.linalg.PCA` of the standardised data) "
        f"explain {result.explained[0]:.1%} and {result.explained[1]:.1%} of the variance."
    )
    return f"""# Gaussian mixtures by expectation–maximization

Data: {d.source}: **{d.n} rows × {len(d.feature_names)} features** ({", ".join(d.feature_names)}).

{_data_and_model(result)}

## 3. What EM did in this run

{sections.em_section(result)}

![log-likelihood per iteration](figures/log_likelihood.png)

## 4. Choosing k: BIC and AIC

$\\mathrm{{BIC}} = -2\\log L + p\\log n$ and $\\mathrm{{AIC}} = -2\\log L + 2p$ (lower is better),
for k = {result.criteria.ks[0]}..{result.criteria.ks[-1]}, {result.options.n_init} starts each.
{sections.choice(result)}

{sections.criteria_tables(result)}

![BIC and AIC](figures/criteria.png)

## 5. Ours beside scikit-learn

{table(result)}

**Same start** (both given our $\\theta_0$): {same.ours.n_iter_} iterations for ours,
{same.reference.n_iter_} for scikit-learn; the largest relative gap of $\\ell_t$ over the
iterations is **{same.max_bound_gap:.1e}** (required: 1e-10); labels identical:
{"yes" if same.labels_identical else "no"}; largest differences of the weights
{same.weights_gap:.1e}, means {same.means_gap:.1e}, covariances {same.covariances_gap:.1e},
probabilities {same.proba_gap:.1e}. **Own starts**: each draws its own random initializations,
so the two may end in different local maxima; the ARI columns say how far apart. Times are the
best of three fits.

## 6. Against the labels

{sections.species_section(result)}

## 7. Soft assignments

{sections.uncertain_section(result)}

![soft assignments](figures/soft_assignments.png)

## 8. The fitted components

Points coloured by component (marker: label), ellipses at 1 and 2 standard deviations
(Mahalanobis radius 1 and 2) of each component, in the plane of two features (original units)
and of the first two principal components.{pca_note}

![features](figures/ellipses_features.png)

{"" if result.pca_plane is None else "![principal components](figures/ellipses_pca.png)"}

## Files of this run

{listing}
- `report.md` (this file)
"""


def _figures(result: Result):
    m = result.model
    labels = result.data.labels
    yield (
        "log_likelihood",
        plots.log_likelihood_figure(
            m.lower_bounds_,
            result.same.ours.lower_bounds_,
            result.same.reference.lower_bounds_,
            m.score(result.scaled.Z),
        ),
    )
    yield (
        "criteria",
        plots.criteria_figure(result.criteria, result.options.covariance_type, result.k),
    )
    if result.pca_plane is not None:
        plane = result.pca_plane
        yield (
            "ellipses_features",
            plots.plane_figure(
                result.feature_plane, result.predicted, labels, "two features (original units)"
            ),
        )
        yield (
            "ellipses_pca",
            plots.plane_figure(plane, result.predicted, labels, "first two principal components"),
        )
    else:
        fp = result.feature_plane
        yield (
            "ellipses_features",
            plots.mixture_1d_figure(
                fp.points[:, 0],
                fp.means[:, 0],
                fp.covariances[:, 0, 0],
                m.weights_,
                fp.axes[0],
                "one feature: the components",
            ),
        )
        top = result.proba.max(axis=1)
        plane = Plane([fp.axes[0], "max r"], np.column_stack([fp.points[:, 0], top]), None, None)
    yield (
        "soft_assignments",
        plots.soft_assignment_figure(
            plane, result.proba, result.uncertain, result.options.uncertain
        ),
    )


def write_report(report: Report, result: Result) -> None:
    """Write the figures, ``assignments.csv``, ``metrics.json`` and ``report.md``."""
    for name, fig in _figures(result):
        report.save_figure(fig, name)
    report.write_table(assignments(result), "assignments.csv")
    report.write_metrics(metrics(result))
    files = [p.relative_to(report.out_dir).as_posix() for p in report.written]
    report.write_markdown(render(result, files))
