"""Chapter 1 — Vectors and vector spaces: combinations, independence, span, coordinates.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch01            # or: python -m exercises.grader ch01

Vectors are the *rows* of a 2-D array (data as rows), as everywhere in ``foundations``. Use
NumPy arrays and their operations; ``np.linalg.solve`` is fine for the coordinates (chapter 5
writes it), but do not call ``np.linalg.matrix_rank`` — the point is to write the rank test.
"""


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError
