"""Checks for chapter 8: walks, the Laplacian, connected components, PageRank."""

from __future__ import annotations

import numpy as np
import scipy.sparse.csgraph as csgraph
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ..grading import Failed, Problem, close, for_all
from .strategies import graphs

__all__ = ["PROBLEMS"]


def _square(value, n: int, what: str) -> np.ndarray:
    M = np.asarray(value, dtype=float)
    if M.shape != (n, n):
        raise Failed(f"{what} must be {n}×{n}, got shape {M.shape}")
    return M


# --- count_walks -------------------------------------------------------------------------------


@for_all(graphs(1, 7, directed=True), st.integers(0, 12), max_examples=40)
def counts_walks_exactly(fn, A, k):
    n = A.shape[0]
    W = _square(fn(A.copy(), k), n, f"count_walks(A, {k})")
    if not np.array_equal(W, np.linalg.matrix_power(A, k)):  # integers below 2^53: exact
        raise Failed(f"count_walks(A, {k}) ≠ A^{k} for a directed graph on {n} nodes")


def textbook_walks(fn):
    if not np.array_equal(_square(fn(np.ones((2, 2)) - np.eye(2), 0), 2, "A^0"), np.eye(2)):
        raise Failed("A⁰ = I: one walk of length 0 from each node to itself")
    K4 = np.ones((4, 4)) - np.eye(4)
    triangles = np.trace(_square(fn(K4, 3), 4, "A^3")) / 6
    if triangles != 4:
        raise Failed(f"the complete graph on 4 nodes has tr(A³)/6 = 4 triangles, got {triangles:g}")


# --- laplacian ---------------------------------------------------------------------------------


@for_all(graphs(1, 7, weighted=True), max_examples=40)
def matches_scipy_laplacians(fn, A):
    n = A.shape[0]
    L = _square(fn(A.copy()), n, "laplacian(A)")
    if not close(L @ np.ones(n), np.zeros(n), rtol=0, atol=1e-12):
        raise Failed(f"L 1 ≠ 0 for a weighted graph on {n} nodes: L = D − A (rows sum to 0)")
    if not close(L, csgraph.laplacian(A), rtol=1e-12, atol=1e-12):
        raise Failed(f"L ≠ D − A for a weighted graph on {n} nodes")
    x = np.arange(n, dtype=float) ** 1.5
    energy = sum(A[i, j] * (x[i] - x[j]) ** 2 for i in range(n) for j in range(i + 1, n))
    if not np.isclose(x @ L @ x, energy, rtol=1e-10, atol=1e-10):
        raise Failed("xᵀLx ≠ Σ_{i<j} A_ij (x_i − x_j)²")
    N = _square(fn(A.copy(), normalized=True), n, "laplacian(A, normalized=True)")
    if not close(N, csgraph.laplacian(A, normed=True), rtol=1e-12, atol=1e-12):
        raise Failed(f"the normalized Laplacian ≠ I − D^(−1/2) A D^(−1/2) on {n} nodes")


def an_isolated_node(fn):
    edge = np.array([[0.0, 2.0], [2.0, 0.0]])  # one edge of weight 2
    L = _square(fn(edge), 2, "laplacian(A)")
    if not close(L, [[2.0, -2.0], [-2.0, 2.0]], rtol=0, atol=1e-15):
        raise Failed(
            f"one edge of weight 2 has L = [[2, −2], [−2, 2]] (L = D − A: rows sum to 0), got {L.tolist()}"
        )
    A = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])  # node 2 has no edge
    N = _square(fn(A, normalized=True), 3, "laplacian(A, normalized=True)")
    want = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    if not close(N, want, rtol=0, atol=1e-15):
        raise Failed(
            f"an isolated node gets a zero row and column in the normalized Laplacian, got {N.tolist()}"
        )


# --- connected_components ----------------------------------------------------------------------


def _components(fn, A):
    result = fn(A.copy())
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Failed("connected_components must return the tuple (count, labels)")
    count, labels = result
    labels = np.asarray(labels)
    if np.ndim(count) != 0 or labels.shape != (A.shape[0],):
        raise Failed(f"return a number and one label per node ({A.shape[0]} labels)")
    return int(count), labels


