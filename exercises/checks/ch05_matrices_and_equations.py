"""Checks for chapter 5: triangular solves, LU with partial pivoting, solve, det."""

from __future__ import annotations

import numpy as np

from ..grading import Failed, Problem, close, for_all
from .strategies import square_matrices, triangular_systems, well_conditioned

__all__ = ["PROBLEMS"]

EPS = np.finfo(float).eps


def _residual_ok(A, x, b) -> bool:
    x = np.asarray(x, dtype=float)
    scale = np.linalg.norm(A, 1) * np.linalg.norm(x, 1) + np.linalg.norm(b, 1)
    return np.linalg.norm(A @ x - b, 1) <= 100 * len(b) * EPS * max(scale, 1e-300)


def _triangular_check(lower: bool):
    name = "forward" if lower else "back"

    @for_all(triangular_systems(lower=lower))
    def solves_the_system(fn, system):
        T, b = system
        x = fn(T.copy(), b.copy())
        if np.shape(x) != b.shape:
            raise Failed(f"returned shape {np.shape(x)}, expected {b.shape}")
        if not _residual_ok(T, x, b):
            raise Failed(f"T x != b: the {name} substitution does not solve the system")

    return solves_the_system


def _is_permutation(P) -> bool:
    P = np.asarray(P)
    return (
        P.ndim == 2
        and P.shape[0] == P.shape[1]
        and bool(np.all((P == 0) | (P == 1)))
        and bool(np.all(P.sum(axis=0) == 1))
        and bool(np.all(P.sum(axis=1) == 1))
    )


def _check_factors(A, factors, what: str) -> None:
    if not (isinstance(factors, tuple) and len(factors) == 3):
        raise Failed("lu must return the tuple (P, L, U)")
    P, L, U = (np.asarray(f, dtype=float) for f in factors)
    n = A.shape[0]
    if not (P.shape == L.shape == U.shape == (n, n)):
        raise Failed(f"P, L, U must all be {n}×{n}")
    if not _is_permutation(P):
        raise Failed(f"P is not a permutation matrix for {what}")
    if not (np.allclose(np.triu(L, 1), 0) and np.allclose(np.diag(L), 1)):
        raise Failed(f"L is not unit lower triangular for {what}")
    if not np.allclose(np.tril(U, -1), 0):
        raise Failed(f"U is not upper triangular for {what}")
    if np.max(np.abs(L), initial=0) > 1 + 1e-12:
        raise Failed(f"|L| has an entry above 1 for {what}: the pivots are not the largest")
    err = np.linalg.norm(A - P @ L @ U, 1)
    if err > 50 * n * EPS * max(np.linalg.norm(A, 1), 1e-300) * (1 + np.abs(L).max()) ** 2:
        raise Failed(f"A ≠ P L U for {what} (‖A − PLU‖₁ = {err:.3g})")


def needs_a_row_swap(fn):
    """A matrix whose first pivot is zero: elimination without pivoting divides by 0."""
    A = np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [2.0, 1.0, 3.0]])
    _check_factors(A, fn(A.copy()), "a 3×3 matrix that needs a row swap")


def pivots_on_the_largest(fn):
    """Partial pivoting picks the largest entry, not just any non-zero one."""
    A = np.array([[1e-20, 1.0], [1.0, 1.0]])
    _check_factors(A, fn(A.copy()), "[[1e-20, 1], [1, 1]] (a tiny first pivot)")


@for_all(square_matrices(1, 6))
def factors_random_matrices(fn, A):
    _check_factors(A, fn(A.copy()), f"a {A.shape[0]}×{A.shape[0]} matrix")


@for_all(well_conditioned(1, 6))
def solves_random_systems(fn, system):
    A, b = system
    x = fn(A.copy(), b.copy())
    if np.shape(x) != b.shape or not close(A @ np.asarray(x, float), b, rtol=1e-8, atol=1e-8):
        raise Failed(f"A x != b for a {A.shape[0]}×{A.shape[0]} system")


def solve_needs_pivoting(fn):
    A = np.array([[0.0, 1.0], [1.0, 1.0]])
    x = fn(A, np.array([1.0, 2.0]))
    if not close(x, [1.0, 1.0]):
        raise Failed("solve([[0, 1], [1, 1]], [1, 2]) should be [1, 1] (needs a row swap)")


@for_all(square_matrices(1, 6))
def matches_the_determinant(fn, A):
    d = fn(A.copy())
    want = np.linalg.det(A)
    if not np.isscalar(d) and np.ndim(d) != 0:
        raise Failed("det must return a number")
    tol = 1e-8 * max(1.0, np.prod(np.linalg.norm(A, axis=1)))
    if abs(float(d) - want) > tol:
        raise Failed(f"det = {float(d):.6g}, expected {want:.6g}")


def sign_of_a_swap(fn):
    if not close(fn(np.array([[0.0, 1.0], [1.0, 0.0]])), -1.0):
        raise Failed("det([[0, 1], [1, 0]]) should be -1: one row swap flips the sign")


PROBLEMS = [
    Problem(
        "forward_substitution",
        lambda fn: fn(np.array([[2.0, 0.0], [1.0, 1.0]]), np.array([2.0, 2.0])),
        [_triangular_check(lower=True)],
    ),
    Problem(
        "back_substitution",
        lambda fn: fn(np.array([[1.0, 1.0], [0.0, 2.0]]), np.array([2.0, 2.0])),
        [_triangular_check(lower=False)],
    ),
    Problem(
        "lu",
        lambda fn: fn(np.array([[2.0, 1.0], [4.0, 3.0]])),
        [needs_a_row_swap, pivots_on_the_largest, factors_random_matrices],
    ),
    Problem(
        "solve",
        lambda fn: fn(np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0])),
        [solve_needs_pivoting, solves_random_systems],
    ),
    Problem("det", lambda fn: fn(np.eye(2)), [sign_of_a_swap, matches_the_determinant]),
]
