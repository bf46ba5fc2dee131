"""Reference solutions, chapter 1 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def linear_combination(coefficients, vectors):
    r"""The linear combination :math:`\sum_{i=1}^k c_i v_i` of the rows of ``vectors``.

    Parameters
    ----------
    coefficients : ndarray, shape (k,) or (n, k)
        One set of coefficients, or a batch of them (one set per row).
    vectors : ndarray, shape (k, d)
        The vectors :math:`v_1, \dots, v_k` as rows.

    Returns
    -------
    ndarray, shape (d,) or (n, d)

    Raises
    ------
    ValueError
        If the number of coefficients is not the number of vectors.

    Hint: a weighted sum of rows is one matrix product. Check the counts yourself: a loop over
    the coefficients would silently ignore the vectors left over.
    """
    c = np.asarray(coefficients, dtype=float)
    V = np.asarray(vectors, dtype=float)
    if c.shape[-1] != V.shape[0]:
        raise ValueError(f"{c.shape[-1]} coefficients given for {V.shape[0]} vectors")
    return c @ V


def _rank(V, tol=None):
    """The number of pivots above ``tol * max|v_ij|`` in elimination with partial pivoting."""
    U = np.array(V, dtype=float)
    k, d = U.shape
    threshold = (1e-10 if tol is None else tol) * np.max(np.abs(U), initial=0.0)
    rank = 0
    for col in range(d):
        if rank == k:
            break
        p = rank + int(np.argmax(np.abs(U[rank:, col])))
        if abs(U[p, col]) <= threshold:
            continue  # no pivot in this column: it depends on the earlier ones
        U[[rank, p]] = U[[p, rank]]
        U[rank + 1 :] -= np.outer(U[rank + 1 :, col] / U[rank, col], U[rank])
        rank += 1
    return rank


def is_linearly_independent(vectors, tol=None):
    r"""Whether the rows of ``vectors`` are linearly independent.

    :math:`\sum_i c_i v_i = 0` only for :math:`c = 0` exactly when the ``(k, d)`` matrix of the
    rows has rank :math:`k`. More than :math:`d` vectors in :math:`\mathbb{R}^d` are always
    dependent, and so is any family containing the zero vector.

    In floating point, a combination that is zero in exact arithmetic comes out as about
    :math:`10^{-17}`: count a pivot as zero when :math:`|p| \le \text{tol}\cdot\max_{ij}|v_{ij}|`,
    with ``tol = 1e-10`` by default (relative, so the answer does not change when every
    vector is scaled by :math:`10^{-6}`).

    Parameters
    ----------
    vectors : ndarray, shape (k, d)
    tol : float, optional

    Returns
    -------
    bool

    Hint: Gaussian elimination with partial pivoting on a copy, column by column; the rank is
    the number of pivots above the threshold.
    """
    V = np.asarray(vectors, dtype=float)
    return _rank(V, tol) == V.shape[0]


def in_span(v, vectors, tol=None):
    r"""Whether ``v`` is a linear combination of the rows of ``vectors``.

    :math:`v \in \operatorname{span}(v_1, \dots, v_k)` exactly when appending :math:`v` as an
    extra row does not raise the rank. ``tol`` as in :func:`is_linearly_independent`.

    Parameters
    ----------
    v : ndarray, shape (d,)
    vectors : ndarray, shape (k, d)
    tol : float, optional

    Returns
    -------
    bool

    Hint: reuse the rank computation of :func:`is_linearly_independent` (write it as a helper).
    """
    V = np.asarray(vectors, dtype=float)
    return _rank(np.vstack([V, v]), tol) == _rank(V, tol)


def coordinates(v, basis):
    r"""Coordinates of ``v`` in a basis: the unique :math:`c` with :math:`v = \sum_i c_i b_i`.

    With the basis vectors as the rows of :math:`B`, :math:`\sum_i c_i b_i = B^\top c`, so
    :math:`c` solves the square system :math:`B^\top c = v`.

    Parameters
    ----------
    v : ndarray, shape (d,) or (n, d)
        One vector, or a batch of row vectors.
    basis : ndarray, shape (d, d)
        One basis vector per row.

    Returns
    -------
    ndarray, shape like ``v``
        ``coordinates(v, B) @ B`` is ``v`` again.

    Hint: mind the transpose — the basis vectors are rows, but the system has them as columns.
    A batch is many right-hand sides: solve for ``v.T`` and transpose back.
    """
    B = np.asarray(basis, dtype=float)
    return np.linalg.solve(B.T, np.asarray(v, dtype=float).T).T


def change_of_basis(from_basis, to_basis):
    r"""The matrix :math:`T` turning coordinates in ``from_basis`` into coordinates in ``to_basis``.

    A vector is :math:`v = F^\top c_F = G^\top c_G` (the bases as the rows of :math:`F` and
    :math:`G`), so

    .. math:: c_G = T c_F, \qquad T = (G^\top)^{-1} F^\top .

    The matrix from :math:`G` to :math:`F` is the inverse of the one from :math:`F` to :math:`G`.

    Parameters
    ----------
    from_basis, to_basis : ndarray, shape (d, d)

    Returns
    -------
    T : ndarray, shape (d, d)

    Hint: one solve with many right-hand sides, no explicit inverse.
    """
    F = np.asarray(from_basis, dtype=float)
    G = np.asarray(to_basis, dtype=float)
    return np.linalg.solve(G.T, F.T)
