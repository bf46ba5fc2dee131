"""Chapter 20: expectation, variance, covariance and correlation against NumPy/scipy; LLN and CLT."""

import warnings

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
    conditional_expectation,
    correlation_matrix,
    covariance_matrix,
    empirical_conditional_expectation,
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


def test_no_overflow_in_intermediates_near_1e308():
    """The regressions: cumsum, squares and X'X overflowed although the results are finite."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(
            running_mean([1e308, 1e308, -1e308]), [1e308, 1e308, 1e308 / 3]
        )
        assert variance([1e160, 0.0], [1e-20, 1.0 - 1e-20]) == pytest.approx(1e300, rel=1e-12)
        X = np.array([[1e200, 1.0], [3e200, 2.0], [2e200, 4.0]])
        S = covariance_matrix(X)
        assert S[0, 0] == np.inf  # 1e400: the variance itself overflows, no warning
        np.testing.assert_allclose(S[1, 1], np.var(X[:, 1], ddof=1))
        small = covariance_matrix(np.array([[1e150], [3e150], [2e150]]))
        assert small[0, 0] == pytest.approx(1e300, rel=1e-12)
        assert covariance_matrix(np.float32([[1, 2], [3, 5], [4, 4]])).dtype == np.float32


JOINT = np.array([[0.10, 0.20, 0.05], [0.05, 0.10, 0.30], [0.0, 0.0, 0.0], [0.10, 0.05, 0.05]])
Y_VALUES = np.array([-1.0, 2.0, 5.0])


def test_conditional_expectation_of_a_joint_table():
    result = conditional_expectation(JOINT, Y_VALUES, x_values=[10.0, 20.0, 30.0, 40.0])
    for i in (0, 1, 3):  # by hand: renormalise row i, then take the mean of y
        row = JOINT[i] / JOINT[i].sum()
        assert result.mean[i] == pytest.approx(row @ Y_VALUES, rel=1e-15)
    assert np.isnan(result.mean[2]) and result.weight[2] == 0  # P(X = 30) = 0: undefined
    # the law of total expectation E[E[Y | X]] = E[Y]
    assert result.total() == pytest.approx(JOINT.sum(axis=0) @ Y_VALUES, rel=1e-15)
    np.testing.assert_array_equal(result.given, [10.0, 20.0, 30.0, 40.0])


def test_empirical_conditional_expectation_converges_to_the_exact_one():
    """Draw (X, Y) from the table: the group means approach E[Y | X] (4 standard errors)."""
    rng = np.random.default_rng(20)
    flat = JOINT.ravel() / JOINT.sum()
    idx = rng.choice(flat.size, size=200_000, p=flat)
    x, y = idx // 3, Y_VALUES[idx % 3]
    exact = conditional_expectation(JOINT, Y_VALUES)
    sample = empirical_conditional_expectation(x, y)
    np.testing.assert_array_equal(sample.given, [0.0, 1.0, 3.0])  # X = 2 never occurs
    for g, m, w in zip(sample.given, sample.mean, sample.weight, strict=True):
        i = int(g)
        sd = np.sqrt(np.var(y[x == i]) / np.sum(x == i))
        assert abs(m - exact.mean[i]) < 4 * sd
        assert w == pytest.approx(exact.weight[i], abs=4 * np.sqrt(w * (1 - w) / x.size))
    assert sample.total() == pytest.approx(y.mean(), rel=1e-12)


def test_binned_conditional_expectation_recovers_a_regression_function():
    """Y = X^2 + noise: the bin means of y estimate E[Y | X in bin] = mean of x^2 in the bin."""
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, 100_000)
    y = x**2 + rng.normal(0, 0.5, x.size)
    result = empirical_conditional_expectation(x, y, bins=8)
    edges = np.linspace(x.min(), x.max(), 9)
    exact = (edges[1:] ** 3 - edges[:-1] ** 3) / (3 * (edges[1:] - edges[:-1]))
    np.testing.assert_allclose(result.mean, exact, atol=0.03)
    np.testing.assert_allclose(result.given, (edges[1:] + edges[:-1]) / 2)
    outside = empirical_conditional_expectation(
        [0.0, 1.0, 5.0], [1.0, 2.0, 9.0], bins=[0.0, 0.5, 2.0]
    )
    np.testing.assert_array_equal(outside.mean, [1.0, 2.0])  # 5 is outside the bins: dropped


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conditional_expectation([[0.5, 0.0], [0.0, 0.6]], [1.0, 2.0]), "sum to 1"),
        (lambda: conditional_expectation([[0.5, 0.5]], [1.0]), "columns"),
        (lambda: conditional_expectation([[1.5, -0.5]], [1.0, 2.0]), "non-negative"),
        (lambda: empirical_conditional_expectation([1.0], [1.0, 2.0]), "same length"),
        (lambda: empirical_conditional_expectation([1.0], [1.0], bins=0), "positive integer"),
        (lambda: empirical_conditional_expectation([1.0], [1.0], bins=[1.0, 0.0]), "increasing"),
        (lambda: covariance_matrix([[1.0], [2.0]], ddof=True), "ddof"),
        (lambda: standardized_sample_means(3, 5, 5), "rvs, mean and std"),
    ],
)
def test_more_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
