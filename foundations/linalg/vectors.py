r"""Vectors and vector spaces: combinations, span, independence, bases, coordinates (chapter 1).

A **linear combination** of vectors :math:`v_1, \dots, v_k` is :math:`\sum_i c_i v_i`; their
**span** is the set of all of them. The vectors are **linearly independent** when
:math:`\sum_i c_i v_i = 0` forces every :math:`c_i = 0`, i.e. none is a combination of the
others. An independent spanning set is a **basis**, and then every vector has unique
**coordinates** :math:`c` with :math:`v = \sum_i c_i b_i`.

Convention (data as rows): ``vectors`` is an array of shape ``(k, d)``, one vector per row, so
a linear combination is ``c @ vectors``. Stacking the vectors as the *columns* of
:math:`B = \text{vectors}^\top` turns every question into one about a linear system
:math:`Bc = v`: span membership and independence are rank questions (chapter 5's
:func:`~foundations.linalg.matrix_rank`), coordinates are a solve.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_matrix, as_vector
from .decomp_lu import solve
from .elimination import matrix_rank

__all__ = [
    "change_of_basis",
    "coordinates",
    "in_span",
    "is_basis",
    "is_linearly_independent",
    "linear_combination",
]


def _vectors(vectors, name: str = "vectors") -> np.ndarray:
    return as_matrix(vectors, name)


def linear_combination(coefficients, vectors) -> np.ndarray:
    r"""The linear combination :math:`\sum_{i=1}^k c_i v_i` of the rows of ``vectors``.

    Parameters
    ----------
    coefficients : array_like, shape (k,) or (n, k)
        One set of coefficients, or a batch of them (one per row).
    vectors : array_like, shape (k, d)

    Returns
    -------
    ndarray, shape (d,) or (n, d)
        ``coefficients @ vectors``.
    """
    V = _vectors(vectors)
    c = as_float_array(coefficients, "coefficients", ndim=(1, 2))
    if c.shape[-1] != V.shape[0]:
        raise InputError(f"{c.shape[-1]} coefficients given for {V.shape[0]} vectors")
    return c @ V


def is_linearly_independent(vectors, tol: float | None = None) -> bool:
    r"""Whether the rows of ``vectors`` are linearly independent.

    :math:`\sum_i c_i v_i = 0 \Rightarrow c = 0` exactly when the matrix with these rows has
    rank :math:`k` (numerical rank, tolerance ``tol`` as in
    :func:`~foundations.linalg.matrix_rank`). More than :math:`d` vectors in
    :math:`\mathbb{R}^d` are always dependent.
    """
    V = _vectors(vectors)
    return matrix_rank(V, tol) == V.shape[0]


def in_span(v, vectors, tol: float | None = None) -> bool:
    r"""Whether ``v`` is a linear combination of the rows of ``vectors``.

    :math:`v \in \operatorname{span}(v_1, \dots, v_k)` exactly when appending :math:`v` does
    not raise the rank.
    """
    V = _vectors(vectors)
    v = as_vector(v, "v")
    if v.size != V.shape[1]:
        raise InputError(f"v has {v.size} coordinates but the vectors have {V.shape[1]}")
    return matrix_rank(np.vstack([V, v]), tol) == matrix_rank(V, tol)


def is_basis(vectors, tol: float | None = None) -> bool:
    r"""Whether the rows of ``vectors`` form a basis of :math:`\mathbb{R}^d`: exactly :math:`d`
    independent vectors (so they also span)."""
    V = _vectors(vectors)
    return V.shape[0] == V.shape[1] and is_linearly_independent(V, tol)


def coordinates(v, basis) -> np.ndarray:
    r"""Coordinates of ``v`` in a basis: the unique :math:`c` with :math:`v = \sum_i c_i b_i`.

    With the basis vectors as columns of :math:`B`, this is the square system
    :math:`Bc = v`, solved by LU (:func:`~foundations.linalg.solve`).

    Parameters
    ----------
    v : array_like, shape (d,) or (n, d)
        One vector or a batch of row vectors.
    basis : array_like, shape (d, d)
        One basis vector per row.

    Returns
    -------
    ndarray, shape like ``v``

    Raises
    ------
    LinAlgError
        If ``basis`` is not a basis (its rows are dependent).
    """
    B = as_matrix(basis, "basis", square=True)
    v = as_float_array(v, "v", ndim=(1, 2))
    if v.shape[-1] != B.shape[0]:
        raise InputError(f"v has {v.shape[-1]} coordinates but the basis is of R^{B.shape[0]}")
    return solve(B.T, v.T).T


def change_of_basis(from_basis, to_basis) -> np.ndarray:
    r"""The matrix :math:`T` turning coordinates in ``from_basis`` into coordinates in ``to_basis``.

    A vector is :math:`v = F^\top c_F = G^\top c_G` (bases as rows of :math:`F`, :math:`G`), so

    .. math:: c_G = T c_F, \qquad T = (G^\top)^{-1} F^\top,

    computed as one solve with many right-hand sides. For batches of row coordinates use
    ``C_from @ T.T``.

    Parameters
    ----------
    from_basis, to_basis : array_like, shape (d, d)

    Returns
    -------
    T : ndarray, shape (d, d)
    """
    F = as_matrix(from_basis, "from_basis", square=True)
    G = as_matrix(to_basis, "to_basis", square=True)
    if F.shape != G.shape:
        raise InputError(f"the bases must be of the same space, got {F.shape} and {G.shape}")
    return solve(G.T, F.T)
