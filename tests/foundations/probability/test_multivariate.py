"""Multivariate normal: density against scipy; samples pass KS tests at a fixed seed (ALPHA = 0.001).

If X ~ N(mu, Sigma) then every projection a.X is N(a.mu, a' Sigma a) and the squared
Mahalanobis distance (X - mu)' Sigma^{-1} (X - mu) is chi-squared with d degrees of freedom;
both are checked with scipy.stats.kstest, and a sampler with the wrong factor (L' L in place
of L L') is rejected by the same test.
"""

import numpy as np
import pytest
from scipy import stats

from foundations.errors import InputError, LinAlgError
from foundations.probability import MultivariateNormal

ALPHA = 1e-3


def spd(d, seed, condition=1.0):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d))
    return A @ A.T + condition * np.eye(d)


@pytest.mark.parametrize("d", [1, 3, 8])
def test_density_matches_scipy(d):
    rng = np.random.default_rng(d)
    mean, cov = rng.normal(size=d), spd(d, d)
    ours, ref = MultivariateNormal(mean, cov), stats.multivariate_normal(mean, cov)
    x = rng.normal(size=(50, d)) * 2 + mean
    np.testing.assert_allclose(ours.logpdf(x), ref.logpdf(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.pdf(x), ref.pdf(x), rtol=1e-11)
    assert isinstance(ours.pdf(x[0]), float)
    np.testing.assert_allclose(ours.cholesky_factor @ ours.cholesky_factor.T, cov, atol=1e-12)


def test_ill_conditioned_density():
    """Condition number 1e8, rotated so that the covariance is not diagonal."""
    Q, _ = np.linalg.qr(np.random.default_rng(3).normal(size=(3, 3)))
    cov = Q @ np.diag([1e-4, 1.0, 1e4]) @ Q.T
    cov = (cov + cov.T) / 2
    x = np.array([[1e-2, 0.5, -30.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(
        MultivariateNormal(np.zeros(3), cov).logpdf(x),
        stats.multivariate_normal(np.zeros(3), cov).logpdf(x),
        rtol=1e-9,
    )


def test_samples_pass_goodness_of_fit():
    d, n = 4, 20_000
    mean, cov = np.array([1.0, -2.0, 0.0, 5.0]), spd(d, 7, condition=0.3)
    X = MultivariateNormal(mean, cov).rvs(n, rng=19)
    assert X.shape == (n, d)
    prec = np.linalg.inv(cov)
    maha = np.einsum("ij,jk,ik->i", X - mean, prec, X - mean)
    assert stats.kstest(maha, stats.chi2(d).cdf).pvalue > ALPHA
    for a in np.random.default_rng(1).normal(size=(3, d)):
        sd = np.sqrt(a @ cov @ a)
        assert stats.kstest(X @ a, stats.norm(a @ mean, sd).cdf).pvalue > ALPHA
    # the same Mahalanobis test rejects mu + Z L (covariance L'L instead of LL')
    L = np.linalg.cholesky(cov)
    wrong = mean + np.random.default_rng(19).normal(size=(n, d)) @ L
    maha_wrong = np.einsum("ij,jk,ik->i", wrong - mean, prec, wrong - mean)
    assert stats.kstest(maha_wrong, stats.chi2(d).cdf).pvalue < ALPHA


def test_shapes_seed_and_no_mutation():
    mean, cov = np.zeros(2), np.eye(2)
    before = cov.copy()
    mvn = MultivariateNormal(mean, cov)
    mvn.cov[0, 0] = 99.0  # the object keeps its own copy
    np.testing.assert_array_equal(cov, before)
    mvn = MultivariateNormal(mean, cov)
    assert mvn.rvs(rng=0).shape == (2,)
    assert mvn.rvs((3, 5), rng=0).shape == (3, 5, 2)
    np.testing.assert_array_equal(mvn.rvs(10, rng=4), mvn.rvs(10, rng=4))


@pytest.mark.parametrize(
    ("mean", "cov", "error", "message"),
    [
        ([0.0, 0.0], [[1.0, 0.0], [0.0, -1.0]], LinAlgError, "negative"),
        ([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], LinAlgError, "positive definite"),
        ([0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]], LinAlgError, "positive definite"),
        ([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], LinAlgError, "positive definite"),
        ([0.0, 0.0, 0.0], np.eye(2), InputError, "3 entries"),
        ([0.0, np.nan], np.eye(2), InputError, "NaN"),
    ],
)
def test_bad_parameters(mean, cov, error, message):
    with pytest.raises(error, match=message):
        MultivariateNormal(mean, cov)


def test_bad_points():
    with pytest.raises(InputError, match="last axis of length 2"):
        MultivariateNormal(np.zeros(2), np.eye(2)).logpdf(np.zeros((4, 3)))
