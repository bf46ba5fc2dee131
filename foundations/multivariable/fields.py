r"""Multivariable functions (chapter 15): scalar and vector fields, linear and quadratic forms.

A *scalar field* :math:`f : \mathbb{R}^n \to \mathbb{R}` (a loss over the parameters) and a
*vector field* :math:`F : \mathbb{R}^n \to \mathbb{R}^m` (a layer, or the gradient of a loss).
The two simplest scalar fields organise everything that follows:

- the linear form :math:`x \mapsto a^\top x`, whose level sets are parallel hyperplanes;
- the quadratic form :math:`x \mapsto x^\top A x` (:math:`A` symmetric), whose level sets are
  ellipsoids when :math:`A` is positive definite and hyperboloids when it is indefinite.

Near a minimum every smooth loss looks like :math:`f(x^*) + \tfrac12 (x-x^*)^\top H (x - x^*)`, so
the quadratic form of the Hessian decides how hard the minimisation is (chapter 17).

Functions here evaluate fields on many points at once: points are the rows of an
``(n_points, n)`` array.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..calculus._checks import check_callable, check_count, check_real
from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix, as_vector

__all__ = [
    "classify_quadratic_form",
    "evaluate_on_grid",
    "linear_form",
    "quadratic_form",
    "quadratic_function",
]


def linear_form(a, X) -> np.ndarray:
    r""":math:`a^\top x` for each row :math:`x` of ``X`` (or for the single vector ``X``).

    Parameters
    ----------
    a : array_like, shape (n,)
    X : array_like, shape (n,) or (n_points, n)
    """
    a = as_vector(a, "a")
    X = as_float_array(X, "X", ndim=(1, 2))
    if X.shape[-1] != a.size:
        raise InputError(f"a has {a.size} entries but the points have {X.shape[-1]}")
    return X @ a


def quadratic_form(A, X) -> np.ndarray:
    r""":math:`x^\top A x = \sum_{ij} A_{ij} x_i x_j` for each row :math:`x` of ``X``.

    Only the symmetric part :math:`(A + A^\top)/2` matters (the antisymmetric part contributes 0).
    Computed as the row sums of :math:`(XA) \odot X` — one matrix product, no loop.

    Parameters
    ----------
    A : array_like, shape (n, n)
    X : array_like, shape (n,) or (n_points, n)

    Returns
    -------
    float ndarray, shape () or (n_points,)
    """
    A = as_matrix(A, "A", square=True)
    X = as_float_array(X, "X", ndim=(1, 2))
    if X.shape[-1] != A.shape[0]:
        raise InputError(
            f"A is {A.shape[0]}x{A.shape[1]} but the points have {X.shape[-1]} entries"
        )
    return np.sum((X @ A.T) * X, axis=-1)


def quadratic_function(A, b=None, c: float = 0.0) -> tuple[Callable, Callable, Callable]:
    r"""The quadratic :math:`f(x) = \tfrac12 x^\top A x - b^\top x + c` with its gradient and Hessian.

    .. math:: \nabla f(x) = \tfrac12 (A + A^\top) x - b, \qquad \nabla^2 f = \tfrac12 (A + A^\top).

    Returns
    -------
    fun, grad, hess : callable
        Each takes a point of shape ``(n,)`` (``fun`` also accepts ``(n_points, n)``).
    """
    A = as_matrix(A, "A", square=True)
    S = (A + A.T) / 2
    n = A.shape[0]
    b = np.zeros(n) if b is None else as_vector(b, "b")
    if b.size != n:
        raise InputError(f"A is {n}x{n} but b has {b.size} entries")
    c = float(c)

    def fun(x):
        return 0.5 * quadratic_form(S, x) - linear_form(b, x) + c

    def grad(x):
        return S @ as_vector(x, "x") - b

    def hess(x):
        return S.copy()

    return fun, grad, hess


def classify_quadratic_form(A, *, rtol: float = 1e-10) -> str:
    r"""Classify :math:`x^\top A x`: ``"positive definite"``, ``"negative definite"``,
    ``"positive semidefinite"``, ``"negative semidefinite"``, ``"indefinite"`` or ``"zero"``.

    Uses Cholesky factorisation of the symmetric part :math:`S` (chapter 7), with a margin
    :math:`\delta = \text{rtol}\,\max|S_{ij}|` so that rounding cannot decide: positive definite
    when :math:`S - \delta I = LL^\top` exists (every eigenvalue :math:`> \delta`), positive
    semidefinite when only :math:`S + \delta I` does (every eigenvalue :math:`\ge -\delta`, at
    least one within :math:`\delta` of 0). A singular Gram matrix :math:`BB^\top` is therefore
    semidefinite, not "definite" by a rounding-sized last pivot.
    """
    from ..linalg import cholesky  # chapter 7

    rtol = check_real(rtol, "rtol", low=0.0, high=1.0)
    S = as_matrix(A, "A", square=True).astype(float)
    S = (S + S.T) / 2
    scale = float(np.max(np.abs(S)))
    if scale == 0:
        return "zero"
    shift = rtol * scale * np.eye(S.shape[0])

    def pd(M) -> bool:
        try:
            cholesky(M)
        except (LinAlgError, np.linalg.LinAlgError):
            return False
        return True

    if pd(S - shift):
        return "positive definite"
    if pd(-S - shift):
        return "negative definite"
    if pd(S + shift):
        return "positive semidefinite"
    if pd(-S + shift):
        return "negative semidefinite"
    return "indefinite"


def evaluate_on_grid(
    f: Callable, xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), num: int = 101
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Evaluate a field :math:`f:\mathbb{R}^2 \to \mathbb{R}^m` on a ``num`` × ``num`` grid.

    ``f`` is called once with the ``(num*num, 2)`` array of grid points.

    Returns
    -------
    X, Y : ndarray, shape (num, num)
        ``numpy.meshgrid`` coordinates (ready for ``contour``/``plot_surface``).
    Z : ndarray, shape (num, num) or (num, num, m)
        The values.
    """
    check_callable(f)
    num = check_count(num, "num", 2)
    limits = []
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        try:
            lo, hi = lim
        except (TypeError, ValueError):
            raise InputError(f"{name} must be a pair (low, high), got {lim!r}") from None
        lo, hi = check_real(lo, f"{name}[0]"), check_real(hi, f"{name}[1]")
        if not lo < hi:
            raise InputError(f"{name} must have low < high, got {lim!r}")
        limits.append((lo, hi))
    X, Y = np.meshgrid(np.linspace(*limits[0], num), np.linspace(*limits[1], num))
    points = np.column_stack([X.ravel(), Y.ravel()])
    try:
        Z = np.asarray(f(points), dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"f must return numbers for the (n_points, 2) grid: {exc}") from None
    if Z.ndim == 0 or Z.shape[0] != points.shape[0]:
        raise InputError(f"f must return one value (row) per point, got shape {Z.shape}")
    return X, Y, Z.reshape(X.shape + Z.shape[1:])
