"""Checks for chapter 15: linear and quadratic forms, quadratic functions, classification."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ..grading import Failed, Problem, close, for_all
from .strategies import ENTRY, FORM_CLASSES, quadratic_form_classes, vectors

__all__ = ["PROBLEMS"]


@st.composite
def _form_and_points(draw, square: bool):
    """``(A or a, X)``: a form of size n and one point (n,) or a stack of points (m, n)."""
    n = draw(st.integers(1, 5))
    shape = draw(st.sampled_from([(n,), (draw(st.integers(1, 4)), n)]))
    form = draw(hnp.arrays(np.float64, (n, n) if square else (n,), elements=ENTRY))
    return form, draw(hnp.arrays(np.float64, shape, elements=ENTRY))


def _values(value, shape, what: str) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if v.shape != shape:
        raise Failed(f"{what} must have shape {shape} (one value per point), got {v.shape}")
    return v


# --- linear_form -------------------------------------------------------------------------------


@for_all(_form_and_points(square=False))
def matches_the_dot_product(fn, case):
    a, X = case
    got = _values(fn(a.copy(), X.copy()), X.shape[:-1], "linear_form")
    want = np.array([row @ a for row in X.reshape(-1, a.size)]).reshape(X.shape[:-1])
    if not close(got, want, rtol=1e-12, atol=1e-12 * (1 + np.abs(a).sum() * np.abs(X).max())):
        raise Failed(f"aᵀx is wrong for points of shape {X.shape} (each row x is one point)")


def refuses_mismatched_lengths(fn):
    try:
        fn(np.ones(3), np.ones((2, 4)))
    except ValueError:
        return
    raise Failed("linear_form(a of length 3, points of length 4) must raise ValueError")


# --- quadratic_form ----------------------------------------------------------------------------


@for_all(_form_and_points(square=True))
def matches_the_double_sum(fn, case):
    A, X = case
    got = _values(fn(A.copy(), X.copy()), X.shape[:-1], "quadratic_form")
    want = np.einsum("...i,ij,...j->...", X, A, X)
    scale = 1e-12 * (1 + np.abs(A).sum() * np.abs(X).max() ** 2)
    if not close(got, want, rtol=1e-12, atol=scale):
        raise Failed(f"xᵀAx ≠ Σᵢⱼ Aᵢⱼ xᵢ xⱼ for points of shape {X.shape} and a non-symmetric A")


def antisymmetric_forms_vanish(fn):
    K = np.array([[0.0, 2.0, -1.0], [-2.0, 0.0, 3.0], [1.0, -3.0, 0.0]])
    got = _values(fn(K, np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 4.0]])), (2,), "quadratic_form")
    if not close(got, [0.0, 0.0], rtol=0, atol=1e-12):
        raise Failed(f"an antisymmetric A (Aᵀ = −A) gives xᵀAx = 0, got {got}")
    got = _values(
        fn(np.array([[1.0, 4.0], [0.0, 1.0]]), np.array([1.0, -1.0])), (), "quadratic_form"
    )
    if not close(got, -2.0):
        raise Failed(f"xᵀAx for A = [[1, 4], [0, 1]] and x = (1, −1) is −2, got {got}")


# --- quadratic_function ------------------------------------------------------------------------


def _triple(value):
    if not (isinstance(value, tuple) and len(value) == 3 and all(map(callable, value))):
        raise Failed("quadratic_function must return the three functions (fun, grad, hess)")
    return value


@for_all(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, (n, n), elements=ENTRY), vectors(n), vectors(n), st.floats(-5, 5)
        )
    )
)
def value_gradient_and_hessian(fn, case):
    A, b, x, c = case
    fun, grad, hess = _triple(fn(A.copy(), b.copy(), c))
    S = (A + A.T) / 2
    scale = 1e-11 * (1 + np.abs(A).sum() * 100 + np.abs(b).sum() * 10 + abs(c))
    want = 0.5 * x @ A @ x - b @ x + c
    if not close(fun(x.copy()), want, rtol=1e-12, atol=scale):
        raise Failed("f(x) ≠ ½ xᵀAx − bᵀx + c")
    X = np.vstack([x, -x, 2 * x])
    if not close(fun(X), [0.5 * p @ A @ p - b @ p + c for p in X], rtol=1e-12, atol=4 * scale):
        raise Failed("f(X) for three points as rows must give the three values")
    if not close(grad(x.copy()), S @ x - b, rtol=1e-12, atol=scale):
        raise Failed("∇f(x) ≠ ½(A + Aᵀ)x − b (for a non-symmetric A, Ax − b is wrong)")
    if not close(hess(x.copy()), S, rtol=1e-14, atol=0):
        raise Failed("∇²f ≠ ½(A + Aᵀ)")


def minimum_of_a_bowl(fn):
    A = np.array([[4.0, 1.0], [1.0, 3.0]])
    b = np.array([1.0, 2.0])
    _, grad, _ = _triple(fn(A, b, 1.0))
    x_star = np.linalg.solve(A, b)
    if not close(grad(x_star), [0.0, 0.0], rtol=0, atol=1e-14):
        raise Failed("∇f vanishes at the solution of Ax = b for a symmetric A")
    fun0, grad0, _ = _triple(fn(A))
    if not (close(fun0(np.array([1.0, 0.0])), 2.0) and close(grad0(np.array([1.0, 0.0])), [4, 1])):
        raise Failed("with b = None and c = 0, f(x) = ½ xᵀAx: f(e₁) = 2 and ∇f(e₁) = (4, 1)")


# --- classify_quadratic_form -------------------------------------------------------------------


def _label(fn, A, what: str) -> str:
    got = fn(A.copy())
    if got not in FORM_CLASSES:
        raise Failed(f"classify_quadratic_form must return one of {FORM_CLASSES}, got {got!r}")
    return got


@for_all(quadratic_form_classes(5))
def classifies_by_the_eigenvalues(fn, case):
    A, label = case
    got = _label(fn, A, "a random form")
    if got != label:
        raise Failed(
            f"a {A.shape[0]}×{A.shape[0]} form with {label} symmetric part was classified "
            f"{got!r} (zero eigenvalues come out at rounding level, of either sign)"
        )


def only_the_symmetric_part(fn):
    got = _label(fn, np.array([[1.0, 4.0], [0.0, 1.0]]), "")
    if got != "indefinite":
        raise Failed(
            f"[[1, 4], [0, 1]] is indefinite (x = (1, −1) gives −2; its symmetric part has "
            f"eigenvalues 3 and −1), got {got!r}: use (A + Aᵀ)/2, not A's eigenvalues"
        )
    got = _label(fn, np.array([[0.0, 1.0], [-1.0, 0.0]]), "")
    if got != "zero":
        raise Failed(f"a rotation by 90° has xᵀAx = 0 for every x: 'zero', got {got!r}")


def gram_matrices_are_semidefinite(fn):
    rng = np.random.default_rng(20)
    for _ in range(20):
        B = rng.normal(size=(5, 3))
        got = _label(fn, B @ B.T, "")
        if got != "positive semidefinite":
            raise Failed(
                f"a Gram matrix BBᵀ with B 5×3 has rank 3 (two zero eigenvalues), got {got!r}: "
                "compare the eigenvalues with the margin δ = rtol·max|Sᵢⱼ|, not with 0"
            )
    got = _label(fn, np.diag([1e-20, 1.0]), "")
    if got != "positive semidefinite":
        raise Failed(f"diag(1e-20, 1): 1e-20 is below δ = 1e-10, so semidefinite, got {got!r}")


PROBLEMS = [
    Problem(
        "linear_form",
        lambda fn: fn(np.ones(2), np.ones(2)),
        [refuses_mismatched_lengths, matches_the_dot_product],
    ),
    Problem(
        "quadratic_form",
        lambda fn: fn(np.eye(2), np.ones(2)),
        [antisymmetric_forms_vanish, matches_the_double_sum],
    ),
    Problem(
        "quadratic_function",
        lambda fn: fn(np.eye(2)),
        [minimum_of_a_bowl, value_gradient_and_hessian],
    ),
    Problem(
        "classify_quadratic_form",
        lambda fn: fn(np.eye(2)),
        [only_the_symmetric_part, gram_matrices_are_semidefinite, classifies_by_the_eigenvalues],
    ),
]
