r"""Gaussian elimination: row echelon form, reduced row echelon form, rank, null space (chapter 5).

Elimination applies row operations — swap two rows, add a multiple of one row to another,
scale a row — that do not change the solution set of :math:`Ax = b`. Left to right, each column
either yields a *pivot* (a non-zero entry that clears everything below it) or is skipped:

* **row echelon form** :math:`E`: each row's first non-zero entry (pivot) lies right of the one
  above; rows of zeros at the bottom;
* **reduced row echelon form** :math:`R`: additionally every pivot is 1 and the only non-zero
  entry of its column.

The number of pivots is the **rank**; the non-pivot ("free") columns give the **null space**:
setting one free variable to 1 and the others to 0 and solving for the pivot variables gives
one basis vector ("special solution") per free column, so
:math:`\dim\operatorname{null}(A) = n - \operatorname{rank}(A)` (rank–nullity).

In floating point "zero" means "below a tolerance", and partial pivoting (the largest
remaining entry of the column as pivot) keeps the multipliers :math:`\le 1` in magnitude.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_matrix
from .geometry import gram_schmidt

__all__ = ["matrix_rank", "null_space", "row_echelon", "rref"]

_SAFETY = 100.0


def _threshold(a: np.ndarray, tol) -> float:
    if tol is None:
        # Rounding leaves entries of order max(m, n) * eps * ||A||_inf where exact arithmetic
        # would leave zeros, times a growth that a small earlier pivot amplifies: over 5000
        # random exactly-low-rank matrices up to 25x25, the largest was 35 times that.
        return (
            _SAFETY
            * max(a.shape)
            * np.finfo(a.dtype).eps
            * float(np.max(np.sum(np.abs(a), axis=1)))
        )
    if not np.isscalar(tol) or not np.isfinite(tol) or tol < 0:
        raise InputError(f"tol must be a non-negative number, got {tol!r}")
    return float(tol)


def row_echelon(A, tol: float | None = None) -> tuple[np.ndarray, tuple[int, ...]]:
    r"""Row echelon form by Gaussian elimination with partial pivoting.

    For each column :math:`c` (left to right) and the current row :math:`r`: take the largest
    :math:`|e_{ic}|, i \ge r` as pivot; if it is at most ``tol`` the column has no pivot;
    otherwise swap it into row :math:`r` and subtract :math:`\ell_i = e_{ic}/e_{rc}` times row
    :math:`r` from every row :math:`i > r`.

    Parameters
    ----------
    A : array_like, shape (m, n)
    tol : float, optional
        Absolute threshold below which a pivot candidate counts as zero; default
        ``100 * max(m, n) * eps * ||A||_inf`` (above the rounding errors elimination makes).

    Returns
    -------
    E : ndarray, shape (m, n)
        Row echelon form (exact zeros below the pivots).
    pivots : tuple of int
        The pivot columns (sympy's ``rref`` convention); ``len(pivots)`` is the rank.
    """
    E = np.array(as_matrix(A, "A"), dtype=float, copy=True)
    threshold = _threshold(E, tol)
    m, n = E.shape
    pivots: list[int] = []
    r = 0
    for c in range(n):
        if r == m:
            break
        p = r + int(np.argmax(np.abs(E[r:, c])))
        if abs(E[p, c]) <= threshold:
            E[r:, c] = 0.0  # negligible: this column has no pivot
            continue
        if p != r:
            E[[r, p]] = E[[p, r]]
        multipliers = E[r + 1 :, c] / E[r, c]
        E[r + 1 :, c:] -= np.outer(multipliers, E[r, c:])
        E[r + 1 :, c] = 0.0
        pivots.append(c)
        r += 1
    return E, tuple(pivots)


def rref(A, tol: float | None = None) -> tuple[np.ndarray, tuple[int, ...]]:
    r"""Reduced row echelon form (sympy's ``Matrix.rref`` convention).

    From the row echelon form, bottom pivot first: divide the pivot row by its pivot, then
    subtract multiples of it from the rows above so the pivot column becomes a unit vector.
    The reduced form is unique: it does not depend on the order of the row operations.

    Parameters
    ----------
    A : array_like, shape (m, n)
    tol : float, optional
        As in :func:`row_echelon`.

    Returns
    -------
    R : ndarray, shape (m, n)
    pivots : tuple of int
    """
    R, pivots = row_echelon(A, tol)
    for r in range(len(pivots) - 1, -1, -1):
        c = pivots[r]
        R[r, c:] /= R[r, c]
        R[:r, c:] -= np.outer(R[:r, c], R[r, c:])
        R[:r, c] = 0.0
        R[r, c] = 1.0
    return R, pivots


def matrix_rank(A, tol: float | None = None) -> int:
    r"""Numerical rank by Gaussian elimination with complete pivoting (``numpy.linalg.matrix_rank``).

    Each step takes the largest remaining entry of the whole trailing block as pivot (row and
    column swaps), stopping when it is at most ``tol``: an exactly rank-:math:`r` matrix has a
    zero Schur complement after :math:`r` steps. Complete pivoting makes elimination
    *rank-revealing* in practice; the SVD (chapter 7, NumPy's method) is the guaranteed one —
    rare matrices such as Kahan's fool any elimination.

    Parameters
    ----------
    A : array_like, shape (m, n) or (n,)
    tol : float, optional
        Absolute threshold on the pivots; default ``100 * max(m, n) * eps * ||A||_inf`` (NumPy
        uses ``max(m, n) * eps * sigma_max``; elimination's rounding is larger than the SVD's,
        hence the factor 100).

    Returns
    -------
    int
    """
    a = as_float_array(A, "A", ndim=(1, 2))
    if a.size == 0:
        raise InputError(f"A is empty (shape {a.shape})")
    if a.ndim == 1:
        return int(np.any(a != 0))
    S = np.array(a, dtype=float, copy=True)
    threshold = _threshold(S, tol)
    m, n = S.shape
    for r in range(min(m, n)):
        block = np.abs(S[r:, r:])
        i, j = np.unravel_index(int(np.argmax(block)), block.shape)
        if block[i, j] <= threshold:
            return r
        S[[r, r + i]] = S[[r + i, r]]
        S[:, [r, r + j]] = S[:, [r + j, r]]
        S[r + 1 :, r + 1 :] -= np.outer(S[r + 1 :, r] / S[r, r], S[r, r + 1 :])
    return min(m, n)


def null_space(A, tol: float | None = None, *, orthonormal: bool = True) -> np.ndarray:
    r"""Basis of the null space :math:`\{x : Ax = 0\}` (``scipy.linalg.null_space``'s shape).

    From :math:`R = \operatorname{rref}(A)` with pivot columns :math:`P` and free columns
    :math:`F`: for each free column :math:`f`, the special solution has :math:`x_f = 1`, the
    other free variables 0, and pivot variables :math:`x_P = -R_{:r,\,f}`. These
    :math:`n - r` vectors are independent and span the null space; with ``orthonormal=True``
    (default, as SciPy) they are orthonormalized by :func:`gram_schmidt`.

    Parameters
    ----------
    A : array_like, shape (m, n)
    tol : float, optional
        As in :func:`row_echelon`.
    orthonormal : bool
        Orthonormalize the special solutions.

    Returns
    -------
    N : ndarray, shape (n, n - rank)
    """
    R, pivots = rref(A, tol)
    n = R.shape[1]
    free = np.setdiff1d(np.arange(n), pivots)
    N = np.zeros((n, free.size))
    N[free, np.arange(free.size)] = 1.0
    if pivots:
        N[list(pivots), :] = -R[: len(pivots)][:, free]
    if orthonormal and free.size:
        N = gram_schmidt(N)
    return N
