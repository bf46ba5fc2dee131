import numpy as np
import pytest
import scipy.sparse.csgraph as csgraph

from foundations.errors import InputError
from foundations.linalg import (
    adjacency_matrix,
    connected_components,
    count_walks,
    degree_matrix,
    laplacian,
    pagerank,
    spectral_embedding,
    transition_matrix,
)


def random_graph(seed, n=25, p=0.15, directed=False):
    rng = np.random.default_rng(seed)
    A = (rng.random((n, n)) < p).astype(float)
    np.fill_diagonal(A, 0)
    return A if directed else np.triu(A, 1) + np.triu(A, 1).T


def test_adjacency_degree_and_laplacian():
    A = adjacency_matrix([(0, 1), (1, 2), (2, 0), (2, 3)], 5)
    assert np.array_equal(A, A.T) and A.sum() == 8 and A[4].sum() == 0
    np.testing.assert_array_equal(np.diag(degree_matrix(A)), [2, 2, 3, 1, 0])
    D = adjacency_matrix([(0, 1), (0, 1)], directed=True, weights=[1.0, 2.0])
    np.testing.assert_array_equal(D, [[0, 3], [0, 0]])
    for normalized in (False, True):
        np.testing.assert_allclose(
            laplacian(A, normalized), csgraph.laplacian(A, normed=normalized), atol=1e-14
        )
    L = laplacian(random_graph(1))
    w = np.linalg.eigvalsh(L)
    assert w.min() > -1e-10  # positive semidefinite
    np.testing.assert_allclose(L @ np.ones(25), 0, atol=1e-12)


def test_count_walks_is_matrix_power():
    A = random_graph(2, directed=True)
    for k in (0, 1, 2, 5, 8):
        np.testing.assert_array_equal(count_walks(A, k), np.linalg.matrix_power(A, k))
    # triangles: trace(A^3) / 6 for an undirected graph
    T = adjacency_matrix([(0, 1), (1, 2), (2, 0), (2, 3), (3, 0)])
    assert np.trace(count_walks(T, 3)) / 6 == 2


@pytest.mark.parametrize("seed", range(5))
def test_connected_components_match_scipy_and_zero_eigenvalues(seed):
    A = random_graph(seed, n=30, p=0.05)
    count, labels = connected_components(A)
    ref_count, ref_labels = csgraph.connected_components(A, directed=False)
    assert count == ref_count
    np.testing.assert_array_equal(labels, ref_labels)
    # the multiplicity of the Laplacian's eigenvalue 0 is the number of components
    assert np.sum(np.linalg.eigvalsh(laplacian(A)) < 1e-9) == count


def test_transition_matrix_is_row_stochastic_with_dangling_rows_uniform():
    A = random_graph(3, directed=True)
    A[4] = 0  # a dangling node
    P = transition_matrix(A)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(P[4], 1 / 25)


@pytest.mark.parametrize("damping", [0.0, 0.5, 0.85, 0.99])
def test_pagerank_is_the_stationary_distribution(damping):
    A = random_graph(4, n=40, p=0.08, directed=True)
    A[[3, 17]] = 0  # dangling nodes
    scores, history = pagerank(A, damping, tol=1e-14, max_iter=10_000)
    P = transition_matrix(A)
    n = A.shape[0]
    expected = np.linalg.solve(np.eye(n) - damping * P.T, (1 - damping) * np.full(n, 1 / n))
    np.testing.assert_allclose(scores, expected / expected.sum(), atol=1e-12)
    assert scores.sum() == pytest.approx(1.0) and np.all(scores >= 0)
    assert history[-1] <= 1e-14
    # the 1-norm change contracts by the damping factor (up to rounding)
    assert np.all(history[1:] <= damping * history[:-1] * (1 + 1e-6) + 1e-15)


def test_pagerank_personalization_and_stationarity_of_plain_walk():
    A = random_graph(5, n=20, p=0.3)
    v = np.zeros(20)
    v[0] = 1
    scores, _ = pagerank(A, 0.9, personalization=v)
    P = transition_matrix(A)
    np.testing.assert_allclose(scores, 0.9 * P.T @ scores + 0.1 * v, atol=1e-11)
    # undirected connected graph: the plain walk's stationary distribution is degree / sum
    assert connected_components(A)[0] == 1
    pi, _ = pagerank(A, damping=0.999999, tol=1e-15, max_iter=100_000)
    np.testing.assert_allclose(pi, A.sum(1) / A.sum(), atol=1e-4)


def test_spectral_embedding_separates_communities_and_solves_the_eigenproblem():
    rng = np.random.default_rng(6)
    group = np.repeat([0, 1], 15)
    p = np.where(group[:, None] == group[None, :], 0.5, 0.02)
    upper = np.triu(rng.random((30, 30)) < p, 1)
    A = (upper | upper.T).astype(float)
    assert connected_components(A)[0] == 1
    Y = spectral_embedding(A, 2, normalized=False)
    L = laplacian(A)
    w = np.linalg.eigvalsh(L)
    np.testing.assert_allclose(L @ Y[:, 0], w[1] * Y[:, 0], atol=1e-9)
    fiedler_sign = np.sign(Y[:, 0])
    assert abs(np.mean(fiedler_sign[group == 0]) - np.mean(fiedler_sign[group == 1])) == 2
    Yn = spectral_embedding(A, 2)
    Pm = transition_matrix(A)
    # normalized: generalised eigenvectors L y = lambda D y, i.e. eigenvectors of I - P
    lam = (Yn[:, 0] @ L @ Yn[:, 0]) / (Yn[:, 0] @ (A.sum(1) * Yn[:, 0]))
    np.testing.assert_allclose((np.eye(30) - Pm) @ Yn[:, 0], lam * Yn[:, 0], atol=1e-9)


def test_errors():
    with pytest.raises(InputError, match="too small"):
        adjacency_matrix([(0, 3)], 2)
    with pytest.raises(InputError, match="non-negative"):
        laplacian([[0.0, -1.0], [-1.0, 0.0]])
    with pytest.raises(InputError, match="damping"):
        pagerank(np.ones((3, 3)), 1.0)
    with pytest.raises(InputError, match="undirected"):
        spectral_embedding(np.triu(np.ones((4, 4)), 1))
    with pytest.raises(InputError, match="k must"):
        count_walks(np.eye(2), -1)


def test_integer_walk_counts_are_exact_integers():
    # Regression: integer adjacency gave float64 counts, inexact beyond 2**53.
    K3 = np.ones((3, 3), dtype=int) - np.eye(3, dtype=int)
    for k in (0, 1, 5, 40):
        W = count_walks(K3, k)
        assert W.dtype == np.int64
        np.testing.assert_array_equal(W, np.linalg.matrix_power(K3, k))
    # Closed walks on the triangle: (2^k + 2(-1)^k) / 3, beyond int64 (where matrix_power wraps).
    for k in (62, 63, 100):
        W = count_walks(K3, k)
        assert int(W[0, 0]) == (2**k + 2 * (-1) ** k) // 3
        assert int(W[0, 1]) == (2**k - (-1) ** k) // 3
    assert count_walks(K3.astype(bool), 3).dtype == np.int64
    assert count_walks(K3.astype(np.float32), 3).dtype == np.float32


def test_graph_parameter_edges():
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    for bad in ({"damping": "0.5"}, {"damping": np.nan}, {"tol": 0.0}, {"max_iter": 0}):
        with pytest.raises(InputError):
            pagerank(A, **bad)
    with pytest.raises(InputError, match="n_nodes"):
        adjacency_matrix([(0, 1)], n_nodes=2.5)
    with pytest.raises(InputError, match="n_components"):
        spectral_embedding(np.ones((3, 3)) - np.eye(3), n_components=True)
    assert transition_matrix(A.astype(np.float32)).dtype == np.float32
