"""Reference solutions, chapter 15 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def linear_form(a, X):
    r"""The linear form :math:`a^\top x = \sum_i a_i x_i` at one point or at each row of ``X``.

    Parameters
    ----------
    a : ndarray, shape (n,)
    X : ndarray, shape (n,) or (n_points, n)

    Returns
    -------
    float or ndarray, shape () or (n_points,)

    Raises
    ------
    ValueError
        If the lengths do not match.

    Hint: one matrix product. Which side does ``a`` go on, for points as rows?
    """
    a = np.asarray(a, dtype=float)
    X = np.asarray(X, dtype=float)
    if X.shape[-1] != a.shape[0]:
        raise ValueError(f"points of length {X.shape[-1]} for a form of length {a.shape[0]}")
    return X @ a


def quadratic_form(A, X):
    r"""The quadratic form :math:`x^\top A x = \sum_{ij} A_{ij} x_i x_j` at each row of ``X``.

    Only the symmetric part :math:`S = (A + A^\top)/2` matters: the antisymmetric part
    contributes :math:`x^\top K x = 0`.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        Not necessarily symmetric.
    X : ndarray, shape (n,) or (n_points, n)

    Returns
    -------
    float or ndarray, shape () or (n_points,)

    Hint: for many points at once, the row sums of :math:`(XA^\top) \odot X` — one matrix
    product and no loop. Check your shapes on a single point.
    """
    A = np.asarray(A, dtype=float)
    X = np.asarray(X, dtype=float)
    return np.sum((X @ A.T) * X, axis=-1)


def quadratic_function(A, b=None, c=0.0):
    r"""The quadratic :math:`f(x) = \tfrac12 x^\top A x - b^\top x + c` with its gradient and Hessian.

    .. math:: \nabla f(x) = \tfrac12 (A + A^\top)\, x - b, \qquad
              \nabla^2 f = \tfrac12 (A + A^\top)

    (:math:`Ax - b` only when :math:`A` is symmetric). When :math:`A` is symmetric positive
    definite the minimiser solves :math:`Ax = b` — least squares and ridge regression are such
    quadratics.

    Parameters
    ----------
    A : ndarray, shape (n, n)
    b : ndarray, shape (n,), optional
        Zero when ``None``.
    c : float

    Returns
    -------
    fun, grad, hess : callable
        ``fun(x)`` for one point ``(n,)`` or many ``(n_points, n)``; ``grad(x) -> (n,)`` and
        ``hess(x) -> (n, n)`` for one point.

    Hint: write ``fun`` with your :func:`quadratic_form` and :func:`linear_form`.
    """
    A = np.asarray(A, dtype=float)
    b = np.zeros(A.shape[0]) if b is None else np.asarray(b, dtype=float)
    S = (A + A.T) / 2

    def fun(x):
        return 0.5 * quadratic_form(A, x) - linear_form(b, x) + c

    def grad(x):
        return S @ np.asarray(x, dtype=float) - b

    def hess(x):
        return S.copy()

    return fun, grad, hess


def classify_quadratic_form(A, *, rtol=1e-10):
    r"""Classify :math:`x^\top A x` by the eigenvalues :math:`\lambda_i` of its symmetric part :math:`S`.

    Returns one of ``"positive definite"`` (every :math:`\lambda_i > 0`: a bowl),
    ``"negative definite"``, ``"positive semidefinite"`` (:math:`\lambda_i \ge 0`, some 0: a
    valley), ``"negative semidefinite"``, ``"indefinite"`` (both signs: a saddle) or
    ``"zero"`` (:math:`S = 0`).

    In floating point a zero eigenvalue comes out as a rounding error of either sign, so
    compare with a margin :math:`\delta = \text{rtol}\cdot\max_{ij}|S_{ij}|`: an eigenvalue
    counts as positive when :math:`\lambda > \delta`, as negative when :math:`\lambda < -\delta`,
    and as zero in between.

    Parameters
    ----------
    A : ndarray, shape (n, n)
    rtol : float

    Returns
    -------
    str

    Hint: ``np.linalg.eigvalsh`` of :math:`S` (not ``eigvals`` of :math:`A`). A Gram matrix
    :math:`BB^\top` with :math:`B` of shape :math:`5 \times 3` is semidefinite — is it for you?
    """
    A = np.asarray(A, dtype=float)
    S = (A + A.T) / 2
    scale = np.max(np.abs(S), initial=0.0)
    if scale == 0:
        return "zero"
    lam = np.linalg.eigvalsh(S)
    delta = rtol * scale
    positive, negative = np.any(lam > delta), np.any(lam < -delta)
    zero = np.any(np.abs(lam) <= delta)
    if positive and negative:
        return "indefinite"
    if positive:
        return "positive semidefinite" if zero else "positive definite"
    if negative:
        return "negative semidefinite" if zero else "negative definite"
    return "zero"
