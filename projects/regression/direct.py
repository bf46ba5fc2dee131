r"""The three direct solvers of (ridge) least squares: Cholesky, Householder QR and the SVD.

All three minimise :math:`\lVert \tilde y - \tilde X w \rVert^2 + \alpha \lVert w \rVert^2` for
the centred design of :mod:`.gram`, whose minimiser solves the normal equations

.. math:: (\tilde X^T \tilde X + \alpha I)\, w = \tilde X^T \tilde y ;

geometrically :math:`\tilde X w` is the orthogonal projection of :math:`\tilde y` onto the
column space of :math:`\tilde X` (for :math:`\alpha = 0`).

``cholesky``
    Scale the Gram matrix :math:`G` to unit diagonal, factor :math:`G + \alpha I = LL^T` and
    solve two triangular systems (:math:`p^3/3` flops after the :math:`np^2` of :math:`G`).
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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from foundations.errors import LinAlgError
from foundations.linalg import (
    cholesky,
    power_iteration,
    qr,
    solve_triangular,
    svd,
)

__all__ = [
    "CHOLESKY_MAX_CONDITION",
    "SINGULAR_CONDITION",
    "LeastSquaresFit",
    "bordered_solve",
    "condition_estimate",
    "ridge_condition_bound",
    "scaled_gram",
    "solve_cholesky",
    "solve_qr",
    "solve_svd",
    "svd_pieces",
    "triangular_inverse",
]

#: Condition numbers of the (scaled) Gram matrix above which ``auto`` leaves Cholesky for QR.
CHOLESKY_MAX_CONDITION = 1e8

#: Beyond this condition number a matrix is singular to working precision: its smallest
#: eigenvalue is lost in the rounding of the largest (relative error 1 / (0.1 / eps) = 10 eps).
SINGULAR_CONDITION = 0.1 / np.finfo(np.float64).eps

#: Panel width for :func:`foundations.linalg.cholesky`: the design's few hundred columns fit in
#: one panel, which skips the blocked algorithm's triangular solves.
_CHOLESKY_BLOCK = 512


@dataclass
class LeastSquaresFit:
    """What a solver returns: coefficients for every target, and how they were found."""

    coef: np.ndarray  # (n_features, n_targets)
    solver: str
    condition_estimate: float | None = None
    rank: int | None = None
    condition_bound: float | None = None
    n_iter: int = 1
    converged: bool = True
    loss_history: list[np.ndarray] = field(default_factory=list)


def triangular_inverse(L: np.ndarray) -> np.ndarray:
    """:math:`L^{-1}` of a lower-triangular ``L``: one solve with :math:`p` right-hand sides."""
    return solve_triangular(L, np.eye(L.shape[0]), lower=True)


def condition_estimate(
    A: np.ndarray, L: np.ndarray, n_iter: int = 5, seed: int = 0, L_inv: np.ndarray | None = None
) -> float:
    r"""Estimate :math:`\kappa_2(A) = \lambda_{\max}/\lambda_{\min}` of an SPD ``A = L @ L.T``.

    Two power iterations (:func:`foundations.linalg.power_iteration`, chapter 6): one on
    :math:`A` for :math:`\lambda_{\max}(A)`, one on :math:`A^{-1} = L^{-T}L^{-1}` (formed from
    the factor already at hand: one triangular solve with :math:`p` right-hand sides, unless
    ``L_inv`` is given, and one product) for :math:`\lambda_{\max}(A^{-1}) = 1/\lambda_{\min}(A)`
    — inverse iteration, which converges fastest exactly when :math:`\lambda_{\min}` is tiny,
    i.e. when it matters. Each Rayleigh quotient approaches its eigenvalue from below, so the
    product is a lower bound on :math:`\kappa`; five steps from a random start land within a
    factor of 2 of it (checked on matrices with :math:`\kappa` from :math:`1` to
    :math:`10^{12}`), enough to choose a solver.
    """
    p = A.shape[0]
    L_inv = triangular_inverse(L) if L_inv is None else L_inv
    A_inv = L_inv.T @ L_inv
    x0 = np.random.default_rng(seed).standard_normal(p)
    tol = 1e-12  # never reached in n_iter steps unless the estimate is already exact
    lam_max = power_iteration(A, x0, tol=tol, max_iter=n_iter).eigenvalue
    lam_min_inv = power_iteration(A_inv, x0, tol=tol, max_iter=n_iter).eigenvalue
    return float(lam_max * lam_min_inv)


def ridge_condition_bound(A: np.ndarray, d: np.ndarray, alpha: float) -> float:
    r"""An upper bound on :math:`\kappa_2(A)` of :math:`A = D^{-1}(G + \alpha I)D^{-1}`, in :math:`O(p^2)`.

    :math:`A = D^{-1}GD^{-1} + \alpha D^{-2}` with the first term positive semi-definite, so
    :math:`\lambda_{\min}(A) \ge \alpha/\max_j d_j^2`; and
    :math:`\lambda_{\max}(A) \le \lVert A\rVert_F`. Hence
    :math:`\kappa_2(A) \le \lVert A\rVert_F \max_j d_j^2/\alpha` — no iteration, and a
    guarantee rather than an estimate (``inf`` for :math:`\alpha = 0`).
    """
    if not alpha > 0:
        return np.inf
    return float(np.sqrt(np.sum(A * A)) * np.max(d * d) / alpha)


def scaled_gram(G: np.ndarray, B: np.ndarray, alpha: float):
    r"""Scale to unit diagonal: :math:`D^{-1}(G + \alpha I)D^{-1}` and :math:`D^{-1}B`, :math:`D = \mathrm{diag}(\sqrt{G_{jj}})`."""
    d = np.sqrt(np.diag(G))
    inverse = 1.0 / d
    A = G * inverse
    A *= inverse[:, None]
    A[np.diag_indices_from(A)] = 1.0 + alpha * inverse**2
    return A, B / d[:, None], d


def bordered_solve(A: np.ndarray, B: np.ndarray, lam_min: float) -> np.ndarray:
    r""":math:`A^{-1}B` for SPD ``A`` with :math:`\lambda_{\min}(A) \ge` ``lam_min``, with one triangular solve.

    The Cholesky factor of the bordered matrix

    .. math::
        M = \begin{pmatrix} A & B \\ B^T & cI \end{pmatrix}
          = \begin{pmatrix} L & 0 \\ Z^T & L_c \end{pmatrix}
            \begin{pmatrix} L^T & Z \\ 0 & L_c^T \end{pmatrix}

    holds :math:`Z = L^{-1}B` in its last rows — the forward substitution happens inside the
    factorization, one matrix–vector product per column it computes anyway — so only
    :math:`L^T X = Z` is left. :math:`M` is positive definite when its Schur complement
    :math:`cI - B^TA^{-1}B` is, which :math:`c = 1 + 2\lVert B\rVert_F^2/\lambda_{\min}` ensures
    (:math:`B^TA^{-1}B \preceq \lVert B\rVert_F^2/\lambda_{\min}\, I`); :math:`c` only enters the
    last pivots, never :math:`L` or :math:`Z`.
    """
    p, k = B.shape
    M = np.empty((p + k, p + k))
    M[:p, :p] = A
    M[:p, p:] = B
    M[p:, :p] = B.T
    M[p:, p:] = (1.0 + 2.0 * float(np.sum(B * B)) / lam_min) * np.eye(k)
    L = cholesky(M, block_size=_CHOLESKY_BLOCK)
    return solve_triangular(L[:p, :p].T, L[p:, :p].T, lower=False)


def solve_cholesky(G: np.ndarray, B: np.ndarray, alpha: float) -> LeastSquaresFit:
    r"""Normal equations by Cholesky: :math:`(G + \alpha I)w = B` via :math:`LL^T`.

    The columns are first scaled to unit norm (:math:`D^{-1}GD^{-1}`), which leaves the solution
    unchanged after unscaling but can lower the condition number a great deal when features are
    in very different units. For ridge, :func:`ridge_condition_bound` usually proves the matrix
    well conditioned at once; otherwise the condition number is estimated
    (:func:`condition_estimate`).

    Raises
    ------
    LinAlgError
        The Gram matrix is not positive definite, or its estimated condition number exceeds
        :data:`SINGULAR_CONDITION`: the columns are collinear.
    """
    A, Bs, d = scaled_gram(G, B, alpha)
    bound = ridge_condition_bound(A, d, alpha)
    if bound <= CHOLESKY_MAX_CONDITION:
        coef = bordered_solve(A, Bs, alpha / np.max(d * d)) / d[:, None]
        return LeastSquaresFit(coef, "cholesky", condition_bound=bound)
    try:
        L = cholesky(A, block_size=_CHOLESKY_BLOCK)
    except LinAlgError:
        raise LinAlgError(
            "the Gram matrix X^T X is not positive definite: the columns of X are collinear "
            "(or there are more features than samples); use solver='svd' or 'auto'"
        ) from None
    L_inv = triangular_inverse(L)
    condition = condition_estimate(A, L, L_inv=L_inv)
    if condition > SINGULAR_CONDITION:
        raise LinAlgError(
            f"the Gram matrix X^T X is singular to working precision (condition number about "
            f"{condition:.1e}): the columns of X are collinear; use solver='svd' or 'auto'"
        )
    coef = L_inv.T @ (L_inv @ Bs) / d[:, None]
    return LeastSquaresFit(coef, "cholesky", condition, condition_bound=bound)


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
