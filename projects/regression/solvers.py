r"""Four ways to solve (ridge) least squares, and the automatic choice between them.

With an intercept, fitting :math:`y \approx Xw + b` by (weighted) least squares is the same as
fitting centred data without one: subtract the (weighted) means :math:`\mu = \bar x`,
:math:`\nu = \bar y`, solve

.. math::
    \min_w \; \lVert \tilde y - \tilde X w \rVert^2 + \alpha \lVert w \rVert^2,
    \qquad \tilde X = S^{1/2}(X - \mathbf 1\mu^T),\; \tilde y = S^{1/2}(y - \nu),

(:math:`S` the diagonal of sample weights) and set :math:`b = \nu - \mu^T w`. So the intercept is
never penalised. The minimiser solves the normal equations

.. math:: (\tilde X^T \tilde X + \alpha I)\, w = \tilde X^T \tilde y ,

and geometrically :math:`\tilde X w` is the orthogonal projection of :math:`\tilde y` onto the
column space of :math:`\tilde X` (for :math:`\alpha = 0`). The solvers:

``cholesky``
    Form the Gram matrix :math:`G = \tilde X^T\tilde X` block of rows by block of rows (each block
    centred and multiplied in cache, :math:`np^2` flops in all), scale it to unit diagonal,
    factor :math:`G + \alpha I = LL^T` and solve two triangular systems (:math:`p^3/3` flops).
    The fastest by far when :math:`n \gg p`, but it squares the condition number:
    :math:`\kappa(G) = \kappa(\tilde X)^2`.
``qr``
    Householder :math:`\tilde X = QR`, then :math:`Rw = Q^T\tilde y` (ridge: the same on the
    stacked matrix :math:`[\tilde X; \sqrt\alpha I]`). Works with :math:`\kappa(\tilde X)` itself;
    about twice the flops of the Gram matrix.
``svd``
    :math:`\tilde X = U\Sigma V^T` gives :math:`w = V\,\mathrm{diag}\big(\sigma_i/(\sigma_i^2+\alpha)\big)U^T\tilde y`;
    singular values below a cutoff are dropped, which yields the minimum-norm solution when
    columns are collinear (what ``numpy.linalg.lstsq`` and scikit-learn return).
``gd``
    Batch gradient descent on :math:`f(w) = \frac{1}{2m}\big(\lVert\tilde y-\tilde Xw\rVert^2 +
    \alpha\lVert w\rVert^2\big)` (:math:`m` the total weight), with the fixed step :math:`1/L`,
    :math:`L` the largest eigenvalue of the Hessian :math:`(G + \alpha I)/m` (its Lipschitz
    constant), after scaling the columns to unit norm (a diagonal preconditioner).

``auto`` forms the Gram matrix, factors it, and estimates its condition number from the factor:
:math:`\kappa \le 10^8` keeps Cholesky (relative error about :math:`\kappa\varepsilon \le 10^{-8}`);
larger goes to QR, and a factorization that breaks down or a design whose condition number exceeds
``1 / tol`` (numerically collinear columns) goes to the SVD.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field

import numpy as np

from foundations.errors import InputError, LinAlgError
from foundations.linalg import cholesky, cholesky_solve, qr, solve_triangular, svd
from foundations.multivariable import gradient_descent

__all__ = [
    "CHOLESKY_MAX_CONDITION",
    "GD_MAX_ITER",
    "ROW_BLOCK",
    "SINGULAR_CONDITION",
    "SOLVERS",
    "LeastSquaresFit",
    "centred_design",
    "condition_estimate",
    "constant_columns",
    "gram_blocked",
    "least_squares",
    "lipschitz_constant",
    "solve_cholesky",
    "solve_gd",
    "solve_qr",
    "solve_svd",
    "svd_pieces",
    "weighted_means",
]

SOLVERS = ("auto", "cholesky", "qr", "svd", "gd")

#: Rows per block when accumulating the Gram matrix: a block of 2,048 rows of 100 float64
#: features is 1.6 MB, small enough to stay in cache while it is centred and multiplied.
ROW_BLOCK = 2048

#: Condition numbers of the (scaled) Gram matrix above which ``auto`` leaves Cholesky for QR.
CHOLESKY_MAX_CONDITION = 1e8

#: Beyond this condition number a matrix is singular to working precision: its smallest
#: eigenvalue is lost in the rounding of the largest (relative error 1 / (0.1 / eps) = 10 eps).
SINGULAR_CONDITION = 0.1 / np.finfo(np.float64).eps

#: Default number of gradient steps for ``solver="gd"``.
GD_MAX_ITER = 10_000


@dataclass
class LeastSquaresFit:
    """What a solver returns: coefficients for every target, and how they were found."""

    coef: np.ndarray  # (n_features, n_targets)
    solver: str
    condition_estimate: float | None = None
    rank: int | None = None
    n_iter: int = 1
    converged: bool = True
    loss_history: list[np.ndarray] = field(default_factory=list)


# --- centring and the Gram matrix ------------------------------------------------------------


def weighted_means(X: np.ndarray, Y: np.ndarray, sample_weight: np.ndarray | None):
    r"""The (weighted) column means :math:`\mu = \sum_i s_i x_i / \sum_i s_i` of ``X`` and ``Y``."""
    if sample_weight is None:
        return X.mean(axis=0), Y.mean(axis=0)
    total = sample_weight.sum()
    return (sample_weight @ X) / total, (sample_weight @ Y) / total


def gram_blocked(
    X: np.ndarray,
    Y: np.ndarray,
    x_offset: np.ndarray,
    y_offset: np.ndarray,
    sqrt_weight: np.ndarray | None = None,
    block: int = ROW_BLOCK,
    n_threads: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The normal-equation matrices :math:`\tilde X^T\tilde X` and :math:`\tilde X^T\tilde Y`.

    Accumulated over blocks of ``block`` rows, :math:`G = \sum_b \tilde X_b^T \tilde X_b`, so
    the centred copy of ``X`` is never formed: each block is centred (and weighted) while it is
    in cache and multiplied at once. ``Xb.T @ Xb`` of one array is recognised by NumPy as a
    symmetric rank-k update, which computes one triangle only (:math:`np^2` flops in all).

    On a tall matrix the rows are cut into one contiguous chunk per CPU core, each accumulated
    by its own thread (NumPy releases the GIL in the products) with a single-threaded BLAS, and
    the partial sums are added: the threads never wait on each other inside a small product.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    Y : ndarray, shape (n_samples, n_targets)
    x_offset, y_offset : ndarray, shapes (n_features,) and (n_targets,)
        Subtracted from every row (the means; zeros when there is no intercept).
    sqrt_weight : ndarray, shape (n_samples,), optional
        :math:`\sqrt{s_i}`, multiplying row :math:`i`.
    n_threads : int, optional
        Threads for a tall matrix (default: the CPU cores available).

    Returns
    -------
    G : ndarray, shape (n_features, n_features)
    B : ndarray, shape (n_features, n_targets)
    """
    n = X.shape[0]
    n_threads = n_threads or _available_cores()
    n_chunks = max(1, min(n_threads, n // (8 * block)))
    if n_chunks == 1:
        return _gram_rows(X, Y, x_offset, y_offset, sqrt_weight, block, 0, n)
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    bounds = np.linspace(0, n, n_chunks + 1).astype(int)
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(n_chunks) as pool:
        parts = list(
            pool.map(
                lambda k: _gram_rows(
                    X, Y, x_offset, y_offset, sqrt_weight, block, bounds[k], bounds[k + 1]
                ),
                range(n_chunks),
            )
        )
    return sum(part[0] for part in parts), sum(part[1] for part in parts)


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _gram_rows(X, Y, x_offset, y_offset, sqrt_weight, block, start, stop):
    """The Gram matrices of rows ``start:stop``, block by block."""
    p = X.shape[1]
    G = np.zeros((p, p))
    B = np.zeros((p, Y.shape[1]))
    for first in range(start, stop, block):
        last = min(first + block, stop)
        Xb = X[first:last] - x_offset
        Yb = Y[first:last] - y_offset
        if sqrt_weight is not None:
            w = sqrt_weight[first:last, None]
            Xb *= w
            Yb *= w
        G += Xb.T @ Xb
        B += Xb.T @ Yb
    return G, B


def centred_design(X, Y, x_offset, y_offset, sqrt_weight=None) -> tuple[np.ndarray, np.ndarray]:
    r""":math:`\tilde X = S^{1/2}(X - \mathbf 1\mu^T)` and :math:`\tilde Y` as new arrays."""
    Xc = X - x_offset
    Yc = Y - y_offset
    if sqrt_weight is not None:
        Xc *= sqrt_weight[:, None]
        Yc *= sqrt_weight[:, None]
    return Xc, Yc


def constant_columns(G: np.ndarray, x_offset: np.ndarray, total_weight: float) -> np.ndarray:
    r"""Columns that are constant up to rounding: :math:`\lVert\tilde x_j\rVert \le 100\,\varepsilon\sqrt m\,|\mu_j|`.

    Centring a constant column leaves rounding noise of size :math:`\varepsilon|\mu_j|` per row,
    not exact zeros; fitting that noise would give a meaningless coefficient. Such columns get
    the coefficient 0 (the minimum-norm answer; the intercept absorbs them).
    """
    norms = np.sqrt(np.maximum(np.diag(G), 0.0))
    noise = 100.0 * np.finfo(np.float64).eps * np.sqrt(total_weight) * np.abs(x_offset)
    return norms <= noise


# --- condition estimate ----------------------------------------------------------------------


def condition_estimate(A: np.ndarray, L: np.ndarray, n_iter: int = 5, seed: int = 0) -> float:
    r"""Estimate :math:`\kappa_2(A) = \lambda_{\max}/\lambda_{\min}` of an SPD ``A = L @ L.T``.

    Power iteration :math:`v \leftarrow Av/\lVert Av\rVert` approaches :math:`\lambda_{\max}`
    from below; inverse iteration :math:`v \leftarrow A^{-1}v/\lVert A^{-1}v\rVert` (two
    triangular solves with the factor already at hand, :math:`2p^2` flops) approaches
    :math:`\lambda_{\min}` from above, and does so fastest exactly when :math:`\lambda_{\min}`
    is tiny, i.e. when it matters. The product is a lower bound on :math:`\kappa`; five steps from a
    random start land within a factor of 2 of it (checked on matrices with :math:`\kappa` from
    :math:`1` to :math:`10^{12}`), enough to choose a solver, for ten triangular solves.
    """
    p = A.shape[0]
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(p)
    u = v.copy()
    lam_max = lam_min_inv = 0.0
    for _ in range(n_iter):
        Av = A @ v
        lam_max = float(np.sqrt(Av @ Av))
        v = Av / lam_max
        Ainv_u = cholesky_solve(L, u)
        lam_min_inv = float(np.sqrt(Ainv_u @ Ainv_u))
        u = Ainv_u / lam_min_inv
    return lam_max * lam_min_inv


# --- the four solvers ------------------------------------------------------------------------


def _scaled_gram(G: np.ndarray, B: np.ndarray, alpha: float):
    r"""Scale to unit diagonal: :math:`D^{-1}(G + \alpha I)D^{-1}` and :math:`D^{-1}B`, :math:`D = \mathrm{diag}(\sqrt{G_{jj}})`."""
    d = np.sqrt(np.diag(G))
    A = G / np.outer(d, d)
    A[np.diag_indices_from(A)] = 1.0 + alpha / d**2
    return A, B / d[:, None], d


def solve_cholesky(G: np.ndarray, B: np.ndarray, alpha: float) -> LeastSquaresFit:
    r"""Normal equations by Cholesky: :math:`(G + \alpha I)w = B` via :math:`LL^T`.

    The columns are first scaled to unit norm (:math:`D^{-1}GD^{-1}`), which leaves the solution
    unchanged after unscaling but can lower the condition number a great deal when features are
    in very different units.

    Raises
    ------
    LinAlgError
        The Gram matrix is not positive definite, or its estimated condition number exceeds
        :data:`SINGULAR_CONDITION`: the columns are collinear.
    """
    A, Bs, d = _scaled_gram(G, B, alpha)
    try:
        L = cholesky(A)
    except LinAlgError:
        raise LinAlgError(
            "the Gram matrix X^T X is not positive definite: the columns of X are collinear "
            "(or there are more features than samples); use solver='svd' or 'auto'"
        ) from None
    condition = condition_estimate(A, L)
    if condition > SINGULAR_CONDITION:
        raise LinAlgError(
            f"the Gram matrix X^T X is singular to working precision (condition number about "
            f"{condition:.1e}): the columns of X are collinear; use solver='svd' or 'auto'"
        )
    coef = cholesky_solve(L, Bs) / d[:, None]
    return LeastSquaresFit(coef, "cholesky", condition)


def solve_qr(Xc: np.ndarray, Yc: np.ndarray, alpha: float) -> LeastSquaresFit:
    r"""Least squares by Householder QR: :math:`\tilde X = QR`, :math:`Rw = Q^T\tilde y`.

    Ridge stacks :math:`\sqrt\alpha I` under :math:`\tilde X` (and zeros under :math:`\tilde y`):
    :math:`\lVert\tilde y - \tilde Xw\rVert^2 + \alpha\lVert w\rVert^2` is the plain residual of
    that taller system.

    Raises
    ------
    LinAlgError
        :math:`R` has a (numerically) zero diagonal entry: the columns are collinear.
    """
    p = Xc.shape[1]
    if alpha > 0:
        Xc = np.vstack([Xc, np.sqrt(alpha) * np.eye(p)])
        Yc = np.vstack([Yc, np.zeros((p, Yc.shape[1]))])
    if Xc.shape[0] < p:
        raise LinAlgError(
            f"QR least squares needs at least as many samples as features ({Xc.shape[0]} < {p}); "
            "use solver='svd' or 'auto'"
        )
    Q, R = qr(Xc, mode="reduced")
    try:
        coef = solve_triangular(R, Q.T @ Yc, lower=False)
    except LinAlgError:
        raise LinAlgError(
            "R of the QR factorization is singular: the columns of X are collinear; "
            "use solver='svd' or 'auto'"
        ) from None
    return LeastSquaresFit(coef, "qr")


def svd_pieces(Xc: np.ndarray, Yc: np.ndarray):
    r"""What least squares needs from :math:`\tilde X = U\Sigma V^T`: :math:`\sigma`, :math:`V^T` and :math:`U^T\tilde Y`.

    Computed with :func:`foundations.linalg.svd` (thin); shared by :func:`solve_svd` and the
    cross-validation of ridge, which reuses the factors for every :math:`\alpha`.

    Returns
    -------
    s : ndarray, shape (k,)
        Singular values, descending.
    Vt : ndarray, shape (k, n_features)
    UtY : ndarray, shape (k, n_targets)
    """
    U, s, Vt = svd(Xc, full_matrices=False)
    return s, Vt, U.T @ Yc


def solve_svd(Xc: np.ndarray, Yc: np.ndarray, alpha: float, rcond: float) -> LeastSquaresFit:
    r"""Least squares by the SVD: :math:`w = V\,\mathrm{diag}\big(\sigma_i/(\sigma_i^2+\alpha)\big)\,U^T\tilde y`.

    Singular values :math:`\sigma_i \le` ``rcond`` :math:`\cdot\,\sigma_1` count as zero and
    their terms are dropped: the result is then the minimum-norm least-squares solution (the
    pseudo-inverse :math:`\tilde X^+\tilde y` for :math:`\alpha = 0`).
    """
    s, Vt, UtY = svd_pieces(Xc, Yc)
    keep = s > rcond * s[0] if s.size and s[0] > 0 else np.zeros(s.shape, dtype=bool)
    s_kept = s[keep]
    filtered = s_kept / (s_kept**2 + alpha)
    coef = Vt[keep].T @ (filtered[:, None] * UtY[keep])
    return LeastSquaresFit(coef, "svd", rank=int(keep.sum()))


def lipschitz_constant(A: np.ndarray, n_iter: int = 50) -> float:
    r"""The largest eigenvalue of the symmetric PSD ``A`` by power iteration, with a 2 % margin.

    Power iteration approaches :math:`\lambda_{\max}` from below; the margin keeps the step
    :math:`1/L` safely under the stability limit :math:`2/\lambda_{\max}` of gradient descent on
    a quadratic.
    """
    v = np.ones(A.shape[0]) / np.sqrt(A.shape[0])
    lam = 0.0
    for _ in range(n_iter):
        Av = A @ v
        lam = float(np.sqrt(Av @ Av))
        if lam == 0.0:
            return 1.0
        v = Av / lam
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
    H, R, d = _scaled_gram(G, B, alpha)
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


# --- the driver ------------------------------------------------------------------------------


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

    rcond = tol if alpha == 0 else max(n, p) * np.finfo(np.float64).eps
    if solver == "auto":
        fit = _auto(G_a, B_a, alpha, tol, design)
    elif solver == "cholesky":
        fit = solve_cholesky(G_a, B_a, alpha)
    elif solver == "qr":
        fit = solve_qr(*design(), alpha)
    elif solver == "svd":
        fit = solve_svd(*design(), alpha, rcond)
    else:
        fit = solve_gd(
            G_a,
            B_a,
            alpha,
            total_weight,
            _target_sum_of_squares(Y, y_offset, sample_weight),
            tol=tol,
            max_iter=GD_MAX_ITER if max_iter is None else max_iter,
            momentum=momentum,
        )
    coef[active] = fit.coef
    fit.coef = coef
    return fit, x_offset, y_offset


def _target_sum_of_squares(Y, y_offset, sample_weight) -> np.ndarray:
    r""":math:`\sum_i s_i (y_{ik} - \nu_k)^2` for every target :math:`k`."""
    squares = (Y - y_offset) ** 2
    return squares.sum(axis=0) if sample_weight is None else sample_weight @ squares


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
