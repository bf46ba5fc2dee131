r"""Segmentation on the Dask engine (``--engine dask``): the same features, Lloyd by chunks.

The customer table arrives as Parquet/CSV partitions, held in the workers' memory or, when they
would take over a quarter of it (or ``--stream always``), read again by every pass; the per-row
labels are the only chunk-sized values kept between passes. The features are
built as in :mod:`.features`, but from sums over the partitions: a first pass gives each
column's count, sum and minimum, a second its centred second and third moments, hence the
skewness :math:`\frac{1}{n}\sum_i ((x_i - \bar x)/s)^3` that decides the :math:`\log(1 + x)`
transform; two more passes give the mean and (population) standard deviation of the
transformed columns, and every partition is z-scored where it lives. Seeding is k-means||
(:func:`~foundations.linalg.chunked_kmeans.kmeans_parallel_init`) unless ``--init`` gives the
starting centres; Lloyd's iterations are
:func:`~foundations.linalg.chunked_kmeans.kmeans_lloyd_chunks` — per-partition counts, sums and
inertia, one reduction a step. The segments are written by the workers as Parquet partitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from foundations.errors import InputError
from foundations.linalg.chunked_kmeans import kmeans_lloyd_chunks, kmeans_parallel_init

from .features import SKEW_THRESHOLD

__all__ = [
    "DaskOptions",
    "DaskSegmentation",
    "dask_metrics",
    "dask_report",
    "read_init",
    "run_dask",
    "to_standard",
]


@dataclass(frozen=True)
class DaskOptions:
    """What ``--engine dask`` needs: partitions, features, k, the start and the cluster."""

    data: str
    features: tuple[str, ...]
    k: int
    out: Path
    init: np.ndarray | None = None
    seed: int = 0
    max_iter: int = 300
    scheduler: str | None = None
    memory_limit: str | None = None
    workers: int | None = None
    processes: bool = True
    stream: bool | None = None


@dataclass(frozen=True)
class DaskSegmentation:
    """The outcome of :func:`run_dask` (centres in the original units and standardised)."""

    options: DaskOptions
    partitions: int
    workers: int
    holding: str
    streamed: bool
    customers: int
    logged: list[str]
    mean: np.ndarray
    scale: np.ndarray
    centres_z: np.ndarray
    centres: np.ndarray
    sizes: np.ndarray
    inertia: float
    n_iter: int
    converged: bool
    init: str
    segment_files: list[str]


def _first_moments(part):
    bad = int(np.count_nonzero(~np.isfinite(part).all(axis=1)))
    low = part.min(axis=0) if part.shape[0] else np.full(part.shape[1], np.inf)
    return np.concatenate([[part.shape[0], bad], part.sum(axis=0), low])


def _centred_moments(part, *, mean):
    d = part - mean
    return np.concatenate([(d * d).sum(axis=0), (d * d * d).sum(axis=0)])


def _transform(part, *, logged):
    out = part.copy()
    out[:, logged] = np.log1p(out[:, logged])
    return out


def _sums(part):
    return part.sum(axis=0)


def _squares(part, *, mean):
    return ((part - mean) ** 2).sum(axis=0)


def _standardise(part, *, mean, scale):
    return (part - mean) / scale


def _sizes(labels, *, k):
    return np.bincount(labels, minlength=k)


def _write_segments(labels, path):
    import pandas as pd

    from toolkit.distributed import write_parquet

    return write_parquet(pd.DataFrame({"row": np.arange(labels.size), "segment": labels}), path)


def _features(engine, parts, names):
    """``(z-scored partitions, logged names, logged mask, mean, scale, n)`` from four passes."""
    d = len(names)
    first = engine.total(engine.map(_first_moments, parts))
    n, bad = int(first[0]), int(first[1])
    if bad:
        raise InputError(
            f"--data has {bad} row(s) with a missing or infinite feature value; k-means refuses "
            "them (nothing is dropped or filled in)"
        )
    if n == 0:
        raise InputError("--data has no rows")
    mean, low = first[2 : 2 + d] / n, first[2 + d :]
    centred = engine.total(engine.map(_centred_moments, parts, mean=mean))
    m2, m3 = centred[:d] / n, centred[d:] / n
    with np.errstate(divide="ignore", invalid="ignore"):
        skew = np.where(m2 > 0, m3 / np.where(m2 > 0, m2, 1.0) ** 1.5, 0.0)
    logged = (skew > SKEW_THRESHOLD) & (low >= 0)
    values = engine.derive(_transform, parts, logged=logged) if logged.any() else parts
    mean = engine.total(engine.map(_sums, values)) / n
    scale = np.sqrt(engine.total(engine.map(_squares, values, mean=mean)) / n)
    scale[scale == 0] = 1.0
    z = engine.derive(_standardise, values, mean=mean, scale=scale)
    return z, [names[j] for j in np.flatnonzero(logged)], logged, mean, scale, n


def to_standard(X, logged, mean, scale) -> np.ndarray:
    """Centres in the original units → the standardised space k-means works in."""
    X = np.array(X, dtype=np.float64)
    X[:, logged] = np.log1p(X[:, logged])
    return (X - mean) / scale


def read_init(path: Path, features) -> np.ndarray:
    """The starting centres of ``--init``: a CSV with one row a centre, in the original units."""
    from toolkit.tables import read_csv, require_columns

    frame = read_csv(path, "--init")
    require_columns(frame, list(features), "--init")
    try:
        centres = frame[list(features)].to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"--init {path}: the feature columns must be numbers") from None
    if centres.shape[0] == 0 or not np.isfinite(centres).all():
        raise InputError(f"--init {path}: needs at least one row of finite centres")
    return centres


def _from_standard(Z, logged, mean, scale) -> np.ndarray:
    X = Z * scale + mean
    X[:, logged] = np.expm1(X[:, logged])
    return X


def run_dask(options: DaskOptions, progress) -> DaskSegmentation:
    """Features, seeding, Lloyd and the segments on a Dask cluster (see the module docstring)."""
    from toolkit.distributed import dask_client_for, partition_chunks, worker_count
    from toolkit.partitions import find_partitions

    names, k = list(options.features), options.k
    sources = find_partitions(options.data, names)
    with dask_client_for(options) as client:
        with progress.step("reading the partitions and standardising the features"):
            held = partition_chunks(client, sources, options.stream)
            engine, parts = held.engine, held.chunks
            z, logged_names, logged, mean, scale, n = _features(engine, parts, names)
            if n < k:
                raise InputError(f"--k {k} is more than the {n} customers")
        with progress.step("seeding" + (" from --init" if options.init is not None else
                                        " by k-means|| over the partitions")):  # fmt: skip
            if options.init is not None:
                start, how = to_standard(options.init, logged, mean, scale), "--init"
            else:
                start = kmeans_parallel_init(z, k, engine=engine, random_state=options.seed)
                how = f"k-means|| (seed {options.seed})"
        with progress.step(f"Lloyd's iterations over {len(parts)} partitions"):
            fit = kmeans_lloyd_chunks(z, start, engine=engine, max_iter=options.max_iter)
            sizes = engine.total(engine.map(_sizes, fit.labels, k=k))
            paths = [str(options.out / "segments" / f"part-{i:05d}.parquet")
                     for i in range(len(parts))]  # fmt: skip
            files = engine.gather(engine.map(_write_segments, fit.labels, paths))
        workers = worker_count(client)
    return DaskSegmentation(
        options, len(parts), workers, held.describe(), held.streamed, n, logged_names, mean,
        scale, fit.centers,
        _from_standard(fit.centers, logged, mean, scale), sizes, fit.inertia, fit.n_iter,
        fit.converged, how, [str(Path(f).relative_to(options.out)) for f in files],
    )  # fmt: skip


def dask_metrics(run: DaskSegmentation) -> dict:
    """``metrics.json`` of a Dask run."""
    return {
        "engine": "dask",
        "partitions": run.partitions,
        "workers": run.workers,
        "partitions_streamed": run.streamed,
        "n_customers": run.customers,
        "features": list(run.options.features),
        "log_transformed": run.logged,
        "k": run.options.k,
        "init": run.init,
        "inertia": run.inertia,
        "n_iter": run.n_iter,
        "converged": run.converged,
        "sizes": run.sizes.tolist(),
        "centres": run.centres.tolist(),
        "centres_standardised": run.centres_z.tolist(),
        "segments": run.segment_files,
    }


def dask_report(run: DaskSegmentation) -> str:
    """``report.md`` of a Dask run, with this run's numbers."""
    o = run.options
    head = " | ".join(o.features)
    rows = [
        f"| {j} | {int(size):,} | "
        + " | ".join(f"{v:.4g}" for v in centre) + " |"
        for j, (size, centre) in enumerate(zip(run.sizes, run.centres, strict=True))
    ]  # fmt: skip
    return "\n".join(
        [
            "# Customer segmentation on the Dask engine",
            "",
            f"Engine **dask**: {run.partitions} partitions of `{o.data}` on {run.workers} "
            f"worker(s); {run.customers:,} customers, features {', '.join(o.features)} "
            f"(log(1 + x) on {', '.join(run.logged) or 'none'}, then z-scored from sums over "
            f"the partitions). Partitions {run.holding}.",
            "",
            f"Start: {run.init}. Lloyd's algorithm, each step one pass of per-partition counts "
            "$n_j$, sums $\\sum_{a_i=j} x_i$ and inertia and one reduction: "
            f"{run.n_iter} iterations ({'converged' if run.converged else 'not converged'}), "
            f"inertia $\\sum_i \\lVert z_i - c_{{a_i}}\\rVert^2$ = {run.inertia:.6g}.",
            "",
            f"| segment | customers | {head} |",
            "|---" * (2 + len(o.features)) + "|",
            *rows,
            "",
            f"Files: report.md, metrics.json, {len(run.segment_files)} segment partitions under "
            "`segments/` (row within its partition, segment).",
        ]
    )
