"""Chapter 19: the empirical cdf and the Kolmogorov–Smirnov statistic against scipy."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from foundations.errors import InputError
from foundations.probability import Exponential, Normal, ecdf, kolmogorov_sf, ks_statistic, ks_test


@settings(deadline=None, max_examples=50)
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=40))
def test_ecdf_matches_scipy_with_ties(values):
    x = np.asarray(values, dtype=float)
    t = np.arange(-6.0, 6.5, 0.5)
    np.testing.assert_allclose(ecdf(x)(t), stats.ecdf(x).cdf.evaluate(t), atol=1e-15)
    F = ecdf(x)
    assert F(x.min() - 1) == 0.0 and F(x.max()) == 1.0
    assert np.all(np.diff(F(t)) >= 0)


@pytest.mark.parametrize("n", [1, 7, 500, 5000])
def test_ks_statistic_and_pvalue_match_scipy(n):
    rng = np.random.default_rng(n)
    for x, model, ref in [
        (rng.normal(size=n), Normal().cdf, "norm"),
        (rng.exponential(size=n) * 1.2, Exponential(1.0).cdf, "expon"),
    ]:
        d = ks_statistic(x, model)
        scipy_result = stats.kstest(x, ref, method="asymp")
        assert d == pytest.approx(scipy_result.statistic, rel=1e-12)
        result = ks_test(x, model)
        assert result.statistic == d
        assert result.pvalue == pytest.approx(scipy_result.pvalue, rel=1e-10, abs=1e-14)


def test_kolmogorov_sf_matches_scipy():
    lam = np.linspace(0.0, 4.0, 401)
    np.testing.assert_allclose(kolmogorov_sf(lam), stats.kstwobign.sf(lam), rtol=1e-12, atol=1e-15)


def test_ks_test_rejects_the_wrong_model():
    x = np.random.default_rng(0).normal(0.0, 1.1, size=20_000)
    assert ks_test(x, Normal(0.0, 1.1).cdf).pvalue > 1e-3
    assert ks_test(x, Normal(0.0, 1.0).cdf).pvalue < 1e-3


def test_bad_input():
    with pytest.raises(InputError, match="empty"):
        ecdf([])
    with pytest.raises(InputError, match="NaN"):
        ks_statistic([0.0, np.nan], Normal().cdf)


def test_kolmogorov_sf_keeps_the_small_difference_below_lambda_one():
    """The regression: below 0.2 the value was set to 1, off by 5e-13; the Jacobi form keeps it."""
    lam = np.concatenate([[-1.0, 0.0, 1e-300], np.linspace(0.05, 5, 500), [40.0, 1e200]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(
            kolmogorov_sf(lam), special.kolmogorov(lam), rtol=1e-13, atol=1e-15
        )
        assert 1.0 - kolmogorov_sf(0.2) == pytest.approx(1.0 - special.kolmogorov(0.2), rel=1e-6)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ks_statistic([1.0, 2.0], lambda x: 0.5), "vectorised"),
        (lambda: ks_statistic([1.0, 2.0], 3), "callable"),
        (lambda: ks_statistic([1.0, 2.0], lambda x: x * np.nan), r"outside \[0, 1\]"),
        (lambda: kolmogorov_sf(1.0, terms=0), "terms"),
    ],
)
def test_more_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
