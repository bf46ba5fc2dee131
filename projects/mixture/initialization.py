r"""Starting responsibilities for EM: k-means, k-means++ seeds, random, random rows.

EM needs a first guess. Like scikit-learn, every method here produces responsibilities
:math:`r_{ij}` (each row sums to 1), and one M step turns them into weights, means and
covariances:

- ``"kmeans"`` (scikit-learn's default): k-means++ seeds, then Lloyd's iteration; :math:`r_{ij}`
  is 1 for the cluster of :math:`x_i` (hard assignments).
- ``"k-means++"``: the k-means++ seeds alone; :math:`r_{ij} = 1` only for the seed row of each
  component, so each component starts as one point with covariance ``reg_covar`` · I.
- ``"random"``: :math:`r_{ij} \propto u_{ij}` with :math:`u_{ij}` uniform on [0, 1).
- ``"random_from_data"``: :math:`k` distinct random rows as seeds (as for ``"k-means++"``).

**k-means++** (Arthur & Vassilvitskii, 2007), greedy form as in scikit-learn: the first seed is
uniform; each next one is the best of :math:`2 + \lfloor\ln k\rfloor` candidates drawn with
probability :math:`\propto D(x)^2` (:func:`foundations.probability.weighted_sample`), where
:math:`D(x)` is the distance to the nearest seed so far; "best" means the candidate that lowers
:math:`\sum_i D(x_i)^2` the most.

**Lloyd's iteration** assigns each row to its nearest centre
(:func:`foundations.linalg.nearest_centers`, one matrix product per chunk) and moves each centre to
the mean of its rows, until no label changes or the centres move by at most
:math:`10^{-4}` × the mean feature variance (scikit-learn's ``KMeans`` tolerance), at most 300
times. A cluster left empty is moved to the row farthest from its own centre.
"""

from __future__ import annotations

import numpy as np

from foundations.linalg import nearest_centers, pairwise_squared_distances
from foundations.probability import weighted_sample

__all__ = ["INIT_METHODS", "initial_responsibilities", "kmeans_labels", "kmeans_plusplus"]

INIT_METHODS = ("kmeans", "k-means++", "random", "random_from_data")


def kmeans_plusplus(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``k`` greedy k-means++ seeds among the rows of ``X``."""
    n = X.shape[0]
    trials = 2 + int(np.log(k))
    uniform = np.ones(n)
    seeds = np.empty(k, dtype=np.intp)
    seeds[0] = weighted_sample(uniform, 1, rng=rng)[0]
    closest = pairwise_squared_distances(X, X[seeds[:1]])[:, 0]
    for c in range(1, k):
        weights = closest if closest.sum() > 0 else uniform  # all rows on a seed: any will do
        candidates = weighted_sample(weights, trials, rng=rng)
        with_each = np.minimum(closest[:, None], pairwise_squared_distances(X, X[candidates]))
        best = int(np.argmin(with_each.sum(axis=0)))
        seeds[c] = candidates[best]
        closest = with_each[:, best]
    return seeds


def _cluster_means(X, labels, k, old):
    counts = np.bincount(labels, minlength=k)
    sums = np.stack([np.bincount(labels, weights=col, minlength=k) for col in X.T], axis=1)
    centers = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], old)
    empty = np.flatnonzero(counts == 0)
    if empty.size:  # move each empty cluster to a row far from its own centre
        _, sq = nearest_centers(X, centers)
        far = np.argsort(sq)[::-1][: empty.size]
        centers[empty] = X[far]
    return centers


def kmeans_labels(X: np.ndarray, k: int, rng: np.random.Generator, max_iter: int = 300):
    """Lloyd's iteration from k-means++ seeds; the final labels, shape ``(n,)``."""
    centers = X[kmeans_plusplus(X, k, rng)].copy()
    tol = 1e-4 * float(np.mean(np.var(X, axis=0)))
    labels, _ = nearest_centers(X, centers)
    for _ in range(max_iter):
        new = _cluster_means(X, labels, k, centers)
        shift = float(np.sum((new - centers) ** 2))
        centers = new
        new_labels, _ = nearest_centers(X, centers)
        if np.array_equal(new_labels, labels) or shift <= tol:
            labels = new_labels
            break
        labels = new_labels
    return labels


def initial_responsibilities(X: np.ndarray, k: int, method: str, rng: np.random.Generator):
    """The ``(n, k)`` starting responsibilities of one ``method`` (see the module docstring)."""
    n = X.shape[0]
    resp = np.zeros((n, k))
    if method == "kmeans":
        resp[np.arange(n), kmeans_labels(X, k, rng)] = 1.0
    elif method == "k-means++":
        resp[kmeans_plusplus(X, k, rng), np.arange(k)] = 1.0
    elif method == "random":
        resp = rng.uniform(size=(n, k))
        resp /= resp.sum(axis=1, keepdims=True)
    else:
        resp[weighted_sample(np.ones(n), k, rng=rng, replace=False), np.arange(k)] = 1.0
    return resp
