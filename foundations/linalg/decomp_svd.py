r"""The singular value decomposition :math:`A = U \Sigma V^T` (chapter 7).

Every real :math:`m \times n` matrix maps an orthonormal basis :math:`v_1, \dots, v_n` of the
input space onto orthogonal vectors :math:`A v_i = \sigma_i u_i`: rotate, stretch, rotate. The
:math:`\sigma_1 \ge \sigma_2 \ge \dots \ge 0` are the singular values.

**Why not the eigenvalues of** :math:`A^TA`? They are :math:`\sigma_i^2`, but forming
:math:`A^TA` squares the condition number: a singular value below
:math:`\sqrt{\varepsilon}\,\sigma_1 \approx 10^{-8}\sigma_1` is lost in rounding. A backward
stable SVD touches :math:`A` only through orthogonal transformations, so every computed
:math:`\sigma_i` is within :math:`O(\varepsilon \sigma_1)` of the exact one.

**Default algorithm** (``method="dc"``, LAPACK's ``dgesdd``), for :math:`m \ge n` (a wide
matrix is transposed):

1. If :math:`m \ge 1.6n`, a Householder QR :math:`A = QR` first, and the rest on the
   :math:`n\times n` triangle :math:`R` (less to bidiagonalize).
2. Householder bidiagonalization :math:`A = U_BBV_B^T`, blocked so that half of the flops are
   matrix products (:mod:`.householder`).
3. Divide and conquer on the bidiagonal :math:`B = U_b\Sigma V_b^T` (:mod:`.bidiagonal`).
4. Back-transformation :math:`U = U_BU_b`, :math:`V = V_BV_b` by the blocked reflectors.

Backward stable, :math:`U, V` orthonormal to :math:`O(n\varepsilon)`; about :math:`\tfrac83n^3`
flops for the values, :math:`\approx 9n^3` with both sets of vectors (square :math:`A`).

**Didactic algorithm** (``method="jacobi"``): the QR-preconditioned one-sided Jacobi SVD
(:mod:`._jacobi`) — rotations of row pairs until all rows are orthogonal. 20–100 times slower at
:math:`n \ge 500`, but it finds the small singular values of graded matrices to high relative
accuracy.

**Scaling.** :math:`A` is divided by a power of two near its largest entry (exact), so that
squares neither overflow nor underflow; ``float32`` input is computed in double precision and
returned in ``float32``.

**Sign convention** (deterministic, scikit-learn's ``svd_flip(u_based_decision=False)``): in each
row of ``Vt`` the entry of largest magnitude is positive (the first one on ties); the matching
column of ``U`` changes sign with it.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_matrix
from ._jacobi import jacobi_svd_tall
from .bidiagonal import _bidiagonal_dc
from .decomp_qr import qr
from .householder import _apply_left_q, _apply_right_q, _bidiagonal_reduction

__all__ = ["svd", "svdvals", "truncated_svd"]

METHODS = ("dc", "jacobi")
_QR_FIRST = 1.6  # m >= 1.6 n: factor A = QR first and work on the n x n triangle


def _svd_dc_tall(A: np.ndarray, compute_uv: bool, full_matrices: bool):
    """SVD of a tall (m >= n) float64 matrix of unit scale by bidiagonal divide and conquer."""
    m, n = A.shape
    if m >= _QR_FIRST * n:
        if not compute_uv:
            return _svd_dc_tall(qr(A, mode="r"), False, False)
        Q, R = qr(A, mode="complete" if full_matrices else "reduced")
        U_r, s, Vt = _svd_dc_tall(R[:n], True, False)
        if full_matrices:
            Q[:, :n] = Q[:, :n] @ U_r
            return Q, s, Vt
        return Q @ U_r, s, Vt
    d, e, F, tauq, taup = _bidiagonal_reduction(A.copy())
    s, U_b, V_b = _bidiagonal_dc(d, e, compute_uv)
    if not compute_uv:
        return None, s, None
    U = np.eye(m, m if full_matrices else n)
    U[:n, :n] = U_b
    return _apply_left_q(F, tauq, U), s, _apply_right_q(F, taup, V_b).T


def _flip_signs(U: np.ndarray, Vt: np.ndarray) -> None:
    """Make the largest-magnitude entry of each row of ``Vt`` positive (in place)."""
    k = min(U.shape[1], Vt.shape[0])
    if k == 0:
        return
    cols = np.argmax(np.abs(Vt[:k]), axis=1)
    signs = np.sign(Vt[np.arange(k), cols])
    signs[signs == 0] = 1.0
    Vt[:k] *= signs[:, None]
    U[:, :k] *= signs


def svd(A, full_matrices: bool = True, compute_uv: bool = True, *, method: str = "dc"):
    r"""Singular value decomposition :math:`A = U \operatorname{diag}(s) V^T` (``numpy.linalg.svd``'s interface).

    Parameters
    ----------
    A : array_like, shape (m, n)
    full_matrices : bool
        ``True``: ``U`` is ``(m, m)`` and ``Vt`` is ``(n, n)``; ``False``: ``(m, k)`` and
        ``(k, n)`` with :math:`k = \min(m, n)`.
    compute_uv : bool
        ``False`` returns only ``s`` (cheaper: no vectors are formed).
    method : {"dc", "jacobi"}
        ``"dc"``: bidiagonalization and divide and conquer (fast, the default); ``"jacobi"``: the
        one-sided Jacobi SVD (didactic; high relative accuracy on graded matrices).

    Returns
    -------
    U : ndarray
        Left singular vectors (columns), orthonormal.
    s : ndarray, shape (k,)
        Singular values, descending.
    Vt : ndarray
        Right singular vectors (rows), orthonormal.

    Notes
    -----
    Backward stable (both methods): the computed factors are the exact SVD of :math:`A + E`,
    :math:`\|E\| = O(n\varepsilon\|A\|)`, so each :math:`|\hat\sigma_i - \sigma_i| =
    O(n\varepsilon \sigma_1)`. Signs are deterministic: the largest-magnitude entry of each row
    of ``Vt`` is positive.
    """
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, got {method!r}")
    A = as_matrix(A, "A")
    out = np.float32 if A.dtype == np.float32 else np.float64
    A = A.astype(np.float64, copy=False)
    m, n = A.shape
    wide = m < n
    # Scale by a power of two (exact) so that squares neither overflow nor underflow.
    largest = float(np.max(np.abs(A)))
    scale = 2.0 ** np.round(np.log2(largest)) if largest > 0 else 1.0
    tall = (A.T if wide else A) * (1.0 / scale)
    solve = jacobi_svd_tall if method == "jacobi" else _svd_dc_tall
    U, s, Vt = solve(tall, compute_uv, full_matrices)
    s = (s * scale).astype(out, copy=False)
    if not compute_uv:
        return s
    if wide:
        U, Vt = Vt.T, U.T
    U = np.ascontiguousarray(U)
    Vt = np.ascontiguousarray(Vt)
    _flip_signs(U, Vt)
    return U.astype(out, copy=False), s, Vt.astype(out, copy=False)


def svdvals(A) -> np.ndarray:
    """Singular values of ``A``, descending (``scipy.linalg.svdvals``): ``svd(A, compute_uv=False)``.

    Parameters
    ----------
    A : array_like, shape (m, n)

    Returns
    -------
    s : ndarray, shape (min(m, n),)
    """
    return svd(A, compute_uv=False)


def truncated_svd(A, k: int):
    r"""The best rank-:math:`k` factors :math:`U_k, s_k, V_k^T` (Eckart–Young).

    :math:`A_k = U_k \operatorname{diag}(s_k) V_k^T` minimises :math:`\|A - B\|` over all
    matrices :math:`B` of rank :math:`\le k`, in the spectral and the Frobenius norm, with
    :math:`\|A - A_k\|_F^2 = \sum_{i>k}\sigma_i^2`. Computed from the thin :func:`svd`.

    Parameters
    ----------
    A : array_like, shape (m, n)
    k : int
        :math:`1 \le k \le \min(m, n)`.

    Returns
    -------
    U_k : ndarray, shape (m, k)
    s_k : ndarray, shape (k,)
    Vt_k : ndarray, shape (k, n)
    """
    A = as_matrix(A, "A")
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= min(A.shape):
        raise InputError(f"k must be an integer between 1 and {min(A.shape)}, got {k!r}")
    U, s, Vt = svd(A, full_matrices=False)
    return U[:, :k], s[:k], Vt[:k]
