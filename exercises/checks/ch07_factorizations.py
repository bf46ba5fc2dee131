"""Checks for chapter 7: QR, Cholesky, least squares through QR, PCA through the SVD."""

from __future__ import annotations

import numpy as np

from ..grading import Failed, Problem, close, for_all
from .strategies import full_column_rank, least_squares_problems, orthogonal, pca_data, spd_matrices

__all__ = ["PROBLEMS"]

EPS = np.finfo(float).eps


# --- qr ----------------------------------------------------------------------------------------


def _check_qr(A, result, what: str) -> None:
    m, n = A.shape
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Failed("qr must return the tuple (Q, R)")
    Q, R = (np.asarray(f, dtype=float) for f in result)
    if Q.shape != (m, n) or R.shape != (n, n):
        raise Failed(
            f"for a {m}×{n} matrix Q must be {m}×{n} and R {n}×{n}, got {Q.shape}, {R.shape}"
        )
    loss = np.max(np.abs(Q.T @ Q - np.eye(n)), initial=0)
    if loss > 20 * m * EPS:
        raise Failed(f"Q is not orthonormal for {what}: ‖QᵀQ − I‖ = {loss:.2g}")
    if np.max(np.abs(np.tril(R, -1)), initial=0) > 20 * m * EPS * np.linalg.norm(A):
        raise Failed(f"R is not upper triangular for {what}")
    err = np.linalg.norm(Q @ R - A)
    if err > 20 * m * EPS * np.linalg.norm(A):
        raise Failed(f"A ≠ QR for {what} (‖A − QR‖ = {err:.2g})")


@for_all(full_column_rank(1, 6), max_examples=40)
def factors_random_matrices(fn, A):
    _check_qr(A, fn(A.copy()), f"a {A.shape[0]}×{A.shape[1]} matrix")


def nearly_dependent_columns(fn):
    A = np.vstack([np.ones((1, 4)), 1e-7 * np.eye(4)])  # Läuchli's matrix
    _check_qr(A, fn(A.copy()), "Läuchli's matrix (columns 1e-7 apart)")


def columns_graded_in_size(fn):
    rng = np.random.default_rng(7)
    A = rng.normal(size=(6, 4)) * 10.0 ** -np.arange(0, 16, 4)  # columns 1 ... 1e-12
    _check_qr(A, fn(A.copy()), "columns from size 1 down to 1e-12")


def a_column_already_on_e1(fn):
    A = np.array([[1.0, 1.0], [1e-9, 1.0], [0.0, 2.0]])  # x ≈ ‖x‖ e₁: x − ‖x‖e₁ cancels
    _check_qr(A, fn(A.copy()), "[[1, 1], [1e-9, 1], [0, 2]] (reflect with α = −sign(x₁)‖x‖)")


# --- cholesky ----------------------------------------------------------------------------------


@for_all(spd_matrices(1, 6), max_examples=40)
def factors_spd_matrices(fn, A):
    n = A.shape[0]
    L = np.asarray(fn(A.copy()), dtype=float)
    if L.shape != (n, n) or np.any(np.triu(L, 1) != 0):
        raise Failed(f"L must be a lower triangular {n}×{n} matrix (A = L Lᵀ, not UᵀU)")
    if np.any(np.diag(L) <= 0):
        raise Failed("the diagonal of L must be positive")
    if np.linalg.norm(L @ L.T - A) > 50 * n * EPS * np.linalg.norm(A):
        raise Failed(f"A ≠ L Lᵀ for a {n}×{n} positive definite matrix")
    if not close(L, np.linalg.cholesky(A), rtol=1e-8, atol=1e-10 * np.sqrt(np.linalg.norm(A))):
        raise Failed("L differs from numpy's Cholesky factor (it is unique)")


def refuses_matrices_that_are_not_positive_definite(fn):
    cases = [
        (np.array([[1.0, 2.0], [2.0, 1.0]]), "[[1, 2], [2, 1]] (eigenvalue −1)"),
        (np.array([[4.0, 2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 1.0]]), "a singular matrix"),
        (np.array([[-1.0]]), "[[−1]]"),
    ]
    for A, what in cases:
        try:
            L = fn(A)
        except ValueError:
            continue
        shown = np.array2string(np.asarray(L, dtype=float), precision=3)
        raise Failed(f"{what} is not positive definite: raise ValueError, not return {shown}")


