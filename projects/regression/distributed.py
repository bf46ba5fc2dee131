r"""Least squares and ridge over row chunks (``--engine dask``): the same solvers, fed by sums.

The in-memory fit (:func:`.solvers.least_squares`) needs of the design only the centred Gram
matrices :math:`G = \tilde X^T\tilde X`, :math:`B = \tilde X^T\tilde y`, and — for the one step
of refinement of the pivoted Cholesky — the gradient :math:`\tilde X^T(\tilde y - \tilde Xw)`.
All three are sums over rows, so here each chunk contributes its
:func:`~foundations.linalg.chunked.gram_statistics` (merged stably) and its share of the
gradient, and the *same* solvers of :mod:`.solvers` and :mod:`.direct` finish in memory:
pivoted Cholesky for least squares (rank revealing, minimum-norm on a collinear design),
bordered Cholesky for ridge. The QR and SVD fallbacks need the design itself and are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from foundations.errors import InputError, LinAlgError
from foundations.linalg.chunked import LocalChunks, gram_statistics

from .direct import solve_cholesky
from .gram import constant_columns
from .solvers import solve_normal_pivoted

__all__ = [
    "ChunkedFit",
    "DaskOptions",
    "DaskRun",
    "dask_metrics",
    "dask_report",
    "fit_chunks",
    "predict_chunk",
    "run_dask",
]


@dataclass(frozen=True)
class ChunkedFit:
    """Coefficients ``coef`` (p,), ``intercept``, the ``solver`` used and the ``rows`` fitted."""

    coef: np.ndarray
    intercept: float
    solver: str
    rows: int


def _gradient_part(X, y, *, W, x_offset, y_offset):
    """One chunk's :math:`[X_c^TE_c;\\ \\mathbf 1^TE_c]`, :math:`E_c = (y_c - \\nu) - (X_c - \\mu)W`."""
    E = (y.reshape(-1, 1) - y_offset) - (X @ W - x_offset @ W)
    return np.vstack([X.T @ E, E.sum(axis=0, keepdims=True)])


def predict_chunk(X, *, coef, intercept):
    """:math:`\\hat y = Xw + b` for one chunk."""
    return X @ coef + intercept


def fit_chunks(x_chunks, y_chunks, alpha: float = 0.0, *, engine=None, tol: float = 1e-6):
    r"""Fit :math:`\min_{w,b}\sum_i (y_i - x_i^Tw - b)^2 + \alpha\lVert w\rVert^2` over chunks.

    Parameters
    ----------
    x_chunks, y_chunks : sequences of (m_c, p) and (m_c,) arrays, or an engine's handles
    alpha : float
    engine : optional
        :class:`~foundations.linalg.chunked.LocalChunks` by default, or
        :class:`toolkit.distributed.DaskEngine`.
    tol : float
        The rank tolerance of the pivoted Cholesky (``LinearRegression``'s ``tol``).

    Raises
    ------
    LinAlgError
        The normal equations are too ill conditioned for Cholesky (the in-memory path would fall
        back to QR or the SVD of the design, which the chunked path does not do).
    """
    engine = LocalChunks() if engine is None else engine
    stats = engine.total(engine.map(gram_statistics, x_chunks, y_chunks))
    x_offset, y_offset, G, B = stats.normal_equations(fit_intercept=True)
    p = G.shape[0]
    active = ~constant_columns(G, x_offset, stats.weight)
    coef = np.zeros((p, 1))
    if active.any():
        G_a, B_a = G[np.ix_(active, active)], B[active]
        if alpha == 0:

            def gradient(W):
                full = np.zeros((p, W.shape[1]))
                full[active] = W
                parts = engine.map(
                    _gradient_part, x_chunks, y_chunks, W=full, x_offset=x_offset,
                    y_offset=y_offset,
                )  # fmt: skip
                g = engine.total(parts)
                return (g[:-1] - np.outer(x_offset, g[-1]))[active]

            fit, condition = solve_normal_pivoted(G_a, B_a, tol, gradient, wide=stats.rows <= p)
            if fit is None:
                raise LinAlgError(
                    f"the normal equations are too ill conditioned for the chunked solver "
                    f"(condition about {condition:.1e}); fit in memory (--engine numpy)"
                )
        else:
            fit = solve_cholesky(G_a, B_a, alpha)
        coef[active] = fit.coef
        solver = fit.solver
    else:
        solver = "none (every column is constant)"
    intercept = float(y_offset[0] - x_offset @ coef[:, 0])
    return ChunkedFit(coef[:, 0], intercept, solver, stats.rows)


