"""The regularized incomplete gamma and beta functions against scipy.special and ``highprec``.

Far in a tail a value like 1e-200 is :math:`e^{-460}`, and one ulp of the argument moves its
logarithm by about its own size times 1e-16: relative errors of a few 1e-14 per unit of
:math:`|\\ln v|` are the conditioning, not the method (scipy shows the same). The grid
tolerance is therefore ``2e-14 * max(1, |ln v|)``; at chosen hard points the 50-digit
reference (where scipy is off by up to 1e-12) is met to 1e-13.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from foundations.errors import InputError
from foundations.probability import betainc, betaincc, gammainc, gammaincc

from . import highprec


def assert_close_in_tail(ours, ref, extra=0.0, per_log_unit=2e-14):
    ours, ref = np.asarray(ours), np.asarray(ref)
    keep = ref > 1e-300  # scipy underflows to 0 before we do
    tol = (
        per_log_unit * np.maximum(1.0, np.abs(np.log(ref[keep])))
        + np.broadcast_to(extra, ref.shape)[keep]
    )
    err = np.abs(ours[keep] - ref[keep]) / ref[keep]
    assert np.all(err <= tol), f"worst relative error {err.max():.2e} (tolerance {tol.max():.1e})"


def beta_error_bound(a, b):
    """The documented accuracy: 3e-13 for shapes within a factor 100, growing with the ratio
    and (rounding accumulated over O(sqrt(n)) steps) with the size."""
    ratio = np.maximum(a, b) / np.minimum(a, b)
    return 3e-13 * np.maximum(1.0, ratio / 100) ** 0.75 + 2e-16 * np.sqrt(np.maximum(a, b))


def gamma_error_bound(a):
    """The documented accuracy: 1e-14, and 1e-15 sqrt(a) near x ~ a."""
    return 1e-14 + 1e-15 * np.sqrt(a)


def test_gamma_against_scipy_on_a_grid():
    a = np.logspace(-3, 4, 36)
    x = np.concatenate([[0.0], np.logspace(-5, 4.5, 50)])
    A, X = np.meshgrid(a, x)
    P, Q = gammainc(A, X), gammaincc(A, X)
    assert_close_in_tail(P, special.gammainc(A, X), gamma_error_bound(A))
    assert_close_in_tail(Q, special.gammaincc(A, X), gamma_error_bound(A))
    np.testing.assert_allclose(P + Q, 1.0, rtol=0, atol=4e-15)  # computed separately


def test_beta_against_scipy_on_a_grid():
    a = np.logspace(-1, 4, 14)
    x = np.concatenate([[0.0, 1.0], np.logspace(-8, -0.01, 20), 1 - np.logspace(-8, -0.5, 10)])
    A, B, X = np.meshgrid(a, a, x, indexing="ij")
    I, C = betainc(A, B, X), betaincc(A, B, X)
    extra = beta_error_bound(A, B)
    assert_close_in_tail(I, special.betainc(A, B, X), extra)
    assert_close_in_tail(C, special.betaincc(A, B, X), extra)
    np.testing.assert_allclose(I + C, 1.0, rtol=0, atol=4e-16)
    # the symmetry 1 - I_x(a, b) = I_{1-x}(b, a), at points where 1 - x is exact
    x = np.linspace(0.5, 1.0, 11)
    np.testing.assert_allclose(
        betaincc(A[..., :11], B[..., :11], x),
        betainc(B[..., :11], A[..., :11], 1 - x),
        rtol=1e-13,
        atol=1e-300,
    )


@pytest.mark.parametrize(
    ("a", "x"),
    [
        (3665.241237079626, 5252.172519661923),  # scipy: 1.8e-12 off
        (1e5, 1e5 + 300.0),
        (1e7 + 1, 1e7),  # a Poisson(1e7) cdf at its mean
        (0.01, 0.5),
        (2.5, 1e-100),
        (50.0, 500.0),
    ],
)
def test_gamma_at_hard_points_against_50_digits(a, x):
    p, q = highprec.gammainc_pair(a, x)
    tol = gamma_error_bound(a) + 2e-15 * max(1.0, abs(float(min(p, q).ln())))
    assert highprec.relative_error(gammainc(a, x), p) < tol
    assert highprec.relative_error(gammaincc(a, x), q) < tol


@pytest.mark.parametrize(
    ("a", "b", "x"),
    [
        (5e6, 5e6 + 1, 0.5),  # a Binomial(1e7, 1/2) cdf at its median
        (9e6, 1e6 + 1, 0.9),
        (237.13737056616552, 31.622776601683793, 0.041753189365604),  # scipy: 0 (3.8e-288)
        (0.5, 0.5, 1e-10),
        (2.0, 3.0, 0.999),
        (300.0, 40.0, 0.5),
    ],
)
def test_beta_at_hard_points_against_50_digits(a, b, x):
    i, c = highprec.betainc_pair(a, b, x)
    tol = beta_error_bound(a, b) + 2e-15 * max(1.0, abs(float(min(i, c).ln())))
    assert highprec.relative_error(betainc(a, b, x), i) < tol
    assert highprec.relative_error(betaincc(a, b, x), c) < tol


@pytest.mark.parametrize(
    ("a", "b", "x"),
    [
        (0.03831186849557289, 1e5, 1.082636733874054e-05),  # ratio 2.6e6: 1.4e-11
        (15.48, 1e5, 0.00020058926743795396),  # ratio 6.5e3: 3e-12
        (0.2424, 1e4, 0.000160422),
    ],
)
def test_very_unequal_shapes_stay_within_the_documented_error(a, b, x):
    """The known weak spot: one shape 1e3 to 1e6 times the other, x near the switch point
    (a+1)/(a+b+2), where both fractions are ill-conditioned; still within the bound."""
    i, c = highprec.betainc_pair(a, b, x)
    assert highprec.relative_error(betainc(a, b, x), i) < beta_error_bound(a, b)
    assert highprec.relative_error(betaincc(a, b, x), c) < beta_error_bound(a, b)


@settings(deadline=None, max_examples=60)
@given(st.floats(1e-3, 1e6), st.floats(0.0, 1e7))
def test_gamma_properties(a, x):
    p, q = gammainc(a, x), gammaincc(a, x)
    assert 0.0 <= p <= 1.0 and 0.0 <= q <= 1.0
    assert p + q == pytest.approx(1.0, abs=4e-15)
    assert gammainc(a, x * 1.01 + 1e-3) >= p  # increasing in x


@settings(deadline=None, max_examples=60)
@given(st.floats(1e-2, 1e6), st.floats(1e-2, 1e6), st.floats(0.0, 1.0))
def test_beta_properties(a, b, x):
    i, c = betainc(a, b, x), betaincc(a, b, x)
    assert 0.0 <= i <= 1.0 and i + c == pytest.approx(1.0, abs=4e-16)
    assert betainc(a, b, min(1.0, x + 0.01)) >= i
    ref = special.betainc(a, b, x)
    # scipy loses digits at subnormal x (I_x(1/64, 2) at 5e-324 is 5e-3 off its closed form),
    # so there the closed forms of test_beta_at_subnormal_x_against_closed_forms decide.
    if ref > 1e-250 and x >= np.finfo(float).tiny:
        tol = 2e-14 * max(1.0, -np.log(ref)) + float(beta_error_bound(a, b))
        assert i == pytest.approx(ref, rel=tol)


def test_dtypes_and_edges():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gammainc(2.0, np.float32([0.5, 1.0])).dtype == np.float32
        assert betainc(2.0, 3.0, np.float32([0.5])).dtype == np.float32
        assert betainc(np.float32(2.0), 3.0, np.array([0.5])).dtype == np.float64
        assert isinstance(gammaincc(1.0, 2.0), float)
        assert gammainc(1.0, 2.0) == pytest.approx(-np.expm1(-2.0), rel=1e-15)
        assert gammainc(3.0, np.inf) == 1.0 and gammaincc(3.0, 0.0) == 1.0
        assert betainc(2.0, 3.0, 0.0) == 0.0 and betaincc(2.0, 3.0, 1.0) == 0.0
        assert gammainc(np.ones((2, 3)), np.ones(3)).shape == (2, 3)
        assert betainc(1.0, 1.0, np.array([])).shape == (0,)
        assert gammaincc(1e300, 1.0) == 1.0  # far below the mean: the series, no overflow


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gammainc(0.0, 1.0), "positive"),
        (lambda: gammainc(np.inf, 1.0), "finite"),
        (lambda: gammaincc(1.0, -1.0), "non-negative"),
        (lambda: betainc(1.0, 1.0, 1.5), r"\[0, 1\]"),
        (lambda: betainc(-1.0, 1.0, 0.5), "positive"),
        (lambda: betaincc([1.0, 2.0], [1.0, 2.0, 3.0], 0.5), "broadcast"),
        (lambda: gammainc(1.0, [np.nan]), "NaN"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()


@pytest.mark.parametrize("x", [5e-324, 1e-320, 3e-310, 1e-300])
@pytest.mark.parametrize("a", [0.015625, 0.5, 3.0])
def test_beta_at_subnormal_x_against_closed_forms(a, x):
    # Regression (hypothesis): (a + b) x rounds to a subnormal with few bits left, and the
    # saddle-point prefactor lost 2e-4 of I_x(1/64, 1) at x = 5e-324. Closed forms:
    # I_x(a, 1) = x^a and I_x(a, 2) = x^a ((a + 1) - a x).
    x_a = np.exp(a * np.log(x))  # itself rounded: the exponent carries eps |a ln x|
    for b, exact in ((1.0, x_a), (2.0, x_a * ((a + 1) - a * x))):
        tol = float(beta_error_bound(a, b)) + 4 * np.finfo(float).eps * abs(a * np.log(x))
        assert betainc(a, b, x) == pytest.approx(exact, rel=tol, abs=0)
