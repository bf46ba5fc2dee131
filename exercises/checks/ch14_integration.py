"""Checks for chapter 14: Riemann sums, trapezoid and Simpson rules, Gauss–Legendre."""

from __future__ import annotations

import numpy as np
import scipy.integrate as si
import scipy.special as sp
from hypothesis import strategies as st

from ..grading import Failed, Problem, close, for_all
from .strategies import intervals, polynomials

__all__ = ["PROBLEMS"]


def _number(value, what: str) -> float:
    if np.ndim(value) != 0:
        raise Failed(f"{what} must return a number, got shape {np.shape(value)}")
    return float(value)


def _poly_case(c, ab):
    """``P``, its integral over ``[a, b]``, and the size of the numbers involved."""
    P = np.polynomial.Polynomial(c)
    a, b = ab
    antiderivative = P.integ()
    m = max(1.0, abs(a), abs(b))
    scale = abs(b - a) * np.sum(np.abs(c) * m ** np.arange(len(c)))
    return P, antiderivative(b) - antiderivative(a), scale


SMOOTH = {
    "exp": np.exp,
    "sin": np.sin,
    "1/(1 + x²)": lambda x: 1 / (1 + x * x),
    "√(1 + x²)": lambda x: np.sqrt(1 + x * x),
}

# --- riemann_sum -------------------------------------------------------------------------------


@for_all(
    polynomials(3), intervals(), st.integers(1, 40), st.sampled_from(["left", "right", "midpoint"])
)
def matches_the_sum(fn, c, ab, n, rule):
    P, _, scale = _poly_case(c, ab)
    a, b = ab
    h = (b - a) / n
    offset = {"left": 0.0, "right": 1.0, "midpoint": 0.5}[rule]
    want = sum(h * P(a + (i + offset) * h) for i in range(n))
    got = _number(fn(P, a, b, n, rule=rule), "riemann_sum")
    if not abs(got - want) <= 1e-12 * scale:
        raise Failed(
            f"the {rule} Riemann sum of a polynomial on [{a:.6g}, {b:.6g}] with n = {n} is "
            f"{want:.12g}, got {got:.12g}"
        )


def rules_on_lines(fn):
    for rule, want in [("left", 0.375), ("right", 0.625), ("midpoint", 0.5)]:
        got = _number(fn(lambda x: x, 0.0, 1.0, 4, rule=rule), "riemann_sum")
        if not np.isclose(got, want, rtol=1e-14, atol=0):
            raise Failed(f"the {rule} sum of x on [0, 1] with n = 4 is {want}, got {got:.12g}")
    got = _number(fn(lambda x: 3 * x + 1, 0.0, 2.0, 1), "riemann_sum")
    if not np.isclose(got, 8.0, rtol=1e-14, atol=0):
        raise Failed(f"the midpoint rule is exact for lines: ∫₀² (3x + 1) = 8, got {got:.12g}")
    got = _number(fn(lambda x: np.ones_like(x), 1.0, 0.0, 3), "riemann_sum")
    if not np.isclose(got, -1.0, rtol=1e-14, atol=0):
        raise Failed(f"∫₁⁰ 1 dx = −1 (b < a flips the sign), got {got:.12g}")


# --- trapezoid_rule ----------------------------------------------------------------------------


@for_all(st.sampled_from(sorted(SMOOTH)), intervals(), st.integers(1, 60), max_examples=40)
def matches_scipy_trapezoid(fn, name, ab, n):
    a, b = ab
    f = SMOOTH[name]
    x = np.linspace(a, b, n + 1)
    want = si.trapezoid(f(x), x)
    got = _number(fn(f, a, b, n), "trapezoid_rule")
    if not np.isclose(got, want, rtol=1e-12, atol=1e-14):
        raise Failed(
            f"the trapezoid rule for {name} on [{a:.6g}, {b:.6g}] with n = {n} is {want:.12g} "
            f"(scipy.integrate.trapezoid), got {got:.12g}"
        )


def trapezoid_error_on_a_parabola(fn):
    for n in (1, 2, 5):
        got = _number(fn(lambda x: x * x, 0.0, 1.0, n), "trapezoid_rule")
        want = 1 / 3 + 1 / (6 * n * n)  # the error (b − a) h² f''/12 exactly
        if not np.isclose(got, want, rtol=1e-14, atol=0):
            raise Failed(
                f"the trapezoid rule for x² on [0, 1] with n = {n} is 1/3 + 1/(6n²) = "
                f"{want:.12g}, got {got:.12g} (the end points weigh ½)"
            )


# --- simpson_rule ------------------------------------------------------------------------------


@for_all(polynomials(3), intervals(), st.integers(1, 20))
def exact_for_cubics(fn, c, ab, half):
    P, want, scale = _poly_case(c, ab)
    a, b = ab
    got = _number(fn(P, a, b, 2 * half), "simpson_rule")
    if not abs(got - want) <= 1e-12 * scale:
        raise Failed(
            f"Simpson's rule is exact for cubics: on [{a:.6g}, {b:.6g}] with n = {2 * half} the "
            f"integral is {want:.12g}, got {got:.12g} (weights 1, 4, 2, …, 2, 4, 1 on n + 1 points)"
        )


@for_all(st.sampled_from(sorted(SMOOTH)), intervals(), st.integers(1, 30), max_examples=40)
def matches_scipy_simpson(fn, name, ab, half):
    a, b = ab
    f = SMOOTH[name]
    x = np.linspace(a, b, 2 * half + 1)
    want = si.simpson(f(x), x=x)
    got = _number(fn(f, a, b, 2 * half), "simpson_rule")
    if not np.isclose(got, want, rtol=1e-12, atol=1e-14):
        raise Failed(
            f"Simpson's rule for {name} on [{a:.6g}, {b:.6g}] with n = {2 * half} is "
            f"{want:.12g} (scipy.integrate.simpson), got {got:.12g}"
        )


def simpson_needs_an_even_n(fn):
    for n in (3, 0):
        try:
            fn(np.exp, 0.0, 1.0, n)
        except ValueError:
            continue
        raise Failed(f"simpson_rule with n = {n} must raise ValueError: n must be even and > 0")


def error_on_a_quartic(fn):
    got = _number(fn(lambda x: x**4, 0.0, 1.0, 2), "simpson_rule")
    if not np.isclose(got, 0.2 + 1 / 120, rtol=1e-14, atol=0):
        raise Failed(
            f"Simpson's rule for x⁴ on [0, 1] with n = 2 is (0 + 4/16 + 1)/6 = 5/24, got {got:.12g}"
        )


# --- roots_legendre ----------------------------------------------------------------------------


def _nodes_weights(value, n: int):
    if not (isinstance(value, tuple) and len(value) == 2):
        raise Failed("roots_legendre must return the tuple (nodes, weights)")
    t, w = (np.asarray(v, dtype=float) for v in value)
    if t.shape != (n,) or w.shape != (n,):
        raise Failed(f"roots_legendre({n}) must return {n} nodes and {n} weights")
    return t, w


def the_first_three(fn):
    r3 = np.sqrt(3 / 5)
    for n, nodes, weights in [
        (1, [0.0], [2.0]),
        (2, [-1 / np.sqrt(3), 1 / np.sqrt(3)], [1.0, 1.0]),
        (3, [-r3, 0.0, r3], [5 / 9, 8 / 9, 5 / 9]),
    ]:
        t, w = _nodes_weights(fn(n), n)
        if not (close(t, nodes, rtol=0, atol=1e-15) and close(w, weights, rtol=1e-14, atol=0)):
            raise Failed(
                f"roots_legendre({n}) should be nodes {np.round(nodes, 6)} and weights "
                f"{np.round(weights, 6)} (nodes ascending), got {np.round(t, 6)} and {np.round(w, 6)}"
            )


@for_all(st.integers(1, 30), max_examples=20)
def matches_scipy_roots(fn, n):
    t, w = _nodes_weights(fn(n), n)
    T, W = sp.roots_legendre(n)
    if not close(t, T, rtol=0, atol=1e-14):
        raise Failed(f"the {n} nodes differ from scipy.special.roots_legendre({n})'s")
    if not close(w, W, rtol=1e-11, atol=0):
        raise Failed(f"the {n} weights differ from scipy.special.roots_legendre({n})'s")
    moments = np.array([np.sum(w * t**k) for k in range(2 * n)])
    exact = np.array([2 / (k + 1) if k % 2 == 0 else 0.0 for k in range(2 * n)])
    if not close(moments, exact, rtol=0, atol=1e-13):
        raise Failed(f"Σ wᵢ tᵢᵏ ≠ ∫ tᵏ for some k ≤ 2n − 1 = {2 * n - 1}")


# --- fixed_quad --------------------------------------------------------------------------------


@for_all(
    st.integers(1, 8).flatmap(lambda n: st.tuples(st.just(n), polynomials(2 * n - 1))), intervals()
)
def exact_to_degree_2n_minus_1(fn, case, ab):
    n, c = case
    P, want, scale = _poly_case(c, ab)
    a, b = ab
    got = _number(fn(P, a, b, n=n), "fixed_quad")
    if not abs(got - want) <= 1e-12 * scale:
        raise Failed(
            f"Gauss–Legendre with n = {n} is exact for degree {2 * n - 1}: on [{a:.6g}, {b:.6g}] "
            f"the integral is {want:.12g}, got {got:.12g} (dx = (b − a)/2 dt)"
        )


@for_all(st.sampled_from(sorted(SMOOTH)), intervals(), st.integers(1, 12), max_examples=40)
def matches_scipy_fixed_quad(fn, name, ab, n):
    a, b = ab
    f = SMOOTH[name]
    want, _ = si.fixed_quad(f, a, b, n=n)
    got = _number(fn(f, a, b, n=n), "fixed_quad")
    if not np.isclose(got, want, rtol=1e-12, atol=1e-14):
        raise Failed(
            f"fixed_quad({name}, {a:.6g}, {b:.6g}, n={n}) is {want:.12g} "
            f"(scipy.integrate.fixed_quad), got {got:.12g}"
        )


PROBLEMS = [
    Problem("riemann_sum", lambda fn: fn(np.exp, 0.0, 1.0, 10), [rules_on_lines, matches_the_sum]),
    Problem(
        "trapezoid_rule",
        lambda fn: fn(np.exp, 0.0, 1.0, 10),
        [trapezoid_error_on_a_parabola, matches_scipy_trapezoid],
    ),
    Problem(
        "simpson_rule",
        lambda fn: fn(np.exp, 0.0, 1.0, 10),
        [simpson_needs_an_even_n, exact_for_cubics, error_on_a_quartic, matches_scipy_simpson],
    ),
    Problem("roots_legendre", lambda fn: fn(3), [the_first_three, matches_scipy_roots]),
    Problem(
        "fixed_quad",
        lambda fn: fn(np.exp, 0.0, 1.0),
        [exact_to_degree_2n_minus_1, matches_scipy_fixed_quad],
    ),
]
