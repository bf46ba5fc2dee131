"""The Dask engine on data larger than one worker's memory, against dask-ml (issue 20).

``python -m benchmarks.scale [--rows N] [--dir DIR]`` (``nox -s bench-scale -- ...``) writes, once,
``N`` rows of float64 Parquet partitions under ``DIR`` (500,000 rows each; a folder this script
creates, reused when its marker says it holds the same data), then on a fresh ``LocalCluster``
of 2 single-threaded workers with a 1.5 GB memory limit each, for every side in turn:

- **k-means**, ``N x 16`` Gaussian blobs, k = 16, 10 Lloyd iterations from the same 16 rows:
  ours (:func:`foundations.linalg.chunked_kmeans.kmeans_lloyd_chunks`, chunks read from the
  partitions by the workers) against ``dask_ml.cluster.KMeans(init=..., max_iter=10)`` on the
  same partitions as a ``dask.array`` (persisted on the cluster, as ours);
- **OLS**, ``N x 50`` plus a target column (8 GB: more than the whole cluster's memory): ours
  (:func:`projects.regression.distributed.fit_chunks`: Gram statistics per partition on
  :func:`toolkit.distributed.partition_chunks`, which streams data this size: each task reads
  its own partition, so nothing is held between passes) against
  ``dask.array.linalg.lstsq`` (TSQR) on the partitions as a ``dask.array``.

Printed per side: the load (read + persist) and fit seconds, the peak resident memory of each
worker (``ru_maxrss``, the worker process's lifetime peak: every side gets its own cluster),
and the result check: the largest centre gap (dask-ml's ``inertia_`` sums *unsquared*
distances, so inertias are not comparable) and the largest relative coefficient gap. A worker
that dies at its memory limit is restarted by Dask and shows as a missing peak. Wall times on a
shared machine are noisy: run it more than once.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np

PART_ROWS = 500_000
K, D_KMEANS, D_OLS = 16, 16, 50
MEMORY_LIMIT = "1.5GB"


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_partitions(folder: Path, rows: int, columns: int, kind: str, seed: int = 0) -> list:
    """``rows`` x ``columns`` float64 (``x0..``; OLS adds ``y``) as Parquet partitions, once."""
    import pandas as pd

    marker = folder / "scale.json"
    spec = {"rows": rows, "columns": columns, "kind": kind, "seed": seed, "part_rows": PART_ROWS}
    if marker.is_file() and json.loads(marker.read_text()) == spec:
        return sorted(folder.glob("part-*.parquet"))
    if folder.exists():
        raise SystemExit(
            f"{folder} exists and holds other data (or an interrupted write): remove it"
        )
    folder.mkdir(parents=True)
    generators = np.random.default_rng(seed).spawn(-(-rows // PART_ROWS))
    centres = np.random.default_rng(seed).normal(scale=3.0, size=(K, columns))
    beta = np.random.default_rng(seed).normal(size=columns)
    for i, (top, rng) in enumerate(zip(range(0, rows, PART_ROWS), generators, strict=True)):
        m = min(PART_ROWS, rows - top)
        if kind == "blobs":
            x = centres[rng.integers(0, K, m)] + rng.normal(size=(m, columns))
        else:
            x = rng.normal(size=(m, columns))
        frame = pd.DataFrame(x, columns=[f"x{j}" for j in range(columns)])
        if kind == "regression":
            frame["y"] = x @ beta + rng.normal(size=m)
        frame.to_parquet(folder / f"part-{i:05d}.parquet", index=False)
    marker.write_text(json.dumps(spec))
    return sorted(folder.glob("part-*.parquet"))


def _read_block(file, columns):
    import pandas as pd

    return pd.read_parquet(file, columns=columns).to_numpy(dtype=np.float64)


def _cluster(fn):
    """``fn(client)`` on a fresh 2 x 1.5 GB LocalCluster: ``(result, load s, fit s, peak MiB per worker)``."""
    from toolkit.distributed import dask_client

    with dask_client(n_workers=2, processes=True, memory_limit=MEMORY_LIMIT) as client:
        result, load, fit = fn(client)
        peaks = sorted(client.run(_peak_rss_mib).values())
    return result, load, fit, peaks


def kmeans_sides(files: list) -> dict:
    import dask.dataframe as dd
    from dask_ml.cluster import KMeans as DaskMLKMeans
    from distributed import wait

    from foundations.linalg.chunked_kmeans import kmeans_lloyd_chunks
    from toolkit.distributed import DaskEngine

    names = [f"x{j}" for j in range(D_KMEANS)]
    start = _read_block(files[0], names)[:K]

    def ours(client):
        t = time.perf_counter()
        chunks = client.map(_read_block, [str(f) for f in files], columns=None, pure=False)
        client.gather(client.map(np.shape, chunks))
        load = time.perf_counter() - t
        t = time.perf_counter()
        fit = kmeans_lloyd_chunks(chunks, start, engine=DaskEngine(client), max_iter=10)
        return fit.centers, load, time.perf_counter() - t

    def theirs(client):
        t = time.perf_counter()
        X = dd.read_parquet([str(f) for f in files]).to_dask_array(lengths=True)
        X = client.persist(X.astype(np.float64))
        wait(X)
        load = time.perf_counter() - t
        t = time.perf_counter()
        model = DaskMLKMeans(K, init=start, max_iter=10, tol=0, n_init=1).fit(X)
        return model.cluster_centers_, load, time.perf_counter() - t

    return {"ours": _cluster(ours), "dask-ml KMeans": _cluster(theirs)}


def _design(block):
    return block[:, :-1]


def _target(block):
    return block[:, -1]


def ols_sides(files: list) -> dict:
    import dask.array as da
    import dask.dataframe as dd

    from projects.regression.distributed import fit_chunks
    from toolkit.distributed import partition_chunks
    from toolkit.partitions import find_partitions

    names = [*(f"x{j}" for j in range(D_OLS)), "y"]

    def ours(client):
        t = time.perf_counter()
        # streamed: at the default 20M rows (8 GB on 3 GB of workers) it is also the size rule's choice
        held = partition_chunks(client, find_partitions(files[0].parent, names), stream=True)
        x = held.engine.derive(_design, held.chunks)
        y = held.engine.derive(_target, held.chunks)
        fit = fit_chunks(x, y, engine=held.engine)
        return np.append(fit.coef, fit.intercept), None, time.perf_counter() - t

    def theirs(client):
        t = time.perf_counter()
        A = dd.read_parquet([str(f) for f in files]).to_dask_array(lengths=True)
        ones = da.ones((A.shape[0], 1), chunks=(A.chunks[0], 1))
        X = da.hstack([A[:, :D_OLS], ones]).rechunk((PART_ROWS // 2, -1))
        y = A[:, D_OLS].rechunk(PART_ROWS // 2)
        coef = da.linalg.lstsq(X, y)[0].compute()
        return coef, None, time.perf_counter() - t

    return {"ours": _cluster(ours), "dask.array lstsq": _cluster(theirs)}


def _print(title: str, sides: dict, check: str) -> None:
    print(f"\n{title}")
    print(f"{'side':<18} {'load (s)':>9} {'fit (s)':>9}  peak worker RSS (MiB)")
    for name, (_, load, fit, peaks) in sides.items():
        loaded = "in fit" if load is None else f"{load:.1f}"  # OLS reads inside its one pass
        print(f"{name:<18} {loaded:>9} {fit:9.1f}  {', '.join(f'{p:.0f}' for p in peaks)}")
    (_, _, ours, _), (_, _, ref, _) = sides.values()
    print(f"ratio ours/reference (fit): {ours / ref:.2f}; {check}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/mmb-scale"))
    parser.add_argument("--only", choices=["kmeans", "ols"])
    args = parser.parse_args(argv)
    if args.rows < K:
        parser.error(f"--rows must be at least {K}, got {args.rows}")
    if args.only != "ols":
        files = write_partitions(args.dir / f"blobs-{args.rows}", args.rows, D_KMEANS, "blobs")
        sides = kmeans_sides(files)
        a, b = (s[0] for s in sides.values())
        gap = np.max(np.abs(a - b))
        title = f"k-means {args.rows:,} x {D_KMEANS}, k={K}, 10 iterations"
        _print(title, sides, f"largest centre gap {gap:.1e}")
    if args.only != "kmeans":
        files = write_partitions(args.dir / f"ols-{args.rows}", args.rows, D_OLS, "regression")
        sides = ols_sides(files)
        a, b = (s[0] for s in sides.values())
        gap = np.max(np.abs(a - b)) / np.max(np.abs(b))
        _print(
            f"OLS {args.rows:,} x {D_OLS}", sides, f"largest coefficient gap (relative) {gap:.1e}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