@for_all(graphs(1, 8, directed=True), max_examples=40)
def matches_scipy_components(fn, A):
    n = A.shape[0]
    count, labels = _components(fn, A)
    want_count, want = csgraph.connected_components(A, directed=True, connection="weak")
    if count != want_count:
        raise Failed(
            f"a directed graph on {n} nodes has {want_count} weak component(s), got {count}"
        )
    if not np.array_equal(labels, want):
        raise Failed(
            f"the labels {labels.tolist()} do not give the components {want.tolist()} "
            "(numbered in the order of their first node)"
        )


def edges_count_both_ways(fn):
    for A, edge in [([[0.0, 1.0], [0.0, 0.0]], "0 → 1"), ([[0.0, 0.0], [1.0, 0.0]], "1 → 0")]:
        count, _ = _components(fn, np.array(A))
        if count != 1:
            raise Failed(f"the edge {edge} links the two nodes: one component, not {count}")
    count, labels = _components(fn, np.zeros((3, 3)))
    if count != 3 or sorted(labels.tolist()) != [0, 1, 2]:
        raise Failed("three isolated nodes are three components, labelled 0, 1, 2")


# --- pagerank ----------------------------------------------------------------------------------


def _reference_pagerank(A, damping, v):
    n = A.shape[0]
    out = A.sum(axis=1)
    P = np.full((n, n), 1.0 / n)
    P[out > 0] = A[out > 0] / out[out > 0, None]
    pi = np.linalg.solve(np.eye(n) - damping * P.T, (1 - damping) * v)
    return pi / pi.sum()


def _check_pagerank(fn, A, damping, v, personalized: bool, what: str) -> None:
    n = A.shape[0]
    kwargs = {"personalization": v.copy()} if personalized else {}
    result = fn(A.copy(), damping, **kwargs)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Failed("pagerank must return the tuple (scores, history)")
    scores, history = (np.asarray(r, dtype=float) for r in result)
    if scores.shape != (n,):
        raise Failed(f"one score per node: shape ({n},), got {scores.shape}")
    if np.any(scores < 0) or not np.isclose(scores.sum(), 1.0, rtol=0, atol=1e-12):
        raise Failed(
            f"the scores must be a probability distribution for {what} (sum {scores.sum():.6g})"
        )
    want = _reference_pagerank(A, damping, v / v.sum())
    if not close(scores, want, rtol=1e-9, atol=1e-12):
        raise Failed(f"the scores do not solve π = α Pᵀπ + (1 − α) v for {what}")
    if history.ndim != 1 or history.size == 0 or history[-1] > 1e-12:
        raise Failed("history must list ‖π_{k+1} − π_k‖₁ per step, the last one ≤ tol")
    if np.any(history[1:] > damping * history[:-1] + 1e-15):
        raise Failed(f"a change grew by more than α = {damping:g} from one step to the next")


@for_all(graphs(1, 7, directed=True), st.floats(0.0, 0.9), max_examples=40)
def ranks_random_graphs(fn, A, damping):
    n = A.shape[0]
    _check_pagerank(fn, A, damping, np.full(n, 1.0 / n), False, f"a directed graph on {n} nodes")


@st.composite
def _personalized(draw):
    A = draw(graphs(2, 6, directed=True))
    weights = hnp.arrays(np.float64, (A.shape[0],), elements=st.floats(0, 5))
    return A, draw(weights.filter(lambda w: w.sum() > 0.1))


@for_all(_personalized(), st.floats(0.0, 0.9), max_examples=30)
def teleports_as_personalized(fn, problem, damping):
    A, v = problem
    _check_pagerank(fn, A, damping, v, True, "a personalized teleport vector (normalise it)")


def a_dangling_node(fn):
    A = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])  # 0 → 1 → 2, 2 dangling
    _check_pagerank(
        fn, A, 0.85, np.full(3, 1 / 3), False, "0 → 1 → 2 (node 2 has no out-link: it teleports)"
    )


PROBLEMS = [
    Problem("count_walks", lambda fn: fn(np.eye(2), 2), [textbook_walks, counts_walks_exactly]),
    Problem(
        "laplacian",
        lambda fn: fn(np.ones((2, 2)) - np.eye(2)),
        [an_isolated_node, matches_scipy_laplacians],
    ),
    Problem(
        "connected_components",
        lambda fn: fn(np.eye(2)),
        [edges_count_both_ways, matches_scipy_components],
    ),
    Problem(
        "pagerank",
        lambda fn: fn(np.ones((2, 2)) - np.eye(2)),
        [a_dangling_node, ranks_random_graphs, teleports_as_personalized],
    ),
]
