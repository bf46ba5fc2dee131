import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.calculus import (
    Dual,
    derivative,
    derivative_dual,
    finite_difference_errors,
    optimal_step,
    second_derivative,
    tanh,
    taylor_polynomial,
    where,
)
from foundations.errors import InputError


def f(x):
    return np.exp(np.sin(x)) * x**2 / (1 + x**2) + np.sqrt(1 + x**2) - np.tanh(x) ** 3


def df(x):
    u = np.exp(np.sin(x))
    r = x**2 / (1 + x**2)
    dr = 2 * x / (1 + x**2) ** 2
    return (
        u * np.cos(x) * r
        + u * dr
        + x / np.sqrt(1 + x**2)
        - 3 * np.tanh(x) ** 2 * (1 - np.tanh(x) ** 2)
    )


@settings(max_examples=50, deadline=None)
@given(x=st.floats(-10, 10))
def test_dual_numbers_give_the_derivative_to_rounding(x):
    assert derivative_dual(f, x) == pytest.approx(df(x), rel=1e-13, abs=1e-13)


def test_finite_differences_match_analytic_derivatives_at_their_accuracy():
    x = np.random.default_rng(0).uniform(-5, 5, size=200)
    exact = df(x)
    scale = np.maximum(1.0, np.abs(exact))
    assert np.max(np.abs(derivative(f, x) - exact) / scale) < 1e-8  # central: ~ε^(2/3)
    for method in ("forward", "backward"):
        err = np.abs(derivative(f, x, method=method) - exact) / scale
        assert np.max(err) < 1e-5  # one-sided: ~ε^(1/2)
    assert np.max(np.abs(second_derivative(np.sin, x) + np.sin(x))) < 1e-6


def test_truncation_rounding_tradeoff_is_measured():
    steps = np.logspace(-14, -1, 131)
    for method, p in (("forward", 1), ("central", 2)):
        err = finite_difference_errors(np.sin, np.cos, 1.0, steps, method)
        best = steps[np.argmin(err)]
        # the measured best step is near ε^(1/(p+1)) (within two orders of magnitude)
        assert 1e-2 < best / np.finfo(float).eps ** (1 / (p + 1)) < 1e2
        # truncation regime: the error falls like h^p for large h
        big = steps > 1e-3
        slope = np.polyfit(np.log(steps[big]), np.log(err[big]), 1)[0]
        assert slope == pytest.approx(p, abs=0.1)
        # rounding regime: for tiny h the error grows again
        assert err[0] > 100 * err.min()
    assert optimal_step(0.0, "forward") == pytest.approx(np.sqrt(np.finfo(float).eps))


def test_dual_arithmetic_rules():
    x = Dual(2.0, 1.0)
    y = 3.0 / x - x**3 + 2**x + np.log1p(x) * np.cos(x) - abs(-x)
    expected = -3 / 4 - 12 + np.log(2) * 4 + np.cos(2) / 3 - np.log1p(2) * np.sin(2) - 1
    assert float(y.deriv) == pytest.approx(expected, rel=1e-14)
    z = np.array([1.0, 2.0]) * Dual([1.0, 2.0], [1.0, 1.0])  # ndarray on the left
    np.testing.assert_allclose(z.deriv, [1.0, 2.0])
    assert derivative_dual(lambda t: 5.0, 1.0) == 0.0


def test_bad_steps():
    with pytest.raises(InputError, match="positive"):
        derivative(np.sin, 1.0, h=-1e-3)
    with pytest.raises(InputError, match="spacing"):
        derivative(np.sin, 1.0, h=1e-17)
    with pytest.raises(InputError, match="method"):
        derivative(np.sin, 1.0, method="five-point")


UFUNCS = [
    (np.square, lambda x: 2 * x, (-3, 3)),
    (np.sqrt, lambda x: 0.5 / np.sqrt(x), (0.1, 5)),
    (np.cbrt, lambda x: np.cbrt(x) ** -2 / 3, (0.1, 5)),
    (np.exp2, lambda x: np.log(2) * np.exp2(x), (-3, 3)),
    (np.log2, lambda x: 1 / (x * np.log(2)), (0.1, 5)),
    (np.log10, lambda x: 1 / (x * np.log(10)), (0.1, 5)),
    (np.arcsin, lambda x: 1 / np.sqrt(1 - x * x), (-0.9, 0.9)),
    (np.arccos, lambda x: -1 / np.sqrt(1 - x * x), (-0.9, 0.9)),
    (np.arctan, lambda x: 1 / (1 + x * x), (-3, 3)),
    (np.sinh, np.cosh, (-3, 3)),
    (np.cosh, np.sinh, (-3, 3)),
    (np.arcsinh, lambda x: 1 / np.sqrt(1 + x * x), (-3, 3)),
    (np.arctanh, lambda x: 1 / (1 - x * x), (-0.9, 0.9)),
    (np.reciprocal, lambda x: -1 / x**2, (0.1, 5)),
    (np.tan, lambda x: 1 / np.cos(x) ** 2, (-1, 1)),
]


@pytest.mark.parametrize(("ufunc", "d", "domain"), UFUNCS, ids=lambda u: getattr(u, "__name__", ""))
def test_dual_supports_the_common_ufuncs(ufunc, d, domain):
    # regression: np.square, np.maximum, comparisons used to fail on a Dual
    x = np.linspace(*domain, 9)
    np.testing.assert_allclose(derivative_dual(ufunc, x), d(x), rtol=1e-14)
    np.testing.assert_allclose(derivative_dual(ufunc, x), derivative(ufunc, x), rtol=1e-7)


