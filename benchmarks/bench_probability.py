"""Chapters 18-20: weighted sampling (k-means++'s step), samplers, the normal cdf."""

import numpy as np
from scipy import special

from foundations.probability import MultivariateNormal, Normal, erf, weighted_sample

from .harness import Case


def cases():
    rng = np.random.default_rng(0)
    weights = rng.random(100_000) ** 2
    p = weights / weights.sum()
    A = rng.normal(size=(50, 50))
    cov = A @ A.T + np.eye(50)
    mean = np.zeros(50)
    x = np.linspace(-6, 6, 1_000_000)

    def same_mean(ours, ref):
        return f"means {np.mean(ours):.4g} vs {np.mean(ref):.4g}"

    yield Case(
        workload="weighted_sample: 1,000,000 draws from 100,000 weights",
        ours=lambda: weighted_sample(weights, 1_000_000, rng=1),
        reference=lambda: np.random.default_rng(1).choice(weights.size, 1_000_000, p=p),
        check=same_mean,
        repeat=5,
    )
    yield Case(
        workload="weighted_sample without replacement: 1,000 of 100,000",
        ours=lambda: weighted_sample(weights, 1_000, rng=1, replace=False),
        reference=lambda: np.random.default_rng(1).choice(weights.size, 1_000, replace=False, p=p),
        check=lambda o, r: f"distinct {np.unique(o).size} and {np.unique(r).size}",
        repeat=5,
    )
    yield Case(
        workload="normal samples (Box-Muller), 1,000,000",
        ours=lambda: Normal().rvs(1_000_000, rng=1),
        reference=lambda: np.random.default_rng(1).standard_normal(1_000_000),
        check=lambda o, r: f"std {np.std(o):.4f} vs {np.std(r):.4f}",
        repeat=5,
    )
    yield Case(
        workload="multivariate normal 100,000 x 50 (Cholesky)",
        ours=lambda: MultivariateNormal(mean, cov).rvs(100_000, rng=1),
        reference=lambda: np.random.default_rng(1).multivariate_normal(
            mean, cov, 100_000, method="cholesky"
        ),
        check=lambda o, r: (
            "max |cov diff| / max|cov| "
            f"{np.max(np.abs(np.cov(o.T) - np.cov(r.T))) / np.max(np.abs(cov)):.1e}"
        ),
        repeat=3,
    )
    yield Case(
        workload="erf on 1,000,000 points in [-6, 6]",
        ours=lambda: erf(x),
        reference=lambda: special.erf(x),
        check=lambda o, r: f"max abs diff {np.max(np.abs(o - r)):.1e}",
        repeat=5,
    )
