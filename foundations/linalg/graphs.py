r"""Matrices and graphs: adjacency, Laplacian, walks, components, random walks, PageRank (chapter 8).

A graph on nodes :math:`0, \dots, n-1` *is* a matrix: the adjacency matrix :math:`A` with
:math:`A_{ij}` the weight of the edge :math:`i \to j` (0 if none; symmetric for an undirected
graph). Linear algebra then answers graph questions:

* :math:`(A^k)_{ij}` counts the walks of length :math:`k` from :math:`i` to :math:`j`
  (each step of the matrix product sums over the intermediate node);
* the **Laplacian** :math:`L = D - A` (:math:`D` the diagonal degree matrix) has the quadratic
  form :math:`x^TLx = \sum_{\{i,j\}} A_{ij}(x_i - x_j)^2 \ge 0`; its zero eigenvalues count the
  connected components, and its next eigenvectors give coordinates in which adjacent nodes are
  close — a **spectral embedding**;
* dividing each row of :math:`A` by the node's degree gives the **transition matrix**
  :math:`P = D^{-1}A` of a random walk; a distribution :math:`\pi` over the nodes moves to
  :math:`\pi^T P`, and a stationary one solves :math:`\pi^T = \pi^T P` — an eigenvector of
  :math:`P^T` for the eigenvalue 1;
* **PageRank** is the stationary distribution of a walk that follows a link with probability
  :math:`\alpha` (the damping) and jumps to a random node otherwise, found by power iteration.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix, as_vector
from .decomp_eigh import eigh

__all__ = [
    "adjacency_matrix",
    "connected_components",
    "count_walks",
    "degree_matrix",
    "laplacian",
    "pagerank",
    "spectral_embedding",
    "transition_matrix",
]


def _adjacency(A, name: str = "A") -> np.ndarray:
    A = as_matrix(A, name, square=True)
    if np.any(A < 0):
        raise InputError(f"{name} must have non-negative edge weights")
    return A


def adjacency_matrix(
    edges, n_nodes: int | None = None, *, directed: bool = False, weights=None
) -> np.ndarray:
    r"""The :math:`n \times n` adjacency matrix of a list of edges ``(i, j)``.

    Parameters
    ----------
    edges : array_like of int, shape (n_edges, 2)
    n_nodes : int, optional
        Default: one more than the largest node index.
    directed : bool
        ``False``: each edge also sets :math:`A_{ji}` (a symmetric matrix).
    weights : array_like, shape (n_edges,), optional
        Edge weights (default 1); repeated edges add up.
    """
    E = np.asarray(edges)
    if E.size == 0:
        E = np.zeros((0, 2), dtype=int)
    if E.ndim != 2 or E.shape[1] != 2 or not np.issubdtype(E.dtype, np.integer):
        raise InputError(
            f"edges must be integer pairs of shape (n_edges, 2), got {E.shape} {E.dtype}"
        )
    if np.any(E < 0):
        raise InputError("edges must use non-negative node indices")
    if n_nodes is not None and (
        not isinstance(n_nodes, (int, np.integer)) or isinstance(n_nodes, bool) or n_nodes < 1
    ):
        raise InputError(f"n_nodes must be a positive integer, got {n_nodes!r}")
    n = int(E.max()) + 1 if n_nodes is None and E.size else (n_nodes or 0)
    if n < 1 or (E.size and E.max() >= n):
        raise InputError(f"n_nodes={n_nodes} is too small for the node indices in edges")
    w = np.ones(len(E)) if weights is None else as_vector(weights, "weights")
    if w.shape[0] != len(E) or np.any(w < 0):
        raise InputError("weights must be non-negative, one per edge")
    A = np.zeros((n, n))
    np.add.at(A, (E[:, 0], E[:, 1]), w)
    if not directed:
        off = E[:, 0] != E[:, 1]
        np.add.at(A, (E[off, 1], E[off, 0]), w[off])
    return A


def degree_matrix(A) -> np.ndarray:
    r"""The diagonal matrix :math:`D` of (out-)degrees, :math:`D_{ii} = \sum_j A_{ij}`."""
    return np.diag(_adjacency(A).sum(axis=1))


def laplacian(A, normalized: bool = False) -> np.ndarray:
    r"""The graph Laplacian :math:`L = D - A`, or :math:`I - D^{-1/2}AD^{-1/2}` if ``normalized``.

    For a symmetric :math:`A`, :math:`x^TLx = \sum_{i<j} A_{ij}(x_i - x_j)^2`, so :math:`L` is
    positive semidefinite and :math:`L\mathbf 1 = 0`. An isolated node gets a zero row in the
    normalized form (``scipy.sparse.csgraph.laplacian``'s convention).
    """
    A = _adjacency(A)
    degree = A.sum(axis=1)
    if not normalized:
        return np.diag(degree) - A
    inv_sqrt = np.zeros_like(degree)
    inv_sqrt[degree > 0] = 1.0 / np.sqrt(degree[degree > 0])
    L = -(inv_sqrt[:, None] * A * inv_sqrt[None, :])
    L[np.diag_indices_from(L)] += (degree > 0).astype(float)
    return L


def _integer_matrix(A):
    """``A`` as an exact integer matrix (int64, or Python ints where int64 could overflow), or
    None when ``A`` is not of an integer (or boolean) dtype."""
    raw = np.asarray(A) if not isinstance(A, np.ndarray) else A
    if not (np.issubdtype(raw.dtype, np.integer) or raw.dtype == np.bool_):
        return None
    as_matrix(raw, "A", square=True)  # shape checks and messages
    return raw.astype(np.int64) if raw.dtype == np.bool_ or raw.size == 0 else raw


def count_walks(A, k: int) -> np.ndarray:
    r""":math:`A^k`: entry :math:`(i, j)` counts the walks of length ``k`` from :math:`i` to :math:`j`.

    By repeated squaring, :math:`A^k = \prod_{b:\,\text{bit } b \text{ of } k \text{ set}} A^{2^b}`:
    :math:`O(\log k)` matrix products instead of :math:`k - 1`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency matrix. An integer or boolean ``A`` gives exact integer counts (as
        ``numpy.linalg.matrix_power`` does, but without its silent int64 overflow): int64
        while the bound :math:`\max|a_{ij}|\,(\max_i\sum_j|a_{ij}|)^{k-1}` on every entry fits,
        Python integers (``dtype=object``) beyond. A float ``A`` gives floats, exact while the
        counts stay below :math:`2^{53}`.
    k : int
        Walk length, :math:`\ge 0` (:math:`A^0 = I`).
    """
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 0:
        raise InputError(f"k must be a non-negative integer, got {k!r}")
    k = int(k)
    exact = _integer_matrix(A)
    if exact is None:
        A = as_matrix(A, "A", square=True)
        result, power = np.eye(A.shape[0], dtype=A.dtype), A.copy()
    else:
        magnitude = np.abs(exact.astype(np.float64))
        row_sum = float(magnitude.sum(axis=1).max())
        with np.errstate(over="ignore"):  # an infinite bound just means Python integers
            bound = float(magnitude.max()) * np.float64(row_sum) ** max(k - 1, 0)
        if bound < 2.0**62:  # a margin for the rounding of the bound itself
            power = exact.astype(np.int64)
        else:
            power = np.array(exact.tolist(), dtype=object)  # Python integers: exact
        result = np.eye(exact.shape[0], dtype=np.int64).astype(power.dtype)
    while k:
        if k & 1:
            result = result @ power
        k >>= 1
        if k:
            power = power @ power
    return result


def connected_components(A) -> tuple[int, np.ndarray]:
    r"""Number of connected components and a label per node (directed edges count both ways).

    Breadth-first search with matrix–vector products: starting from the first unlabelled node,
    the frontier :math:`f` grows to the nodes with :math:`(A_s f)_i > 0`, :math:`A_s = A + A^T`,
    until it stops growing. Labels are numbered in order of each component's first node
    (``scipy.sparse.csgraph.connected_components``'s order).
    """
    A = _adjacency(A)
    linked = (A + A.T) > 0
    n = A.shape[0]
    labels = np.full(n, -1)
    count = 0
    while np.any(labels < 0):
        start = int(np.argmax(labels < 0))
        reached = np.zeros(n, dtype=bool)
        reached[start] = True
        frontier = reached.copy()
        while frontier.any():
            nxt = linked[frontier].any(axis=0) & ~reached
            reached |= nxt
            frontier = nxt
        labels[reached] = count
        count += 1
    return count, labels


def transition_matrix(A) -> np.ndarray:
    r"""Row-stochastic :math:`P = D^{-1}A` of the random walk on the graph.

    :math:`P_{ij}` is the probability to step from :math:`i` to :math:`j`. A dangling node (no
    out-edge) jumps to a uniformly random node: its row is :math:`\mathbf 1^T / n`.
    """
    A = _adjacency(A)
    degree = A.sum(axis=1)
    P = np.full(A.shape, 1.0 / A.shape[0], dtype=A.dtype)
    has_out = degree > 0
    P[has_out] = A[has_out] / degree[has_out, None]
    return P


def pagerank(
    A, damping: float = 0.85, *, personalization=None, tol: float = 1e-12, max_iter: int = 1000
) -> tuple[np.ndarray, np.ndarray]:
    r"""PageRank scores by power iteration on the Google matrix.

    The walk follows an out-link with probability :math:`\alpha` (``damping``) and otherwise
    teleports according to :math:`v` (uniform by default); dangling nodes always teleport
    uniformly (:func:`transition_matrix`). The scores are the stationary distribution

    .. math:: \pi^T = \alpha\,\pi^T P + (1 - \alpha)\,v^T, \qquad \textstyle\sum_i \pi_i = 1,

    i.e. the solution of :math:`(I - \alpha P^T)\pi = (1 - \alpha)v`. Power iteration
    :math:`\pi \leftarrow \alpha P^T\pi + (1-\alpha)v` contracts the error by :math:`\alpha` per
    step in the 1-norm, so it converges for every :math:`\alpha < 1`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency matrix; :math:`A_{ij} > 0` is a link :math:`i \to j`.
    damping : float
        :math:`\alpha \in [0, 1)`.
    personalization : array_like, shape (n,), optional
        Teleport distribution :math:`v` (non-negative; normalised to sum 1).
    tol : float
        Stop when :math:`\|\pi_{k+1} - \pi_k\|_1 \le` ``tol``.
    max_iter : int

    Returns
    -------
    scores : ndarray, shape (n,)
        Non-negative, summing to 1.
    history : ndarray, shape (n_iter,)
        :math:`\|\pi_{k+1} - \pi_k\|_1` at each step.

    Raises
    ------
    LinAlgError
        If it has not converged after ``max_iter`` steps.
    """
    P = transition_matrix(A)
    n = P.shape[0]
    if not isinstance(damping, (int, float, np.integer, np.floating)) or not 0.0 <= damping < 1.0:
        raise InputError(f"damping must be a number in [0, 1), got {damping!r}")
    if not isinstance(tol, (int, float, np.integer, np.floating)) or not tol > 0:
        raise InputError(f"tol must be a positive number, got {tol!r}")
    if not isinstance(max_iter, (int, np.integer)) or isinstance(max_iter, bool) or max_iter < 1:
        raise InputError(f"max_iter must be a positive integer, got {max_iter!r}")
    if personalization is None:
        v = np.full(n, 1.0 / n)
    else:
        v = as_float_array(personalization, "personalization", ndim=1)
        if v.shape[0] != n or np.any(v < 0) or v.sum() == 0:
            raise InputError(
                "personalization must be non-negative, one entry per node, not all zero"
            )
        v = v / v.sum()
    scores = np.full(n, 1.0 / n)
    history = []
    for _ in range(max_iter):
        new = damping * (P.T @ scores) + (1.0 - damping) * v
        new /= new.sum()
        change = float(np.abs(new - scores).sum())
        history.append(change)
        scores = new
        if change <= tol:
            return scores, np.asarray(history)
    raise LinAlgError(
        f"PageRank did not converge in {max_iter} iterations (last change {history[-1]:.2e})"
    )


def spectral_embedding(A, n_components: int = 2, *, normalized: bool = True) -> np.ndarray:
    r"""Coordinates of the nodes from the Laplacian's eigenvectors (Laplacian eigenmaps).

    Minimising :math:`\sum_{ij} A_{ij}\|y_i - y_j\|^2` under a normalisation that rules out the
    trivial constant solution is a Rayleigh quotient problem for :math:`L`: its solutions are the
    eigenvectors of the smallest eigenvalues after the first (constant, eigenvalue 0). With
    ``normalized``, the eigenvectors :math:`u` of :math:`I - D^{-1/2}AD^{-1/2}` are mapped back
    by :math:`D^{-1/2}u` (the random-walk Laplacian's eigenvectors), as scikit-learn's
    ``spectral_embedding`` does. The graph should be connected (else the first eigenvectors just
    label the components).

    Returns
    -------
    Y : ndarray, shape (n_nodes, n_components)
        Row :math:`i` is node :math:`i`'s coordinates; signs follow :func:`eigh`'s convention.
    """
    A = _adjacency(A)
    n = A.shape[0]
    if np.max(np.abs(A - A.T)) > 0:
        raise InputError("spectral_embedding needs an undirected graph (a symmetric A)")
    if (
        not isinstance(n_components, (int, np.integer))
        or isinstance(n_components, bool)
        or not 1 <= n_components < n
    ):
        raise InputError(f"n_components must be between 1 and {n - 1}, got {n_components!r}")
    _, V = eigh(laplacian(A, normalized=normalized))
    Y = V[:, 1 : n_components + 1]
    if normalized:
        degree = A.sum(axis=1)
        scale = np.zeros_like(degree)
        scale[degree > 0] = 1.0 / np.sqrt(degree[degree > 0])
        Y = Y * scale[:, None]
    return Y
