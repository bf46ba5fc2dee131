r"""Blocked Householder reductions to tridiagonal and bidiagonal form (chapter 7).

Eigenvalue and singular value algorithms first bring a dense matrix, by orthogonal
transformations, to a form with only :math:`O(n)` non-zeros — a finite computation
(:math:`\tfrac43 n^3` flops for the tridiagonal form, :math:`\tfrac83 n^3` for the bidiagonal),
after which the iterative part costs little.

**Tridiagonal form** :math:`A = QTQ^T` (symmetric :math:`A`). The reflector
:math:`H_i = I - \tau_i v_iv_i^T` zeroes column :math:`i` below the subdiagonal; applied from both
sides, :math:`H_iAH_i = A - v_iw_i^T - w_iv_i^T` with
:math:`w_i = p_i - \tfrac{\tau_i}{2}(p_i^Tv_i)\,v_i`, :math:`p_i = \tau_iAv_i` — a rank-two update.
**Blocking (LAPACK's** ``dsytrd``/``dlatrd``\ **).** The updates of a panel of :math:`b` columns
are not applied at once: the panel's columns and the products :math:`Av_i` are corrected on the
fly by the pending :math:`VW^T + WV^T`, and the rest of the matrix then receives them all in one
matrix product :math:`A_{22} \leftarrow A_{22} - VW^T - WV^T`. Half of the flops remain the
matrix-vector products :math:`Av_i` (each needs the fully updated :math:`v_{i-1}`), which is why
the reduction is memory-bound and the solvers afterwards are not.

**Bidiagonal form** :math:`A = U_B B V_B^T` (``dgebrd``/``dlabrd``): reflectors alternately from
the left (zeroing a column below the diagonal) and from the right (a row right of the
superdiagonal); a panel accumulates :math:`X, Y` with :math:`A_{22} \leftarrow A_{22} - U_pY^T -
XV_p^T`.

**Applying** :math:`Q = H_0H_1\cdots`: the product of :math:`b` reflectors is
:math:`I - VTV^T` (compact WY, as in :mod:`.decomp_qr`), so :math:`QZ` is three matrix products
per group of 128 reflectors.
"""

from __future__ import annotations

import math

import numpy as np

from ..validation import as_matrix

__all__ = ["bidiagonalize", "tridiagonalize"]

_BLOCK = 32
_APPLY_BLOCK = 128  # reflectors per product when applying Q: wider products run faster
_TINY = np.finfo(float).tiny / np.finfo(float).eps  # below this a sum of squares loses digits


def _reflector(x: np.ndarray) -> tuple[float, float]:
    r"""Overwrite ``x`` with :math:`v` (:math:`v_0 = 1`) of :math:`H = I - \tau vv^T`, :math:`Hx = \beta e_1`.

    Returns ``(tau, beta)``; ``tau = 0`` (:math:`H = I`) when :math:`x_{1:} = 0`, as ``dlarfg``.
    A vector with tiny (or subnormal) entries is first scaled by a power of two, so that
    :math:`v` and :math:`\tau` keep full precision and :math:`H` stays orthogonal.
    """
    alpha = float(x[0])
    tail = x[1:]
    ss = float(tail @ tail)
    k = 0  # x is scaled by 2**k
    if ss < _TINY:  # small entries: scale before squaring (or the tail is exactly zero)
        top = float(np.max(np.abs(tail), initial=0.0))
        if top == 0.0:
            x[0] = 1.0
            return 0.0, alpha
        k = -math.frexp(max(abs(alpha), top))[1]
        np.ldexp(tail, k, out=tail)
        alpha = math.ldexp(alpha, k)
        ss = float(tail @ tail)
    sigma = math.sqrt(ss)
    beta = -math.copysign(math.hypot(alpha, sigma), alpha)
    tail /= alpha - beta
    x[0] = 1.0
    return (beta - alpha) / beta, math.ldexp(beta, -k)


def _compact_wy(F: np.ndarray, j0: int, j1: int, taus: np.ndarray):
    r"""The compact WY form :math:`H_{j_0} \cdots H_{j_1 - 1} = I - VTV^T` of stored reflectors.

    Reflector ``i`` is column ``i`` of ``F`` from row ``i`` down (its unit entry at row ``i`` is
    implied). ``T`` is upper triangular, column by column
    :math:`T_{:i,i} = -\tau_i T_{:i,:i}(V^TV)_{:i,i}` with the Gram matrix formed once.
    """
    V = np.tril(F[j0:, j0:j1], -1)
    np.fill_diagonal(V, 1.0)
    G = V.T @ V
    b = j1 - j0
    T = np.zeros((b, b))
    tau = taus[j0:j1]
    for i in range(b):
        T[i, i] = tau[i]
        if i and tau[i] != 0.0:
            T[:i, i] = -tau[i] * (T[:i, :i] @ G[:i, i])
    return V, T