# --- the project's run on the Dask engine (``--engine dask``) ---------------------------------


@dataclass(frozen=True)
class DaskOptions:
    """What ``--engine dask`` needs: partitions, columns, the cluster and the out folder."""

    data: str
    features: tuple[str, ...]
    target: str
    target_transform: str
    out: Path
    scheduler: str | None = None
    memory_limit: str | None = None
    workers: int | None = None
    processes: bool = True
    stream: bool | None = None


@dataclass(frozen=True)
class DaskRun:
    """The outcome of :func:`run_dask`: the fit, its in-sample scores and how it ran."""

    options: DaskOptions
    fit: ChunkedFit
    log_target: bool
    partitions: int
    workers: int
    holding: str
    streamed: bool
    rows_read: int
    rows_dropped: int
    rmse: float
    r2: float
    prediction_files: list[str]


def _complete(part: np.ndarray) -> np.ndarray:
    return np.all(np.isfinite(part), axis=1)


def _part_summary(part: np.ndarray) -> np.ndarray:
    """``[rows, incomplete rows, min target of complete rows]`` of one partition."""
    keep = _complete(part)
    low = float(part[keep, -1].min()) if keep.any() else np.inf
    return np.array([part.shape[0], part.shape[0] - keep.sum(), low])


def _design_part(part: np.ndarray) -> np.ndarray:
    keep = _complete(part)
    return part[:, :-1] if keep.all() else part[keep, :-1]  # a view when nothing is dropped


def _target_part(part: np.ndarray, *, log: bool) -> np.ndarray:
    y = part[_complete(part), -1]
    return np.log(y) if log else y


def _target_sums(y):
    return np.array([y.size, y.sum()])


def _residual_sums(X, y, *, coef, intercept, y_mean):
    r = y - predict_chunk(X, coef=coef, intercept=intercept)
    return np.array([r @ r, (y - y_mean) @ (y - y_mean)])


def _write_predictions(part, path, *, coef, intercept, log, target):
    import pandas as pd

    from toolkit.distributed import write_parquet

    keep = _complete(part)
    fitted = predict_chunk(part[keep, :-1], coef=coef, intercept=intercept)
    frame = pd.DataFrame(
        {
            "row": np.flatnonzero(keep),
            target: part[keep, -1],
            "predicted": np.exp(fitted) if log else fitted,
        }
    )
    return write_parquet(frame, path)


def _log_target(transform: str, low: float, target: str) -> bool:
    if transform == "none":
        return False
    if low > 0:
        return True
    if transform == "log":
        raise InputError(f"--target-transform log needs a positive {target}; the smallest is {low}")
    return False