def test_dual_maximum_minimum_comparisons_and_piecewise_where():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_array_equal(
        derivative_dual(lambda t: np.maximum(t, 0.0), x), [0, 0, 0.5, 1, 1]
    )
    np.testing.assert_array_equal(
        derivative_dual(lambda t: np.minimum(t, 0.0), x), [1, 1, 0.5, 0, 0]
    )
    np.testing.assert_array_equal(
        derivative_dual(lambda t: np.fmax(2 * t, t), x), [1, 1, 1.5, 2, 2]
    )
    d = Dual(x, 1.0)
    np.testing.assert_array_equal(d > 0, x > 0)
    np.testing.assert_array_equal(np.less_equal(d, 0.5), x <= 0.5)
    np.testing.assert_array_equal(d == 0.0, x == 0.0)
    np.testing.assert_array_equal(d != Dual(0.5), x != 0.5)
    leaky = derivative_dual(lambda t: np.where(t > 0, t, 0.1 * t), x)
    np.testing.assert_array_equal(leaky, np.where(x > 0, 1.0, 0.1))
    elu = lambda t: where(t > 0, t, np.expm1(t))  # noqa: E731
    np.testing.assert_allclose(derivative_dual(elu, x), np.where(x > 0, 1.0, np.exp(x)))
    np.testing.assert_array_equal(where(x > 0, x, 0.0), np.maximum(x, 0.0))  # plain arrays
    total = np.sum(Dual([1.0, 2.0], [1.0, 1.0]) ** 2)  # the directional derivative along (1, 1)
    assert float(total.value) == 5.0 and float(total.deriv) == 6.0
    assert float(np.hypot(Dual(4.0, 1.0), 3.0).deriv) == pytest.approx(0.8, rel=1e-15)
    assert float(np.arctan2(Dual(0.5, 1.0), -1.0).deriv) == pytest.approx(-0.8, rel=1e-15)
    assert float(Dual([1.0, 2.0], [3.0, 4.0])[1].deriv) == 4.0


def test_dual_edges_inf_slopes_zero_powers_and_dtypes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an infinite slope is the answer, not a warning
        np.testing.assert_array_equal(derivative_dual(np.sqrt, [0.0, 4.0]), [np.inf, 0.25])
        np.testing.assert_array_equal(derivative_dual(lambda t: t**0.5, [0.0, 4.0]), [np.inf, 0.25])
        np.testing.assert_array_equal(derivative_dual(lambda t: t**0, [0.0, 3.0]), [0.0, 0.0])
        assert derivative_dual(lambda t: t**3, -2.0) == 12.0  # negative base, integer power
        np.testing.assert_array_equal(derivative_dual(np.abs, [-1.0, 0.0, 1.0]), [-1, 0, 1])
    x32 = np.float32([0.5, 1.0])
    assert derivative_dual(np.sin, x32).dtype == np.float32
    assert derivative(np.sin, x32).dtype == np.float32
    np.testing.assert_allclose(derivative(np.sin, x32), np.cos(x32), rtol=1e-4)
    assert optimal_step(np.float32(1.0)) == pytest.approx(np.finfo(np.float32).eps ** (1 / 3))
    np.testing.assert_array_equal(derivative(lambda t: 3.0, [1.0, 2.0]), [0.0, 0.0])


def test_bad_arguments_to_derivatives_and_duals():
    cases = [
        (lambda: derivative(np.sin, 1.0, h=0.0), "positive"),
        (lambda: derivative(np.sin, 1.0, h=1e-300), "spacing"),
        (lambda: second_derivative(np.sin, 1.0, h=0.0), "positive"),
        (lambda: second_derivative(np.sin, 1.0, h=1e-300), "spacing"),
        (lambda: derivative("sin", 1.0), "callable"),
        (lambda: derivative(lambda t: np.ones(3), [1.0, 2.0]), "one value per point"),
        (lambda: derivative(lambda t: "s", 1.0), "real numbers"),
        (lambda: derivative(np.sin, [1.0, 2.0], h=[1e-3] * 3), "broadcast"),
        (lambda: derivative(np.sin, np.nan), "NaN"),
        (lambda: Dual("a"), "real numbers"),
        (lambda: Dual([1.0, 2.0], [1.0, 2.0, 3.0]), "matching shapes"),
        (lambda: Dual(1.0) ** "a", "exponent"),
        (lambda: (-2.0) ** Dual(1.0), "positive base"),
        (lambda: derivative_dual(lambda t: "s", 1.0), "Dual or numbers"),
        (lambda: derivative_dual(lambda t: np.sum(t * t), [1.0, 2.0]), "elementwise"),
        (lambda: where(np.array([1, 0]), Dual([1.0, 2.0]), 0.0), "boolean"),
        (lambda: finite_difference_errors(np.sin, "cos", 1.0, [1e-3], "central"), "callable"),
    ]
    for call, match in cases:
        with pytest.raises(InputError, match=match):
            call()


def test_no_overflow_warning_at_the_largest_floats():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # h² overflows at x = 1e308: the second difference divides by h twice instead
        assert second_derivative(lambda t: t, 1e308) == 0.0
        assert taylor_polynomial("exp", 1e308, 3) == np.inf
        assert tanh(1e308) == 1.0 and tanh(-1e308) == -1.0
    for call in (
        lambda: where([[True], [False, True]], 1.0, 2.0),
        lambda: where(np.array([True]), Dual(1.0), "x"),
    ):
        with pytest.raises(InputError):
            call()
