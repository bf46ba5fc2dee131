"""Restarts: ``n_init`` seedings, each followed by Lloyd's iteration, spread over the cores.

k-means finds a local optimum that depends on its start, so :class:`~.model.KMeans` runs
``n_init`` times from different seeds and keeps the lowest inertia. The runs are independent,
so on small data (one block of rows, see :func:`.assignment.blocks_of`) they run side by side
on the shared thread pool (:func:`toolkit.parallel.map_row_blocks`), one per available core;
on large data each run splits its rows over the cores instead.

The result does not depend on the number of threads: the seeds are drawn from the one random
generator in run order (a lock hands out the next run and its seeding together), each run is
deterministic given its seeds, and the winner is chosen in run order.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

import numpy as np

from toolkit import parallel

from .assignment import blocks_of
from .lloyd_iterations import LloydResult, Points, lloyd_points

__all__ = ["best_run", "run_restarts", "same_clustering", "workers_for"]


def workers_for(points: Points, n_init: int) -> int:
    """Runs at the same time: one per available core, unless the rows are split already."""
    if n_init < 2 or len(blocks_of(points.X.shape[0])) > 1:
        return 1
    return max(1, min(n_init, parallel.available_cores()))


def run_restarts(
    points: Points, n_init: int, seeding: Callable[[], np.ndarray], **lloyd_options
) -> list[LloydResult]:
    """``n_init`` runs of :func:`.lloyd_iterations.lloyd_points`, each from ``seeding()``.

    ``seeding`` is called once per run, in run order and never concurrently.
    """
    workers = workers_for(points, n_init)
    if workers == 1:
        return [lloyd_points(points, seeding(), **lloyd_options) for _ in range(n_init)]
    results: list[LloydResult | None] = [None] * n_init
    lock = threading.Lock()
    runs = itertools.count()

    def worker(w: int) -> None:
        cache = points.cache.setdefault(("worker", w), {})  # buffers of this worker's runs
        while True:
            with lock:  # the next run and its seeds, drawn in run order
                i = next(runs)
                if i >= n_init:
                    return
                centers = seeding()
            results[i] = lloyd_points(points, centers, cache=cache, **lloyd_options)

    parallel.map_row_blocks(worker, range(workers))
    return results


def same_clustering(labels1, labels2, n_clusters) -> bool:
    """Whether two labelings are equal up to renaming the clusters."""
    pairs = np.bincount(labels1.astype(np.intp) * n_clusters + labels2, minlength=n_clusters**2)
    pairs = pairs.reshape(n_clusters, n_clusters) > 0
    used = np.count_nonzero(pairs)
    return used == np.count_nonzero(pairs.any(axis=1)) == np.count_nonzero(pairs.any(axis=0))


def best_run(runs: list[LloydResult], n_clusters: int) -> LloydResult:
    """The first run of lowest inertia (a later run must be lower *and* a different clustering)."""
    best = runs[0]
    for run in runs[1:]:
        if run.inertia < best.inertia and not same_clustering(run.labels, best.labels, n_clusters):
            best = run
    return best
