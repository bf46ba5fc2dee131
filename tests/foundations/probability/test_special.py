"""erf, erfc, gammaln, betaln against scipy.special and 50-digit references (``highprec``).

scipy's ``gammaln`` loses relative accuracy next to its zeros at 1 and 2 (1e-12 at 0.999975)
and its ``betaln`` at (0.11, 9e5) (1e-9, a cancellation of two 1e7-sized ln Gammas), so
those places are checked against exact rational or ``decimal`` arithmetic instead.
"""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from foundations.errors import InputError
from foundations.probability import Binomial, betaln, erf, erfc, gammaln

from . import highprec

EULER_GAMMA = Fraction("0.57721566490153286060651209008240243104215933593992")


def lgamma_near_one(x: float) -> float:
    """ln Gamma(1 + t) = -gamma t + sum_k (-1)^k zeta(k) t^k / k in exact rationals (|t| < 0.5)."""
    t = Fraction(x) - 1
    total = -EULER_GAMMA * t
    for k in range(2, 60):
        total += (-1) ** k * Fraction(1 + special.zetac(k)) * t**k / k
    return float(total)


def test_gammaln_is_exact_at_the_integers():
    """The regression: gammaln(1) and gammaln(2) were 3.6e-15, so Binomial(0, p).pmf(0) != 1."""
    k = np.arange(1, 172)
    expected = [math.log(math.factorial(int(j) - 1)) for j in k]
    np.testing.assert_array_equal(gammaln(k.astype(float)), expected)
    assert gammaln(1.0) == 0.0 and gammaln(2.0) == 0.0
    assert Binomial(0, 0.5).pmf(0) == 1.0 and Binomial(0, 0.3).cdf(0) == 1.0


@pytest.mark.parametrize("x", [0.999975, 0.999835, 1.00001, 1.0003, 0.7, 1.2, 1.4999])
def test_gammaln_keeps_relative_accuracy_next_to_the_zero_at_1(x):
    assert gammaln(x) == pytest.approx(lgamma_near_one(x), rel=4e-16, abs=0)


@pytest.mark.parametrize("x", [1.999925, 1.999975, 2.0001, 2.3, 1.6, 2.4999])
def test_gammaln_keeps_relative_accuracy_next_to_the_zero_at_2(x):
    reference = lgamma_near_one(x - 1) + math.log1p(x - 2)  # ln Gamma(x) = ln Gamma(x-1) + ln(x-1)
    assert gammaln(x) == pytest.approx(reference, rel=2e-15, abs=1e-300)


def test_gammaln_against_scipy_away_from_its_zeros():
    x = np.concatenate(
        [np.logspace(-300, -1, 200), np.linspace(2.6, 60, 3000), np.logspace(2, 305, 100)]
    )
    np.testing.assert_allclose(gammaln(x), special.gammaln(x), rtol=1e-14, atol=0)
    assert gammaln(np.inf) == np.inf and gammaln(3e305) == np.inf  # overflow, no warning
    for x in (0.5, 3.7, 15.0 + 2**-40, 1e7 + 0.5):
        assert highprec.relative_error(gammaln(x), highprec.lgamma(x)) < 4e-16


@settings(deadline=None, max_examples=60)
@given(st.floats(1e-300, 1e300))
def test_gammaln_recurrence(x):
    """ln Gamma(x + 1) = ln Gamma(x) + ln x, to the rounding of the larger term."""
    lhs, rhs = gammaln(x + 1.0), gammaln(x) + math.log(x)
    assert lhs == pytest.approx(rhs, rel=1e-14, abs=1e-14 * max(1.0, abs(math.log(x))))


def test_betaln_against_scipy_and_decimal():
    a = np.logspace(-3, 1, 25)
    A, B = np.meshgrid(a, a)
    np.testing.assert_allclose(betaln(A, B), special.betaln(A, B), rtol=1e-13, atol=1e-14)
    # large and asymmetric arguments, where scipy cancels two huge ln Gammas
    for a, b in [(0.112421, 889513.497), (1e7, 1e7), (2.5, 1e12), (1e5, 3e5), (12.0, 10.0)]:
        assert highprec.relative_error(betaln(a, b), highprec.lbeta(a, b)) < 1e-14
    assert betaln(1.0, 1.0) == 0.0


def test_erf_and_erfc_against_scipy():
    x = np.linspace(-6, 6, 2001)
    np.testing.assert_allclose(erf(x), special.erf(x), rtol=1e-14, atol=1e-300)
    x = np.linspace(-5, 26, 2001)
    np.testing.assert_allclose(erfc(x), special.erfc(x), rtol=1e-13)
    assert erf(np.inf) == 1.0 and erf(-np.inf) == -1.0
    assert erfc(np.inf) == 0.0 and erfc(-np.inf) == 2.0 and erfc(1e200) == 0.0


def test_dtypes_shapes_and_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fn in (erf, erfc, gammaln):
            assert fn(np.float32([0.5, 2.0])).dtype == np.float32
            assert fn(np.array([[1.5]])).shape == (1, 1)
            assert fn(np.array([])).shape == (0,)
            assert isinstance(fn(3), float)
            np.testing.assert_allclose(fn([1, 2, 3]), fn(np.array([1.0, 2.0, 3.0])))
        assert betaln(np.float32([2.0]), 3.0).dtype == np.float32
        assert betaln(np.float32([2.0]), np.array([3.0])).dtype == np.float64
        assert gammaln(5e-324) == pytest.approx(744.4400719213812)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gammaln([1.0, 0.0]), "x > 0"),
        (lambda: gammaln([-1.5]), "x > 0"),
        (lambda: erf([np.nan]), "NaN"),
        (lambda: erfc("a"), "must hold numbers"),
        (lambda: betaln([1.0, 2.0], [1.0, 2.0, 3.0]), "broadcast"),
        (lambda: betaln(0.0, 1.0), "a > 0"),
        (lambda: erf([1 + 2j]), "real"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
