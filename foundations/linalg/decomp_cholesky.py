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
backward stable for every SPD matrix. In floating point a pivot is only known to within its
rounding error, about :math:`n\varepsilon a_{jj}`; a pivot at or below that level is refused
(the matrix is singular to working precision), so success does not hang on the order of the
sums.

The *recursive* form replaces the scalar :math:`a_{11}` by a block of half the rows: factor it,
update the trailing matrix :math:`A_{22} \leftarrow A_{22} - U_{12}^T U_{12}` (with
:math:`U = L^T`) by one matrix product, which is where almost all the flops go, and factor the
rest the same way.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix
from .triangular import solve_triangular

__all__ = ["cholesky", "cholesky_naive", "cholesky_solve"]

_BLOCK = 32


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


def _pivot_floor(A: np.ndarray) -> np.ndarray:
    r"""The smallest pivots rounding can resolve: :math:`n\varepsilon\max(a_{jj}, 0)`.

    The computed pivot :math:`d_j = a_{jj} - \sum_{k<j}\ell_{jk}^2` carries an error of at most
    about :math:`j\varepsilon\sum_k \ell_{jk}^2 \le j\varepsilon a_{jj}`, whatever the order of
    the sums (the block size); a pivot below that floor is rounding noise, not evidence of
    positive definiteness.
    """
    n = A.shape[0]
    return n * np.finfo(A.dtype).eps * np.maximum(np.diagonal(A), 0.0)


def _not_spd(name: str, j: int, d: float, floor: float) -> LinAlgError:
    if d < -floor:
        why = f"it is indefinite (pivot {j} is {d:.3g} < 0)"
    else:
        why = (
            f"pivot {j} is {d:.3g}, within its rounding error {floor:.1e}, so it is singular "
            "to working precision (positive semidefinite at best)"
        )
    return LinAlgError(f"{name} is not symmetric positive definite: {why}")


def _factor_rows(U: np.ndarray, j0: int, j1: int, floor: np.ndarray, name: str) -> None:
    r"""Rows ``j0:j1`` of :math:`U = L^T`, in place, one row at a time (left-looking).

    Rows ``< j0`` are final; rows ``j0:j1`` hold :math:`A` minus the contributions of rows
    ``< j0``. Row :math:`j`: subtract the contributions of rows ``j0..j-1``
    (:math:`a_{j,j:} - \sum_k u_{kj} u_{k,j:}`, one vector–matrix product), then divide by
    :math:`u_{jj} = \sqrt{d_j}`.
    """
    P = U[j0:j1, j0:]
    for t in range(j1 - j0):
        row = P[t, t:]
        if t:
            row -= P[:t, t] @ P[:t, t:]
        d = float(row[0])
        if not d > floor[j0 + t]:  # also catches NaN
            raise _not_spd(name, j0 + t, d, floor[j0 + t])
        r = np.sqrt(d)
        row /= r
        row[0] = r


def _factor_panel(U: np.ndarray, j0: int, j1: int, floor, block: int, name: str) -> None:
    r"""Rows ``j0:j1`` of :math:`U`, recursively: the first half, one product, the second half.

    With the rows split as :math:`(j_0{:}j_m, j_m{:}j_1)`, the second block row is first
    updated by :math:`U_{12}^T U_{1,:}` (a matrix product holding nearly all the flops), then
    factored the same way; a block no wider than ``block`` rows is factored row by row.
    """
    if j1 - j0 <= block:
        _factor_rows(U, j0, j1, floor, name)
        return
    jm = (j0 + j1) // 2
    _factor_panel(U, j0, jm, floor, block, name)
    U[jm:j1, jm:] -= U[j0:jm, jm:j1].T @ U[j0:jm, jm:]
    _factor_panel(U, jm, j1, floor, block, name)


def cholesky_naive(A) -> np.ndarray:
    r"""Unblocked Cholesky, one row of :math:`L^T` (column of :math:`L`) at a time.

    Column :math:`j`: :math:`\ell_{jj} = \sqrt{a_{jj} - \sum_{k<j} \ell_{jk}^2}` and
    :math:`\ell_{ij} = (a_{ij} - \sum_{k<j} \ell_{ik}\ell_{jk}) / \ell_{jj}` for :math:`i > j`
    (each column is one matrix–vector product). Same result and errors as :func:`cholesky`.
    """
    A = as_matrix(A, "A", square=True)
    _check_symmetric(A, "A")
    U = np.array(A, order="C", copy=True)
    _factor_rows(U, 0, U.shape[0], _pivot_floor(A), "A")
    return np.triu(U).T


def cholesky(A, block_size: int = _BLOCK) -> np.ndarray:
    r"""Lower-triangular :math:`L` with :math:`A = LL^T` (``numpy.linalg.cholesky``'s convention).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite. Only the upper triangle is read once symmetry is checked.
    block_size : int
        Blocks of at most this many rows are factored row by row (the base of the recursion);
        the result does not depend on it beyond rounding, and neither does success or failure.

    Returns
    -------
    L : ndarray, shape (n, n)
        Lower triangular with a positive diagonal (the transpose of the upper factor computed,
        so Fortran-ordered). float32 in, float32 out.

    Raises
    ------
    LinAlgError
        "not symmetric positive definite": ``A`` is not symmetric (beyond rounding,
        :math:`\max|A - A^T| > \sqrt{\varepsilon}\max|A|`), or a pivot :math:`d_j` is at or
        below :math:`n\varepsilon\, a_{jj}`, the rounding error it carries: ``A`` is indefinite
        (a negative pivot) or singular to working precision (a positive semidefinite matrix of
        rank :math:`< n`, or nearly so). The test is relative to each diagonal entry, so a
        graded matrix such as ``diag(1e-20, 1)`` is accepted.

    Notes
    -----
    What success certifies: :math:`LL^T = A + \Delta A` exactly for a backward error
    :math:`|\Delta A_{ij}| \lesssim (n+1)\varepsilon\sqrt{a_{ii}a_{jj}}`, so :math:`A` is within
    rounding of a positive definite matrix. A singular :math:`A` whose leading blocks are
    themselves ill conditioned can leave a pivot well above the floor (its rounding error is
    amplified by their condition number); judge such a matrix by its condition number
    (:func:`~foundations.linalg.cond`) or its eigenvalues, not by whether Cholesky succeeds.

    Computed as :math:`U = L^T`, row by row (rows are contiguous in memory), recursively: split
    the rows in halves :math:`\begin{pmatrix} U_{11} & U_{12} \\ 0 & U_{22} \end{pmatrix}`;

    1. factor the first block row :math:`(U_{11}\; U_{12})` (recursively);
    2. update :math:`A_{22} \leftarrow A_{22} - U_{12}^T U_{12}` (one matrix product);
    3. factor the second block row.

    The Python-level work is one step per row; all the :math:`O(n^3)` flops of the off-diagonal
    blocks go through matrix products (the recursion makes them large ones).
    """
    A = as_matrix(A, "A", square=True)
    if not (isinstance(block_size, (int, np.integer)) and block_size >= 1):
        raise InputError(f"block_size must be a positive integer, got {block_size!r}")
    _check_symmetric(A, "A")
    U = np.array(A, order="C", copy=True)
    _factor_panel(U, 0, U.shape[0], _pivot_floor(A), int(block_size), "A")
    return np.triu(U).T


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
