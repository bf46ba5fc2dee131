"""Continuous distributions in their far tails, their quantiles, and the new samplers.

Tails are checked against closed forms (computed in a stable way) or against the scipy
functions that are accurate there (``special.log_ndtr``, ``special.ndtr``); quantiles by the
round trip ``F(F^{-1}(q)) = q`` down to q = 1e-300, where scipy's own ``ppf`` gives up
(``beta(2.5, 7).ppf(1e-250)`` is 3e-39, ``t(3.5).ppf(1e-250)`` is inf). Samplers: a KS test at a
fixed seed and level 0.001, which also rejects a slightly wrong parameter.
"""

import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from foundations.probability import (
    Beta,
    ChiSquared,
    Exponential,
    Gamma,
    Normal,
    StudentT,
    Uniform,
)

from . import highprec

ALPHA = 1e-3
N = 20_000


def test_normal_far_tails():
    """The regression: sf was 1 - cdf (0 beyond x = 8.3), logcdf the log of an underflow.

    5e-14: erfc(x / sqrt 2) carries the rounding of x / sqrt 2, amplified by 2 (x/sqrt 2)^2.
    """
    x = np.array([-1e5, -300.0, -40.0, -38.5, -10.0, -1.0, 0.0, 2.0, 10.0, 40.0])
    np.testing.assert_allclose(Normal().logcdf(x), special.log_ndtr(x), rtol=5e-14)
    np.testing.assert_allclose(Normal().logsf(x), special.log_ndtr(-x), rtol=5e-14, atol=1e-300)
    np.testing.assert_allclose(Normal().sf(x[x > -30]), special.ndtr(-x[x > -30]), rtol=1e-13)
    assert Normal().sf(30.0) == pytest.approx(4.906713927148187e-198, rel=1e-13)
    assert Normal().logcdf(10.0) == pytest.approx(-7.61985302416047e-24, rel=1e-13)
    assert Normal(3.0, 2.0).sf(3.0 + 2.0 * 30) == Normal().sf(30.0)


def test_exponential_and_uniform_in_closed_form():
    e = Exponential(2.5)
    x = np.array([0.0, 1e-300, 1e-10, 1.0, 100.0, 300.0])
    np.testing.assert_allclose(e.sf(x), np.exp(-2.5 * x), rtol=1e-15)
    np.testing.assert_allclose(e.logsf(x), -2.5 * x, rtol=1e-15)
    np.testing.assert_allclose(e.cdf(x), -np.expm1(-2.5 * x), rtol=1e-15)
    q = np.array([1e-300, 1e-20, 0.3, 1 - 1e-12])
    np.testing.assert_allclose(e.ppf(q), -np.log1p(-q) / 2.5, rtol=1e-15)
    np.testing.assert_allclose(e.isf(q), -np.log(q) / 2.5, rtol=1e-15)
    u = Uniform(-1.0, 3.0)
    x = np.array([3.0 - 2**-50, 2.5, -1.0 + 2**-60])
    exact_sf = [float((3 - Fraction(v)) / 4) for v in x]
    np.testing.assert_array_equal(u.sf(x), exact_sf)  # scipy's 1 - cdf is 1e-5 off at the first
    wide = Uniform(-1e308, 1e308)  # b - a overflows
    assert wide.pdf(0.0) == pytest.approx(5e-309) and wide.cdf(0.0) == 0.5
    assert wide.ppf(1.0) == 1e308 and wide.mean() == 0.0 and wide.var() == np.inf


def cauchy_lower_tail(x):
    """F(x) = atan(1/|x|)/pi for x < 0 (no cancellation), the Cauchy (t_1) cdf."""
    return np.arctan2(1.0, -x) / np.pi


def t2_lower_tail(x):
    """The t_2 cdf for x < 0: 1/2 - |x|/(2 sqrt(2+x^2)) = 1/(r (r + |x|)) with r = sqrt(2 + x^2)."""
    r = np.sqrt(2.0 + x * x)
    return 1.0 / (r * (r - x))


