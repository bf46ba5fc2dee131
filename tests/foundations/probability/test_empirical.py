"""Chapter 19: the empirical cdf and the Kolmogorov–Smirnov statistic against scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

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
