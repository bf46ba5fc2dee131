r"""Four ways to solve (ridge) least squares, and the automatic choice between them.

Fitting :math:`\min_{w,b}\sum_i s_i(y_i - x_i^Tw - b)^2 + \alpha\lVert w\rVert^2` centres the data
(:mod:`.gram`: the intercept is then never penalised) and hands the centred problem to one of

- ``cholesky``, ``qr``, ``svd`` — the direct solvers of :mod:`.direct`;
- ``gd`` — batch gradient descent, :mod:`.iterative`.

``auto`` forms the Gram matrix, factors it, and estimates its condition number from the factor:
:math:`\kappa \le 10^8` keeps Cholesky (relative error about :math:`\kappa\varepsilon \le 10^{-8}`);
larger goes to QR, and a factorization that breaks down or a design whose condition number exceeds
``1 / tol`` (numerically collinear columns) goes to the SVD.
"""

from __future__ import annotations

import numpy as np

from foundations.errors import InputError, LinAlgError

from .direct import (
    CHOLESKY_MAX_CONDITION,
    SINGULAR_CONDITION,
    LeastSquaresFit,
    solve_cholesky,
    solve_qr,
    solve_svd,
)
from .gram import (
    centred_design,
    constant_columns,
    gram_blocked,
    target_sum_of_squares,
    weighted_means,
)
from .iterative import GD_MAX_ITER, solve_gd

__all__ = ["SOLVERS", "least_squares"]

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
    if fit_intercept:
        x_offset, y_offset = weighted_means(X, Y, sample_weight)
    else:
        x_offset, y_offset = np.zeros(p), np.zeros(Y.shape[1])
    sqrt_weight = None if sample_weight is None else np.sqrt(sample_weight)

    G, B = gram_blocked(X, Y, x_offset, y_offset, sqrt_weight)
    active = ~constant_columns(G, x_offset, total_weight)
    coef = np.zeros((p, Y.shape[1]))
    if not active.any():
        return LeastSquaresFit(coef, "none (every column is constant)", rank=0), x_offset, y_offset
    G_a, B_a = G[np.ix_(active, active)], B[active]

    def design():
        return centred_design(X[:, active], Y, x_offset[active], y_offset, sqrt_weight)

    if solver == "gd":
        target_ss = target_sum_of_squares(Y, y_offset, sample_weight)
        max_iter = GD_MAX_ITER if max_iter is None else max_iter
        fit = solve_gd(G_a, B_a, alpha, total_weight, target_ss, tol=tol, max_iter=max_iter,
                       momentum=momentum)  # fmt: skip
    elif solver == "auto":
        fit = _auto(G_a, B_a, alpha, tol, design)
    elif solver == "cholesky":
        fit = solve_cholesky(G_a, B_a, alpha)
    elif solver == "qr":
        fit = solve_qr(*design(), alpha)
    else:
        fit = solve_svd(*design(), alpha, tol if alpha == 0 else max(n, p) * _EPS)
    coef[active] = fit.coef
    fit.coef = coef
    return fit, x_offset, y_offset


def _auto(G, B, alpha, tol, design) -> LeastSquaresFit:
    """Cholesky when well conditioned, QR when not, SVD when (numerically) rank deficient."""
    try:
        fit = solve_cholesky(G, B, alpha)
    except LinAlgError:
        condition = np.inf
    else:
        condition = fit.condition_estimate
        if condition <= CHOLESKY_MAX_CONDITION:
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
