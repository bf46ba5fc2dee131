"""Checks for chapter 6: characteristic polynomial, Rayleigh quotient, power and inverse iteration."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..grading import Failed, Problem, for_all
from .strategies import (
    nonzero_vectors,
    square_matrices,
    symmetric_with_dominant_eigenvalue,
    symmetric_with_separated_eigenvalues,
)

__all__ = ["PROBLEMS"]


# --- characteristic_polynomial -----------------------------------------------------------------


def _coefficients(value, n: int) -> np.ndarray:
    c = np.asarray(value, dtype=float)
    if c.shape != (n + 1,):
        raise Failed(f"a {n}×{n} matrix has n + 1 = {n + 1} coefficients, got shape {c.shape}")
    return c


def textbook_polynomials(fn):
    c = _coefficients(fn(np.array([[2.0, 1.0], [1.0, 2.0]])), 2)
    if not np.allclose(c, [1.0, -4.0, 3.0]):
        raise Failed(f"det(λI − [[2, 1], [1, 2]]) = λ² − 4λ + 3, so [1, −4, 3]; got {c}")
    c = _coefficients(fn(np.diag([1.0, 2.0, 3.0])), 3)
    if not np.allclose(c, [1.0, -6.0, 11.0, -6.0]):
        raise Failed(
            f"det(λI − diag(1, 2, 3)) = (λ−1)(λ−2)(λ−3) = [1, −6, 11, −6]; got {c} "
            "(the polynomial is det(λI − A): leading coefficient 1)"
        )


@for_all(square_matrices(1, 5), max_examples=40)
def matches_numpy_poly(fn, A):
    n = A.shape[0]
    c = _coefficients(fn(A.copy()), n)
    want = np.poly(A)
    tol = 1e-9 * (1 + np.linalg.norm(A)) ** np.arange(n + 1)  # c_k grows like ‖A‖^k
    if np.any(np.abs(c - want) > tol):
        raise Failed(f"the coefficients of det(λI − A) ≠ numpy.poly(A) for a {n}×{n} matrix")


# --- rayleigh_quotient -------------------------------------------------------------------------


@st.composite
def _matrix_and_vector(draw):
    A = draw(square_matrices(1, 5))
    return A, draw(nonzero_vectors(A.shape[0]))


@for_all(_matrix_and_vector(), max_examples=40)
def matches_the_formula(fn, problem):
    A, x = problem
    want = x @ A @ x / (x @ x)
    got = fn(A.copy(), x.copy())
    scale = A.shape[0] * np.max(np.abs(A))  # np.linalg.norm underflows for tiny entries
    if np.ndim(got) != 0 or abs(float(got) - want) > 1e-12 * max(scale, 1e-300):
        raise Failed(
            f"ρ(x) = {np.asarray(got)} ≠ xᵀAx / xᵀx = {want:.6g} (x need not be a unit vector)"
        )
    if abs(float(fn(A.copy(), 3 * x)) - want) > 1e-12 * max(scale, 1e-300):
        raise Failed("ρ(3x) ≠ ρ(x): the Rayleigh quotient does not depend on the length of x")


def at_an_eigenvector(fn):
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    if not np.isclose(float(fn(A, np.array([1.0, 1.0]))), 3.0):
        raise Failed(
            "at the eigenvector (1, 1) of [[2, 1], [1, 2]] the quotient is its eigenvalue 3"
        )


# --- power_iteration and inverse_iteration -----------------------------------------------------


def _pair(result, n: int, name: str) -> tuple[float, np.ndarray]:
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Failed(f"{name} must return the tuple (eigenvalue, eigenvector)")
    value, vector = result
    v = np.asarray(vector, dtype=float)
    if np.ndim(value) != 0 or v.shape != (n,):
        raise Failed(f"{name} must return a number and a vector of length {n}")
    if not np.isclose(np.linalg.norm(v), 1.0, rtol=0, atol=1e-10):
        raise Failed(
            f"the eigenvector must be a unit vector, ‖v‖ = {np.linalg.norm(v):.3g} "
            "(normalise v every step)"
        )
    return float(value), v


def _check_pair(A, value, v, want_value, want_vector, what: str) -> None:
    scale = np.linalg.norm(A)
    if not abs(value - want_value) <= 1e-8 * scale:
        raise Failed(f"{what}: returned λ = {value:.10g}, expected {want_value:.10g}")
    if abs(v @ want_vector) < 1 - 1e-8:
        raise Failed(
            f"{what}: the eigenvector is not along the eigenvector of λ = {want_value:.6g}"
        )


def negative_dominant_eigenvalue(fn):
    A = np.diag([-5.0, 2.0, 1.0])
    value, v = _pair(fn(A, np.ones(3)), 3, "power_iteration")
    _check_pair(
        A,
        value,
        v,
        -5.0,
        np.eye(3)[0],
        "diag(−5, 2, 1) (read λ as the Rayleigh quotient, not ‖Av‖)",
    )


def slow_convergence_without_overflow(fn):
    A = np.diag([100.0, 95.0, 1.0])  # |λ₂/λ₁| = 0.95: about 500 steps, 100^500 overflows
    value, v = _pair(fn(A, np.ones(3)), 3, "power_iteration")
    _check_pair(A, value, v, 100.0, np.eye(3)[0], "diag(100, 95, 1), a slow case")


def a_non_symmetric_matrix(fn):
    A = np.array([[2.0, 1.0], [0.0, 1.0]])
    value, v = _pair(fn(A, np.array([0.3, 1.0])), 2, "power_iteration")
    _check_pair(A, value, v, 2.0, np.array([1.0, 0.0]), "[[2, 1], [0, 1]]")


@for_all(symmetric_with_dominant_eigenvalue(1, 6), max_examples=40)
def finds_the_dominant_pair(fn, A):
    n = A.shape[0]
    lam, U = np.linalg.eigh(A)
    top = int(np.argmax(np.abs(lam)))
    value, v = _pair(fn(A.copy(), random_state=0), n, "power_iteration")
    _check_pair(A, value, v, lam[top], U[:, top], f"a symmetric {n}×{n} matrix")


@for_all(
    symmetric_with_separated_eigenvalues(1, 6),
    st.integers(0, 5),
    st.floats(-0.3, 0.3),
    max_examples=40,
)
def finds_the_pair_nearest_the_shift(fn, A, j, offset):
    n = A.shape[0]
    lam, U = np.linalg.eigh(A)
    j %= n
    gap = np.min(np.diff(lam)) if n > 1 else 1.0
    shift = float(lam[j] + offset * gap)
    value, v = _pair(fn(A.copy(), shift, random_state=0), n, "inverse_iteration")
    _check_pair(
        A, value, v, lam[j], U[:, j], f"shift {shift:.6g} (the nearest eigenvalue is {lam[j]:.6g})"
    )


def shift_at_an_eigenvalue(fn):
    A = np.diag([1.0, 2.0, 3.0])
    value, v = _pair(fn(A, 2.0, np.ones(3)), 3, "inverse_iteration")
    _check_pair(A, value, v, 2.0, np.eye(3)[1], "diag(1, 2, 3) with the shift exactly 2")


def returns_the_eigenvalue_of_a(fn):
    A = np.diag([1.0, 4.0, 10.0])
    value, v = _pair(fn(A, 3.5, np.ones(3)), 3, "inverse_iteration")
    _check_pair(A, value, v, 4.0, np.eye(3)[1], "diag(1, 4, 10) with shift 3.5 (return λ of A)")


PROBLEMS = [
    Problem(
        "characteristic_polynomial",
        lambda fn: fn(np.eye(2)),
        [textbook_polynomials, matches_numpy_poly],
    ),
    Problem(
        "rayleigh_quotient",
        lambda fn: fn(np.eye(2), np.ones(2)),
        [at_an_eigenvector, matches_the_formula],
    ),
    Problem(
        "power_iteration",
        lambda fn: fn(np.diag([2.0, 1.0])),
        [
            negative_dominant_eigenvalue,
            a_non_symmetric_matrix,
            slow_convergence_without_overflow,
            finds_the_dominant_pair,
        ],
    ),
    Problem(
        "inverse_iteration",
        lambda fn: fn(np.diag([2.0, 1.0]), 0.9),
        [returns_the_eigenvalue_of_a, shift_at_an_eigenvalue, finds_the_pair_nearest_the_shift],
    ),
]
