"""Checks for chapter 13: the order of convergence, gradient descent, Newton, golden section."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from ..grading import Failed, Problem, for_all
from .strategies import log_uniform

__all__ = ["PROBLEMS"]

LN2 = math.log(2.0)


def _number(value, what: str) -> float:
    if np.ndim(value) != 0:
        raise Failed(f"{what} must return a number, got shape {np.shape(value)}")
    return float(value)


def _result(value, what: str) -> tuple[float, bool]:
    if not (isinstance(value, tuple) and len(value) == 2):
        raise Failed(f"{what} must return the tuple (x, converged)")
    x, converged = value
    if not isinstance(converged, (bool, np.bool_)):
        raise Failed(f"{what}: converged must be True or False, got {converged!r}")
    return _number(x, what), bool(converged)


class _Counted:
    """``f`` that counts its calls."""

    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, x):
        self.calls += 1
        return self.f(x)


def _raises_value_error(call) -> bool:
    try:
        call()
    except ValueError:
        return True
    except (ZeroDivisionError, OverflowError, FloatingPointError):
        return False
    return False


# --- convergence_order -------------------------------------------------------------------------


@for_all(st.floats(1, 3), st.floats(0.2, 0.9), log_uniform(-3, -1), st.integers(3, 6))
def recovers_the_order(fn, p, C, e0, n):
    e = [e0]
    for _ in range(n - 1):
        e.append(C * e[-1] ** p)
    assume(e[-1] > 1e-290)
    got = _number(fn(np.array(e)), "convergence_order")
    if not np.isclose(got, p, rtol=1e-8, atol=0):
        raise Failed(f"errors with e_(k+1) = {C:.3g} e_k^{p:.6g} have order {p:.6g}, got {got:.6g}")


def uses_the_last_three(fn):
    got = _number(fn([1.0, 0.9, 0.5, 1e-2, 1e-4, 1e-8]), "convergence_order")
    if not np.isclose(got, 2.0, rtol=1e-12, atol=0):
        raise Failed(
            f"the errors 1, 0.9, 0.5, 1e-2, 1e-4, 1e-8 end quadratically (order 2), got {got:.6g}:"
            " use the last three errors"
        )
    for errors, what in [([1.0, 0.1], "two errors"), ([1e-2, 1e-4, 1e-4], "errors that stall")]:
        if not _raises_value_error(lambda errors=errors: fn(errors)):
            raise Failed(f"convergence_order of {what} must raise ValueError")


# --- gradient_descent_1d -----------------------------------------------------------------------


@for_all(log_uniform(-1, 1), st.floats(-10, 10), st.floats(0.1, 1.9), st.floats(-10, 10))
def minimises_quadratics(fn, curvature, c, s, x0):
    step = s / curvature  # α f'' = s in (0, 2): converges
    x, converged = _result(fn(lambda x: curvature * (x - c), x0, step=step), "gradient_descent_1d")
    if not converged or abs(curvature * (x - c)) > 1e-10:
        raise Failed(
            f"gradient descent on f'(x) = {curvature:.3g}(x − {c:.3g}) with α f'' = {s:.3g} < 2 "
            f"must converge to |f'(x)| ≤ 1e-10, got x = {x!r} (converged={converged})"
        )


def convex_function(fn):
    x, converged = _result(fn(lambda x: math.exp(x) - 2, 2.0, step=0.5), "gradient_descent_1d")
    if not (converged and abs(x - LN2) <= 1e-10):
        raise Failed(f"the minimum of eˣ − 2x is ln 2 = {LN2:.12g}, got {x!r} ({converged=})")
    df = _Counted(lambda x: 2 * (x - 3))
    x, converged = _result(fn(df, 3.0), "gradient_descent_1d")
    if not (converged and x == 3.0 and df.calls <= 2):
        raise Failed(
            f"starting at the minimum x0 = 3 takes no step, got {x!r} after {df.calls} calls"
        )


def honest_about_convergence(fn):
    x, converged = _result(
        fn(lambda x: math.exp(x) - 2, 2.0, step=1e-12, max_iter=1000), "gradient_descent_1d"
    )
    if converged:
        raise Failed(
            f"with step 1e-12 the iterate barely leaves x0 = 2 (x = {x:.6g}, |f'(x)| ≈ 5.4), yet "
            "converged=True: test |f'(x)| ≤ tol, not the step"
        )


def refuses_to_diverge(fn):
    if not _raises_value_error(lambda: fn(lambda x: 2 * x, 1.0, step=1.5)):
        raise Failed(
            "step 1.5 on f(x) = x² (α f'' = 3 > 2) diverges to inf: raise ValueError when an "
            "iterate is not finite"
        )


# --- newton_1d ---------------------------------------------------------------------------------


def one_step_on_a_quadratic(fn):
    df = _Counted(lambda x: 4.0 * (x - 1.5))
    x, converged = _result(fn(df, lambda x: 4.0, -7.0), "newton_1d")
    if not (converged and abs(x - 1.5) <= 1e-15 and df.calls <= 3):
        raise Failed(
            f"Newton jumps to the minimum of a parabola in one step: 2(x − 1.5)² from −7 gave "
            f"{x!r} after {df.calls} evaluations of f' (x ← x − f'/f'')"
        )


def quadratic_convergence(fn):
    df = _Counted(lambda x: math.exp(x) - 2)
    x, converged = _result(fn(df, math.exp, 2.0), "newton_1d")
    if not (converged and abs(x - LN2) <= 1e-15):
        raise Failed(f"the minimum of eˣ − 2x is ln 2 = {LN2:.15g}, got {x!r} ({converged=})")
    if df.calls > 10:
        raise Failed(f"Newton from 2 needs about 7 steps for eˣ − 2x, took {df.calls}")


def finds_maxima_too(fn):
    x, converged = _result(fn(lambda x: -2 * (x - 1), lambda x: -2.0, 4.0), "newton_1d")
    if not (converged and abs(x - 1) <= 1e-15):
        raise Failed(
            f"Newton finds stationary points, maxima too: −(x − 1)² from 4 gave {x!r} "
            f"({converged=})"
        )


def zero_curvature(fn):
    if not _raises_value_error(lambda: fn(lambda x: x**3 - 1, lambda x: 3 * x**2, 0.0)):
        raise Failed("f''(0) = 0 for f = x⁴/4 − x: the Newton step is undefined — raise ValueError")


@for_all(log_uniform(-0.5, 0.5), st.floats(-5, 5), st.floats(-3, 3), st.floats(-3, 3))
def stationary_points(fn, a, c, b, d):
    want = c + math.asinh(-b / a) / a  # the root of f'(x) = a sinh(a(x − c)) + b
    x, converged = _result(
        fn(
            lambda x: a * math.sinh(a * (x - c)) + b,
            lambda x: a * a * math.cosh(a * (x - c)),
            c + d / a,
        ),
        "newton_1d",
    )
    if not (converged and abs(x - want) <= 1e-11 * max(1.0, abs(want))):
        raise Failed(
            f"the stationary point of f' = {a:.3g} sinh({a:.3g}(x − {c:.3g})) + {b:.3g} is "
            f"{want:.12g}, got {x!r} ({converged=})"
        )


# --- golden_section_search ---------------------------------------------------------------------

SHAPES = {
    "(x − c)²": lambda c: lambda x: (x - c) ** 2,
    "|x − c|": lambda c: lambda x: abs(x - c),
    "e^(x−c) − (x − c)": lambda c: lambda x: math.exp(x - c) - (x - c),
    "log(1 + (x − c)²)": lambda c: lambda x: math.log1p((x - c) ** 2),
}


@for_all(
    st.sampled_from(sorted(SHAPES)),
    st.floats(-10, 10),
    log_uniform(-1, 1.5),
    st.floats(-0.3, 1.3),
    st.sampled_from([1e-4, 1e-6]),
)
def finds_the_minimum(fn, shape, a, width, where, tol):
    b = a + width
    c = a + where * width  # outside [a, b] now and then: the minimum is then at an end
    f = _Counted(SHAPES[shape](c))
    x = _number(fn(f, a, b, tol=tol), "golden_section_search")
    want = min(max(c, a), b)
    scale = max(1.0, abs(a) + abs(b))
    if abs(x - want) > tol * scale:
        raise Failed(f"the minimum of {shape} on [{a:.6g}, {b:.6g}] is at {want:.8g}, got {x!r}")
    # the test b − a ≤ tol·max(1, |a| + |b|) ends with |a| + |b| ≈ 2|x*|
    final = tol * max(1.0, 1.9 * abs(want))
    most = 4 + math.ceil(math.log(width / final) / math.log((1 + math.sqrt(5)) / 2))
    if f.calls > most:
        raise Failed(
            f"{f.calls} evaluations of f for a bracket of {width:.3g} and tol {tol:g}: golden "
            f"section needs ≤ {most} — reuse the surviving point, one evaluation per step"
        )


def default_tolerance(fn):
    x = _number(fn(lambda x: (x - 0.7) ** 2, 0.0, 2.0), "golden_section_search")
    if abs(x - 0.7) > 2e-8:
        raise Failed(f"the minimum of (x − 0.7)² on [0, 2] is 0.7, got {x!r} with tol = 1e-8")


PROBLEMS = [
    Problem(
        "convergence_order",
        lambda fn: fn([1e-1, 1e-2, 1e-4]),
        [uses_the_last_three, recovers_the_order],
    ),
    Problem(
        "gradient_descent_1d",
        lambda fn: fn(lambda x: 2 * (x - 1), 0.0),
        [convex_function, honest_about_convergence, refuses_to_diverge, minimises_quadratics],
    ),
    Problem(
        "newton_1d",
        lambda fn: fn(lambda x: 2 * (x - 1), lambda x: 2.0, 0.0),
        [
            one_step_on_a_quadratic,
            quadratic_convergence,
            finds_maxima_too,
            zero_curvature,
            stationary_points,
        ],
    ),
    Problem(
        "golden_section_search",
        lambda fn: fn(lambda x: (x - 1) ** 2, 0.0, 3.0),
        [default_tolerance, finds_the_minimum],
    ),
]
