"""Chapter 3 — Linear algebra in practice: the matrix product three ways, and a batch layer.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch03            # or: python -m exercises.grader ch03

Data sets are arrays of shape ``(n_samples, n_features)``: one sample per *row*. In
:func:`matmul_naive` and :func:`matmul_outer` do not use ``@``, ``np.dot`` or ``np.matmul`` on
the whole matrices — the point is to organise the arithmetic yourself (then compare the speed
with ``A @ B``: ``foundations.linalg.time_matmul`` measures it).
"""


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError
