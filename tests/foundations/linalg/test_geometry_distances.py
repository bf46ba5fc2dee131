import numpy as np
import pytest
from scipy.spatial.distance import cdist

from foundations.errors import InputError
from foundations.linalg import nearest_centers, pairwise_squared_distances
from foundations.linalg.distances import (
    RUNNING_MIN_MAX_K,
    column_argmin,
    column_scratch,
    direct_squared_distances,
    row_norms_squared,
)


@pytest.mark.parametrize("shape", [(1, 1), (5, 3), (200, 17)])
def test_matches_scipy_cdist(shape):
    rng = np.random.default_rng(sum(shape))
    X, Y = rng.normal(size=shape), rng.normal(size=(7, shape[1]))
    np.testing.assert_allclose(
        pairwise_squared_distances(X, Y), cdist(X, Y, "sqeuclidean"), atol=1e-12
    )
    D = pairwise_squared_distances(X)
    assert np.all(np.diag(D) == 0) and np.all(D >= 0)
    np.testing.assert_allclose(D, cdist(X, X, "sqeuclidean"), atol=1e-12)


@pytest.mark.parametrize("shape", [(1, 1), (3, 2), (0, 3), (4, 9)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_direct_squared_distances_match_cdist_far_from_the_origin(shape, dtype):
    rng = np.random.default_rng(shape[0] * 10 + shape[1])
    offset = 1e3 if dtype == np.float32 else 1e7  # where the expansion cancels
    X = (rng.normal(size=shape) + offset).astype(dtype)
    Y = (rng.normal(size=(50, shape[1])) + offset).astype(dtype)
    Y_feature_major = np.ascontiguousarray(Y.T).T  # the layout k-means passes
    D = direct_squared_distances(X, Y_feature_major)
    assert D.shape == (shape[0], 50) and D.dtype == dtype
    exact = cdist(X.astype(np.float64), Y.astype(np.float64), "sqeuclidean")
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(D, exact, rtol=rtol)


def test_feature_mismatch():
    with pytest.raises(InputError, match="same number of features"):
        pairwise_squared_distances(np.ones((2, 3)), np.ones((2, 4)))


@pytest.mark.parametrize("offset", [0.0, 1e4, 1e7])
def test_far_from_the_origin_the_distances_keep_their_digits(offset):
    # Regression: the expansion |x|^2 - 2x.y + |y|^2 cancelled for points far from the origin
    # (relative error ~ eps * offset^2 / D, i.e. no digit left at 1e7).
    rng = np.random.default_rng(int(offset) % 97)
    X = rng.normal(size=(60, 3)) + offset
    Y = np.vstack([rng.normal(size=(5, 3)) + offset, X[:2] + 1e-3])
    ref = cdist(X, Y, "sqeuclidean")
    bound = 4 * np.finfo(float).eps ** (2 / 3)
    np.testing.assert_allclose(pairwise_squared_distances(X, Y), ref, rtol=bound, atol=0)
    np.testing.assert_allclose(
        pairwise_squared_distances(
            X, Y, X_norm_squared=row_norms_squared(X), Y_norm_squared=row_norms_squared(Y)
        ),
        ref,
        rtol=bound,
        atol=0,
    )
    labels, d2 = nearest_centers(X, Y)
    chosen = ref[np.arange(len(X)), labels]
    np.testing.assert_allclose(d2, chosen, rtol=bound, atol=0)
    # The documented label guarantee: the chosen centre is nearest up to the rounding of the
    # expansion, eps * (|x|^2 + |c|^2); at offset 0 that is exactly the arg min.
    slack = 8 * np.finfo(float).eps * (row_norms_squared(X) + row_norms_squared(Y)[labels])
    assert np.all(chosen - ref.min(axis=1) <= slack)
    if offset == 0.0:
        np.testing.assert_array_equal(labels, ref.argmin(axis=1))


@pytest.mark.parametrize("k", [1, 2, 5, RUNNING_MIN_MAX_K, RUNNING_MIN_MAX_K + 3])
@pytest.mark.parametrize("order", ["C", "F"])
def test_nearest_centers_against_brute_force_with_ties_to_the_lowest_index(k, order):
    rng = np.random.default_rng(k)
    X = np.asarray(rng.integers(-3, 4, size=(3000, 2)).astype(float), order=order)
    C = rng.integers(-3, 4, size=(k, 2)).astype(float)  # duplicate centres: exact ties
    ref = cdist(X, C, "sqeuclidean")
    labels, d2 = nearest_centers(X, C)
    np.testing.assert_array_equal(labels, ref.argmin(axis=1))  # argmin: the first minimum
    np.testing.assert_array_equal(d2, ref.min(axis=1))


def test_float32_precomputed_norms_and_empty():
    X = np.random.default_rng(0).normal(size=(20, 4)).astype(np.float32)
    assert pairwise_squared_distances(X).dtype == np.float32
    assert nearest_centers(X, X[:3])[1].dtype == np.float32
    assert pairwise_squared_distances(np.zeros((0, 3))).shape == (0, 0)
    with pytest.raises(InputError, match="X_norm_squared"):
        pairwise_squared_distances(X, X_norm_squared=np.ones(3))
    with pytest.raises(InputError, match="Y_norm_squared"):
        pairwise_squared_distances(X, X, Y_norm_squared=-np.ones(20))


@pytest.mark.parametrize("k", [1, 2, 7, 255])
def test_column_argmin_is_argmin_down_the_columns_with_ties_to_the_lowest_row(k):
    rng = np.random.default_rng(k)
    scores = rng.integers(-2, 3, size=(k, 501)).astype(float)  # many exact ties
    scores[:, 0] = np.inf
    scores[-1, 1] = -np.inf
    labels, minima, second = np.empty(501, dtype=np.intp), np.empty(501), np.empty(501)
    before = scores.copy()
    column_argmin(scores, labels, minima, column_scratch(501), second)
    np.testing.assert_array_equal(labels, scores.argmin(axis=0))
    np.testing.assert_array_equal(minima, scores.min(axis=0))
    expected_second = np.sort(scores, axis=0)[1] if k > 1 else np.full(501, np.inf)
    np.testing.assert_array_equal(second, expected_second)
    np.testing.assert_array_equal(scores, before)
    for row in {0, k // 2, k - 1}:  # overflowed scores: still a valid row, and the minimum says so
        scores[row, 2] = np.nan
        column_argmin(scores, labels, minima, column_scratch(501))
        assert labels[2] == 0 and np.isnan(minima[2])
        np.testing.assert_array_equal(labels[3:], before[:, 3:].argmin(axis=0))
    with pytest.raises(InputError, match="1 to 255"):
        column_argmin(np.zeros((256, 2)), labels[:2], minima[:2], column_scratch(2))
