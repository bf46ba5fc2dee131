"""Checks for chapter 11: open and closed intervals, ε–δ for x², bisection, numerical limits."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext

import numpy as np
from hypothesis import strategies as st

from ..grading import Failed, Problem, close, for_all
from .strategies import log_uniform, polynomials

__all__ = ["PROBLEMS"]


def _number(value, what: str) -> float:
    if np.ndim(value) != 0:
        raise Failed(f"{what} must return a number, got shape {np.shape(value)}")
    return float(value)


# --- radius_inside -----------------------------------------------------------------------------


def _reference_radius(x, a, b, left_closed, right_closed) -> float:
    member = (a < x or (left_closed and x == a != -math.inf)) and (
        x < b or (right_closed and x == b != math.inf)
    )
    return min(x - a, b - x) if member else 0.0


def ends_and_outside_points(fn):
    cases = [
        ((0.5, 0.0, 1.0, True, True), 0.5, "the midpoint of [0, 1] has radius 0.5"),
        ((1.0, 0.0, 1.0, True, True), 0.0, "x = 1 is an end of [0, 1]: no ball around it fits"),
        ((2.0, 0.0, 1.0, True, True), 0.0, "x = 2 is outside [0, 1]: its radius is 0"),
        ((-0.5, 0.0, 1.0, True, True), 0.0, "x = −0.5 is outside [0, 1]: its radius is 0"),
        ((0.0, 0.0, 1.0, False, True), 0.0, "x = 0 is not in (0, 1]: its radius is 0"),
        ((0.0, 0.0, 0.0, True, True), 0.0, "the one-point interval [0, 0] has no interior"),
        ((3.0, 0.0, math.inf, True, False), 3.0, "x = 3 in [0, ∞) has radius 3"),
        ((5.0, -math.inf, math.inf, False, False), math.inf, "every point of ℝ has radius ∞"),
    ]
    for args, want, sentence in cases:
        got = _number(fn(*args), "radius_inside")
        if got != want:
            raise Failed(f"radius_inside{args} = {got!r}: {sentence}")


ENDS = st.floats(-10, 10, allow_nan=False)


@st.composite
def _interval_points(draw):
    a = draw(st.one_of(ENDS, st.just(-math.inf)))
    b = draw(st.one_of(ENDS, st.just(math.inf)))
    a, b = min(a, b), max(a, b)
    ends = [e for e in (a, b) if math.isfinite(e)]
    x = draw(st.one_of(ENDS, st.sampled_from(ends)) if ends else ENDS)  # the ends often
    return x, a, b, draw(st.booleans()), draw(st.booleans())


@for_all(_interval_points())
def matches_the_definition(fn, case):
    got = _number(fn(*case), "radius_inside")
    want = _reference_radius(*case)
    if got != want:
        x, a, b, lc, rc = case
        shown = f"{'[' if lc else '('}{a}, {b}{']' if rc else ')'}"
        raise Failed(f"the radius of x = {x} in {shown} is {want}, got {got!r}")


# --- delta_for_square --------------------------------------------------------------------------


def _exact_delta(x0: float, eps: float) -> float:
    """ε / (√(x0² + ε) + |x0|) = √(x0² + ε) − |x0| in 40-digit decimal arithmetic."""
    with localcontext() as ctx:
        ctx.prec = 40
        x, e = abs(Decimal(x0)), Decimal(eps)
        return float(e / ((x * x + e).sqrt() + x))


X0 = st.one_of(st.floats(-1e3, 1e3), log_uniform(-6, 250), log_uniform(-6, 250).map(lambda v: -v))


@for_all(X0, log_uniform(-12, 2))
def matches_the_exact_delta(fn, x0, eps):
    got = _number(fn(x0, eps), "delta_for_square")
    want = _exact_delta(x0, eps)
    if not np.isclose(got, want, rtol=1e-12, atol=0):
        raise Failed(
            f"δ(x0={x0!r}, ε={eps!r}) = {got:.6g}, expected √(x0² + ε) − |x0| = {want:.6g}"
        )


def large_x0(fn):
    got = _number(fn(1e8, 1e-3), "delta_for_square")
    if not np.isclose(got, 5e-12, rtol=1e-9, atol=0):
        raise Failed(
            f"δ(x0=1e8, ε=1e-3) should be 5e-12, got {got:.3g}: √(x0² + ε) − |x0| cancels — "
            "multiply by the conjugate"
        )
    try:
        got = _number(fn(1e200, 1.0), "delta_for_square")
    except OverflowError:
        raise Failed(
            "δ(x0=1e200, ε=1) raised OverflowError: x0² overflows — use np.hypot"
        ) from None
    if not np.isclose(got, 5e-201, rtol=1e-9, atol=0):
        raise Failed(f"δ(x0=1e200, ε=1) should be 5e-201, got {got:.3g}: x0² overflows")
    got = _number(fn(-3.0, 7.0), "delta_for_square")
    if not np.isclose(got, 1.0, rtol=1e-14, atol=0):
        raise Failed(f"δ(x0=−3, ε=7) should be 1 (the same as at x0 = 3), got {got:.6g}")


# --- bisect ------------------------------------------------------------------------------------


class _Counted:
    """``f`` that counts its calls."""

    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, x):
        self.calls += 1
        return self.f(x)


def _pair(value, what: str) -> tuple[float, float]:
    if not (isinstance(value, tuple) and len(value) == 2):
        raise Failed(f"bisect must return the tuple (root, error_bound) for {what}")
    return _number(value[0], "root"), _number(value[1], "error_bound")


def _cubic(r, c, s):
    return lambda x: s * ((x - r) + c * (x - r) ** 3)  # increasing or decreasing, one root r


@for_all(
    st.floats(-100, 100),
    st.floats(0, 10),
    st.sampled_from([-1.0, 1.0]),
    log_uniform(-3, 2),
    log_uniform(-3, 2),
    st.sampled_from([2e-12, 1e-8, 1e-4]),
)
def finds_roots_within_its_bound(fn, r, c, s, left, right, xtol):
    a, b = r - left, r + right
    f = _Counted(_cubic(r, c, s))
    root, bound = _pair(fn(f, a, b, xtol=xtol), f"[{a}, {b}]")
    if abs(root - r) > bound:
        raise Failed(f"the root is {abs(root - r):.3g} from {root!r}, above the bound {bound:.3g}")
    if bound > xtol:
        raise Failed(f"the error bound {bound:.3g} is above xtol = {xtol:g}: bisect more")
    most = math.ceil(math.log2((b - a) / xtol)) + 3
    if f.calls > most:
        raise Failed(f"{f.calls} evaluations of f for xtol = {xtol:g}: bisection needs ≤ {most}")


def refuses_a_non_bracket(fn):
    for f, a, b, what in [
        (lambda x: x * x + 1.0, -1.0, 1.0, "x² + 1 on [−1, 1]"),
        (lambda x: x - 5.0, 0.0, 1.0, "x − 5 on [0, 1]"),
    ]:
        try:
            fn(f, a, b)
        except ValueError:
            continue
        raise Failed(f"bisect({what}) must raise ValueError: f(a) and f(b) have the same sign")


def exact_zero_at_a_midpoint(fn):
    root, bound = _pair(fn(lambda x: x, -1.0, 3.0), "f(x) = x on [−1, 3]")
    if abs(root) > bound:
        raise Failed(
            f"bisect(x, −1, 3) = {root!r} ± {bound:.3g}, but the root is 0 — the midpoint "
            "m = 0 has f(m) = 0 exactly, and the bracket lost it"
        )


def tiny_and_flat_functions(fn):
    tiny = "f(x) = 1e-200 (x − 0.3) on [0, 1]"
    try:
        root, bound = _pair(fn(lambda x: 1e-200 * (x - 0.3), 0.0, 1.0), tiny)
    except ValueError:
        raise Failed(f"bisect refused {tiny}: f(0)·f(1) underflows to 0 — compare signs") from None
    if abs(root - 0.3) > bound or bound > 2e-12:
        raise Failed(f"bisect of {tiny} = {root!r} ± {bound:.3g}, but the root is 0.3")
    root, bound = _pair(fn(lambda x: 1e-9 * (x - 0.3), 0.0, 1.0, xtol=1e-6), "a flat function")
    if abs(root - 0.3) > bound or bound > 1e-6:
        raise Failed(
            f"bisect of f(x) = 1e-9 (x − 0.3) on [0, 1] with xtol=1e-6 = {root!r} ± {bound:.3g}: "
            "a small |f(m)| does not mean m is near the root — stop on the bracket"
        )


def huge_brackets(fn):
    root, bound = _pair(fn(lambda x: x - 1.3e308, 1e308, 1.7e308), "[1e308, 1.7e308]")
    if not (math.isfinite(root) and abs(root - 1.3e308) <= bound <= 1e-12 * 1.3e308):
        raise Failed(
            f"bisect(x − 1.3e308, 1e308, 1.7e308) = {root!r} ± {bound!r}: (a + b)/2 overflows — "
            "use a + (b − a)/2"
        )


def stops_after_maxiter(fn):
    f = _Counted(lambda x: x - 1.0 / 3.0)
    root, bound = _pair(fn(f, 0.0, 1.0, xtol=1e-12, maxiter=10), "maxiter=10")
    if abs(root - 1.0 / 3.0) > bound:
        raise Failed(f"after 10 halvings the error bound {bound:.3g} does not cover the error")
    if bound > 2.0**-10 or f.calls > 13:
        raise Failed(
            f"maxiter=10 on [0, 1] should stop after 10 halvings (bound 2⁻¹¹), got bound "
            f"{bound:.3g} after {f.calls} evaluations"
        )


# --- numerical_limit ---------------------------------------------------------------------------


def _never_at(a, f):
    def wrapped(x):
        if np.any(np.asarray(x) == a):
            raise Failed(f"numerical_limit evaluated f at a = {a} itself (often 0/0 there)")
        return f(x)

    return wrapped


CLASSICS = [
    ("sin(x)/x", lambda x: np.sin(x) / x, 0.0, 1.0),
    ("(1 − cos x)/x²", lambda x: (1 - np.cos(x)) / x**2, 0.0, 0.5),
    ("(eˣ − 1)/x", lambda x: np.expm1(x) / x, 0.0, 1.0),
    ("(x² − 4)/(x − 2)", lambda x: (x**2 - 4) / (x - 2), 2.0, 4.0),
]


def classic_limits(fn):
    for name, f, a, want in CLASSICS:
        for side in ("right", "left"):
            got = _number(fn(_never_at(a, f), a, side=side), "numerical_limit")
            if not np.isclose(got, want, rtol=1e-8, atol=0):
                raise Failed(
                    f"the limit of {name} at {a:g} ({side}) is {want:g}, got {got!r}: "
                    "extrapolate the table, do not just take the last sample"
                )


@for_all(polynomials(4), st.floats(-2, 2), st.sampled_from(["right", "left"]))
def limits_of_difference_quotients(fn, c, a, side):
    P = np.polynomial.Polynomial(c)
    f = _never_at(a, lambda x: (P(x) - P(a)) / (x - a))
    got = _number(fn(f, a, side=side), "numerical_limit")
    want = P.deriv()(a)
    scale = 1.0 + np.sum(np.abs(c) * max(1.0, abs(a)) ** np.arange(len(c)))
    if not abs(got - want) <= 1e-8 * scale:
        raise Failed(
            f"the limit of (P(x) − P(a))/(x − a) is P'(a) = {want:.10g}, got {got:.10g} "
            f"({side}): check the factor 1/(2ʲ − 1)"
        )


def one_sided_limits(fn):
    def jump(x):
        return np.where(x > 0, 1.0 + x, x * x - 1.0)

    right = _number(fn(_never_at(0.0, jump), 0.0, side="right"), "numerical_limit")
    left = _number(fn(_never_at(0.0, jump), 0.0, side="left"), "numerical_limit")
    if not (
        close(right, 1.0, rtol=1e-10, atol=1e-10) and close(left, -1.0, rtol=1e-10, atol=1e-10)
    ):
        raise Failed(
            f"f jumps from −1 to 1 at 0: the left limit is −1 and the right 1, got {left:.6g} "
            f"and {right:.6g} (side='left' samples a − h)"
        )


PROBLEMS = [
    Problem(
        "radius_inside",
        lambda fn: fn(0.5, 0.0, 1.0),
        [ends_and_outside_points, matches_the_definition],
    ),
    Problem("delta_for_square", lambda fn: fn(1.0, 0.1), [large_x0, matches_the_exact_delta]),
    Problem(
        "bisect",
        lambda fn: fn(lambda x: x * x - 2.0, 0.0, 2.0),
        [
            refuses_a_non_bracket,
            exact_zero_at_a_midpoint,
            tiny_and_flat_functions,
            huge_brackets,
            stops_after_maxiter,
            finds_roots_within_its_bound,
        ],
    ),
    Problem(
        "numerical_limit",
        lambda fn: fn(lambda x: np.sin(x) / x, 0.0),
        [classic_limits, one_sided_limits, limits_of_difference_quotients],
    ),
]
