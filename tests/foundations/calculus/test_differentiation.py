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
