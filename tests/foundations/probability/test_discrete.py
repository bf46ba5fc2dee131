"""Discrete distributions at large parameters and in their tails; the rejection samplers.

References: 50-digit ``decimal`` arithmetic (``highprec``) where scipy's
``poisson.pmf`` (``k log mu - mu - ln k!`` as written) is 1e-9 off, and scipy's binomial
(Boost, accurate) elsewhere. Samplers: Pearson's chi-squared at a fixed seed and level 0.001,
with a slightly wrong parameter rejected by the same test.
"""

import tracemalloc
import warnings
from decimal import Decimal

import numpy as np
import pytest
from scipy import stats

from foundations.errors import InputError
from foundations.probability import Binomial, Categorical, Geometric, Poisson

from . import highprec
from .test_distributions import chi_squared_pvalue

ALPHA = 1e-3
N = 20_000


def test_binomial_pmf_edges_are_exact():
    """The regression: gammaln(1) = 3.6e-15 made Binomial(0, 0.5).pmf(0) 0.9999999999999964."""
    assert Binomial(0, 0.5).pmf(0) == 1.0
    assert Binomial(7, 1.0).pmf(7) == 1.0 and Binomial(7, 0.0).pmf(0) == 1.0
    assert Binomial(10, 0.5).pmf([0, 10]).tolist() == [2.0**-10, 2.0**-10]


@pytest.mark.parametrize(
    ("n", "p", "k"),
    [
        (10**7, 0.5, 5 * 10**6),
        (10**7, 0.5, 4_995_000),
        (10**6, 1e-3, 1000),
        (10**6, 1e-3, 1500),
        (10**9, 0.3, 300_000_123),
        (50, 0.3, 17),
    ],
)
def test_binomial_pmf_for_large_n_against_50_digits(n, p, k):
    """The old ln Gamma differences lost 1.8e-8 relative at n = 1e7; Loader's form keeps 1e-14."""
    reference = highprec.binom_logpmf(k, n, p)
    assert highprec.relative_error(Binomial(n, p).pmf(k), reference.exp()) < 1e-13
    assert Binomial(n, p).logpmf(k) == pytest.approx(float(reference), rel=1e-15, abs=1e-13)


@pytest.mark.parametrize(
    ("mu", "k"),
    [(1e4, 9999), (1e4, 10500), (1e7, 10**7), (1e10, 10**10 + 5 * 10**5), (3.5, 0), (3.5, 40)],
)
def test_poisson_pmf_for_large_mu_against_50_digits(mu, k):
    reference = highprec.poisson_logpmf(k, mu)
    assert highprec.relative_error(Poisson(mu).pmf(k), reference.exp()) < 1e-13


def test_poisson_pmf_ratio_property():
    """P(k+1)/P(k) = mu/(k+1), across the bulk of a Poisson(1e8)."""
    mu = 1e8
    k = np.arange(mu - 5e4, mu + 5e4, 997.0)
    ratio = Poisson(mu).pmf(k + 1) / Poisson(mu).pmf(k)
    np.testing.assert_allclose(ratio, mu / (k + 1), rtol=1e-14)


def test_binomial_cdf_at_n_1e7_without_a_table():
    """The regression: the cdf summed a table of all n + 1 masses (80 MB per array at 1e7)."""
    n = 10**7
    k = np.array([4_995_000, 5_000_000, 5_004_000])
    tracemalloc.start()
    cdf = Binomial(n, 0.5).cdf(k)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000
    np.testing.assert_allclose(cdf, stats.binom.cdf(k, n, 0.5), rtol=1e-12)
    np.testing.assert_allclose(Binomial(n, 0.5).sf(k), stats.binom.sf(k, n, 0.5), rtol=1e-12)


def binomial_sf_reference(k: int, n: int, p: float) -> Decimal:
    return sum(highprec.binom_logpmf(j, n, p).exp() for j in range(k + 1, n + 1))


@pytest.mark.parametrize(
    ("n", "p", "k"), [(100, 0.1, 60), (1000, 0.01, 200), (60, 0.5, 58), (40, 0.999, 39)]
)
def test_binomial_upper_tail_is_not_one_minus_cdf(n, p, k):
    reference = binomial_sf_reference(k, n, p)
    assert highprec.relative_error(Binomial(n, p).sf(k), reference) < 1e-12
    assert Binomial(n, p).logsf(k) == pytest.approx(float(reference.ln()), rel=1e-14)


