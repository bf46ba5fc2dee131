r"""Four ways to solve (ridge) least squares, and the automatic choice between them.

Fitting :math:`\min_{w,b}\sum_i s_i(y_i - x_i^Tw - b)^2 + \alpha\lVert w\rVert^2` centres the data
(:mod:`.gram`: the intercept is then never penalised) and hands the centred problem to one of

- ``cholesky``, ``qr``, ``svd`` — the direct solvers of :mod:`.direct`;
- ``gd`` — batch gradient descent, :mod:`.iterative`.

``auto`` forms the Gram matrix (:func:`.gram.normal_equations`) and

- for least squares (:math:`\alpha = 0`) factors it by Cholesky with diagonal pivoting
  (:mod:`.pivoted`), which reveals the rank, and estimates the condition number of the kept
  columns: at most :math:`10^8` keeps that solution — the minimum-norm one when columns depend
  on others — refined once with the design's residual; worse goes to QR, or to the SVD when the
  design is collinear beyond what the normal equations resolve (or has more columns than rows);
- for ridge factors :math:`G + \alpha I` by Cholesky, proved well conditioned at once by
  :func:`.direct.ridge_condition_bound` or else by the estimate, with the same fallbacks.

Every choice is reported in ``LeastSquaresFit.solver``.
"""

from __future__ import annotations

import numpy as np

from foundations.errors import InputError, LinAlgError

from .direct import (
    CHOLESKY_MAX_CONDITION,
    SINGULAR_CONDITION,
    LeastSquaresFit,
    condition_estimate,
    scaled_gram,
    solve_cholesky,
    solve_qr,
    solve_svd,
    triangular_inverse,
)
from .gram import centred_design, constant_columns, normal_equations, target_sum_of_squares
from .iterative import GD_MAX_ITER, solve_gd
from .pivoted import pivoted_cholesky, solve_pivoted

__all__ = ["SOLVERS", "least_squares", "solve_normal_pivoted"]

SOLVERS = ("auto", "cholesky", "qr", "svd", "gd")

_EPS = np.finfo(np.float64).eps


def least_squares(
    X: np.ndarray,
    Y: np.ndarray,
    *,
    alpha: float = 0.0,
    sample_weight: np.ndarray | None = None,
    fit_intercept: bool = True,
    solver: str = "auto",
    tol: float = 1e-6,
    max_iter: int | None = None,
    momentum: float = 0.0,
) -> tuple[LeastSquaresFit, np.ndarray, np.ndarray]:
    r"""Fit :math:`\min_{w,b}\sum_i s_i(y_i - x_i^Tw - b)^2 + \alpha\lVert w\rVert^2` for every target.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features), float64
    Y : ndarray, shape (n_samples, n_targets), float64
    alpha : float
        Ridge penalty :math:`\alpha \ge 0` (0 is ordinary least squares).
    sample_weight : ndarray, shape (n_samples,), optional
        Non-negative weights :math:`s_i` with a positive sum.
    fit_intercept : bool
        Centre the data first (the intercept is then never penalised).
    solver : {"auto", "cholesky", "qr", "svd", "gd"}
    tol : float
        ``svd``: singular values below ``tol`` times the largest count as zero (``auto`` goes to
        the SVD when the scaled design's condition number exceeds ``1/tol``); ``gd``: relative
        gradient-norm tolerance.
    max_iter : int, optional
        Gradient steps for ``gd`` (default 10,000).
    momentum : float
        Heavy-ball momentum for ``gd``.

    Returns
    -------
    fit : LeastSquaresFit
        ``coef`` of shape (n_features, n_targets) and the solver actually used.
    x_offset, y_offset : ndarray
        The means subtracted (zeros without an intercept); the intercept is
        ``y_offset - x_offset @ coef``.
    """
    if solver not in SOLVERS:
        raise InputError(f"solver must be one of {', '.join(SOLVERS)}; got {solver!r}")
    n, p = X.shape
    total_weight = float(n if sample_weight is None else sample_weight.sum())
    x_offset, y_offset, G, B = normal_equations(X, Y, sample_weight, fit_intercept)
    sqrt_weight = None if sample_weight is None else np.sqrt(sample_weight)
    active = ~constant_columns(G, x_offset, total_weight)
    coef = np.zeros((p, Y.shape[1]))
    if not active.any():
        return LeastSquaresFit(coef, "none (every column is constant)", rank=0), x_offset, y_offset
    G_a, B_a, X_a, x_offset_a = _active_part(active, G, B, X, x_offset)

    def design():
        return centred_design(X_a, Y, x_offset_a, y_offset, sqrt_weight)

    if solver == "gd":
        target_ss = target_sum_of_squares(Y, y_offset, sample_weight)
        max_iter = GD_MAX_ITER if max_iter is None else max_iter
        fit = solve_gd(G_a, B_a, alpha, total_weight, target_ss, tol=tol, max_iter=max_iter,
                       momentum=momentum)  # fmt: skip
    elif solver == "auto":
        gradient = _residual_gradient(X_a, Y, x_offset_a, y_offset, sample_weight)
        fit = _auto(G_a, B_a, alpha, tol, design, gradient, wide=n <= p)
    elif solver == "cholesky":
        fit = solve_cholesky(G_a, B_a, alpha)
    elif solver == "qr":
        fit = solve_qr(*design(), alpha)
    else:
        fit = solve_svd(*design(), alpha, tol if alpha == 0 else max(n, p) * _EPS)
    coef[active] = fit.coef
    fit.coef = coef
    return fit, x_offset, y_offset


