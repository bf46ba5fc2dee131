"""Chapter 20: expectation, variance, covariance and correlation against NumPy/scipy; LLN and CLT."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from foundations.errors import InputError
from foundations.probability import (
    Bernoulli,
    Exponential,
    Poisson,
    correlation_matrix,
    covariance_matrix,
    expected_value,
    running_mean,
    standardized_sample_means,
    variance,
)

ALPHA = 1e-3


def test_expectation_and_variance_of_discrete_distributions():
    k = np.arange(0, 200)
    for ref in (stats.poisson(6.5), stats.binom(30, 0.2), stats.geom(0.3)):
        p = ref.pmf(k)
        p = p / p.sum()  # the far tail (< 1e-30) folded in
        assert expected_value(k, p) == pytest.approx(ref.mean(), rel=1e-12)
        assert variance(k, p) == pytest.approx(ref.var(), rel=1e-10)
    die = np.arange(1, 7)
    assert expected_value(die, np.full(6, 1 / 6)) == pytest.approx(3.5)
    assert variance(die, np.full(6, 1 / 6)) == pytest.approx(35 / 12)


def test_vector_valued_expectation_and_two_pass_variance():
    values = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, -1.0]])
    p = np.array([0.2, 0.5, 0.3])
    np.testing.assert_allclose(expected_value(values, p), p @ values)
    # large mean, small spread: E[X^2] - E[X]^2 would lose every digit here
    x = 1e9 + np.array([-1.0, 0.0, 1.0])
    assert variance(x, [0.25, 0.5, 0.25]) == pytest.approx(0.5, rel=1e-12)


@settings(deadline=None, max_examples=40)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(2, 30), st.integers(1, 6)),
        elements=st.floats(-1e3, 1e3, allow_nan=False),
    ),
    st.integers(0, 1),
)
def test_covariance_matches_numpy(X, ddof):
    np.testing.assert_allclose(
        covariance_matrix(X, ddof=ddof),
        np.atleast_2d(np.cov(X, rowvar=False, ddof=ddof)),
        rtol=1e-9,
        atol=1e-9 * max(1.0, np.max(np.abs(X)) ** 2),
    )


def test_covariance_is_psd_and_correlation_matches_numpy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 5)) @ rng.normal(size=(5, 5)) + 100.0
    S = covariance_matrix(X)
    assert np.allclose(S, S.T) and np.min(np.linalg.eigvalsh(S)) > 0
    R = correlation_matrix(X)
    np.testing.assert_allclose(R, np.corrcoef(X, rowvar=False), atol=1e-12)
    assert np.all(np.diag(R) == 1) and np.all(np.abs(R) <= 1)


def test_law_of_large_numbers():
    draws = np.asarray(Exponential(0.5).rvs((100_000, 4), rng=20))
    means = running_mean(draws)
    assert means.shape == draws.shape
    np.testing.assert_allclose(means[-1], draws.mean(axis=0))
    np.testing.assert_allclose(running_mean(draws[:, 0])[:3], np.cumsum(draws[:3, 0]) / [1, 2, 3])
    # |mean_n - 2| within 4 standard errors sigma/sqrt(n) (sigma = 2), at n = 100, 10^4, 10^5
    for n in (100, 10_000, 100_000):
        assert np.all(np.abs(means[n - 1] - 2.0) < 4 * 2.0 / np.sqrt(n))
    # ... and the error really shrinks: the spread across 400 runs falls like 1/sqrt(n)
    runs = running_mean(np.asarray(Exponential(0.5).rvs((10_000, 400), rng=21)))
    ratio = np.std(runs[99]) / np.std(runs[9_999])
    assert 8 < ratio < 12.5  # sqrt(10_000 / 100) = 10


def test_central_limit_theorem():
    """Standardized means of a skewed distribution pass a KS test for N(0, 1) at n = 200,
    and the same test rejects them at n = 1 (where they are just a shifted exponential)."""
    z = standardized_sample_means(Exponential(1.0), 200, 5_000, rng=2020)
    assert stats.kstest(z, "norm").pvalue > ALPHA
    z1 = standardized_sample_means(Exponential(1.0), 1, 5_000, rng=2020)
    assert stats.kstest(z1, "norm").pvalue < ALPHA
    zb = standardized_sample_means(Bernoulli(0.3), 400, 2_000, rng=1)
    assert abs(zb.mean()) < 4 / np.sqrt(2_000) and abs(zb.std() - 1) < 0.1
    assert standardized_sample_means(Poisson(2.0), 3, 7, rng=0).shape == (7,)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: expected_value([1.0, 2.0], [0.5, 0.6]), "sum to 1"),
        (lambda: expected_value([1.0, 2.0], [1.5, -0.5]), "non-negative"),
        (lambda: expected_value([1.0, 2.0, 3.0], [0.5, 0.5]), "3 entries"),
        (lambda: variance(np.ones((2, 2)), [0.5, 0.5]), "covariance_matrix"),
        (lambda: covariance_matrix(np.ones((1, 3))), "ddof"),
        (lambda: covariance_matrix(np.ones(3)), "2-D"),
        (lambda: correlation_matrix([[1.0, 2.0], [1.0, 3.0], [1.0, 5.0]]), "column 0"),
        (lambda: running_mean([]), "empty"),
        (lambda: standardized_sample_means(Bernoulli(0.0), 5, 5), "zero variance"),
        (lambda: standardized_sample_means(Bernoulli(0.5), 0, 5), "n must be"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