def test_student_t_tails_in_closed_form():
    x = -np.logspace(-3, 200, 60)
    np.testing.assert_allclose(StudentT(1).cdf(x), cauchy_lower_tail(x), rtol=1e-13)
    np.testing.assert_allclose(StudentT(1).sf(-x), cauchy_lower_tail(x), rtol=1e-13)
    x = -np.logspace(-3, 150, 60)
    np.testing.assert_allclose(StudentT(2).cdf(x), t2_lower_tail(x), rtol=1e-13)
    assert StudentT(1, 5.0, 2.0).cdf(5.0 - 2e100) == pytest.approx(cauchy_lower_tail(-1e100))


def test_student_t_with_large_df_is_within_the_documented_beta_accuracy():
    """df = 1e6 puts the incomplete beta function at shapes (5e5, 1/2): the unequal-shapes
    regime, about 1e-10 here (documented); the t is then within 1e-3 of the normal."""
    t, ref = StudentT(1e6), stats.t(1e6)
    x = np.array([-8.0, -5.0, -2.0, -0.5, 0.0, 1.0])
    np.testing.assert_allclose(t.cdf(x), ref.cdf(x), rtol=1e-10)
    np.testing.assert_allclose(t.logpdf(x), ref.logpdf(x), rtol=1e-13)
    assert abs(t.cdf(-3.0) - Normal().cdf(-3.0)) < 1e-3 * Normal().cdf(-3.0) * 10


def test_gamma_beta_chi_squared_tails_in_closed_form():
    x = np.array([1e-300, 1e-5, 1.0, 50.0, 700.0])
    np.testing.assert_allclose(Gamma(1.0, 2.0).sf(x), np.exp(-x / 2.0), rtol=1e-14)
    # a logarithm near 0 from a value near 1e-300: |ln v| ulps of relative error
    np.testing.assert_allclose(ChiSquared(2).logsf(x), -x / 2.0, rtol=2e-16 * 700)
    np.testing.assert_allclose(ChiSquared(1).sf(x), special.erfc(np.sqrt(x / 2)), rtol=1e-13)
    x = np.array([1e-300, 1e-10, 0.3, 1 - 1e-10])
    np.testing.assert_allclose(Beta(1.0, 7.0).sf(x), np.exp(7.0 * np.log1p(-x)), rtol=1e-13)
    np.testing.assert_allclose(Beta(3.5, 1.0).cdf(x), x**3.5, rtol=1e-13)
    arcsine = 2 / np.pi * np.arcsin(np.sqrt(x))  # Beta(1/2, 1/2)
    np.testing.assert_allclose(Beta(0.5, 0.5).cdf(x), arcsine, rtol=1e-13)
    # Gamma(1e4) at its mode, against 50 digits: (a - 1) ln x - x - ln Gamma(a), which
    # scipy evaluates as written and so loses 2e-11 to the cancellation
    x0 = Decimal(9999)
    expected = 9999 * x0.ln() - x0 - highprec.lgamma(1e4)
    assert highprec.relative_error(Gamma(1e4).pdf(9999.0), expected.exp()) < 1e-14


LEVELS = np.array([1e-300, 1e-200, 1e-100, 1e-30, 1e-10, 1e-3, 0.25, 0.5])
QUANTILE_CASES = [
    Normal(),
    Normal(-2.0, 1e-3),
    StudentT(1),
    StudentT(3.5, 1.0, 2.0),
    StudentT(40),
    Gamma(0.3),
    Gamma(4.5, 2.0),
    Gamma(2e4),
    ChiSquared(5),
    Beta(0.5, 0.5),
    Beta(2.5, 7.0),
    Beta(300.0, 40.0),
    Beta(1e-2, 3.0),
]


def assert_round_trip(dist, x, levels, back):
    """back = F(x) (or S(x)) should be the level, up to 1e-13 per unit of |ln q| plus what one
    ulp of x itself moves it (x = 1 - 2.5e-6 has a relative resolution of 1e-16/2.5e-6)."""
    lo, hi = dist.support()
    inside = (x > lo) & (x < hi) & (np.abs(x) < 1e300) & (np.abs(x) > 1e-300)  # representable
    x, levels = x[inside], levels[inside]
    ulp_effect = 2 * np.spacing(np.abs(x)) * dist.pdf(x) / levels
    tol = 1e-13 * np.maximum(1.0, np.abs(np.log(levels))) + ulp_effect
    assert np.all(np.abs(back(x) / levels - 1.0) <= tol)


