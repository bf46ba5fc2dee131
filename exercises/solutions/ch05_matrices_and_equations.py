"""Reference solutions, chapter 5 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


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
    L = np.asarray(L, dtype=float)
    x = np.array(b, dtype=float)
    for i in range(len(x)):
        x[i] = (x[i] - L[i, :i] @ x[:i]) / L[i, i]
    return x


def back_substitution(U, b):
    r"""Solve :math:`Ux = b` for an upper triangular ``U`` with a non-zero diagonal.

    .. math:: x_i = \Bigl(b_i - \sum_{j>i} u_{ij} x_j\Bigr) / u_{ii}, \quad i = n, \dots, 1

    Hint: the same as :func:`forward_substitution`, from the last row up.
    """
    U = np.asarray(U, dtype=float)
    x = np.array(b, dtype=float)
    for i in reversed(range(len(x))):
        x[i] = (x[i] - U[i, i + 1 :] @ x[i + 1 :]) / U[i, i]
    return x


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
    U = np.array(A, dtype=float)
    n = U.shape[0]
    L = np.eye(n)
    perm = np.arange(n)
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        if p != k:  # swap rows k and p of U, of the finished part of L, and of perm
            U[[k, p]] = U[[p, k]]
            L[[k, p], :k] = L[[p, k], :k]
            perm[[k, p]] = perm[[p, k]]
        if U[k, k] == 0.0:
            continue  # the column is already zero below the diagonal
        L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
        U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
        U[k + 1 :, k] = 0.0
    P = np.eye(n)[:, perm]  # A[perm] = L U, so A = P L U with P = (I[perm])^T
    return P, L, U


def solve(A, b):
    r"""Solve :math:`Ax = b` for a square non-singular ``A`` through your :func:`lu`.

    :math:`A = PLU` turns :math:`Ax = b` into :math:`Ly = P^\top b` (forward) and
    :math:`Ux = y` (back).

    Hint: three lines, using the three functions above.
    """
    P, L, U = lu(A)
    y = forward_substitution(L, P.T @ np.asarray(b, dtype=float))
    return back_substitution(U, y)


def det(A):
    r"""The determinant of a square ``A`` from its LU factors.

    .. math:: \det A = \det P \cdot \prod_i u_{ii}, \qquad \det P = (-1)^{\#\text{swaps}}

    Hint: :math:`\det P` is the sign of the permutation; for a permutation matrix it is also
    ``round(np.linalg.det(P))`` — but count the swaps instead.
    """
    P, _, U = lu(A)
    # The sign of the permutation: the parity of its cycles' lengths minus one.
    perm = np.argmax(P, axis=0)
    seen = np.zeros(len(perm), dtype=bool)
    swaps = 0
    for start in range(len(perm)):
        length, j = 0, start
        while not seen[j]:
            seen[j] = True
            j = perm[j]
            length += 1
        swaps += max(length - 1, 0)
    return float((-1) ** swaps * np.prod(np.diag(U)))
