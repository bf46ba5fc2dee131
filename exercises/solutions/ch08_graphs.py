"""Reference solutions, chapter 8 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def count_walks(A, k):
    r""":math:`A^k`, whose entry :math:`(i, j)` counts the walks of length :math:`k` from :math:`i` to :math:`j`.

    :math:`(A^2)_{ij} = \sum_m A_{im}A_{mj}` sums over the middle node of each two-step walk;
    by induction :math:`(A^k)_{ij}` counts the :math:`k`-step walks. :math:`A^0 = I`: one walk of
    length 0 from each node to itself. (For an undirected graph, :math:`\operatorname{tr}(A^3)/6`
    is the number of triangles.)

    Parameters
    ----------
    A : ndarray, shape (n, n)
    k : int, k >= 0

    Returns
    -------
    ndarray, shape (n, n)

    Hint: repeated squaring needs only :math:`O(\log k)` products: go through the bits of
    :math:`k`, squaring a running power of :math:`A` and multiplying it into the result where the
    bit is 1.
    """
    A = np.asarray(A, dtype=float)
    result = np.eye(A.shape[0])
    power = A.copy()
    while k > 0:
        if k & 1:  # this bit of k is set: multiply A^(2^b) in
            result = result @ power
        k >>= 1
        if k:
            power = power @ power
    return result


def laplacian(A, normalized=False):
    r"""The graph Laplacian :math:`L = D - A`, or :math:`I - D^{-1/2} A D^{-1/2}` if ``normalized``.

    :math:`D = \operatorname{diag}(A\mathbf 1)` holds the degrees. For a symmetric :math:`A`,

    .. math:: x^\top L x = \sum_{i<j} A_{ij}(x_i - x_j)^2 \ge 0, \qquad L\mathbf 1 = 0,

    and the multiplicity of the eigenvalue 0 is the number of connected components. An
    isolated node (degree 0) gets a zero row and column in the normalized form
    (``scipy.sparse.csgraph.laplacian``'s convention) — not :math:`1/\sqrt 0`.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        Symmetric, non-negative weights, zero diagonal.
    normalized : bool

    Returns
    -------
    L : ndarray, shape (n, n)

    Hint: ``np.diag(degrees) - A``; for the normalized form scale row :math:`i` and column
    :math:`j` by :math:`d_i^{-1/2}` and :math:`d_j^{-1/2}`, with 0 in place of
    :math:`0^{-1/2}`, and put 1 on the diagonal only where :math:`d_i > 0`.
    """
    A = np.asarray(A, dtype=float)
    degree = A.sum(axis=1)
    if not normalized:
        return np.diag(degree) - A
    inv_sqrt = np.zeros_like(degree)
    inv_sqrt[degree > 0] = 1.0 / np.sqrt(degree[degree > 0])  # 0 for an isolated node
    return np.diag((degree > 0).astype(float)) - inv_sqrt[:, None] * A * inv_sqrt[None, :]


def connected_components(A):
    r"""The number of connected components and a label per node.

    A directed edge counts both ways (weak connectivity): nodes :math:`i` and :math:`j` are
    linked when :math:`A_{ij} > 0` or :math:`A_{ji} > 0`. Label the components
    :math:`0, 1, \dots` in the order of their first node (``scipy.sparse.csgraph``'s order).

    Parameters
    ----------
    A : ndarray, shape (n, n)

    Returns
    -------
    count : int
    labels : ndarray of int, shape (n,)

    Hint: breadth-first search from the first unlabelled node; the neighbours of the nodes in
    the frontier are the non-zero entries of their rows in :math:`A + A^\top`.
    """
    A = np.asarray(A, dtype=float)
    linked = (A + A.T) > 0  # an edge either way links the two nodes
    n = A.shape[0]
    labels = np.full(n, -1)
    count = 0
    for start in range(n):
        if labels[start] >= 0:
            continue
        labels[start] = count
        frontier = [start]
        while frontier:
            reached = np.flatnonzero(linked[frontier].any(axis=0) & (labels < 0))
            labels[reached] = count
            frontier = list(reached)
        count += 1
    return count, labels


def _transition_matrix(A):
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    out = A.sum(axis=1)
    P = np.full((n, n), 1.0 / n)  # a dangling node jumps to any node
    P[out > 0] = A[out > 0] / out[out > 0, None]
    return P


def pagerank(A, damping=0.85, *, personalization=None, tol=1e-12, max_iter=1000):
    r"""PageRank scores by power iteration on the Google matrix.

    The random walk follows an out-link (chosen in proportion to its weight) with probability
    :math:`\alpha` (``damping``) and otherwise teleports according to :math:`v` (uniform by
    default); a *dangling* node, with no out-link, jumps to a uniformly random node. With
    :math:`P` row-stochastic (:math:`P_{ij} = A_{ij}/\sum_j A_{ij}`, the row :math:`\mathbf 1^\top/n`
    for a dangling node), the scores are the stationary distribution

    .. math:: \pi = \alpha P^\top \pi + (1 - \alpha)\, v, \qquad \textstyle\sum_i \pi_i = 1 .

    Start from the uniform distribution and repeat :math:`\pi \leftarrow \alpha P^\top\pi +
    (1-\alpha)v` until :math:`\lVert \pi_{k+1} - \pi_k \rVert_1 \le` ``tol``. The map
    contracts the 1-norm by :math:`\alpha`, so every change is at most :math:`\alpha` times the
    previous one.

    Parameters
    ----------
    A : ndarray, shape (n, n)
    damping : float, 0 <= damping < 1
    personalization : ndarray, shape (n,), optional
        Non-negative teleport weights (normalise them to sum 1).
    tol : float
    max_iter : int

    Returns
    -------
    scores : ndarray, shape (n,)
        Non-negative, summing to 1.
    history : ndarray, shape (n_iter,)
        :math:`\lVert \pi_{k+1} - \pi_k \rVert_1` after each step.

    Hint: build :math:`P` first (mind the dangling rows), then the loop is two lines.
    """
    P = _transition_matrix(A)
    n = P.shape[0]
    if personalization is None:
        v = np.full(n, 1.0 / n)
    else:
        v = np.asarray(personalization, dtype=float) / np.sum(personalization)
    scores = np.full(n, 1.0 / n)
    history = []
    for _ in range(max_iter):
        new = damping * (P.T @ scores) + (1.0 - damping) * v
        history.append(float(np.abs(new - scores).sum()))
        scores = new
        if history[-1] <= tol:
            break
    return scores, np.array(history)
