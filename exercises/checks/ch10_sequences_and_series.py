"""Checks for chapter 10: partial sums, the geometric series, Taylor polynomials, ε, 1 − cos x."""

from __future__ import annotations

from math import factorial

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ..grading import Failed, Problem, close, for_all
from .strategies import vectors

__all__ = ["PROBLEMS"]

EPS = np.finfo(float).eps
NAMES = ("exp", "sin", "cos", "log1p")


# --- partial_sums ------------------------------------------------------------------------------


@for_all(st.integers(1, 12).flatmap(vectors), max_examples=40)
def matches_cumsum(fn, a):
    S = np.asarray(fn(a.copy()), dtype=float)
    bound = 4 * EPS * len(a) * np.cumsum(np.abs(a))
    if S.shape != a.shape or np.any(np.abs(S - np.cumsum(a)) > bound):
        raise Failed(f"the partial sums of {len(a)} terms ≠ a₀, a₀ + a₁, …")


def first_sums(fn):
    S = np.asarray(fn(np.array([1.0, 2.0, 3.0])), dtype=float)
    if not np.array_equal(S, [1.0, 3.0, 6.0]):
        raise Failed(
            f"partial_sums([1, 2, 3]) = [1, 3, 6] (S₁ = a₀: the first sum has one term), got {S}"
        )


# --- geometric_series --------------------------------------------------------------------------


def _series(fn, r, n):
    result = fn(r, n)
    if not (isinstance(result, tuple) and len(result) == 3):
        raise Failed("geometric_series must return the tuple (sums, limit, error)")
    sums, limit, error = result
    sums, error = np.asarray(sums, dtype=float), np.asarray(error, dtype=float)
    if sums.shape != (n,) or error.shape != (n,) or np.ndim(limit) != 0:
        raise Failed(f"for n = {n}: sums and error of shape ({n},), and one limit")
    return sums, float(limit), error


@for_all(st.floats(-0.99, 0.99), st.integers(1, 60), max_examples=40)
def sums_and_errors(fn, r, n):
    sums, limit, error = _series(fn, r, n)
    k = np.arange(1, n + 1)
    closed = (1 - r**k) / (1 - r)
    scale = 8 * n * EPS / (1 - abs(r))
    if np.any(np.abs(sums - closed) > scale):
        raise Failed(f"S_k ≠ (1 − r^k)/(1 − r) for r = {r!r}")
    if not np.isclose(limit, 1 / (1 - r), rtol=1e-15):
        raise Failed(f"the limit of Σ r^k is 1/(1 − r) = {1 / (1 - r):.6g}, got {limit:.6g}")
    if not close(error, r**k / (1 - r), rtol=1e-13, atol=0):
        raise Failed(f"the error of S_k is r^k/(1 − r) exactly (for r = {r!r}: mind the power)")
    if np.any(np.abs(error - (limit - sums)) > scale):
        raise Failed("error ≠ limit − sums")


def edges_of_the_ratio(fn):
    sums, _, error = _series(fn, 0.0, 3)
    if not (np.array_equal(sums, [1.0, 1.0, 1.0]) and np.array_equal(error, [0.0, 0.0, 0.0])):
        raise Failed(
            f"for r = 0 the series is 1 + 0 + …: sums [1, 1, 1], errors 0; got {sums}, {error}"
        )
    for r in (1.0, -1.0, 2.0):
        try:
            fn(r, 5)
        except ValueError:
            continue
        raise Failed(f"Σ r^k diverges for r = {r:g}: raise ValueError")


# --- taylor_polynomial -------------------------------------------------------------------------


def _reference_coefficients(name: str, n: int) -> list[float]:
    """f^(k)(0)/k!, from the derivatives' cycle (exp: 1; sin: 0, 1, 0, −1; cos: 1, 0, −1, 0)."""
    if name == "log1p":  # f^(k)(0) = (−1)^(k+1) (k − 1)!
        return [0.0] + [
            (-1.0) ** (k + 1) * factorial(k - 1) / factorial(k) for k in range(1, n + 1)
        ]
    cycle = {"exp": [1, 1, 1, 1], "sin": [0, 1, 0, -1], "cos": [1, 0, -1, 0]}[name]
    return [cycle[k % 4] / factorial(k) for k in range(n + 1)]


@st.composite
def _taylor_problems(draw):
    name = draw(st.sampled_from(NAMES))
    low, high = (-0.9, 0.9) if name == "log1p" else (-3.0, 3.0)
    size = draw(st.integers(1, 6))
    x = draw(hnp.arrays(np.float64, (size,), elements=st.floats(low, high)))
    return name, x, draw(st.integers(0, 20))


