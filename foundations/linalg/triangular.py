r"""Forward and back substitution: solving triangular systems (chapter 5).

A lower-triangular system :math:`Lx = b` is solved top to bottom,

.. math:: x_i = \frac{b_i - \sum_{j<i} L_{ij} x_j}{L_{ii}},

and an upper-triangular one :math:`Ux = b` bottom to top,

.. math:: x_i = \frac{b_i - \sum_{j>i} U_{ij} x_j}{U_{ii}}.

Each costs :math:`n^2` flops. The recursive form below splits the rows in halves: solve the
first half, update the second half's right-hand sides with one matrix product (where almost all
the flops go), solve the second half; blocks of a few rows are solved by the recurrence.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix

__all__ = ["back_substitution", "forward_substitution", "solve_triangular"]

_BLOCK = 16
_BLOCK_SCALAR = 16


def _prepare(a, b, name: str):
    a = as_matrix(a, name, square=True)
    b = as_float_array(b, "b", ndim=(1, 2))
    if b.shape[0] != a.shape[0]:
        raise InputError(f"{name} is {a.shape[0]}x{a.shape[1]} but b has {b.shape[0]} rows")
    dtype = np.result_type(a.dtype, b.dtype)
    return a.astype(dtype, copy=False), b.astype(dtype, copy=True)


def _check_diagonal(a: np.ndarray, name: str, lower: bool) -> None:
    diag = np.abs(np.diagonal(a))
    smallest = float(np.min(diag))
    floor = a.shape[0] * np.finfo(a.dtype).eps
    # max|a| over the whole matrix bounds the triangle's: only a doubtful case pays for the
    # triangle's own maximum.
    if smallest > floor * float(np.max(np.abs(a))):
        return
    scale = _triangle_max(a, lower)
    if scale == 0 or smallest <= floor * scale:
        i = int(np.argmin(diag))
        raise LinAlgError(f"{name} is singular: diagonal entry {i} is zero (or negligibly small)")


def _triangle_max(a: np.ndarray, lower: bool, block: int = 256) -> float:
    """max |a_ij| over one triangle (diagonal included), without a masked copy of ``a``."""
    n = a.shape[0]
    worst = 0.0
    for i in range(0, n, block):
        part = a[i : i + block, : i + block] if lower else a[i : i + block, i:]
        tri = np.tril(part, i) if lower else np.triu(part)
        worst = max(worst, float(np.max(np.abs(tri))))
    return worst


def solve_triangular(a, b, lower: bool = False, unit_diagonal: bool = False) -> np.ndarray:
    r"""Solve :math:`Ax = b` for a triangular ``a`` (``scipy.linalg.solve_triangular``'s interface).

    Parameters
    ----------
    a : array_like, shape (n, n)
        Triangular matrix; only its lower (``lower=True``) or upper triangle is read.
    b : array_like, shape (n,) or (n, k)
        Right-hand side(s).
    lower : bool
        Use the lower triangle (forward substitution) instead of the upper (back substitution).
    unit_diagonal : bool
        Assume :math:`A_{ii} = 1` without reading the diagonal (as for the ``L`` of an LU).

    Returns
    -------
    x : ndarray, shape like ``b``

    Raises
    ------
    LinAlgError
        If a diagonal entry is zero or negligible (:math:`\le n\varepsilon`) relative to the
        largest entry of the triangle: a normwise test, which callers use to detect collinear
        columns in an :math:`R` factor.
    """
    name = "L" if lower else "U"
    a, x = _prepare(a, b, name)
    if not unit_diagonal:
        _check_diagonal(a, name, lower)
    vector = x.ndim == 1
    if vector:
        x = x[:, None]
    _substitute(a, x, lower=lower, unit_diagonal=unit_diagonal)
    return x[:, 0] if vector else x


def _substitute(a: np.ndarray, x: np.ndarray, *, lower: bool, unit_diagonal: bool = False) -> None:
    r"""Overwrite the 2-D ``x`` with :math:`T^{-1}x`, reading only one triangle of ``a``, no checks.

    Only the strict lower (``lower=True``) or strict upper triangle of ``a`` is read, and the
    diagonal unless ``unit_diagonal``, so ``a`` may be the packed ``L\U`` storage of an LU
    factorization. ``x`` may be a view into a larger array (it is written in place): this is
    the triangular solve inside the blocked LU.
    """
    # The recurrence works on rows of x: keep them contiguous in memory (a column-major view,
    # such as a block row inside the blocked LU, would make every row access a strided one).
    work = x if x.flags.c_contiguous else np.ascontiguousarray(x)
    if x.shape[1]:
        _solve_rows(a, work, 0, a.shape[0], lower, unit_diagonal)
    if work is not x:
        x[...] = work


def _solve_rows(a: np.ndarray, x: np.ndarray, i0: int, i1: int, lower: bool, unit: bool) -> None:
    r"""Rows ``i0:i1`` of the solution, recursively.

    Split the rows in halves :math:`(1, 2)`. Lower: :math:`x_1 = T_{11}^{-1} b_1`, then
    :math:`b_2 \leftarrow b_2 - T_{21} x_1` (one matrix product), then :math:`x_2`; upper the
    other way round. Blocks of at most ``_BLOCK`` rows are solved by the textbook recurrence.
    """
    if i1 - i0 <= _BLOCK_SCALAR and x.shape[1] == 1:
        _solve_rows_scalar(a, x, i0, i1, lower, unit)
        return
    if i1 - i0 <= _BLOCK:
        rows = range(i0, i1) if lower else range(i1 - 1, i0 - 1, -1)
        for i in rows:
            if lower and i > i0:
                x[i] -= a[i, i0:i] @ x[i0:i]
            elif not lower and i + 1 < i1:
                x[i] -= a[i, i + 1 : i1] @ x[i + 1 : i1]
            if not unit:
                x[i] /= a[i, i]
        return
    im = (i0 + i1) // 2
    if lower:
        _solve_rows(a, x, i0, im, lower, unit)
        x[im:i1] -= a[im:i1, i0:im] @ x[i0:im]
        _solve_rows(a, x, im, i1, lower, unit)
    else:
        _solve_rows(a, x, im, i1, lower, unit)
        x[i0:im] -= a[i0:im, im:i1] @ x[im:i1]
        _solve_rows(a, x, i0, im, lower, unit)


def _solve_rows_scalar(a: np.ndarray, x: np.ndarray, i0: int, i1: int, lower: bool, unit: bool):
    """The recurrence on one right-hand side in plain Python floats (a small block, where a
    NumPy call per row costs more than the arithmetic)."""
    t = a[i0:i1, i0:i1].tolist()
    v = x[i0:i1, 0].tolist()
    m = i1 - i0
    for i in range(m) if lower else range(m - 1, -1, -1):
        row = t[i]
        s = v[i]
        for j in range(i) if lower else range(i + 1, m):
            s -= row[j] * v[j]
        v[i] = s if unit else s / row[i]
    x[i0:i1, 0] = v


def forward_substitution(L, b, unit_diagonal: bool = False) -> np.ndarray:
    r"""Solve :math:`Lx = b` for lower-triangular ``L``: :math:`x_i = (b_i - \sum_{j<i} L_{ij}x_j)/L_{ii}`."""
    return solve_triangular(L, b, lower=True, unit_diagonal=unit_diagonal)


def back_substitution(U, b, unit_diagonal: bool = False) -> np.ndarray:
    r"""Solve :math:`Ux = b` for upper-triangular ``U``: :math:`x_i = (b_i - \sum_{j>i} U_{ij}x_j)/U_{ii}`."""
    return solve_triangular(U, b, lower=False, unit_diagonal=unit_diagonal)
