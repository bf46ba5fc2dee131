"""Gaussian mixtures: our EM against scikit-learn's from the same start, and the penguins project.

The workload: 200,000 rows in 8 dimensions drawn from 8 Gaussians with random full covariances;
both fit k = 8 full covariances from the same :math:`\\theta_0` (uniform weights, 8 distinct
random rows as means, the inverse of the data's covariance as every precision), so both run the
same iterations. Every fit is timed; the table shows the fastest, the check column the
medians and their ratio too.
"""

import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from projects.mixture import GaussianMixture
from projects.mixture.cli import main as mixture_main

from .harness import Case, project_run


def synthetic(n=200_000, d=8, k=8, seed=0):
    """``k`` Gaussian clusters (centres with standard deviation 3, random full covariances)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(k, d))
    mix = rng.normal(scale=0.4, size=(k, d, d)) + np.eye(d)
    labels = rng.integers(0, k, n)
    return centres[labels] + np.einsum("nij,nj->ni", mix[labels], rng.normal(size=(n, d)))


class Timed:
    """A zero-argument callable that remembers how long every call took."""

    def __init__(self, fn):
        self.fn, self.times = fn, []

    def __call__(self):
        start = time.perf_counter()
        result = self.fn()
        self.times.append(time.perf_counter() - start)
        return result


def cases():
    X = synthetic()
    n = X.shape[0]
    k = 8
    rows = np.random.default_rng(1).choice(n, k, replace=False)
    given = {
        "weights_init": np.full(k, 1.0 / k),
        "means_init": X[rows],
        "precisions_init": np.tile(np.linalg.inv(np.cov(X.T)), (k, 1, 1)),
        "max_iter": 100,
    }

    def fit(cls):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return cls(k, **given).fit(X)

    ours = Timed(lambda: fit(GaussianMixture))
    ref = Timed(lambda: fit(SkGaussianMixture))

    def compare(a, b):
        m = min(a.n_iter_, b.n_iter_)
        gap = np.max(np.abs(a.lower_bounds_[:m] - np.asarray(b.lower_bounds_[:m])))
        gap /= abs(b.lower_bound_)
        same = np.mean(a.predict(X) == b.predict(X))
        med_a, med_b = statistics.median(ours.times), statistics.median(ref.times)
        return (
            f"iterations {a.n_iter_}/{b.n_iter_}, lower-bound gap {gap:.1e}, same labels "
            f"{same:.2%}; min/median ours {min(ours.times):.2f}/{med_a:.2f} s, scikit-learn "
            f"{min(ref.times):.2f}/{med_b:.2f} s, median ratio {med_a / med_b:.2f}"
        )

    yield Case(
        workload="Gaussian mixture EM 200,000x8, k=8, full, same start",
        ours=ours,
        reference=ref,
        check=compare,
        repeat=5,
        target="<= 1.0x, same iterations",
    )

    yield Case(
        workload="mixture penguins project end to end (python -m projects.mixture)",
        ours=project_run(mixture_main),
        repeat=1,
    )
