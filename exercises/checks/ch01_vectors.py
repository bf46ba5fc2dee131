"""Checks for chapter 1: linear combinations, independence, span, coordinates, change of basis."""

from __future__ import annotations

import numpy as np

from ..grading import Failed, Problem, close, for_all
from .strategies import invertible_pairs, low_rank_families, product_pairs, span_questions

__all__ = ["PROBLEMS"]


def _answer(result, what: str) -> bool:
    if not isinstance(result, (bool, np.bool_)):
        raise Failed(f"{what} must return True or False, got {result!r}")
    return bool(result)


# --- linear_combination ------------------------------------------------------------------------


@for_all(product_pairs(1, 5))
def combines_the_rows(fn, pair):
    C, V = pair
    one = fn(C[0].copy(), V.copy())
    if not close(one, C[0] @ V, rtol=1e-12, atol=1e-12):
        raise Failed(f"the combination of {V.shape[0]} vectors ≠ Σ cᵢ vᵢ")
    batch = fn(C.copy(), V.copy())
    if not close(batch, C @ V, rtol=1e-12, atol=1e-12):
        raise Failed(f"a batch of {C.shape[0]} coefficient rows ≠ one combination per row")


def refuses_a_wrong_count(fn):
    try:
        fn(np.array([1.0, 2.0]), np.eye(3))
    except ValueError:
        return
    raise Failed("2 coefficients for 3 vectors must raise ValueError, not guess")


# --- is_linearly_independent -------------------------------------------------------------------


@for_all(low_rank_families(5, 5), max_examples=50)
def decides_random_families(fn, V):
    k = V.shape[0]
    rank = np.linalg.matrix_rank(V)
    got = _answer(fn(V.copy()), "is_linearly_independent")
    if got != (rank == k):
        which = "independent" if rank == k else f"dependent (rank {rank})"
        raise Failed(f"{k} vectors in R^{V.shape[1]} that are {which} were called the opposite")


def rounding_is_not_independence(fn):
    v1, v2 = np.array([0.1, 0.2, 0.3]), np.array([0.7, 0.1, 0.4])
    V = np.array([v1, v2, 0.3 * v1 + 0.7 * v2])
    if _answer(fn(V), "is_linearly_independent"):
        raise Failed(
            "[v₁, v₂, 0.3 v₁ + 0.7 v₂] (computed in floating point) is dependent: "
            "compare the pivots with a tolerance, not with 0"
        )


def edge_families(fn):
    cases = [
        (np.array([[1.0, 2.0], [0.0, 0.0]]), False, "a family with the zero vector"),
        (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), False, "3 vectors in R^2"),
        (np.array([[3.0, -1.0, 2.0]]), True, "one non-zero vector"),
        (np.array([[1.0, 0.0], [1.0, 1e-6]]) * 1e-8, True, "two independent vectors of size 1e-8"),
    ]
    for V, want, what in cases:
        if _answer(fn(V), "is_linearly_independent") != want:
            hint = " (make the tolerance relative)" if want else ""
            raise Failed(f"{what} is {'in' if want else ''}dependent{hint}")


# --- in_span -----------------------------------------------------------------------------------


@for_all(span_questions(4, 5), max_examples=50)
def decides_membership(fn, question):
    V, v, inside = question
    got = _answer(fn(v.copy(), V.copy()), "in_span")
    if got != inside:
        where = "in" if inside else "outside"
        raise Failed(
            f"a vector {where} the span of {V.shape[0]} vectors in R^{V.shape[1]} was misjudged"
        )


def edge_spans(fn):
    e = np.eye(3)
    if not _answer(fn(np.zeros(3), e[:1]), "in_span"):
        raise Failed("the zero vector is in every span")
    if _answer(fn(e[2], e[:2]), "in_span"):
        raise Failed("e₃ is not in the span of e₁ and e₂")
    if not _answer(fn(np.array([2.0, 3.0, 0.0]), e[:2] * 1e-9), "in_span"):
        raise Failed(
            "(2, 3, 0) is in the span of 1e-9 e₁ and 1e-9 e₂: the tolerance must be relative"
        )


# --- coordinates and change_of_basis -----------------------------------------------------------


def _rebuilds(c, v, B) -> bool:
    c = np.asarray(c, dtype=float)
    if c.shape != v.shape:
        return False
    scale = np.linalg.norm(c) * np.linalg.norm(B) + np.linalg.norm(v)
    return bool(np.linalg.norm(c @ B - v) <= 1e-10 * scale)


@for_all(invertible_pairs(1, 5))
def rebuilds_v(fn, problem):
    B, W, c = problem
    v = c @ B
    if not _rebuilds(fn(v.copy(), B.copy()), v, B):
        raise Failed(f"coordinates(v, B) @ B ≠ v for a {B.shape[0]}×{B.shape[0]} basis B (rows)")
    batch = W @ B  # one vector per row
    if not _rebuilds(fn(batch.copy(), B.copy()), batch, B):
        raise Failed("a batch of vectors (one per row) does not get one row of coordinates each")


def a_textbook_basis(fn):
    B = np.array([[1.0, 1.0], [0.0, 1.0]])  # b1 = (1, 1), b2 = (0, 1)
    if not close(fn(np.array([2.0, 5.0]), B), [2.0, 3.0]):
        raise Failed("(2, 5) = 2·(1, 1) + 3·(0, 1): its coordinates are (2, 3)")


@for_all(invertible_pairs(1, 5))
def converts_coordinates(fn, problem):
    F, G, c = problem
    T = np.asarray(fn(F.copy(), G.copy()), dtype=float)
    if T.shape != F.shape:
        raise Failed(f"T must be {F.shape[0]}×{F.shape[0]}, got shape {T.shape}")
    v = c @ F
    if not _rebuilds(T @ c, v, G):
        raise Failed("(T c_F) @ G ≠ c_F @ F: T does not turn F-coordinates into G-coordinates")


@for_all(invertible_pairs(1, 5))
def round_trip_is_the_identity(fn, problem):
    F, G, _ = problem
    there = np.asarray(fn(F.copy(), G.copy()), dtype=float)
    back = np.asarray(fn(G.copy(), F.copy()), dtype=float)
    n = F.shape[0]
    if there.shape != (n, n) or not close(back @ there, np.eye(n), rtol=0, atol=1e-9):
        raise Failed("the change from G to F is not the inverse of the change from F to G")


PROBLEMS = [
    Problem(
        "linear_combination",
        lambda fn: fn(np.array([2.0, -1.0]), np.eye(2)),
        [refuses_a_wrong_count, combines_the_rows],
    ),
    Problem(
        "is_linearly_independent",
        lambda fn: fn(np.eye(2)),
        [edge_families, rounding_is_not_independence, decides_random_families],
    ),
    Problem("in_span", lambda fn: fn(np.ones(2), np.eye(2)), [edge_spans, decides_membership]),
    Problem(
        "coordinates",
        lambda fn: fn(np.ones(2), np.eye(2)),
        [a_textbook_basis, rebuilds_v],
    ),
    Problem(
        "change_of_basis",
        lambda fn: fn(np.eye(2), np.eye(2)),
        [converts_coordinates, round_trip_is_the_identity],
    ),
]
