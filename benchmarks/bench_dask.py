"""The Dask engine against dask-ml on one machine: k-means from the same centres, and OLS.

A ``LocalCluster`` of 2 single-threaded workers (this machine's cores), data scattered as 8 row
chunks held by the workers before timing. k-means: k = 16, 10 Lloyd iterations from the same
centres (ours: :func:`foundations.linalg.chunked_kmeans.kmeans_lloyd_chunks` on
:class:`toolkit.distributed.DaskEngine`; dask-ml ``KMeans(init=centres, max_iter=10)``). OLS:
ours (Gram statistics + pivoted Cholesky) against ``dask.array.linalg.lstsq`` on the same
chunks with a column of ones. Sizes fit in memory (1M x 16 and 1M x 50 float64); the
20-million-row runs on data larger than a worker's memory are ``benchmarks/scale.py``
(``nox -s bench-scale``: minutes, and 10 GB of Parquet on disk).
"""

from __future__ import annotations

import atexit
import functools

import numpy as np

from foundations.linalg.chunked import split_rows
from foundations.linalg.chunked_kmeans import kmeans_lloyd_chunks

from .harness import Case

N, CHUNKS = 1_000_000, 8


@functools.cache
def _cluster():
    """The 2-worker cluster and its engine, started once, when a case first needs it."""
    from toolkit.distributed import DaskEngine, dask_client

    context = dask_client(n_workers=2, processes=True, memory_limit="1.5GB")
    client = context.__enter__()
    atexit.register(context.__exit__, None, None, None)
    return client, DaskEngine(client)


def _svd_case() -> Case:
    """The SVD project's randomized SVD, rank 50, of china.jpg's channels: Dask in 7 row chunks
    against in memory, the same seed (the error ratio over all channels is printed)."""
    from projects.svd.distributed import DaskSettings, DaskSVD
    from projects.svd.study import randomized_channel
    from toolkit.datasets import load_sample_image

    pixels = load_sample_image("china.jpg")
    svd = functools.cache(lambda: DaskSVD(_cluster()[0], DaskSettings(chunk_rows=64)))

    def error(factors):
        x = pixels.astype(float)
        return sum(np.linalg.norm(x[..., j] - f.reconstruct()) ** 2 for j, f in enumerate(factors))

    return Case(
        "dask randomized SVD china.jpg rank 50, 7 row chunks (vs in memory)",
        lambda: [svd()(pixels, j, 50, 0) for j in range(3)],
        lambda: [randomized_channel(pixels, j, 50, 0) for j in range(3)],
        check=lambda a, b: f"error ratio {np.sqrt(error(a) / error(b)):.6f}",
        repeat=3,
        setup=svd,
    )


@functools.cache
def _kmeans_data():
    import dask.array as da

    client, engine = _cluster()
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=3.0, size=(16, 16))
    X = centres[rng.integers(0, 16, N)] + rng.normal(size=(N, 16))
    chunks = engine.scatter(split_rows(X, CHUNKS))
    return X[:16].copy(), chunks, client.persist(da.from_array(X, chunks=(N // CHUNKS, 16)))


@functools.cache
def _ols_data():
    import dask.array as da

    client, engine = _cluster()
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(N, 50))
    y = Z @ rng.normal(size=50) + rng.normal(size=N)
    zc, yc = engine.scatter(split_rows(Z, CHUNKS)), engine.scatter(split_rows(y, CHUNKS))
    Zd = client.persist(da.from_array(np.column_stack([Z, np.ones(N)]), chunks=(N // CHUNKS, 51)))
    return zc, yc, Zd, client.persist(da.from_array(y, chunks=N // CHUNKS))


def cases():
    def ours_km():
        start, chunks, _ = _kmeans_data()
        return kmeans_lloyd_chunks(chunks, start, engine=_cluster()[1], max_iter=10).centers

    def ref_km():
        from dask_ml.cluster import KMeans as DaskMLKMeans

        start, _, Xd = _kmeans_data()
        model = DaskMLKMeans(16, init=start, max_iter=10, tol=0, n_init=1).fit(Xd)
        return model.cluster_centers_

    def ours_ols():
        from projects.regression.distributed import fit_chunks

        zc, yc, _, _ = _ols_data()
        return fit_chunks(zc, yc, engine=_cluster()[1]).coef

    def ref_ols():
        import dask.array as da

        _, _, Zd, yd = _ols_data()
        return da.linalg.lstsq(Zd, yd)[0].compute()[:50]

    # dask-ml's inertia_ sums unsquared distances, so the centres are compared instead
    return [
        _svd_case(),
        Case(
            "dask k-means 1M x 16, k=16, 10 iterations (vs dask-ml)",
            ours_km,
            ref_km,
            check=lambda a, b: f"largest centre gap {np.max(np.abs(a - b)):.1e}",
            repeat=2,
            setup=_kmeans_data,
        ),
        Case(
            "dask OLS 1M x 50 (vs dask.array lstsq)",
            ours_ols,
            ref_ols,
            check=lambda a, b: f"max coef gap {np.max(np.abs(a - b)):.1e}",
            repeat=2,
            setup=_ols_data,
        ),
    ]
