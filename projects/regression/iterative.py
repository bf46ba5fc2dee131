r"""Batch gradient descent on (ridge) least squares, the iterative fourth solver.

``gd`` minimises :math:`f(w) = \frac{1}{2m}\big(\lVert\tilde y-\tilde Xw\rVert^2 +
\alpha\lVert w\rVert^2\big)` (:math:`m` the total weight) with the fixed step :math:`1/L`,
:math:`L` the largest eigenvalue of the Hessian :math:`(G + \alpha I)/m` (its Lipschitz
constant, by chapter 6's power iteration), after scaling the columns to unit norm (a diagonal
preconditioner).
"""

from __future__ import annotations

import warnings

import numpy as np

from foundations.linalg import power_iteration
from foundations.multivariable import gradient_descent

from .direct import LeastSquaresFit, scaled_gram

__all__ = ["GD_MAX_ITER", "lipschitz_constant", "solve_gd"]

#: Default number of gradient steps for ``solver="gd"``.
GD_MAX_ITER = 10_000


def lipschitz_constant(A: np.ndarray, n_iter: int = 50) -> float:
    r"""The largest eigenvalue of the symmetric PSD ``A`` by power iteration, with a 2 % margin.

    :func:`foundations.linalg.power_iteration` from the all-ones vector (from a seeded random
    one if that is orthogonal to every eigenvector of a positive eigenvalue); its Rayleigh quotient
    approaches :math:`\lambda_{\max}` from below, and the margin keeps the step :math:`1/L`
    safely under the stability limit :math:`2/\lambda_{\max}` of gradient descent on a
    quadratic.
    """
    if not np.any(A):
        return 1.0
    lam = power_iteration(A, np.ones(A.shape[0]), tol=1e-10, max_iter=n_iter).eigenvalue
    if not lam > 0:  # the start was orthogonal to every eigenvector with a positive eigenvalue
        lam = power_iteration(A, tol=1e-10, max_iter=n_iter, random_state=0).eigenvalue
    return 1.02 * lam


def solve_gd(
    G: np.ndarray,
    B: np.ndarray,
    alpha: float,
    total_weight: float,
    target_ss: np.ndarray,
    *,
    tol: float,
    max_iter: int,
    momentum: float = 0.0,
) -> LeastSquaresFit:
    r"""Batch gradient descent on the (ridge) least-squares objective, one target at a time.

    In the scaled variables :math:`v = Dw` the objective and its gradient are

    .. math::
        f(v) = \tfrac12 v^T H v - r^T v + \tfrac{c}{2m}, \qquad \nabla f(v) = Hv - r,
        \qquad H = \frac{D^{-1}(G+\alpha I)D^{-1}}{m},\; r = \frac{D^{-1}\tilde X^T\tilde y}{m},

    i.e. half the mean squared residual plus the penalty over :math:`m` (``target_ss`` holds
    :math:`c = \lVert\tilde y\rVert^2` per target, so the recorded history is the objective itself). :math:`\nabla f` is the
    full-batch gradient :math:`\frac1m(\tilde X^T(\tilde Xw - \tilde y) + \alpha w)` with
    :math:`\tilde X^T\tilde X` formed once, so each step costs :math:`p^2` instead of :math:`np`.
    The step is :math:`1/L` with :math:`L` the largest eigenvalue of :math:`H`, which makes the
    objective decrease monotonically (without momentum); iterations stop when
    :math:`\lVert\nabla f\rVert \le \mathrm{tol}\cdot\lVert\nabla f(0)\rVert`.

    Started at :math:`v = 0`, the iterates stay in the row space of :math:`\tilde X D^{-1}`, so on
    collinear data (:math:`\alpha = 0`) they converge to the solution of least
    :math:`\lVert Dw\rVert`.
    """
    H, R, d = scaled_gram(G, B, alpha)
    H /= total_weight
    R = R / total_weight
    step = 1.0 / lipschitz_constant(H)
    coef = np.zeros_like(B)
    histories, n_iter, converged = [], 0, True
    for k in range(B.shape[1]):
        r = R[:, k]
        gnorm0 = float(np.sqrt(r @ r))
        result = gradient_descent(
            lambda v, r=r: 0.5 * (v @ (H @ v)) - r @ v,
            lambda v, r=r: H @ v - r,
            np.zeros_like(r),
            step=step,
            momentum=momentum,
            tol=max(tol * gnorm0, np.finfo(np.float64).tiny),
            max_iter=max_iter,
        )
        coef[:, k] = result.x / d
        histories.append(result.history + 0.5 * target_ss[k] / total_weight)
        n_iter = max(n_iter, result.n_iter)
        converged &= result.converged
    if not converged:
        from sklearn.exceptions import ConvergenceWarning

        warnings.warn(
            f"gradient descent did not reach tol={tol:g} in max_iter={max_iter} steps; "
            "increase max_iter, add momentum, or use a direct solver",
            ConvergenceWarning,
            stacklevel=3,
        )
    return LeastSquaresFit(
        coef, "gd", n_iter=n_iter, converged=bool(converged), loss_history=histories
    )
