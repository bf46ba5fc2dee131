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
    with pytest.raises(InputError, match="finite"), np.errstate(divide="ignore"):
        bisect(lambda x: np.log(x), 0.0, 2.0)
    assert bisect(lambda x: x, 0.0, 1.0).root == 0.0


LIMITS = [
    ("(1 - cos x)/x²: cancels", lambda x: (1 - np.cos(x)) / x**2, 0.0, 0.5, "both"),
    ("√x: not a power series", np.sqrt, 0.0, 0.0, "right"),
    ("x log x", lambda x: x * np.log(x), 0.0, 0.0, "right"),
    ("x^x", lambda x: x**x, 0.0, 1.0, "right"),
    ("(√(1+x) - 1)/x", lambda x: (np.sqrt(1 + x) - 1) / x, 0.0, 0.5, "both"),
    ("(x² - 1)/(x - 1)", lambda x: (x**2 - 1) / (x - 1), 1.0, 2.0, "both"),
    ("x sin(1/x)", lambda x: x * np.sin(1 / x), 0.0, 0.0, "both"),
    ("x^1.5 + 1", lambda x: x**1.5 + 1, 0.0, 1.0, "right"),
]


@pytest.mark.parametrize(
    ("f", "a", "limit", "side"), [c[1:] for c in LIMITS], ids=[c[0] for c in LIMITS]
)
def test_numerical_limit_error_estimate_covers_the_error(f, a, limit, side):
    # regression: the estimate was below the error for cancelling f and for h^(1/2) behaviour
    value, err = numerical_limit(f, a, side=side)
    assert abs(value - limit) <= err


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    k=st.integers(1, 4),
    side=st.sampled_from(["both", "left", "right"]),
    log_h0=st.floats(-3, 0),
)
def test_numerical_limit_of_difference_quotients_is_honest(seed, k, side, log_h0):
    # (P(x) - P(a)) / (x - a) -> P'(a): cancellation that grows like 1/h, at random scales
    rng = np.random.default_rng(seed)
    c = rng.normal(size=k) * 10 ** rng.uniform(-3, 3, size=k)
    b = rng.uniform(-3, 3, size=k)
    a = rng.uniform(-2, 2)

    def P(x):
        return np.sum(c[:, None] * np.exp(b[:, None] * np.atleast_1d(x)), axis=0)

    value, err = numerical_limit(lambda x: (P(x) - P(a)) / (x - a), a, side=side, h0=10**log_h0)
    assert abs(value - np.sum(c * b * np.exp(b * a))) <= err


def test_numerical_limit_and_bisect_bad_arguments():
    for call, match in [
        (lambda: numerical_limit(np.sin, 0.0, h0=0.0), "h0"),
        (lambda: numerical_limit(np.sin, 0.0, n_levels=3), "n_levels"),
        (lambda: numerical_limit(np.sin, 0.0, n_levels=8.0), "n_levels"),
        (lambda: numerical_limit(np.sin, "0"), "a must be a real number"),
        (lambda: numerical_limit(np.sin, 0.0, side="up"), "side"),
        (lambda: numerical_limit("sin", 0.0), "callable"),
        (lambda: numerical_limit(lambda x: np.ones(3), 0.0), "one value per point"),
        (lambda: numerical_limit(np.sin, 1e20, h0=1.0), "float spacing"),
        (lambda: bisect(np.sin, 1.0, 4.0, xtol=0.0), "xtol"),
        (lambda: bisect(np.sin, 1.0, 4.0, maxiter=-1), "maxiter"),
        (lambda: bisect("sin", 1.0, 4.0), "callable"),
        (lambda: bisect(lambda x: np.array([x, x]), 1.0, 4.0), "single number"),
        (lambda: bisect(np.sin, 1.0, np.inf), "finite"),
    ]:
        with pytest.raises(InputError, match=match):
            call()