def run_dask(options: DaskOptions, progress) -> DaskRun:
    """Read the partitions, fit least squares by chunk statistics, score, write predictions.

    Rows with a missing or infinite value in a used column are dropped and counted (the
    in-memory path imputes them instead; the chunked path has no training statistics to impute
    from before its one pass). The partitions are held in the workers' memory, or streamed
    (read again by every pass, the design and target computed inside each task) when they
    would take over a quarter of it or ``stream`` says so.
    """
    from toolkit.distributed import dask_client_for, partition_chunks, worker_count
    from toolkit.partitions import find_partitions

    columns = [*options.features, options.target]
    sources = find_partitions(options.data, columns)
    with dask_client_for(options) as client:
        with progress.step("reading the partitions on the workers"):
            held = partition_chunks(client, sources, options.stream)
            engine, parts = held.engine, held.chunks
            summary = np.array(engine.gather(engine.map(_part_summary, parts)))
            rows, dropped, low = int(summary[:, 0].sum()), int(summary[:, 1].sum()), summary[:, 2]
            if rows - dropped <= len(options.features):
                raise InputError(
                    f"--data has {rows - dropped} complete rows for {len(options.features)} "
                    "features: too few to fit"
                )
            log = _log_target(options.target_transform, float(low.min()), options.target)
        with progress.step(f"fitting least squares over {len(parts)} partitions"):
            xs = engine.derive(_design_part, parts)
            ys = engine.derive(_target_part, parts, log=log)
            fit = fit_chunks(xs, ys, 0.0, engine=engine)
        with progress.step("scoring and writing the predictions as Parquet partitions"):
            counts = engine.total(engine.map(_target_sums, ys))
            sums = engine.total(
                engine.map(_residual_sums, xs, ys, coef=fit.coef, intercept=fit.intercept,
                           y_mean=counts[1] / counts[0])
            )  # fmt: skip
            paths = [str(options.out / "predictions" / f"part-{i:05d}.parquet")
                     for i in range(len(parts))]  # fmt: skip
            files = engine.gather(
                engine.map(_write_predictions, parts, paths, coef=fit.coef,
                           intercept=fit.intercept, log=log, target=options.target)
            )  # fmt: skip
        workers = worker_count(client)
    return DaskRun(
        options, fit, log, len(parts), workers, held.describe(), held.streamed, rows, dropped,
        rmse=float(np.sqrt(sums[0] / counts[0])),
        r2=float(1 - sums[0] / sums[1]) if sums[1] > 0 else float("nan"),
        prediction_files=[str(Path(f).relative_to(options.out)) for f in files],
    )  # fmt: skip


def dask_metrics(run: DaskRun) -> dict:
    """``metrics.json`` of a Dask run."""
    return {
        "engine": "dask",
        "partitions": run.partitions,
        "workers": run.workers,
        "partitions_streamed": run.streamed,
        "rows_read": run.rows_read,
        "rows_dropped_incomplete": run.rows_dropped,
        "rows_fitted": run.fit.rows,
        "target": run.options.target,
        "log_target": run.log_target,
        "solver": run.fit.solver,
        "features": list(run.options.features),
        "coef": dict(zip(run.options.features, run.fit.coef.tolist(), strict=True)),
        "intercept": run.fit.intercept,
        "in_sample_rmse": run.rmse,
        "in_sample_r2": run.r2,
        "predictions": run.prediction_files,
    }


def dask_report(run: DaskRun) -> str:
    """``report.md`` of a Dask run: the math of the chunked fit with this run's numbers."""
    o, f = run.options, run.fit
    y = f"log({o.target})" if run.log_target else o.target
    lines = [
        "# House prices on the Dask engine: least squares from chunk statistics",
        "",
        f"Engine **dask**: {run.partitions} partitions of `{o.data}` on {run.workers} worker(s)"
        + (f" of the scheduler {o.scheduler}." if o.scheduler else " of a local cluster.")
        + f" Partitions {run.holding}.",
        "",
        "Each partition contributes its row count, means and centred cross products "
        "(Chan–Golub–LeVeque merge); the normal equations "
        "$\\tilde X^T\\tilde X w = \\tilde X^T\\tilde y$ are then solved in memory by "
        f"the project's own solver ({f.solver}), and the intercept is $b = \\bar y - \\bar x^Tw$.",
        "",
        f"- rows read: {run.rows_read:,}; rows with a missing or infinite value in a used "
        f"column dropped: {run.rows_dropped:,}; rows fitted: {f.rows:,}",
        f"- target: {y}; features: {', '.join(o.features)}",
        f"- in-sample RMSE ({y}): {run.rmse:.6g}; in-sample $R^2$: {run.r2:.4f} "
        "(no held-out split on this engine)",
        "",
        "| feature | coefficient |",
        "|---|---|",
        *[f"| {n} | {c:.6g} |" for n, c in zip(o.features, f.coef, strict=True)],
        f"| (intercept) | {f.intercept:.6g} |",
        "",
        f"Files: report.md, metrics.json, {len(run.prediction_files)} prediction partitions "
        "under `predictions/` (row within its partition, the target, the prediction).",
    ]
    return "\n".join(lines)
