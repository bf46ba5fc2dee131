import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.calculus import bisect, numerical_limit
from foundations.errors import InputError


def test_numerical_limits_of_classic_indeterminate_forms():
    assert numerical_limit(lambda x: np.sin(x) / x, 0.0)[0] == pytest.approx(1.0, abs=1e-12)
    assert numerical_limit(lambda h: (1 + h) ** (1 / h), 0.0, side="right", h0=0.01)[
        0
    ] == pytest.approx(np.e, rel=1e-9)
    assert numerical_limit(lambda x: (np.exp(x) - 1) / x, 0.0)[0] == pytest.approx(1.0, abs=1e-11)
    # a jump: the one-sided limits differ and "both" reports a large error estimate
    _, err = numerical_limit(np.sign, 0.0)
    assert err >= 1.0
    assert numerical_limit(np.sign, 0.0, side="left")[0] == -1.0


@settings(max_examples=40, deadline=None)
@given(
    coeffs=st.lists(st.floats(-5, 5), min_size=2, max_size=6),
    shift=st.floats(-3, 3),
)
def test_bisection_root_is_within_its_guaranteed_bound_and_agrees_with_scipy(coeffs, shift):
    # a strictly increasing function with exactly one root: x³ + x + p(x) bounded perturbation
    f = lambda x: x**3 + x - shift + 0.1 * np.tanh(np.polyval(coeffs, x))  # noqa: E731
    a, b = -5.0, 5.0
    res = bisect(f, a, b, xtol=1e-10)
    ref = scipy.optimize.brentq(f, a, b, xtol=1e-14)
    assert abs(res.root - ref) <= res.error_bound + 1e-13
    assert res.error_bound <= 1e-10
    assert res.bracket[0] - 1e-13 <= ref <= res.bracket[1] + 1e-13
    assert res.n_iter <= int(np.ceil(np.log2((b - a) / 1e-10)))
    assert abs(res.root - scipy.optimize.bisect(f, a, b, xtol=1e-10)) <= 2e-10


def test_bisection_bound_halves_each_step():
    res = bisect(lambda x: np.cos(x) - x, 0.0, 2.0, xtol=1e-300)
    root = scipy.optimize.brentq(lambda x: np.cos(x) - x, 0, 2, xtol=1e-15)
    n = np.arange(1, res.n_iter + 1)
    assert np.all(np.abs(res.history - root) <= 2.0 / 2.0**n + 1e-16)
    assert res.n_iter > 45  # went down to adjacent floating-point numbers


def test_bisection_clear_errors():
    with pytest.raises(InputError, match="same sign"):
        bisect(lambda x: x**2 + 1, -1, 1)
    with pytest.raises(InputError, match="a < b"):
        bisect(np.sin, 2, 1)
    with pytest.raises(InputError, match="finite"):
        bisect(lambda x: np.log(x), 0.0, 2.0)
    assert bisect(lambda x: x, 0.0, 1.0).root == 0.0
