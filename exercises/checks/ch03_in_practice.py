"""Checks for chapter 3: the matrix product by loops and by outer products, a batch layer."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..grading import Failed, Problem, for_all
from .strategies import layers, product_pairs

__all__ = ["PROBLEMS"]

INTEGERS = st.integers(-(2**20), 2**20).map(float)


def _product_ok(C, A, B) -> bool:
    C = np.asarray(C, dtype=float)
    want = A @ B
    bound = 1e-13 * (A.shape[1] + 1) * (np.abs(A) @ np.abs(B))  # rounding of any summation order
    return C.shape == want.shape and bool(np.all(np.abs(C - want) <= bound))


def _product_checks(name: str):
    @for_all(product_pairs(1, 6), max_examples=40)
    def multiplies_random_matrices(fn, pair):
        A, B = pair
        if not _product_ok(fn(A.copy(), B.copy()), A, B):
            m, p = A.shape
            raise Failed(f"{name}(A, B) ≠ A @ B for a {m}×{p} times a {p}×{B.shape[1]} product")

    @for_all(product_pairs(1, 4, elements=INTEGERS), max_examples=30)
    def exact_on_integers(fn, pair):
        A, B = pair  # |entries| <= 2^20, p <= 4: every partial sum is exact in float64
        C = np.asarray(fn(A.copy(), B.copy()), dtype=float)
        if C.shape != (A.shape[0], B.shape[1]) or not np.array_equal(C, A @ B):
            raise Failed(f"{name} is not exact on integer matrices (every sum is exact here)")

    def edges(fn):
        C = np.asarray(fn(np.zeros((2, 0)), np.zeros((0, 3))), dtype=float)
        if C.shape != (2, 3) or np.any(C != 0):
            raise Failed(f"a (2×0)(0×3) product is the 2×3 zero matrix, got {C!r}")
        got = np.asarray(fn(np.array([[2.0]]), np.array([[-3.0]])), dtype=float)
        if got.shape != (1, 1) or got[0, 0] != -6.0:
            raise Failed(f"[[2]] @ [[-3]] is [[-6]], got {got!r}")
        try:
            fn(np.ones((2, 3)), np.ones((2, 3)))
        except ValueError:
            return
        raise Failed("a 2×3 times a 2×3 product must raise ValueError (inner dimensions 3 ≠ 2)")

    return [edges, exact_on_integers, multiplies_random_matrices]


@for_all(layers(5), max_examples=40)
def applies_the_layer_to_every_row(fn, layer):
    X, W, b = layer
    want = np.array([W @ x + b for x in X])  # one matrix–vector product per sample
    Y = np.asarray(fn(X.copy(), W.copy(), b.copy()), dtype=float)
    if Y.shape != want.shape or not np.allclose(Y, want, rtol=1e-12, atol=1e-12):
        raise Failed(
            f"row i of Y ≠ W xᵢ + b for X {X.shape}, W {W.shape} (W has one row per output)"
        )
    Y0 = np.asarray(fn(X.copy(), W.copy()), dtype=float)
    if Y0.shape != want.shape or not np.allclose(Y0, want - b, rtol=1e-12, atol=1e-12):
        raise Failed("without b, row i of Y must be W xᵢ")


def a_square_layer(fn):
    X = np.array([[1.0, 2.0]])
    W = np.array([[0.0, 1.0], [0.0, 0.0]])  # output 0 = x₂, output 1 = 0
    Y = fn(X, W, np.array([10.0, 20.0]))
    if not np.allclose(np.asarray(Y, dtype=float), [[12.0, 20.0]]):
        raise Failed(
            "W = [[0, 1], [0, 0]] maps x = (1, 2) to W x = (2, 0), so Y = W x + b = (12, 20)"
        )


PROBLEMS = [
    Problem(
        "matmul_naive", lambda fn: fn(np.eye(2), np.ones((2, 2))), _product_checks("matmul_naive")
    ),
    Problem(
        "matmul_outer", lambda fn: fn(np.eye(2), np.ones((2, 2))), _product_checks("matmul_outer")
    ),
    Problem(
        "linear_layer",
        lambda fn: fn(np.ones((3, 2)), np.ones((2, 2)), np.zeros(2)),
        [a_square_layer, applies_the_layer_to_every_row],
    ),
]
