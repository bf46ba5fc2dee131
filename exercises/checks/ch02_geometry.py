"""Checks for chapter 2: norms, angles, projections, Gram–Schmidt."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..grading import Failed, Problem, close, for_all
from .strategies import full_column_rank, low_rank_families, scaled_vectors, vector_pairs

__all__ = ["PROBLEMS"]

ORDERS = st.sampled_from([None, 1, 2, 3, 1.5, np.inf])


def _number(value, what: str) -> float:
    if np.ndim(value) != 0:
        raise Failed(f"{what} must return a number, got shape {np.shape(value)}")
    return float(value)


# --- norm --------------------------------------------------------------------------------------


def _reference_norm(x, ord) -> float:
    s = np.max(np.abs(x), initial=0.0)
    return 0.0 if s == 0 else float(s * np.linalg.norm(x / s, ord))


@for_all(scaled_vectors(1, 6), ORDERS)
def matches_numpy_at_every_scale(fn, x, ord):
    got = _number(fn(x.copy(), ord), "norm")
    want = _reference_norm(x, ord)
    if not np.isclose(got, want, rtol=1e-12, atol=0):
        raise Failed(f"norm(x, ord={ord}) = {got:.6g}, expected {want:.6g}")


def textbook_norms(fn):
    x = np.array([3.0, -4.0])
    for ord, want in [(None, 5.0), (2, 5.0), (1, 7.0), (np.inf, 4.0)]:
        got = _number(fn(x, ord), "norm")
        if not np.isclose(got, want, rtol=1e-14):
            raise Failed(f"norm([3, -4], ord={ord}) should be {want:g}, got {got:.6g}")
    if _number(fn(np.zeros(3), None), "norm") != 0.0:
        raise Failed("the norm of the zero vector is 0 (do not divide by max|xᵢ| = 0)")


def no_overflow_or_underflow(fn):
    for scale in (1e200, 1e-200):
        got = _number(fn(np.array([scale, scale]), None), "norm")
        if not np.isclose(got, np.sqrt(2) * scale, rtol=1e-14, atol=0):
            what = "overflows" if scale > 1 else "underflows"
            raise Failed(
                f"norm([{scale:g}, {scale:g}]) should be {np.sqrt(2) * scale:.4g}, got {got:.4g}: "
                f"the sum of squares {what} — divide by max|xᵢ| first"
            )


# --- angle -------------------------------------------------------------------------------------


@for_all(vector_pairs(1, 6))
def matches_arccos_where_it_is_accurate(fn, pair):
    x, y = pair
    got = _number(fn(x.copy(), y.copy()), "angle")
    cos = (x @ y) / (np.sqrt(x @ x) * np.sqrt(y @ y))
    if not 0.0 <= got <= np.pi:
        raise Failed(f"the angle must lie in [0, π], got {got!r}")
    if abs(cos) < 0.99 and not np.isclose(got, np.arccos(cos), rtol=1e-10, atol=1e-12):
        raise Failed(f"angle = {got:.10g}, expected arccos(cos θ) = {np.arccos(cos):.10g}")
    if not np.isclose(_number(fn(y.copy(), x.copy()), "angle"), got, rtol=1e-12, atol=1e-15):
        raise Failed("angle(x, y) ≠ angle(y, x)")


def nearly_parallel_vectors(fn):
    got = _number(fn(np.array([1.0, 0.0]), np.array([1.0, 1e-12])), "angle")
    if not np.isclose(got, 1e-12, rtol=1e-6, atol=0):
        raise Failed(
            f"the angle between (1, 0) and (1, 1e-12) is 1e-12, got {got:.3g}: "
            "arccos cannot resolve it — use Kahan's atan2 formula"
        )
    got = _number(fn(np.array([1.0, 2.0, 3.0]), np.array([3.0, 6.0, 9.0])), "angle")
    if not (np.isfinite(got) and abs(got) < 1e-12):
        raise Failed(f"the angle between x and 3x is 0, got {got!r}")
    got = _number(fn(np.array([1.0, 0.0]), np.array([-1.0, 1e-12])), "angle")
    if not np.isclose(np.pi - got, 1e-12, rtol=1e-2, atol=0):
        raise Failed(
            f"the angle between (1, 0) and (−1, 1e-12) is π − 1e-12, got π − {np.pi - got:.3g}"
        )


def right_angle(fn):
    if not close(fn(np.array([2.0, 0.0]), np.array([0.0, 5.0])), np.pi / 2):
        raise Failed("the angle between (2, 0) and (0, 5) is π/2")


# --- project_onto_vector -----------------------------------------------------------------------


@for_all(vector_pairs(1, 6))
def projects_onto_the_line(fn, pair):
    x, v = pair
    p = np.asarray(fn(x.copy(), v.copy()), dtype=float)
    want = (x @ v) / (v @ v) * v
    if p.shape != x.shape or not close(p, want, rtol=1e-10, atol=1e-10 * np.sqrt(x @ x)):
        raise Failed("proj_v x ≠ (xᵀv / vᵀv) v (is v a unit vector in your formula?)")
    if abs((x - p) @ v) > 1e-9 * np.sqrt(x @ x) * np.sqrt(v @ v):
        raise Failed("the residual x − proj_v x is not orthogonal to v")


# --- gram_schmidt ------------------------------------------------------------------------------


def _check_orthonormal(Q, n: int, what: str, tol: float) -> None:
    G = Q.T @ Q
    if np.max(np.abs(np.diag(G) - 1), initial=0) > tol:
        raise Failed(f"the columns of Q are not unit vectors for {what}: normalise each qⱼ")
    err = np.max(np.abs(G - np.eye(n)), initial=0)
    if err > tol:
        raise Failed(f"the columns of Q are not orthogonal for {what}: ‖QᵀQ − I‖ = {err:.2g}")


def _check_basis(A, Q, what: str, tol: float) -> None:
    m, n = A.shape
    Q = np.asarray(Q, dtype=float)
    if Q.shape != (m, n):
        raise Failed(f"Q must be {m}×{n} for {what}, got shape {Q.shape}")
    _check_orthonormal(Q, n, what, tol)
    R = Q.T @ A
    scale = np.linalg.norm(A)
    if np.max(np.abs(np.tril(R, -1)), initial=0) > 1e-10 * scale:
        raise Failed(f"QᵀA is not upper triangular for {what}: qⱼ must lie in span(a₁, …, aⱼ)")
    if np.any(np.diag(R) <= 0):
        raise Failed(f"qⱼᵀaⱼ must be positive for {what} (qⱼ points along aⱼ's new part)")
    if np.linalg.norm(Q @ R - A) > 1e-10 * scale:
        raise Failed(f"Q does not span the columns of A for {what}")


@for_all(full_column_rank(1, 6), max_examples=50)
def orthonormalises_random_columns(fn, A):
    m, n = A.shape
    _check_basis(A, fn(A.copy()), f"a {m}×{n} matrix", 1e-12)
    Q_np, R_np = np.linalg.qr(A)
    if not close(fn(A.copy()), Q_np * np.sign(np.diag(R_np)), rtol=0, atol=1e-8):
        raise Failed(f"Q differs from numpy's QR (signs made positive) for a {m}×{n} matrix")


def nearly_dependent_columns(fn):
    delta = 1e-7
    A = np.vstack([np.ones((1, 4)), delta * np.eye(4)])  # Läuchli's matrix
    try:
        _check_basis(A, fn(A.copy()), "Läuchli's matrix (columns 1e-7 apart)", 1e-12)
    except Failed as exc:
        hint = " — subtract the projections a second time" if "orthogonal" in str(exc) else ""
        raise Failed(f"{exc}{hint}") from None


def dependent_columns_raise(fn):
    a1, a2 = np.array([1.0, 2.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0, -1.0])
    for A, what in [
        (np.column_stack([a1, a2, a1 + a2]), "a₃ = a₁ + a₂"),
        (np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]]), "3 columns in R^2"),
        (np.zeros((3, 1)), "a zero column"),
    ]:
        try:
            Q = fn(A)
        except ValueError:
            continue
        shown = np.array2string(np.asarray(Q, dtype=float), precision=3)
        raise Failed(f"a dependent column ({what}) must raise ValueError; it returned {shown}")


# --- project_onto_subspace ---------------------------------------------------------------------


@for_all(low_rank_families(4, 5), st.integers(0, 2**32 - 1), max_examples=50)
def projects_onto_the_column_space(fn, V, seed):
    A = V.T  # columns span a subspace of R^d, possibly dependent
    d = A.shape[0]
    U, s, _ = np.linalg.svd(A)
    Ur = U[:, : int(np.sum(s > 1e-8 * s[0]))]
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, d))
    got = np.asarray(fn(X[0].copy(), A.copy()), dtype=float)
    if got.shape != (d,) or not close(got, Ur @ (Ur.T @ X[0]), rtol=1e-8, atol=1e-8):
        k = A.shape[1]
        raise Failed(f"the projection onto the span of {k} columns in R^{d} is not QQᵀx")
    batch = np.asarray(fn(X.copy(), A.copy()), dtype=float)
    if batch.shape != X.shape or not close(batch, X @ Ur @ Ur.T, rtol=1e-8, atol=1e-8):
        raise Failed("a batch of points (one per row) is not projected row by row")


def a_repeated_column(fn):
    A = np.array([[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]])
    got = fn(np.array([1.0, 2.0, 3.0]), A)
    if not close(got, [2.0, 0.0, 2.0]):
        raise Failed("(1, 2, 3) projected onto the span of (1, 0, 1) twice is (2, 0, 2)")


PROBLEMS = [
    Problem(
        "norm",
        lambda fn: fn(np.array([3.0, 4.0])),
        [textbook_norms, no_overflow_or_underflow, matches_numpy_at_every_scale],
    ),
    Problem(
        "angle",
        lambda fn: fn(np.array([1.0, 0.0]), np.array([0.0, 1.0])),
        [right_angle, nearly_parallel_vectors, matches_arccos_where_it_is_accurate],
    ),
    Problem(
        "project_onto_vector",
        lambda fn: fn(np.array([1.0, 1.0]), np.array([1.0, 0.0])),
        [projects_onto_the_line],
    ),
    Problem(
        "gram_schmidt",
        lambda fn: fn(np.eye(2)),
        [nearly_dependent_columns, dependent_columns_raise, orthonormalises_random_columns],
    ),
    Problem(
        "project_onto_subspace",
        lambda fn: fn(np.ones(2), np.eye(2)),
        [a_repeated_column, projects_onto_the_column_space],
    ),
]