def _tridiagonal_panel(A, j0, j1, taus, e):
    """Reduce rows and columns ``j0:j1`` of the symmetric ``A``, working on the rows.

    ``A`` is symmetric and its trailing block is only touched by the pending update, so row ``i``
    right of the diagonal is column ``i`` below it: the rows are contiguous in memory. Returns
    ``VW, WV``: the panel's reflectors :math:`v_c` and vectors :math:`w_c` interleaved (columns
    ``2c, 2c + 1``) in both orders, so the pending update is ``VW @ WV.T``.
    """
    n = A.shape[0]
    nb = j1 - j0
    VW = np.zeros((n - j0, 2 * nb), order="F")
    WV = np.zeros((n - j0, 2 * nb), order="F")
    for c in range(nb):
        i = j0 + c
        if c:
            A[i, i:] -= VW[c:, : 2 * c] @ WV[c, : 2 * c]
        x = A[i, i + 1 :]
        tau, beta = _reflector(x)
        taus[i], e[i] = tau, beta
        VW[c + 1 :, 2 * c] = WV[c + 1 :, 2 * c + 1] = x
        if tau == 0.0:
            continue
        v = VW[c + 1 :, 2 * c]
        p = A[i + 1 :, i + 1 :] @ v
        if c:
            p -= VW[c + 1 :, : 2 * c] @ (WV[c + 1 :, : 2 * c].T @ v)
        p *= tau
        p -= (0.5 * tau * float(p @ v)) * v
        VW[c + 1 :, 2 * c + 1] = WV[c + 1 :, 2 * c] = p
    return VW, WV


def _tridiagonal_reduction(A: np.ndarray, block: int = _BLOCK):
    r"""Householder reduction :math:`A = QTQ^T` of a symmetric matrix, in place.

    Returns ``(d, e, F, taus)``: the diagonal and off-diagonal of :math:`T`, and the reflectors
    as columns of ``F`` (:math:`v_i` in ``F[i + 2:, i]`` below :math:`v_{i,0} = 1`, which sits at
    row ``i + 1``; ``F`` is a transposed view of ``A``, whose rows were reduced).
    """
    n = A.shape[0]
    taus = np.zeros(max(n - 1, 0))
    e = np.zeros(max(n - 1, 0))
    for j0 in range(0, n - 1, block):
        j1 = min(j0 + block, n - 1)
        VW, WV = _tridiagonal_panel(A, j0, j1, taus, e)
        k = j1 - j0
        rest = A[j1:, j1:]
        rest -= VW[k:] @ WV[k:].T
    d = np.diagonal(A).copy()
    return d, e, A.T, taus


