r"""Householder QR: :math:`A = QR` with orthogonal :math:`Q` and upper-triangular :math:`R` (chapter 7).

A Householder reflector :math:`H = I - \tau v v^T` (with :math:`\tau = 2 / v^T v`) mirrors a vector
:math:`x` onto a multiple of the first axis, :math:`Hx = \beta e_1` with :math:`|\beta| = \|x\|`.
Applying one reflector per column zeroes everything below the diagonal:

.. math:: H_k \cdots H_2 H_1 A = R, \qquad Q = H_1 H_2 \cdots H_k, \quad k = \min(m, n).

Each reflector is orthogonal to working precision whatever the input, which is why Householder
QR is *backward stable*: the computed factors are the exact QR of :math:`A + E` with
:math:`\|E\| = O(\varepsilon \|A\|)` — unlike Gram–Schmidt, whose :math:`Q` loses orthogonality
on ill-conditioned matrices.

Blocking. A product of :math:`b` reflectors is :math:`I - V T V^T` with :math:`V` the
:math:`m \times b` matrix of reflector vectors and :math:`T` a small upper-triangular matrix (the
"compact WY" form). The columns of a panel are reduced one at a time, then the whole trailing
matrix is updated with three matrix products — the same flops, but done by fast matrix
multiplication. Sign convention: LAPACK's, :math:`\beta = -\operatorname{sign}(x_1)\|x\|`, so the
factors agree with ``numpy.linalg.qr`` (the diagonal of ``R`` may be negative).
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_matrix

__all__ = ["householder_vector", "qr"]

_BLOCK = 32


def _norm2(x: np.ndarray) -> float:
    """Euclidean norm without overflow or underflow (scale by the largest entry first)."""
    scale = np.max(np.abs(x)) if x.size else 0.0
    if scale == 0.0:
        return 0.0
    y = x / scale
    return float(scale * np.sqrt(y @ y))


def householder_vector(x: np.ndarray) -> tuple[np.ndarray, float, float]:
    r"""The reflector :math:`H = I - \tau v v^T` (:math:`v_0 = 1`) with :math:`Hx = \beta e_1`.

    Returns ``(v, tau, beta)``. When :math:`x_{1:}` is already zero, :math:`H = I`
    (``tau = 0``), as in LAPACK's ``dlarfg``.
    """
    v = np.array(x, dtype=float if x.dtype.kind != "f" else x.dtype, copy=True)
    alpha = v[0]
    tail = _norm2(v[1:])
    if tail == 0.0:
        v[1:] = 0.0
        v[0] = 1.0
        return v, 0.0, float(alpha)
    beta = -np.copysign(np.hypot(alpha, tail), alpha)
    tau = (beta - alpha) / beta
    v[1:] /= alpha - beta
    v[0] = 1.0
    return v, float(tau), float(beta)


def _factor_panel(A: np.ndarray, j0: int, j1: int, taus: np.ndarray) -> None:
    """Reduce columns ``j0:j1`` of ``A`` in place (unblocked); reflector vectors go below R."""
    m = A.shape[0]
    for j in range(j0, min(j1, m)):
        v, tau, beta = householder_vector(A[j:, j])
        taus[j] = tau
        if tau != 0.0 and j + 1 < j1:
            block = A[j:, j + 1 : j1]
            block -= np.outer(tau * v, v @ block)
        A[j, j] = beta
        A[j + 1 :, j] = v[1:]


def _wy(A: np.ndarray, j0: int, j1: int, taus: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""The compact WY form :math:`H_{j_0} \cdots H_{j_1 - 1} = I - V T V^T` of a panel."""
    V = np.tril(A[j0:, j0:j1], -1)
    np.fill_diagonal(V, 1.0)
    b = j1 - j0
    T = np.zeros((b, b), dtype=A.dtype)
    for i in range(b):
        tau = taus[j0 + i]
        T[i, i] = tau
        if i and tau != 0.0:
            T[:i, i] = -tau * (T[:i, :i] @ (V[:, :i].T @ V[:, i]))
    return V, T


def _householder_qr(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Factor a copy of ``A`` in place: R on and above the diagonal, reflectors below; and taus."""
    m, n = A.shape
    k = min(m, n)
    taus = np.zeros(k, dtype=A.dtype)
    for j0 in range(0, k, _BLOCK):
        j1 = min(j0 + _BLOCK, k)
        _factor_panel(A, j0, j1, taus)
        if j1 < n:
            V, T = _wy(A, j0, j1, taus)
            C = A[j0:, j1:]
            C -= V @ (T.T @ (V.T @ C))
    return A, taus


def _form_q(F: np.ndarray, taus: np.ndarray, n_cols: int) -> np.ndarray:
    r"""Accumulate :math:`Q = H_1 \cdots H_k` applied to the first ``n_cols`` columns of I."""
    m = F.shape[0]
    k = taus.shape[0]
    Q = np.eye(m, n_cols, dtype=F.dtype)
    starts = range(((k - 1) // _BLOCK) * _BLOCK, -1, -_BLOCK) if k else []
    for j0 in starts:
        j1 = min(j0 + _BLOCK, k)
        V, T = _wy(F, j0, j1, taus)
        C = Q[j0:, j0:]
        C -= V @ (T @ (V.T @ C))
    return Q


def qr(A, mode: str = "reduced") -> tuple[np.ndarray, np.ndarray] | np.ndarray:
    r"""QR decomposition by Householder reflections (``numpy.linalg.qr``'s interface).

    Parameters
    ----------
    A : array_like, shape (m, n)
    mode : {"reduced", "complete", "r"}
        ``"reduced"``: ``Q`` is ``(m, k)``, ``R`` is ``(k, n)`` with :math:`k = \min(m, n)`;
        ``"complete"``: ``Q`` is ``(m, m)``, ``R`` is ``(m, n)``; ``"r"``: only ``R`` (``(k, n)``).

    Returns
    -------
    Q : ndarray
        Orthonormal columns, :math:`Q^TQ = I`.
    R : ndarray
        Upper triangular (trapezoidal when :math:`m < n`), :math:`A = QR`.

    Notes
    -----
    Cost :math:`2mn^2 - \tfrac{2}{3}n^3` flops for ``R``, about as much again for ``Q``. Signs follow
    LAPACK (and so NumPy): :math:`R_{jj} = -\operatorname{sign}(a_{jj}^{(j)})\|a^{(j)}_{j:,j}\|`.
    """
    if mode not in ("reduced", "complete", "r"):
        raise InputError(f"mode must be 'reduced', 'complete' or 'r', got {mode!r}")
    F = as_matrix(A, "A").copy()
    m, n = F.shape
    k = min(m, n)
    F, taus = _householder_qr(F)
    rows = m if mode == "complete" else k
    R = np.triu(F[:rows])
    if mode == "r":
        return R
    Q = _form_q(F, taus, m if mode == "complete" else k)
    return Q, R
