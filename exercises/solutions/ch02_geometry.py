"""Reference solutions, chapter 2 — graded by ``nox -s grade -- --solutions``."""

import numpy as np

EPS = np.finfo(float).eps


def norm(x, ord=None):
    r"""The :math:`p`-norm of a vector, without overflow or underflow.

    .. math:: \lVert x \rVert_p = \Big(\sum_i |x_i|^p\Big)^{1/p} \quad (p \ge 1), \qquad
              \lVert x \rVert_\infty = \max_i |x_i|

    ``ord=None`` means :math:`p = 2`. Squaring :math:`10^{200}` overflows to ``inf`` and
    squaring :math:`10^{-200}` underflows to 0, although the norm of ``[1e200, 1e200]`` is
    :math:`1.41 \cdot 10^{200}`: divide by :math:`s = \max_i |x_i|` first,
    :math:`\lVert x \rVert_p = s\,\lVert x/s \rVert_p`.

    Parameters
    ----------
    x : ndarray, shape (d,)
    ord : {None, 1, 2, 3, ..., float >= 1, inf}

    Returns
    -------
    float

    Hint: treat ``inf`` apart; and the zero vector, where :math:`s = 0` (do not divide by it).
    (``foundations.linalg.norm`` also takes ``axis`` and matrices; here ``x`` is one vector.)
    """
    a = np.abs(np.asarray(x, dtype=float))
    s = np.max(a, initial=0.0)
    if ord == np.inf or s == 0.0:
        return float(s)
    p = 2.0 if ord is None else float(ord)
    return float(s * np.sum((a / s) ** p) ** (1.0 / p))


def angle(x, y):
    r"""The angle between two non-zero vectors, in radians, in :math:`[0, \pi]`, accurate everywhere.

    Mathematically :math:`\theta = \arccos\frac{x^\top y}{\lVert x\rVert\lVert y\rVert}`, but
    :math:`\arccos` has an infinite slope at :math:`\pm 1`: for nearly parallel vectors it
    returns 0 or an error near :math:`10^{-8}`, and rounding can push the cosine above 1
    (``nan``). Kahan's formula has no such problem:

    .. math:: \theta = 2 \operatorname{atan2}(\lVert u - v \rVert, \lVert u + v \rVert), \qquad
              u = x/\lVert x\rVert,\; v = y/\lVert y\rVert .

    Parameters
    ----------
    x, y : ndarray, shape (d,)

    Returns
    -------
    float

    Hint: ``np.arctan2``; your :func:`norm` for the lengths.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    u, v = x / norm(x), y / norm(y)
    return float(2.0 * np.arctan2(norm(u - v), norm(u + v)))


def project_onto_vector(x, v):
    r"""Orthogonal projection of ``x`` onto the line spanned by a non-zero ``v``.

    .. math:: \operatorname{proj}_v x = \frac{x^\top v}{v^\top v}\, v

    The residual :math:`x - \operatorname{proj}_v x` is orthogonal to :math:`v`.

    Parameters
    ----------
    x : ndarray, shape (d,)
    v : ndarray, shape (d,)

    Returns
    -------
    ndarray, shape (d,)

    Hint: one line; do not forget the denominator when ``v`` is not a unit vector.
    """
    x = np.asarray(x, dtype=float)
    v = np.asarray(v, dtype=float)
    return (x @ v) / (v @ v) * v


def gram_schmidt(A, tol=None):
    r"""An orthonormal basis :math:`Q` of the column space of ``A``, by Gram–Schmidt.

    Column :math:`a_j` minus its projections on the directions already found is the next
    direction:

    .. math:: v_j = a_j - \sum_{i<j} (q_i^\top a_j)\, q_i, \qquad q_j = v_j / \lVert v_j \rVert .

    Then :math:`Q^\top Q = I` and :math:`R = Q^\top A` is upper triangular with a positive
    diagonal (:math:`A = QR`). In floating point the subtraction loses orthogonality when the
    columns are nearly dependent — like :math:`\kappa(A)^2\varepsilon` for the formula as
    written — so subtract the projections a second time ("twice is enough"):
    :math:`v_j \leftarrow v_j - Q(Q^\top v_j)` with the :math:`q` found so far. The result must
    be orthonormal to about :math:`10^{-12}` even for columns at angles of :math:`10^{-7}`.

    A column is linearly dependent on the earlier ones when
    :math:`\lVert v_j \rVert \le \text{tol}\cdot\lVert A \rVert_F`, default
    ``tol = max(m, n) * eps`` (``eps = np.finfo(float).eps``): raise ``ValueError`` then.

    Parameters
    ----------
    A : ndarray, shape (m, n)
        The vectors are the columns.
    tol : float, optional

    Returns
    -------
    Q : ndarray, shape (m, n)

    Raises
    ------
    ValueError
        If a column depends on the earlier ones (so also when :math:`n > m`).

    Hint: keep the :math:`q_j` as the columns of a preallocated ``Q``; ``Q[:, :j]`` holds those
    found so far. ``foundations.linalg.gram_schmidt`` has the same idea with more options.
    """
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    threshold = (max(m, n) * EPS if tol is None else tol) * norm(A.ravel())
    Q = np.zeros((m, n))
    for j in range(n):
        v = A[:, j].copy()
        for _ in range(2):  # twice is enough
            v -= Q[:, :j] @ (Q[:, :j].T @ v)
        length = norm(v)
        if length <= threshold or j >= m:
            raise ValueError(f"column {j} of A depends on the previous columns")
        Q[:, j] = v / length
    return Q


def project_onto_subspace(x, A):
    r"""Orthogonal projection onto the column space of ``A`` (its columns may be dependent).

    With an orthonormal basis :math:`Q` of :math:`\operatorname{col}(A)`,

    .. math:: \operatorname{proj}_A x = Q Q^\top x,

    the closest point of the subspace to :math:`x` — the geometry of least squares. (It equals
    :math:`A (A^\top A)^{-1} A^\top x` only when the columns are independent.)

    Parameters
    ----------
    x : ndarray, shape (d,) or (n_samples, d)
        One vector, or a batch of row vectors.
    A : ndarray, shape (d, k)

    Returns
    -------
    ndarray, shape like ``x``

    Hint: Gram–Schmidt as above, but *skip* a dependent column instead of raising. Rounding
    in the earlier :math:`q_i` leaves a dependent column a residual well above
    :math:`\varepsilon\lVert A\rVert_F` when the columns are far from orthogonal, so count it
    as dependent when its residual is at most :math:`10^{-10}\lVert A \rVert_F`. For a batch
    of rows, ``(X @ Q) @ Q.T``.
    """
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    threshold = 1e-10 * norm(A.ravel())
    Q = np.zeros((m, 0))
    for j in range(n):
        v = A[:, j].copy()
        for _ in range(2):
            v -= Q @ (Q.T @ v)
        length = norm(v)
        if length > threshold and Q.shape[1] < m:  # else: dependent, skip it
            Q = np.column_stack([Q, v / length])
    return (np.asarray(x, dtype=float) @ Q) @ Q.T
