r"""Least squares :math:`\min_x \|Ax - b\|_2` and the pseudo-inverse :math:`A^+` (chapter 7).

**Via QR, not the normal equations.** The normal equations :math:`A^TAx = A^Tb` square the
condition number. With the Householder QR :math:`A = QR` (:math:`m \ge n`, full column rank)
and :math:`Q` orthogonal, :math:`\|Ax - b\| = \|Rx - Q^Tb\|` on the range plus a part no
:math:`x` can touch, so

.. math:: R x = Q^T b \quad (\text{one triangular solve}), \qquad
          \|Ax - b\|^2 = \|b\|^2 - \|Q^Tb\|^2 .

For a wide matrix of full row rank (:math:`m < n`) the *minimum-norm* solution lies in the
row space: :math:`A^T = QR \Rightarrow x = Q R^{-T} b`.

**Rank deficiency.** When some singular values are negligible (:math:`\sigma_i \le
\text{rcond}\cdot\sigma_1`), the minimiser is not unique; the minimum-norm one is
:math:`x = A^+ b = V \Sigma_r^{-1} U^T b`, keeping only the :math:`r` significant singular
values — the pseudo-inverse :math:`A^+ = V\Sigma_r^{-1}U^T`.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_matrix
from .decomp_qr import qr
from .decomp_svd import svd
from .triangular import solve_triangular

__all__ = ["lstsq", "pinv"]


def _cutoff(s: np.ndarray, shape: tuple[int, int], rtol) -> float:
    if rtol is None or (isinstance(rtol, (int, float)) and rtol < 0):
        rtol = np.finfo(float).eps * max(shape)
    if not np.isfinite(rtol):
        raise InputError(f"rcond/rtol must be a finite number, got {rtol!r}")
    return float(rtol) * (s[0] if s.size else 0.0)


def lstsq(A, b, rcond=None):
    r"""Least-squares solution of :math:`Ax \approx b` (``numpy.linalg.lstsq``'s interface).

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,) or (m, k)
    rcond : float, optional
        Singular values :math:`\le` ``rcond`` :math:`\cdot\,\sigma_1` count as zero;
        default :math:`\varepsilon \max(m, n)` (NumPy's).

    Returns
    -------
    x : ndarray, shape (n,) or (n, k)
        The minimiser of :math:`\|Ax - b\|_2` of smallest norm.
    residuals : ndarray, shape (1,) or (k,)
        Sums of squared residuals :math:`\|Ax - b\|^2`; empty unless :math:`m > n` and the
        rank is :math:`n` (NumPy's convention).
    rank : int
        Numerical rank of ``A``.
    s : ndarray, shape (min(m, n),)
        Singular values of ``A``, descending.

    Notes
    -----
    Full rank: Householder QR and one triangular solve (:math:`2mn^2` flops). Rank deficient:
    the SVD-based minimum-norm solution :math:`x = V\Sigma_r^{-1}U^Tb`.
    """
    A = as_matrix(A, "A")
    b = as_float_array(b, "b", ndim=(1, 2))
    m, n = A.shape
    if b.shape[0] != m:
        raise InputError(f"A has {m} rows but b has {b.shape[0]}")
    vector = b.ndim == 1
    B = b[:, None] if vector else b
    tall = m >= n
    Q, R = qr(A if tall else A.T)  # R is (min, min)
    s = svd(R, compute_uv=False)
    rank = int(np.count_nonzero(s > _cutoff(s, A.shape, rcond)))
    if rank == min(m, n):
        if tall:
            c = Q.T @ B
            x = solve_triangular(R, c)
        else:
            x = Q @ solve_triangular(R.T, B, lower=True)
    else:
        U, s_full, Vt = svd(A, full_matrices=False)
        x = Vt[:rank].T @ ((U[:, :rank].T @ B) / s_full[:rank, None])
    full_column_rank = tall and rank == n and m > n
    residuals = np.sum((A @ x - B) ** 2, axis=0) if full_column_rank else np.empty(0)
    return (x[:, 0] if vector else x), residuals, rank, s


def pinv(A, rtol=None) -> np.ndarray:
    r"""Moore–Penrose pseudo-inverse :math:`A^+ = V \Sigma_r^{-1} U^T` (``numpy.linalg.pinv``).

    Parameters
    ----------
    A : array_like, shape (m, n)
    rtol : float, optional
        Singular values :math:`\le` ``rtol`` :math:`\cdot\,\sigma_1` are treated as zero;
        default :math:`\varepsilon\max(m, n)`.

    Returns
    -------
    A_pinv : ndarray, shape (n, m)
        Satisfies the four Penrose conditions :math:`AA^+A = A`, :math:`A^+AA^+ = A^+`, and
        :math:`AA^+`, :math:`A^+A` symmetric; :math:`A^+b` is the minimum-norm least-squares
        solution.
    """
    A = as_matrix(A, "A")
    U, s, Vt = svd(A, full_matrices=False)
    r = int(np.count_nonzero(s > _cutoff(s, A.shape, rtol)))
    return (Vt[:r].T / s[:r]) @ U[:, :r].T