def _apply_reflectors(R: np.ndarray, taus: np.ndarray, Z: np.ndarray, offset: int):
    """Overwrite ``Z`` with ``H_0 H_1 ... Z``: reflector ``i`` is column ``i`` of ``R`` from row
    ``i`` on (unit entry implied) and acts on rows ``i + offset:`` of ``Z``; 128 at a time."""
    k, block = taus.size, _APPLY_BLOCK
    for j0 in range(((k - 1) // block) * block if k else -1, -1, -block):
        j1 = min(j0 + block, k)
        V, T = _compact_wy(R, j0, j1, taus)
        C = Z[j0 + offset :, :]
        C -= V @ (T @ (V.T @ C))
    return Z


def _apply_tridiagonal_q(F: np.ndarray, taus: np.ndarray, Z: np.ndarray):
    """Overwrite ``Z`` with ``Q @ Z`` for the ``Q`` of :func:`_tridiagonal_reduction`."""
    return _apply_reflectors(F[1:, :], taus, Z, 1)  # reflector i starts at row i + 1


def tridiagonalize(A, calc_q: bool = False):
    r"""Orthogonal reduction of a symmetric matrix to tridiagonal form, :math:`A = QTQ^T`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric; only the lower triangle is read.
    calc_q : bool
        Also return :math:`Q`.

    Returns
    -------
    d : ndarray, shape (n,)
        Diagonal of :math:`T`.
    e : ndarray, shape (n - 1,)
        Off-diagonal of :math:`T`.
    Q : ndarray, shape (n, n)
        Orthogonal, only with ``calc_q``.

    Notes
    -----
    Blocked Householder reduction (module docstring), :math:`\tfrac43 n^3` flops. Backward
    stable: :math:`T` is exactly similar to :math:`A + E`, :math:`\|E\| = O(\varepsilon\|A\|)`.
    """
    A = as_matrix(A, "A", square=True).astype(np.float64)
    A = np.ascontiguousarray(np.tril(A) + np.tril(A, -1).T)
    d, e, F, taus = _tridiagonal_reduction(A)
    if not calc_q:
        return d, e
    return d, e, _apply_tridiagonal_q(F, taus, np.eye(A.shape[0]))


def _bidiagonal_panel(A, j0, j1, tauq, taup, d, e):
    """Reduce rows and columns ``j0:j1`` of a tall ``A``; returns the panel's ``U, V, X, Y``."""
    m, n = A.shape
    nb = j1 - j0
    U = np.zeros((m - j0, nb))  # left reflectors (columns), rows j0:
    X = np.zeros((m - j0, nb))
    V = np.zeros((n - j0, nb))  # right reflectors, entries for columns j0:
    Y = np.zeros((n - j0, nb))
    for c in range(nb):
        i = j0 + c
        # column i, updated by the panel so far: A - U Y^T - X V^T
        col = A[i:, i]
        if c:
            col -= U[c:, :c] @ Y[c, :c] + X[c:, :c] @ V[c, :c]
        tq, d[i] = _reflector(col)
        tauq[i] = tq
        u = col.copy()
        U[c:, c] = u
        # y = tq * (A - U Y^T - X V^T)[i:, i+1:]^T u
        y = A[i:, i + 1 :].T @ u
        if c:
            y -= Y[c + 1 :, :c] @ (U[c:, :c].T @ u) + V[c + 1 :, :c] @ (X[c:, :c].T @ u)
        y *= tq
        Y[c + 1 :, c] = y
        if i + 1 >= n:
            continue
        # row i right of the diagonal, updated: A[i, i+1:] - U[i] Y^T - X[i] V^T
        row = A[i, i + 1 :]
        row -= Y[c + 1 :, : c + 1] @ U[c, : c + 1]
        if c:
            row -= V[c + 1 :, :c] @ X[c, :c]
        tp, e[i] = _reflector(row)
        taup[i] = tp
        v = row.copy()
        V[c + 1 :, c] = v
        # x = tp * (A - U Y^T - X V^T)[i+1:, i+1:] v
        x = A[i + 1 :, i + 1 :] @ v
        x -= U[c + 1 :, : c + 1] @ (Y[c + 1 :, : c + 1].T @ v)
        if c:
            x -= X[c + 1 :, :c] @ (V[c + 1 :, :c].T @ v)
        x *= tp
        X[c + 1 :, c] = x
    return U, V, X, Y


def _bidiagonal_reduction(A: np.ndarray, block: int = _BLOCK):
    r"""Householder reduction :math:`A = U_BBV_B^T` of a tall matrix (:math:`m \ge n`), in place.

    Returns ``(d, e, A, tauq, taup)``: the diagonal and superdiagonal of the upper bidiagonal
    :math:`B`; left reflectors in ``A[i:, i]`` (:math:`u_{i,0} = 1` at row ``i``), right ones in
    ``A[i, i + 1:]`` (:math:`v_{i,0} = 1` at column ``i + 1``).
    """
    n = A.shape[1]
    tauq, taup = np.zeros(n), np.zeros(max(n - 1, 0))
    d, e = np.zeros(n), np.zeros(max(n - 1, 0))
    for j0 in range(0, n, block):
        j1 = min(j0 + block, n)
        U, V, X, Y = _bidiagonal_panel(A, j0, j1, tauq, taup, d, e)
        k = j1 - j0
        if j1 < n:
            rest = A[j1:, j1:]
            rest -= (
                np.concatenate((U[k:], X[k:]), axis=1) @ np.concatenate((Y[k:], V[k:]), axis=1).T
            )
    return d, e, A, tauq, taup


def _apply_left_q(F, tauq, Z):
    """Overwrite ``Z`` (m rows) with ``U_B @ Z`` for the left reflectors of a bidiagonal reduction."""
    return _apply_reflectors(F, tauq, Z, 0)


def _apply_right_q(F, taup, Z):
    """Overwrite ``Z`` (n rows) with ``V_B @ Z`` for the right reflectors of a bidiagonal reduction."""
    k = taup.size  # reflector i: row i of F from column i + 1, as column i of the transpose
    return _apply_reflectors(F[:k, 1:].T, taup, Z, 1)


def bidiagonalize(A, calc_uv: bool = False):
    r"""Orthogonal reduction to upper bidiagonal form, :math:`A = U_B B V_B^T` (:math:`m \ge n`).

    Parameters
    ----------
    A : array_like, shape (m, n)
        With :math:`m \ge n` (reduce ``A.T`` for a wide matrix).
    calc_uv : bool
        Also return :math:`U_B` (:math:`m \times n`, orthonormal columns) and :math:`V_B`.

    Returns
    -------
    d : ndarray, shape (n,)
        Diagonal of :math:`B`.
    e : ndarray, shape (n - 1,)
        Superdiagonal of :math:`B`.
    U_B, V_B : ndarray
        Only with ``calc_uv``: :math:`A = U_B\,B\,V_B^T`.
    """
    A = as_matrix(A, "A").astype(np.float64)
    m, n = A.shape
    if m < n:
        raise ValueError(f"bidiagonalize needs m >= n, got shape {A.shape}; reduce A.T")
    d, e, F, tauq, taup = _bidiagonal_reduction(A)
    if not calc_uv:
        return d, e
    return d, e, _apply_left_q(F, tauq, np.eye(m, n)), _apply_right_q(F, taup, np.eye(n))