def _active_part(active, G, B, X, x_offset):
    """The Gram matrices, design and means of the non-constant columns (no copy if all are)."""
    if active.all():
        return G, B, X, x_offset
    return G[np.ix_(active, active)], B[active], X[:, active], x_offset[active]


def _residual_gradient(X, Y, x_offset, y_offset, sample_weight):
    r"""``gradient(W)`` = :math:`\tilde X^T(\tilde Y - \tilde XW)`, without forming :math:`\tilde X`.

    With :math:`E = (Y - \nu) - (XW - \mu^TW)`, the gradient is :math:`X^TSE - \mu\,\mathbf
    1^TSE`: two products with ``X`` itself.
    """

    def gradient(W: np.ndarray) -> np.ndarray:
        E = (Y - y_offset) - (X @ W - x_offset @ W)
        if sample_weight is not None:
            E *= sample_weight[:, None]
        return X.T @ E - np.outer(x_offset, E.sum(axis=0))

    return gradient


def solve_normal_pivoted(G, B, tol: float, gradient, wide: bool):
    """Least squares by :mod:`.pivoted`: the fit, or ``None`` when the SVD or QR should decide.

    Returns ``(fit, condition)``: ``fit`` is ``None`` when the kept columns are too ill
    conditioned for the normal equations (``condition`` > :data:`CHOLESKY_MAX_CONDITION`) or
    when a rank-deficient design has fewer rows than columns (the SVD of the short matrix is
    cheaper than a large null space).
    """
    A, Bs, d = scaled_gram(G, B, 0.0)
    fact = pivoted_cholesky(A, tol * tol)
    r = fact.rank
    if r == 0 or (r < d.size and wide):
        return None, np.inf
    kept = fact.perm[:r]
    L11 = fact.L[:r]
    L11_inv = triangular_inverse(L11)
    condition = condition_estimate(A[np.ix_(kept, kept)], L11, L_inv=L11_inv)
    if condition > CHOLESKY_MAX_CONDITION:
        return None, condition
    coef = solve_pivoted(fact, L11_inv, Bs, d, gradient)
    return LeastSquaresFit(coef, "pivoted cholesky", condition, rank=r), condition


def _auto(G, B, alpha, tol, design, gradient, wide) -> LeastSquaresFit:
    """Cholesky when well conditioned (pivoted, rank-revealing for least squares), QR when not,
    SVD when (numerically) rank deficient beyond what the normal equations resolve."""
    if alpha == 0:
        fit, condition = solve_normal_pivoted(G, B, tol, gradient, wide)
        if fit is not None:
            return fit
    else:
        try:
            fit = solve_cholesky(G, B, alpha)
        except LinAlgError:
            condition = np.inf
        else:
            condition = fit.condition_estimate
            if condition is None or condition <= CHOLESKY_MAX_CONDITION:
                return fit
    # kappa(G) = kappa(X)^2: beyond 1/tol^2 the design is collinear at the requested precision.
    if (alpha == 0 and condition > tol**-2) or condition > SINGULAR_CONDITION:
        fit = solve_svd(*design(), alpha, tol if alpha == 0 else 0.0)
    else:
        try:
            fit = solve_qr(*design(), alpha)
        except LinAlgError:
            fit = solve_svd(*design(), alpha, tol if alpha == 0 else 0.0)
    fit.condition_estimate = condition
    return fit
