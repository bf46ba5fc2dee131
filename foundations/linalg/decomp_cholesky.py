r"""Cholesky factorization :math:`A = LL^T` of a symmetric positive definite matrix (chapter 7).

Write :math:`A` and :math:`L` in blocks, with :math:`a_{11}` a number:

.. math::
    \begin{pmatrix} a_{11} & a_{21}^T \\ a_{21} & A_{22} \end{pmatrix}
    = \begin{pmatrix} \ell_{11} & 0 \\ \ell_{21} & L_{22} \end{pmatrix}
      \begin{pmatrix} \ell_{11} & \ell_{21}^T \\ 0 & L_{22}^T \end{pmatrix}
    \quad\Longrightarrow\quad
    \ell_{11} = \sqrt{a_{11}},\;\; \ell_{21} = a_{21} / \ell_{11},\;\;
    L_{22}L_{22}^T = A_{22} - \ell_{21}\ell_{21}^T.

The trailing matrix :math:`A_{22} - \ell_{21}\ell_{21}^T` (a *Schur complement*) is again
symmetric positive definite, so the recursion goes on; it breaks down — a pivot
:math:`\le 0` — exactly when :math:`A` is not positive definite. That makes Cholesky the cheapest
test of positive definiteness, at :math:`n^3/3` flops, half of LU. No pivoting is needed: it is
backward stable for every SPD matrix.

The *blocked right-looking* form replaces the scalar :math:`a_{11}` by a :math:`b \times b`
block: factor it (unblocked), solve for the panel :math:`L_{21} = A_{21} L_{11}^{-T}` and update
the trailing matrix :math:`A_{22} \leftarrow A_{22} - L_{21} L_{21}^T` with one matrix product,
which is where almost all the flops go.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix
from .triangular import solve_triangular

__all__ = ["cholesky", "cholesky_naive", "cholesky_solve"]

_BLOCK = 128


def _max_asymmetry(A: np.ndarray, block: int = 128) -> float:
    """max |A - A^T|, compared block row against block column (cache-friendly, upper half only)."""
    n = A.shape[0]
    worst = 0.0
    for i in range(0, n, block):
        worst = max(worst, float(np.max(np.abs(A[i : i + block, i:] - A[i:, i : i + block].T))))
    return worst


def _check_symmetric(A: np.ndarray, name: str) -> None:
    scale = np.max(np.abs(A))
    asym = _max_asymmetry(A)
    if asym > np.sqrt(np.finfo(A.dtype).eps) * scale:
        raise LinAlgError(
            f"{name} is not symmetric positive definite: it is not symmetric "
            f"(max |{name} - {name}.T| = {asym:.3g})"
        )


def _not_spd(name: str, j: int) -> LinAlgError:
    return LinAlgError(
        f"{name} is not symmetric positive definite: the pivot of column {j} is not positive"
    )


def _factor_unblocked(A: np.ndarray, offset: int = 0, name: str = "A") -> np.ndarray:
    """Overwrite the lower triangle of the square ``A`` with its Cholesky factor (left-looking)."""
    n = A.shape[0]
    for j in range(n):
        row = A[j, :j]
        d = A[j, j] - row @ row
        if not d > 0.0:  # also catches NaN
            raise _not_spd(name, offset + j)
        A[j, j] = np.sqrt(d)
        if j + 1 < n:
            A[j + 1 :, j] = (A[j + 1 :, j] - A[j + 1 :, :j] @ row) / A[j, j]
    return A


def cholesky_naive(A) -> np.ndarray:
    r"""Unblocked Cholesky, one column at a time (the textbook recurrence).

    Column :math:`j`: :math:`\ell_{jj} = \sqrt{a_{jj} - \sum_{k<j} \ell_{jk}^2}` and
    :math:`\ell_{ij} = (a_{ij} - \sum_{k<j} \ell_{ik}\ell_{jk}) / \ell_{jj}` for :math:`i > j`
    (each column is one matrix–vector product). Same result and errors as :func:`cholesky`.
    """
    A = as_matrix(A, "A", square=True)
    _check_symmetric(A, "A")
    return np.tril(_factor_unblocked(A.copy()))


def cholesky(A, block_size: int = _BLOCK) -> np.ndarray:
    r"""Lower-triangular :math:`L` with :math:`A = LL^T` (``numpy.linalg.cholesky``'s convention).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite.
    block_size : int
        Width :math:`b` of the panels of the blocked right-looking algorithm.

    Returns
    -------
    L : ndarray, shape (n, n)
        Lower triangular with a positive diagonal.

    Raises
    ------
    LinAlgError
        "not symmetric positive definite": ``A`` is not symmetric (beyond rounding,
        :math:`\max|A - A^T| > \sqrt{\varepsilon}\max|A|`), or a pivot is :math:`\le 0`.

    Notes
    -----
    For each panel :math:`k` of width :math:`b`:

    1. :math:`L_{kk}` = unblocked Cholesky of the diagonal block;
    2. :math:`L_{ik} = A_{ik} L_{kk}^{-T}` for the blocks below (a triangular solve);
    3. :math:`A_{22} \leftarrow A_{22} - L_{:,k} L_{:,k}^T` (the trailing update, a matrix product).
    """
    A = as_matrix(A, "A", square=True)
    if not (isinstance(block_size, (int, np.integer)) and block_size >= 1):
        raise InputError(f"block_size must be a positive integer, got {block_size!r}")
    _check_symmetric(A, "A")
    # Work on a C-ordered copy; only the lower triangle is read and written.
    L = np.array(A, order="C", copy=True)
    n = L.shape[0]
    for j0 in range(0, n, block_size):
        j1 = min(j0 + block_size, n)
        _factor_unblocked(L[j0:j1, j0:j1], offset=j0)
        if j1 == n:
            break
        # Panel: L21 = A21 L11^{-T}, i.e. L11 L21^T = A21^T.
        L11 = L[j0:j1, j0:j1]
        L[j1:, j0:j1] = solve_triangular(L11, L[j1:, j0:j1].T, lower=True).T
        panel = L[j1:, j0:j1]
        # Trailing update, one matrix product: A22 <- A22 - L21 L21^T.
        L[j1:, j1:] -= panel @ panel.T
    return np.tril(L)


def cholesky_solve(L, b) -> np.ndarray:
    r"""Solve :math:`Ax = b` given the Cholesky factor :math:`L` of :math:`A = LL^T`.

    Two triangular solves: :math:`Ly = b` (forward), then :math:`L^T x = y` (back), :math:`2n^2`
    flops per right-hand side (``scipy.linalg.cho_solve``'s job, with ``L`` lower).

    Parameters
    ----------
    L : array_like, shape (n, n)
        Lower-triangular factor from :func:`cholesky`.
    b : array_like, shape (n,) or (n, k)

    Returns
    -------
    x : ndarray, shape like ``b``
    """
    L = as_matrix(L, "L", square=True)
    b = as_float_array(b, "b", ndim=(1, 2))
    if b.shape[0] != L.shape[0]:
        raise InputError(f"L is {L.shape[0]}x{L.shape[1]} but b has {b.shape[0]} rows")
    y = solve_triangular(L, b, lower=True)
    return solve_triangular(L.T, y, lower=False)
