import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.calculus import EpsilonDeltaResult, Interval, epsilon_delta
from foundations.errors import InputError


@settings(max_examples=30, deadline=None)
@given(x0=st.floats(-3, 3), eps=st.floats(1e-6, 1.0), p=st.sampled_from([1.0, 2.0, 3.0]))
def test_epsilon_delta_finds_the_best_delta_of_a_monotone_power(x0, eps, p):
    # f(x) = (x - c)^p + x0 shifted so that f is monotone near x0 when p is odd; use |x - x0|^p
    # instead: |f(x) - f(x0)| = |x - x0|^p < eps exactly when |x - x0| < eps^(1/p)
    f = lambda x: np.abs(x - x0) ** p  # noqa: E731
    res = epsilon_delta(f, x0, eps, delta_max=2.0)
    assert isinstance(res, EpsilonDeltaResult) and res.found
    assert res.delta == pytest.approx(min(eps ** (1 / p), 2.0), rel=1e-9, abs=1e-12)


def test_epsilon_delta_against_closed_forms_and_limits():
    res = epsilon_delta(lambda x: x**2, 1.0, 0.1)
    assert res.delta == pytest.approx(np.sqrt(1.1) - 1, rel=1e-12)  # the nearer crossing
    # sin x / x -> 1 at 0 (undefined there: limit= keeps f away from 0); 1 - x²/6 < 1 - eps
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = epsilon_delta(lambda x: np.sin(x) / x, 0.0, 1e-4, limit=1.0)
    assert res.found and res.delta == pytest.approx(np.sqrt(6e-4), rel=1e-3)
    assert "not a proof" in res.message
    assert epsilon_delta(np.cos, 0.0, 10.0).delta == 1.0  # every sample within eps: delta_max


@pytest.mark.parametrize(
    ("f", "limit"),
    [(np.sign, None), (np.sign, 0.0), (lambda x: np.where(x < 0, 0.0, 1.0), None)],
    ids=["sign", "sign with L=0", "step"],
)
def test_no_delta_at_a_jump(f, limit):
    res = epsilon_delta(f, 0.0, 0.5, limit=limit)
    assert not res.found and res.delta == 0.0
    assert "discontinuous" in res.message and 0 < res.resolution < 1e-11


def test_epsilon_delta_bad_arguments():
    for call, match in [
        (lambda: epsilon_delta(np.sin, 0.0, 0.0), "eps"),
        (lambda: epsilon_delta(np.sin, 0.0, -1.0), "eps"),
        (lambda: epsilon_delta(np.sin, np.nan, 0.1), "x0"),
        (lambda: epsilon_delta(np.sin, 0.0, 0.1, delta_max=0), "delta_max"),
        (lambda: epsilon_delta(np.sin, 0.0, 0.1, n_samples=3), "n_samples"),
        (lambda: epsilon_delta("sin", 0.0, 0.1), "callable"),
        (lambda: epsilon_delta(lambda x: np.ones(2), 0.0, 0.1), "single number"),
        (lambda: epsilon_delta(np.sin, 1e300, 0.1, delta_max=1e-300), "spacing"),
    ]:
        with pytest.raises(InputError, match=match):
            call()


def test_intervals_open_closed_interior_closure_boundary():
    half_open = Interval(0, 1, False, True)  # (0, 1]
    assert repr(half_open) == "(0, 1]"
    assert not half_open.is_open and not half_open.is_closed
    np.testing.assert_array_equal(
        half_open.contains([0.0, 0.5, 1.0, 2.0]), [False, True, True, False]
    )
    np.testing.assert_array_equal(half_open.radius_inside([0.0, 0.25, 1.0, 2.0]), [0.0, 0.25, 0, 0])
    # 1/n lies in (0, 1] and converges to 0, which does not: (0, 1] is not closed
    seq = 1.0 / np.arange(1, 1000)
    assert half_open.contains(seq).all() and not half_open.contains(0.0)
    assert half_open.closure() == Interval(0, 1) and half_open.interior() == Interval(
        0, 1, False, False
    )
    assert Interval(0, 1).is_closed and Interval(0, 1, False, False).is_open
    assert half_open.boundary() == (0.0, 1.0)
    # unbounded and degenerate cases: R is open and closed; [0, inf) is closed; {a} is closed
    R = Interval(-np.inf, np.inf)
    assert R.is_open and R.is_closed and R.boundary() == () and R.radius_inside(5.0) == np.inf
    assert Interval(0, np.inf).is_closed and not Interval(0, np.inf).is_open
    point = Interval(2, 2)
    assert point.is_closed and not point.is_open and point.boundary() == (2.0,)
    empty = Interval(2, 2, False, True)
    assert empty.is_empty and empty.is_open and empty.is_closed and not empty.contains(2.0)
    # open <=> every point of the set has a positive radius
    xs = np.linspace(-1, 2, 301)
    for iv in (Interval(0, 1), half_open, Interval(0, 1, False, False)):
        inside = xs[iv.contains(xs)]
        assert iv.is_open == bool(np.all(iv.radius_inside(inside) > 0))
    for call, match in [
        (lambda: Interval(1, 0), "a <= b"),
        (lambda: Interval(0, np.nan), "b"),
        (lambda: Interval(0, 1, "yes"), "left_closed"),
        (lambda: Interval(0, 1).contains("x"), "numbers"),
    ]:
        with pytest.raises(InputError, match=match):
            call()
