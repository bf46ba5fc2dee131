r"""Forward and back substitution: solving triangular systems (chapter 5).

A lower-triangular system :math:`Lx = b` is solved top to bottom,

.. math:: x_i = \frac{b_i - \sum_{j<i} L_{ij} x_j}{L_{ii}},

and an upper-triangular one :math:`Ux = b` bottom to top,

.. math:: x_i = \frac{b_i - \sum_{j>i} U_{ij} x_j}{U_{ii}}.

Each costs :math:`n^2` flops. The blocked form below solves a small diagonal block row by row
and then updates all the remaining right-hand sides at once with a matrix product, which is
where almost all the flops go.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix

__all__ = ["back_substitution", "forward_substitution", "solve_triangular"]

_BLOCK = 64


def _prepare(a, b, name: str):
    a = as_matrix(a, name, square=True)
    b = as_float_array(b, "b", ndim=(1, 2))
    if b.shape[0] != a.shape[0]:
        raise InputError(f"{name} is {a.shape[0]}x{a.shape[1]} but b has {b.shape[0]} rows")
    dtype = np.result_type(a.dtype, b.dtype)
    return a.astype(dtype, copy=False), b.astype(dtype, copy=True)


def _check_diagonal(a: np.ndarray, name: str) -> None:
    diag = np.abs(np.diag(a))
    scale = np.max(np.abs(a))
    if scale == 0 or np.min(diag) <= a.shape[0] * np.finfo(a.dtype).eps * scale:
        i = int(np.argmin(diag))
        raise LinAlgError(f"{name} is singular: diagonal entry {i} is zero (or negligibly small)")


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
        If a diagonal entry is zero or negligible relative to the largest entry.
    """
    name = "L" if lower else "U"
    a, x = _prepare(a, b, name)
    a = np.tril(a) if lower else np.triu(a)
    if unit_diagonal:
        np.fill_diagonal(a, 1.0)
    else:
        _check_diagonal(a, name)
    vector = x.ndim == 1
    if vector:
        x = x[:, None]
    _substitute(a, x, lower=lower)
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
    n = a.shape[0]
    starts = range(0, n, _BLOCK) if lower else range(((n - 1) // _BLOCK) * _BLOCK, -1, -_BLOCK)
    for start in starts:
        stop = min(start + _BLOCK, n)
        # Row by row inside the small diagonal block (the textbook recurrence) ...
        rows = range(start, stop) if lower else range(stop - 1, start - 1, -1)
        for i in rows:
            seg = slice(start, i) if lower else slice(i + 1, stop)
            if seg.stop > seg.start:
                work[i] -= a[i, seg] @ work[seg]
            if not unit_diagonal:
                work[i] /= a[i, i]
        # ... then one matrix product updates every remaining right-hand side.
        if lower and stop < n:
            work[stop:] -= a[stop:, start:stop] @ work[start:stop]
        elif not lower and start > 0:
            work[:start] -= a[:start, start:stop] @ work[start:stop]
    if work is not x:
        x[...] = work


def forward_substitution(L, b, unit_diagonal: bool = False) -> np.ndarray:
    r"""Solve :math:`Lx = b` for lower-triangular ``L``: :math:`x_i = (b_i - \sum_{j<i} L_{ij}x_j)/L_{ii}`."""
    return solve_triangular(L, b, lower=True, unit_diagonal=unit_diagonal)


def back_substitution(U, b, unit_diagonal: bool = False) -> np.ndarray:
    r"""Solve :math:`Ux = b` for upper-triangular ``U``: :math:`x_i = (b_i - \sum_{j>i} U_{ij}x_j)/U_{ii}`."""
    return solve_triangular(U, b, lower=False, unit_diagonal=unit_diagonal)
