r"""Least squares by the pivoted Cholesky factorization of the Gram matrix: fast, and rank-revealing.

**Pivoted Cholesky.** For the scaled Gram matrix :math:`A = D^{-1}\tilde X^T\tilde XD^{-1}` (unit
diagonal, :math:`D = \mathrm{diag}(\lVert\tilde x_j\rVert)`), choose at step :math:`k` the column
with the largest remaining diagonal of the Schur complement,

.. math:: d_j^{(k)} = A_{jj} - \sum_{i<k} L_{ji}^2
          = \operatorname{dist}\big(\hat x_j,\ \operatorname{span}(\hat x_{\pi_1},\dots,\hat x_{\pi_{k-1}})\big)^2 ,

the squared distance of the unit column :math:`\hat x_j` from the span of the columns already
chosen — the same choice as Householder QR with column pivoting, made on :math:`A` instead of
:math:`\tilde X` (LAPACK ``pstrf``). It stops at rank :math:`r` when every remaining
:math:`d_j \le \tau`: those columns are within :math:`\sqrt\tau` of the span of the others (and
the whole remaining block within :math:`\sqrt{(p-r)\tau}` in the Frobenius norm), so the design
is numerically of rank :math:`r`. The result is :math:`P^TAP = LL^T` with :math:`L` of shape
:math:`p \times r`, :math:`L_{11}` (its first :math:`r` rows) lower triangular. The cost is that
of plain Cholesky, :math:`pr^2/3` flops, on a :math:`p \times p` matrix formed in :math:`np^2`.

**The minimum-norm solution.** With the kept columns :math:`\hat X_1` and the dropped ones
:math:`\hat X_2 = \hat X_1 C`, :math:`C = L_{11}^{-T}L_{21}^T`, every least-squares solution is
the *basic* one, :math:`v_1 = A_{11}^{-1}\hat X_1^T\tilde y`, :math:`v_2 = 0`, plus a vector of the
null space spanned by the columns of :math:`N = P\begin{pmatrix}-C \\ I\end{pmatrix}` (in the
unscaled coefficients :math:`w = D^{-1}v`, of :math:`N_w = D^{-1}N`). The shortest is the basic
one minus its projection on that null space,

.. math:: w^\star = w_b - QQ^T w_b , \qquad N_w = QR ,

one Householder QR of a :math:`p \times (p-r)` matrix — the solution ``numpy.linalg.lstsq`` and scikit-learn's
``LinearRegression`` return, without an SVD.

**Accuracy.** The normal equations lose :math:`\kappa(A_{11}) = \kappa(\hat X_1)^2` digits; one
step of refinement with the residual of the design itself (the *corrected semi-normal
equations* of Björck: :math:`r = \tilde y - \tilde Xw`, :math:`w \mathrel{+}= A_{11}^{-1}\hat X_1^T r`)
brings the error close to that of QR while :math:`\kappa(\hat X_1)^2\varepsilon` is well below 1,
which the caller checks (:data:`.direct.CHOLESKY_MAX_CONDITION`) with the condition estimate of
:func:`.direct.inverse_and_condition`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from foundations.linalg import qr

__all__ = ["PivotedCholesky", "minimum_norm", "pivoted_cholesky", "solve_pivoted"]


@dataclass(frozen=True)
class PivotedCholesky:
    """:math:`A_{\\pi\\pi} = LL^T` with rank :math:`r`.

    Attributes
    ----------
    L : ndarray, shape (p, r)
        Rows in pivot order; ``L[:r]`` is lower triangular with a positive diagonal.
    perm : ndarray of int, shape (p,)
        The pivot order :math:`\\pi`: ``A[perm][:, perm] ≈ L @ L.T``.
    rank : int
    remaining : ndarray, shape (p - r,)
        The Schur complement's diagonal :math:`d_j` of the columns left out (each :math:`\\le \\tau`).
    """

    L: np.ndarray
    perm: np.ndarray
    rank: int
    remaining: np.ndarray


def pivoted_cholesky(A: np.ndarray, tol: float) -> PivotedCholesky:
    r"""Cholesky with diagonal pivoting of the symmetric PSD ``A``, stopped at pivots :math:`\le` ``tol``.

    Left-looking: column :math:`k` of :math:`L` is :math:`(A_{\pi_{k+1:},\pi_k} - L_{k+1:,:k}
    L_{k,:k}^T)/L_{kk}`, one matrix–vector product; the remaining diagonal is updated by
    subtracting the squares of the new column, and the next pivot is its largest entry.

    Parameters
    ----------
    A : ndarray, shape (p, p)
        Symmetric positive semi-definite (only the rows of the pivots are read).
    tol : float
        Stop when every remaining diagonal entry is :math:`\le` ``tol`` (for a unit diagonal,
        columns within :math:`\sqrt{tol}` of the span of the chosen ones count as dependent).
    """
    p = A.shape[0]
    perm = np.arange(p)
    d = np.array(np.diag(A), dtype=np.float64)
    L = np.zeros((p, p))
    rank = p
    for k in range(p):
        j = k + int(np.argmax(d[k:]))
        if not d[j] > tol:  # also stops on NaN
            rank = k
            break
        if j != k:
            perm[[k, j]] = perm[[j, k]]
            d[[k, j]] = d[[j, k]]
            L[[k, j], :k] = L[[j, k], :k]
        pivot = np.sqrt(d[k])
        L[k, k] = pivot
        if k + 1 < p:
            column = (A[perm[k], perm[k + 1 :]] - L[k + 1 :, :k] @ L[k, :k]) / pivot
            L[k + 1 :, k] = column
            d[k + 1 :] -= column * column
    return PivotedCholesky(L[:, :rank], perm, rank, d[rank:].copy())


def minimum_norm(W: np.ndarray, N: np.ndarray) -> np.ndarray:
    r"""Remove from each column of ``W`` its component in the span of ``N``: :math:`W - QQ^TW`.

    :math:`Q` is the orthonormal basis of Householder :math:`N = QR`, not
    :math:`N(N^TN)^{-1}N^T`: the rows of :math:`N_w = D^{-1}N` are scaled by the column norms of
    the design, which may span many orders of magnitude, and the normal equations of :math:`N`
    would square that condition number.
    """
    Q = qr(N, mode="reduced")[0]
    return W - Q @ (Q.T @ W)


def solve_pivoted(
    fact: PivotedCholesky,
    L11_inv: np.ndarray,
    Bs: np.ndarray,
    d: np.ndarray,
    gradient: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    r"""The minimum-norm least-squares coefficients from the pivoted factor (module docstring).

    Parameters
    ----------
    fact : PivotedCholesky
        Of the scaled Gram matrix :math:`A = D^{-1}GD^{-1}`.
    L11_inv : ndarray, shape (r, r)
        :math:`L_{11}^{-1}`, so that :math:`A_{11}^{-1} = L_{11}^{-T}L_{11}^{-1}`.
    Bs : ndarray, shape (p, k)
        :math:`D^{-1}\tilde X^T\tilde Y`.
    d : ndarray, shape (p,)
        The column norms :math:`D`.
    gradient : callable, optional
        ``gradient(W)`` = :math:`\tilde X^T(\tilde Y - \tilde XW)` for coefficients ``W`` of shape
        (p, k); given, one step of refinement is taken on the basic solution.

    Returns
    -------
    W : ndarray, shape (p, k)
    """
    r, perm = fact.rank, fact.perm
    kept, left_out = perm[:r], perm[r:]

    def solve_kept(rhs):  # A_11^{-1} rhs, two products with the explicit inverse factor
        return L11_inv.T @ (L11_inv @ rhs)

    W = np.zeros((d.size, Bs.shape[1]))
    W[kept] = solve_kept(Bs[kept]) / d[kept, None]
    if gradient is not None:
        W[kept] += solve_kept(gradient(W)[kept] / d[kept, None]) / d[kept, None]
    if r == d.size:
        return W
    C = L11_inv.T @ fact.L[r:].T  # (r, p - r): the dropped columns in terms of the kept ones
    N = np.zeros((d.size, d.size - r))
    N[kept] = -C / d[kept, None]
    N[left_out] = np.eye(d.size - r) / d[left_out, None]
    return minimum_norm(W, N)
