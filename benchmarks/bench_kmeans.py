"""k-means: ours against scikit-learn on the project's own workloads, and large blobs.

The CDNOW cases are exactly the rows of the project's side-by-side table (23,570 customers x
3 RFM features, k = 4): from the same k-means++ centres, and each with its own seeding
(``n_init=4``, seed 0). Each is timed twice: with one thread on both sides (BLAS and
OpenMP held to 1, the fair per-core comparison) and with the libraries' defaults (every core,
as the project's default run). The check column gives the median times besides the harness's
best, and the accuracy: identical labels and the inertia gap from the same start; both
inertias and the iteration counts with their own seeding (different random streams, so
different local optima and iteration counts are expected).
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.cluster import KMeans as SkKMeans
from threadpoolctl import ThreadpoolController

from projects.kmeans import KMeans, kmeans_plusplus
from toolkit.parallel import blas_threads

from .harness import Case, project_run


def blobs(n=200_000, d=16, k=16, seed=0):
    """``k`` Gaussian clusters (unit noise) around centres drawn with standard deviation 3."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(k, d))
    return centres[rng.integers(0, k, n)] + rng.normal(size=(n, d))


def cdnow_features() -> np.ndarray:
    """The standardised RFM features of the CDNOW customers, as the project builds them."""
    from projects.kmeans.features import from_transactions

    return from_transactions(None, customer="customer_id", date="date", amount="amount").X


_CONTROLLER = ThreadpoolController()  # found once: a fresh one per call costs ~0.2 ms


class Timed:
    """A callable that records the wall time of every call (for the min and median).

    ``threads=1`` holds BLAS and OpenMP (scikit-learn's k-means loop) to one thread, and our
    restarts and row blocks to one core (:func:`toolkit.parallel.blas_threads`): without it our
    four starts would still run on two threads while scikit-learn runs on one.
    """

    def __init__(self, fn, threads):
        self.fn, self.threads, self.times = fn, threads, []

    def __call__(self):
        with _CONTROLLER.limit(limits=self.threads), blas_threads(self.threads):
            start = time.perf_counter()
            result = self.fn()
            self.times.append(time.perf_counter() - start)
        return result

    def best(self) -> float:
        return float(np.min(self.times))

    def median(self) -> float:
        return float(np.median(self.times))


def _compare(ours_timed, ref_timed, same_start):
    def check(ours, ref):
        medians = (
            f"min {ours_timed.best():.4f}/{ref_timed.best():.4f} s "
            f"= {ours_timed.best() / ref_timed.best():.2f}x, "
            f"median {ours_timed.median():.4f}/{ref_timed.median():.4f} s "
            f"= {ours_timed.median() / ref_timed.median():.2f}x"
        )
        if same_start:
            same = np.array_equal(ours.labels_, ref.labels_)
            gap = abs(ours.inertia_ - ref.inertia_) / ref.inertia_
            accuracy = f"labels identical: {same}, inertia gap {gap:.1e}"
        else:
            accuracy = (
                f"inertia {ours.inertia_:.2f}/{ref.inertia_:.2f}, "
                f"iterations of the best run {ours.n_iter_}/{ref.n_iter_}"
            )
        return f"{medians}; {accuracy}"

    return check


def cdnow_cases():
    X = cdnow_features()
    seeds, _ = kmeans_plusplus(X, 4, random_state=0)  # as the project's "same start"
    workloads = {
        "same start": (
            lambda: KMeans(4, init=seeds).fit(X),
            lambda: SkKMeans(4, init=seeds, n_init=1, algorithm="lloyd").fit(X),
        ),
        "own seeding (4 starts)": (
            lambda: KMeans(4, n_init=4, random_state=0).fit(X),
            lambda: SkKMeans(4, n_init=4, random_state=0, algorithm="lloyd").fit(X),
        ),
    }
    for name, (ours, ref) in workloads.items():
        for threads, label in ((1, "1 thread each"), (None, "default threads")):
            ours_timed, ref_timed = Timed(ours, threads), Timed(ref, threads)
            yield Case(
                workload=f"k-means CDNOW 23,570x3, k=4, {name}, {label}",
                ours=ours_timed,
                reference=ref_timed,
                check=_compare(ours_timed, ref_timed, name == "same start"),
                repeat=25,
                target="<= 1.0x" + (", same labels" if name == "same start" else ""),
            )


def cases():
    yield from cdnow_cases()
    X = blobs()
    k = 16
    init = X[np.random.default_rng(1).choice(X.shape[0], k, replace=False)]
    for algorithm in ("hamerly", "lloyd"):
        ours = Timed(lambda a=algorithm: KMeans(k, init=init, algorithm=a).fit(X), None)
        ref = Timed(lambda: SkKMeans(k, init=init, n_init=1, algorithm="lloyd").fit(X), None)
        yield Case(
            workload=f"k-means 200,000x16, k=16, same start ({algorithm})",
            ours=ours,
            reference=ref,
            check=_compare(ours, ref, same_start=True),
            repeat=5,
            target="<= 1.0x, same labels",
        )

    from projects.kmeans.cli import main

    yield Case(workload="k-means CDNOW project end to end", ours=project_run(main), repeat=1)