@for_all(_taylor_problems(), max_examples=50)
def matches_the_taylor_coefficients(fn, problem):
    name, x, n = problem
    T = np.asarray(fn(name, x.copy(), n), dtype=float)
    c = _reference_coefficients(name, n)
    want = np.polynomial.polynomial.polyval(x, c)
    size = np.polynomial.polynomial.polyval(np.abs(x), np.abs(c))
    if T.shape != x.shape or np.any(np.abs(T - want) > 8 * (n + 1) * EPS * size + 1e-300):
        raise Failed(f"T_{n}(x) for {name} ≠ Σ_(k≤{n}) f^(k)(0) x^k / k!")
    f = getattr(np, name)(x)
    bound = {"exp": np.exp(np.maximum(x, 0)), "sin": 1.0, "cos": 1.0}.get(name)
    lagrange = (
        np.abs(x) ** (n + 1) / (n + 1) / np.minimum(1, 1 + x) ** (n + 1)
        if bound is None
        else bound * np.abs(x) ** (n + 1) / factorial(n + 1)
    )
    if np.any(np.abs(f - T) > lagrange + 16 * (n + 1) * EPS * size):
        raise Failed(f"|{name}(x) − T_{n}(x)| exceeds Lagrange's remainder bound")


def low_degrees(fn):
    zero = np.array([0.5])
    for name, want in [("exp", 1.0), ("sin", 0.0), ("cos", 1.0), ("log1p", 0.0)]:
        got = np.asarray(fn(name, zero, 0), dtype=float)
        if not close(got, [want]):
            raise Failed(
                f"T_0 of {name} is the constant f(0) = {want:g}, got {got} (degree 0 has one term)"
            )
    got = np.asarray(fn("exp", np.array([2.0]), 2), dtype=float)
    if not close(got, [5.0]):
        raise Failed(f"T_2 of exp at 2 is 1 + 2 + 2²/2 = 5, got {got}")


# --- machine_epsilon ---------------------------------------------------------------------------


def measures_epsilon(fn):
    for dtype in (np.float64, np.float32, np.float16):
        got = fn(dtype)
        want = float(np.finfo(dtype).eps)
        if np.ndim(got) != 0 or float(got) != want:
            half = (
                " (one halving too many: stop while 1 + e/2 still differs from 1)"
                if float(got) == want / 2
                else ""
            )
            raise Failed(
                f"ε of {np.dtype(dtype).name} is {want!r}, got {got!r}{half}"
                + (" — compute in that dtype" if float(got) == float(np.finfo(float).eps) else "")
            )


# --- one_minus_cos -----------------------------------------------------------------------------


def _reference_one_minus_cos(x: np.ndarray) -> np.ndarray:
    """1 − cos x where there is no cancellation, its Taylor series (to x¹⁶) for |x| ≤ 0.5."""
    c = [0.0] * 17
    for k in range(2, 17, 2):
        c[k] = -((-1.0) ** (k // 2)) / factorial(k)
    small = np.polynomial.polynomial.polyval(x, c)
    return np.where(np.abs(x) > 0.5, 1.0 - np.cos(x), small)


@st.composite
def _angles(draw):
    size = draw(st.integers(1, 6))
    mantissa = draw(hnp.arrays(np.float64, (size,), elements=st.floats(-10, 10)))
    return mantissa * 10.0 ** draw(st.integers(-150, 0))


@for_all(_angles(), max_examples=40)
def accurate_at_every_scale(fn, x):
    got = np.asarray(fn(x.copy()), dtype=float)
    want = _reference_one_minus_cos(x)
    if got.shape != x.shape or not np.allclose(got, want, rtol=1e-13, atol=1e-300):
        raise Failed(f"1 − cos x is not accurate to 1e-13 relative for x = {x}")


def tiny_angles(fn):
    got = float(np.asarray(fn(np.array([1e-9])), dtype=float)[0])
    if not np.isclose(got, 5e-19, rtol=1e-12, atol=0):
        raise Failed(
            f"1 − cos(1e-9) ≈ 5e-19, got {got:.3g}: the subtraction cancels — use 2 sin²(x/2)"
        )


PROBLEMS = [
    Problem("partial_sums", lambda fn: fn(np.ones(3)), [first_sums, matches_cumsum]),
    Problem("geometric_series", lambda fn: fn(0.5, 4), [edges_of_the_ratio, sums_and_errors]),
    Problem(
        "taylor_polynomial",
        lambda fn: fn("exp", np.array([0.5]), 3),
        [low_degrees, matches_the_taylor_coefficients],
    ),
    Problem("machine_epsilon", lambda fn: fn(np.float64), [measures_epsilon]),
    Problem(
        "one_minus_cos", lambda fn: fn(np.array([0.5])), [tiny_angles, accurate_at_every_scale]
    ),
]
