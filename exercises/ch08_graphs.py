"""Chapter 8 — Matrices and graphs: walks, the Laplacian, components, PageRank.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch08            # or: python -m exercises.grader ch08

A graph on :math:`n` nodes is its adjacency matrix: :math:`A_{ij} > 0` is an edge (its
weight) from node :math:`i` to node :math:`j`; an undirected graph has a symmetric :math:`A`.
Use NumPy; do not call ``np.linalg.matrix_power`` or ``scipy.sparse.csgraph`` — the point is
to write them.
"""


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError
