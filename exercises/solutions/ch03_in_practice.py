"""Reference solutions, chapter 3 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def _shapes(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"cannot multiply {A.shape} by {B.shape}: inner dimensions differ")
    return A, B


def matmul_naive(A, B):
    r"""The matrix product from its definition: three nested loops.

    .. math:: (AB)_{ij} = \sum_{k=1}^{p} a_{ik}\, b_{kj}, \qquad
              A \in \mathbb{R}^{m\times p},\ B \in \mathbb{R}^{p\times n}

    Parameters
    ----------
    A : ndarray, shape (m, p)
    B : ndarray, shape (p, n)

    Returns
    -------
    C : ndarray, shape (m, n)

    Raises
    ------
    ValueError
        If the inner dimensions differ (``A.shape[1] != B.shape[0]``).

    Hint: start every entry at 0 — then a product with ``p = 0`` is the zero matrix, as it
    should be.
    """
    A, B = _shapes(A, B)
    m, p = A.shape
    n = B.shape[1]
    C = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            total = 0.0
            for k in range(p):
                total += A[i, k] * B[k, j]
            C[i, j] = total
    return C


def matmul_outer(A, B):
    r"""The matrix product as a sum of :math:`p` outer products (rank-one updates).

    .. math:: AB = \sum_{k=1}^{p} a_{:,k}\, b_{k,:}

    column :math:`k` of :math:`A` times row :math:`k` of :math:`B`.

    Parameters
    ----------
    A : ndarray, shape (m, p)
    B : ndarray, shape (p, n)

    Returns
    -------
    C : ndarray, shape (m, n)

    Raises
    ------
    ValueError
        If the inner dimensions differ.

    Hint: ``np.outer(A[:, k], B[k])``, one loop over :math:`k`.
    """
    A, B = _shapes(A, B)
    C = np.zeros((A.shape[0], B.shape[1]))
    for k in range(A.shape[1]):
        C += np.outer(A[:, k], B[k])
    return C


def linear_layer(X, W, b=None):
    r"""Apply the affine map :math:`x \mapsto Wx + b` to every row of ``X`` at once.

    .. math:: Y = X W^\top + \mathbf{1} b^\top

    (PyTorch's ``nn.Linear`` convention: ``W`` has one row per output.) One matrix product for
    the whole batch instead of a loop of matrix–vector products.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_in)
    W : ndarray, shape (n_out, n_in)
    b : ndarray, shape (n_out,), optional

    Returns
    -------
    Y : ndarray, shape (n_samples, n_out)

    Hint: row :math:`i` of :math:`Y` is :math:`W x_i + b`; broadcasting adds ``b`` to every row.
    Here you may use ``@``.
    """
    Y = np.asarray(X, dtype=float) @ np.asarray(W, dtype=float).T
    if b is not None:
        Y = Y + np.asarray(b, dtype=float)
    return Y