@pytest.mark.parametrize("dist", QUANTILE_CASES, ids=repr)
def test_quantiles_round_trip_down_to_1e_300(dist):
    lo, hi = dist.support()
    assert_round_trip(dist, dist.ppf(LEVELS), LEVELS, dist.cdf)
    assert_round_trip(dist, dist.isf(LEVELS), LEVELS, dist.sf)
    assert dist.ppf(0.0) == lo and dist.ppf(1.0) == hi and dist.isf(0.0) == hi
    assert np.all(np.diff(dist.ppf(np.linspace(0.01, 0.99, 50))) > 0)


def test_quantiles_beyond_the_double_range_are_the_limits():
    assert StudentT(0.3).ppf(1e-250) == -np.inf  # |t| ~ 1e833
    assert StudentT(0.3).isf(1e-250) == np.inf
    assert Gamma(0.01).ppf(1e-100) == 0.0  # x ~ 1e-10000
    assert Beta(2.5, 7.0).ppf(1e-250) == pytest.approx(2.0937184626e-101, rel=1e-9)


@settings(deadline=None, max_examples=40)
@given(
    st.sampled_from(QUANTILE_CASES),
    st.floats(1e-250, 0.999999),
)
def test_ppf_and_isf_invert_cdf_and_sf(dist, q):
    q = np.array([q])
    assert_round_trip(dist, dist.ppf(q), q, dist.cdf)
    assert_round_trip(dist, dist.isf(1.0 - q), 1.0 - q, dist.sf)


SAMPLERS = [
    (Gamma(0.3), stats.gamma(0.3), Gamma(0.32)),
    (Gamma(4.5, 2.0), stats.gamma(4.5, scale=2.0), Gamma(4.5, 2.1)),
    (ChiSquared(3), stats.chi2(3), ChiSquared(3.2)),
    (Beta(0.5, 0.5), stats.beta(0.5, 0.5), Beta(0.55, 0.5)),
    (Beta(2.0, 5.0), stats.beta(2.0, 5.0), Beta(2.0, 5.4)),
    (StudentT(3.0), stats.t(3.0), StudentT(2.5)),
    (StudentT(1.0, 2.0, 0.5), stats.t(1.0, 2.0, 0.5), StudentT(1.0, 2.0, 0.53)),
]


@pytest.mark.parametrize(("dist", "ref", "wrong"), SAMPLERS, ids=lambda d: repr(d)[:30])
def test_new_samplers_goodness_of_fit(dist, ref, wrong):
    samples = dist.rvs(N, rng=19)
    assert samples.shape == (N,) and samples.dtype == np.float64
    assert stats.kstest(samples, ref.cdf).pvalue > ALPHA
    assert stats.kstest(wrong.rvs(N, rng=19), ref.cdf).pvalue < ALPHA  # the test has power
    assert isinstance(dist.rvs(rng=0), float) and dist.rvs((2, 3), rng=0).shape == (2, 3)


def test_tiny_shapes_sample_without_nan():
    """Gamma(1e-3) draws underflow (P(X < 1e-300) is 0.5); the beta is formed from logarithms."""
    x = Beta(1e-3, 1e-3).rvs(2000, rng=3)
    assert np.all((x >= 0) & (x <= 1)) and 0.4 < np.mean(x > 0.5) < 0.6
    assert np.all(Gamma(1e-3).rvs(100, rng=3) >= 0)


def test_float32_in_float32_out_and_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = np.float32([0.0, 0.5, 2.0, 1e30])
        for dist in (Normal(), Gamma(2.0), Beta(2.0, 3.0), StudentT(3.0), Exponential(1e30)):
            for name in ("pdf", "logpdf", "cdf", "sf", "logcdf", "logsf"):
                assert getattr(dist, name)(x).dtype == np.float32, (dist, name)
            assert dist.ppf(np.float32([0.1, 0.9])).dtype == np.float32
        assert Gamma(1e-10).pdf(5e-324) == np.inf  # an unbounded density: inf, no warning
        assert Exponential(1e-300).var() == np.inf and Normal(0, 1e300).var() == np.inf
        assert Normal(0, 1e-300).pdf(np.float32(0.0)) == np.inf  # beyond float32: inf