def test_log_probabilities_stay_finite_beyond_underflow():
    b = Binomial(1000, 0.01)
    reference = binomial_sf_reference(900, 1000, 0.01)  # about 1e-1700
    assert b.sf(900) == 0.0
    assert b.logsf(900) == pytest.approx(float(reference.ln()), rel=1e-13)
    assert b.logpmf(1000) == pytest.approx(1000 * np.log(0.01), rel=1e-15)
    assert Poisson(3.0).logsf(2000) == pytest.approx(
        float(highprec.gammainc_pair(2001, 3.0)[0].ln()), rel=1e-13
    )


@pytest.mark.parametrize(("mu", "k"), [(1e6, 10**6), (1e6, 996_000), (5.5, 3), (1e8, 10**8)])
def test_poisson_cdf_against_50_digits(mu, k):
    p, q = highprec.gammainc_pair(k + 1, mu)
    tol = 1e-14 + 1e-15 * np.sqrt(mu)
    assert highprec.relative_error(Poisson(mu).cdf(k), q) < tol
    assert highprec.relative_error(Poisson(mu).sf(k), p) < tol


@pytest.mark.parametrize(
    ("dist", "wrong"),
    [
        (Poisson(10.0), Poisson(10.3)),  # PTRS from mu = 10 on
        (Poisson(9.99), Poisson(10.3)),  # the inversion table below
        (Poisson(1e4), Poisson(1.0035e4)),
        (Binomial(1000, 0.3), Binomial(1000, 0.306)),  # BTRS
        (Binomial(200, 0.9), Binomial(200, 0.905)),  # BTRS on n - X
        (Binomial(10**5, 1e-4), Binomial(10**5, 1.2e-4)),  # n p = 10: BTRS
        (Categorical([0.1, 0.0, 0.25, 0.65]), Categorical([0.12, 0.0, 0.25, 0.63])),
    ],
    ids=repr,
)
def test_rejection_samplers_goodness_of_fit(dist, wrong):
    samples = dist.rvs(N, rng=19)
    assert samples.dtype == np.int64 and samples.shape == (N,)
    assert chi_squared_pvalue(samples, dist) > ALPHA
    assert chi_squared_pvalue(wrong.rvs(N, rng=19), dist) < ALPHA


def test_samplers_are_not_o_of_mu():
    """The regression: Poisson(1e9).rvs built a cdf table of 1e9 entries (killed for memory)."""
    tracemalloc.start()
    draws = Poisson(1e12).rvs(N, rng=5)
    big = Binomial(10**15, 0.25).rvs(N, rng=5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50 * N * 8  # a few arrays of N, nothing of size mu
    # means within 5 standard errors, variances within 5 % (N = 20,000)
    assert abs(draws.mean() - 1e12) < 5 * np.sqrt(1e12 / N)
    assert abs(draws.var() / 1e12 - 1) < 0.05
    var = 10**15 * 0.25 * 0.75
    assert abs(big.mean() - 2.5e14) < 5 * np.sqrt(var / N)
    assert abs(big.var() / var - 1) < 0.05


def test_categorical_accepts_a_float32_softmax_and_never_draws_a_zero():
    logits = np.random.default_rng(0).normal(size=1000).astype(np.float32)
    p = np.exp(logits) / np.exp(logits).sum()  # sums to 1 only to float32 precision
    cat = Categorical(p)
    assert cat.cdf(999) == 1.0 and cat.sf(999) == 0.0
    np.testing.assert_allclose(cat.pmf(np.arange(1000)), p.astype(float) / p.astype(float).sum())
    zeros = Categorical([0.5, 0.0, 0.5])
    assert 1 not in zeros.rvs(5000, rng=1)
    assert zeros.ppf(0.5) == 0.0 and zeros.ppf(0.5000001) == 2.0
    assert cat.pmf(np.float32([1.0, 2.5])).dtype == np.float32


def test_no_warnings_and_clear_errors_at_the_edges():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Geometric(1e-300).var() == np.inf and Geometric(1e-300).cdf(1e300) == pytest.approx(
            -np.expm1(-1.0)
        )
        assert Poisson(1e-300).pmf([np.inf, 1e308]).tolist() == [0.0, 0.0]
        assert Poisson(1e12).cdf(1e308) == 1.0
        assert Binomial(2**53, 0.5).mean() == 2.0**52
    with pytest.raises(InputError, match="overflow int64"):
        Geometric(1e-300).rvs(3, rng=0)
    with pytest.raises(InputError, match="overflow int64"):
        Poisson(1e19).rvs(3, rng=0)
