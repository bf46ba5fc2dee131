"""Chapter 5 — Matrices and equations: triangular systems, LU with pivoting, solve, det.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch05            # or: python -m exercises.grader ch05

Use NumPy arrays and their operations (``@``, slicing, ``np.argmax``); do not call
``numpy.linalg`` or ``scipy.linalg`` — the point is to write them.
"""


def forward_substitution(L, b):
    r"""Solve :math:`Lx = b` for a lower triangular ``L`` with a non-zero diagonal.

    .. math:: x_i = \Bigl(b_i - \sum_{j<i} \ell_{ij} x_j\Bigr) / \ell_{ii}, \quad i = 1, \dots, n

    Parameters
    ----------
    L : ndarray, shape (n, n)
    b : ndarray, shape (n,)

    Returns
    -------
    x : ndarray, shape (n,)

    Hint: one loop over the rows; the sum is a dot product of a row slice with ``x[:i]``.
    """
    raise NotImplementedError


def back_substitution(U, b):
    r"""Solve :math:`Ux = b` for an upper triangular ``U`` with a non-zero diagonal.

    .. math:: x_i = \Bigl(b_i - \sum_{j>i} u_{ij} x_j\Bigr) / u_{ii}, \quad i = n, \dots, 1

    Hint: the same as :func:`forward_substitution`, from the last row up.
    """
    raise NotImplementedError


def lu(A):
    r"""LU factorization with partial pivoting: return ``(P, L, U)`` with :math:`A = PLU`.

    At step :math:`k`, swap the row with the largest :math:`|a_{ik}|, i \ge k` into row
    :math:`k`, then eliminate below it with the multipliers :math:`\ell_{ik} = a_{ik}/a_{kk}`
    (all of size at most 1). ``P`` is a permutation matrix, ``L`` unit lower triangular,
    ``U`` upper triangular — the same convention as ``scipy.linalg.lu`` and
    ``foundations.linalg.lu``.

    Parameters
    ----------
    A : ndarray, shape (n, n)

    Returns
    -------
    P, L, U : ndarrays, shape (n, n)

    Hint: work on a copy ``U = A.astype(float)`` and a permutation vector ``perm``; when you
    swap rows of ``U`` also swap the already-computed part of ``L``. At the end ``P`` is the
    transpose of the permutation matrix that maps ``A`` to ``L U``.
    """
    raise NotImplementedError


def solve(A, b):
    r"""Solve :math:`Ax = b` for a square non-singular ``A`` through your :func:`lu`.

    :math:`A = PLU` turns :math:`Ax = b` into :math:`Ly = P^\top b` (forward) and
    :math:`Ux = y` (back).

    Hint: three lines, using the three functions above.
    """
    raise NotImplementedError


def det(A):
    r"""The determinant of a square ``A`` from its LU factors.

    .. math:: \det A = \det P \cdot \prod_i u_{ii}, \qquad \det P = (-1)^{\#\text{swaps}}

    Hint: :math:`\det P` is the sign of the permutation; for a permutation matrix it is also
    ``round(np.linalg.det(P))`` — but count the swaps instead.
    """
    raise NotImplementedError
