"""Starting responsibilities: k-means++ seeds, Lloyd's iteration, random starts."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from ..initialization import (
    INIT_METHODS,
    initial_responsibilities,
    kmeans_labels,
    kmeans_plusplus,
)


def separated(seed=0, k=4, per=50, d=2):
    rng = np.random.default_rng(seed)
    centres = np.arange(k)[:, None] * 20.0 * np.ones(d)
    return np.repeat(centres, per, axis=0) + rng.normal(size=(k * per, d)), np.repeat(
        np.arange(k), per
    )


def test_kmeans_plusplus_picks_one_seed_per_far_cluster():
    X, truth = separated()
    seeds = kmeans_plusplus(X, 4, np.random.default_rng(0))
    assert sorted(truth[seeds]) == [0, 1, 2, 3]


def test_kmeans_plusplus_on_identical_rows_still_returns_k_seeds():
    seeds = kmeans_plusplus(np.ones((10, 3)), 4, np.random.default_rng(1))
    assert seeds.shape == (4,) and np.all((seeds >= 0) & (seeds < 10))


def test_lloyd_finds_the_clusters_sklearn_finds():
    X, truth = separated(seed=2, k=5, d=3)
    ours = kmeans_labels(X, 5, np.random.default_rng(0))
    ref = KMeans(5, n_init=1, random_state=0).fit(X).labels_
    assert adjusted_rand_score(truth, ours) == 1.0 == adjusted_rand_score(truth, ref)


def test_lloyd_ends_at_a_fixed_point():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(400, 2))
    labels = kmeans_labels(X, 6, np.random.default_rng(4))
    centres = np.stack([X[labels == j].mean(axis=0) for j in range(6)])
    nearest = np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == labels) > 0.99  # stopped by the centre-shift tolerance at worst


def test_an_empty_cluster_is_moved_to_a_far_row():
    X = np.r_[np.zeros((30, 1)), np.full((1, 1), 100.0)]
    labels = kmeans_labels(X, 2, np.random.default_rng(5))
    assert labels[-1] != labels[0]


@pytest.mark.parametrize("method", INIT_METHODS)
def test_every_method_gives_rows_that_sum_to_one(method):
    X, _ = separated(seed=6)
    resp = initial_responsibilities(X, 4, method, np.random.default_rng(7))
    assert resp.shape == (200, 4) and np.all(resp >= 0)
    np.testing.assert_allclose(resp.sum(axis=1)[resp.sum(axis=1) > 0], 1.0, rtol=1e-14)
    if method in ("k-means++", "random_from_data"):
        assert np.all(resp.sum(axis=0) == 1.0)  # one distinct row per component
        assert np.unique(np.argmax(resp, axis=0)).size == 4