# --- lstsq_qr ----------------------------------------------------------------------------------


@for_all(least_squares_problems(6), max_examples=40)
def solves_random_problems(fn, problem):
    A, b = problem
    x = np.asarray(fn(A.copy(), b.copy()), dtype=float)
    want = np.linalg.lstsq(A, b, rcond=None)[0]
    if x.shape != want.shape:
        raise Failed(f"x must have {A.shape[1]} entries, got shape {x.shape}")
    if not close(x, want, rtol=1e-8, atol=1e-8 * np.linalg.norm(want)):
        raise Failed(f"x ≠ numpy's least-squares solution for a {A.shape[0]}×{A.shape[1]} system")
    r = b - A @ x
    if np.linalg.norm(A.T @ r) > 1e-8 * np.linalg.norm(A) * np.linalg.norm(b):
        raise Failed("the residual b − Ax is not orthogonal to the columns of A")


def an_ill_conditioned_problem(fn):
    rng = np.random.default_rng(3)
    A = (orthogonal(rng, 8)[:, :5] * np.logspace(0, -7, 5)) @ orthogonal(rng, 5)  # κ = 1e7
    x_true = np.ones(5)
    x = np.asarray(fn(A, A @ x_true), dtype=float)
    err = np.linalg.norm(x - x_true) / np.linalg.norm(x_true)
    if x.shape != (5,) or not err < 1e-6:
        raise Failed(
            f"for κ(A) = 1e7 and b = A·(1, …, 1) the relative error is {err:.2g}, not below 1e-6: "
            "the normal equations (or a Q that is not orthonormal) lose these digits — "
            "solve R x = Qᵀb with an accurate QR"
        )


# --- pca ---------------------------------------------------------------------------------------


@for_all(pca_data(20, 5), max_examples=40)
def matches_the_svd_of_the_centred_data(fn, problem):
    X, k = problem
    n, d = X.shape
    result = fn(X.copy(), k)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Failed("pca must return the tuple (components, explained_variance)")
    W, var = (np.asarray(r, dtype=float) for r in result)
    if W.shape != (k, d) or var.shape != (k,):
        raise Failed(f"for k = {k} and {d} features: components {k}×{d}, variances ({k},)")
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    if not close(np.abs(np.sum(W * Vt[:k], axis=1)), np.ones(k), rtol=0, atol=1e-8):
        raise Failed(
            f"the components of {n} samples (mean ≈ 10) are not the principal axes: centre the data"
        )
    want = s[:k] ** 2 / (n - 1)
    if not close(var, want, rtol=1e-9, atol=0):
        ratio = float(var[0] / want[0])
        raw = np.linalg.svd(X, compute_uv=False)[:k] ** 2 / (n - 1)
        extra = " (divide by n − 1)" if np.isclose(ratio, (n - 1) / n) else ""
        extra = " (centre the data first)" if close(var, raw, rtol=1e-6) else extra
        raise Failed(f"explained variances {var} ≠ σᵢ²/(n − 1) = {want}{extra}")


PROBLEMS = [
    Problem(
        "qr",
        lambda fn: fn(np.eye(2)),
        [
            a_column_already_on_e1,
            nearly_dependent_columns,
            columns_graded_in_size,
            factors_random_matrices,
        ],
    ),
    Problem(
        "cholesky",
        lambda fn: fn(np.eye(2)),
        [refuses_matrices_that_are_not_positive_definite, factors_spd_matrices],
    ),
    Problem(
        "lstsq_qr",
        lambda fn: fn(np.eye(2), np.ones(2)),
        [an_ill_conditioned_problem, solves_random_problems],
    ),
    Problem(
        "pca",
        lambda fn: fn(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]), 1),
        [matches_the_svd_of_the_centred_data],
    ),
]
