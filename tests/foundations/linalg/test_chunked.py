"""Per-chunk statistics plus a reduction (foundations.linalg.chunked*), against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import nearest_centers, randomized_svd
from foundations.linalg.chunked import (
    GramStatistics,
    LocalChunks,
    gram_statistics,
    least_squares_from_gram,
    pairwise_reduce,
    split_rows,
    tsqr,
)
from foundations.linalg.chunked_kmeans import (
    _oversample,
    kmeans_chunk_statistics,
    kmeans_lloyd_chunks,
    kmeans_parallel_init,
    weighted_kmeans_plusplus,
)
from foundations.linalg.chunked_randomized import randomized_svd_chunks

ENGINE = LocalChunks()


def uneven_chunks(a, rng):
    """Chunks of random sizes, one of them empty and one a single row (for 2+ rows)."""
    k = int(rng.integers(0, a.shape[0] - 1))
    cuts = np.sort(np.concatenate([rng.integers(0, a.shape[0], size=4), [0, k, k + 1, k + 1]]))
    chunks = np.split(a, cuts)
    assert sum(len(c) for c in chunks) == len(a) and min(len(c) for c in chunks) == 0
    assert any(len(c) == 1 for c in chunks)
    return chunks


def total_statistics(X, y, w=None, n_chunks=7):
    xs, ys = split_rows(X, n_chunks), split_rows(y, n_chunks)
    ws = [None] * n_chunks if w is None else split_rows(w, n_chunks)
    return ENGINE.total(ENGINE.map(gram_statistics, xs, ys, ws))


def test_pairwise_reduce_is_a_balanced_sum_and_refuses_nothing():
    assert pairwise_reduce([1, 2, 3, 4, 5]) == 15
    assert pairwise_reduce(["a", "b", "c"]) == "abc"  # order kept: (a+b)+c
    with pytest.raises(InputError):
        pairwise_reduce([])


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 60), st.integers(1, 5), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_gram_statistics_of_many_chunks_equal_one_chunk_and_numpy(n, p, c, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.1, 10, p) + rng.normal(scale=100, size=p)
    y = rng.normal(size=n)
    one, many = gram_statistics(X, y), total_statistics(X, y, n_chunks=c)
    Xc = X - X.mean(axis=0)
    scale = max(1.0, float(np.max(np.abs(Xc.T @ Xc))))
    for stats in (one, many):
        assert stats.rows == n and stats.weight == n
        np.testing.assert_allclose(stats.x_mean, X.mean(axis=0), rtol=1e-12, atol=1e-12)
        assert np.max(np.abs(stats.xx - Xc.T @ Xc)) <= 1e-11 * scale
        np.testing.assert_allclose(stats.yy, [np.sum((y - y.mean()) ** 2)], rtol=1e-10)


def test_weights_are_repetitions_and_zero_weight_chunks_are_identities():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 3)), rng.normal(size=30)
    w = rng.integers(0, 4, 30).astype(float)
    weighted = total_statistics(X, y, w)
    repeated = gram_statistics(np.repeat(X, w.astype(int), axis=0), np.repeat(y, w.astype(int)))
    np.testing.assert_allclose(weighted.xx, repeated.xx, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(weighted.xy, repeated.xy, rtol=1e-11, atol=1e-12)
    assert weighted.weight == w.sum() and weighted.rows == 30
    empty = gram_statistics(np.zeros((0, 3)), np.zeros(0))
    assert (empty + weighted).xx is weighted.xx or np.array_equal(
        (empty + weighted).xx, weighted.xx
    )


def test_a_huge_mean_does_not_cancel():
    """Raw sums minus n mu mu^T would lose every digit here; the centred merge keeps them."""
    rng = np.random.default_rng(1)
    X = 1e9 + rng.normal(size=(1000, 2))
    stats = total_statistics(X, X[:, 0], n_chunks=13)
    Xc = X - X.mean(axis=0)
    np.testing.assert_allclose(stats.xx, Xc.T @ Xc, rtol=1e-6)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 100.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_least_squares_from_gram_matches_numpy(alpha, fit_intercept):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(80, 4)) * [1, 10, 1e-3, 1e3] + 5
    y = X @ rng.normal(size=4) + rng.normal(size=80)
    coef, b = least_squares_from_gram(total_statistics(X, y), alpha, fit_intercept)
    mu, nu = (X.mean(axis=0), y.mean()) if fit_intercept else (np.zeros(4), 0.0)
    Xc, yc = X - mu, y - nu
    want = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(4), Xc.T @ yc)
    np.testing.assert_allclose(coef, want, rtol=1e-9)
    # b = nu - mu^T w inherits the coefficients' relative error times sum |mu_j w_j|
    assert b == pytest.approx(nu - mu @ want, abs=1e-9 * (abs(nu) + np.abs(mu) @ np.abs(want)))


def test_least_squares_constant_column_collinear_columns_float32_and_bad_input():
    rng = np.random.default_rng(3)
    X = np.column_stack([rng.normal(size=20), np.full(20, 7.0)])
    y = 2 * X[:, 0] + 1
    coef, b = least_squares_from_gram(gram_statistics(X, y))
    np.testing.assert_allclose(coef, [2.0, 0.0], atol=1e-12)
    assert b == pytest.approx(1.0)
    collinear = np.column_stack([X[:, 0], 2 * X[:, 0]])
    with pytest.raises(LinAlgError):
        least_squares_from_gram(gram_statistics(collinear, y))
    c32, _ = least_squares_from_gram(gram_statistics(X.astype(np.float32), y.astype(np.float32)))
    assert c32.dtype == np.float32
    with pytest.raises(InputError):
        gram_statistics([[np.nan, 1.0]], [1.0])
    with pytest.raises(InputError):
        gram_statistics(np.ones((2, 2)), np.ones(3))
    with pytest.raises(InputError):
        gram_statistics(np.ones((2, 2)), np.ones(2)) + gram_statistics(np.ones((2, 3)), np.ones(2))
    with pytest.raises(InputError):
        least_squares_from_gram(gram_statistics(np.zeros((0, 2)), np.zeros(0)))
    assert isinstance(gram_statistics(np.ones((1, 1)), [2.0]), GramStatistics)


@pytest.mark.parametrize("n_chunks", [1, 7, 40])
def test_tsqr_gives_numpys_r_and_an_orthonormal_q(n_chunks):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(35, 4))
    chunks = split_rows(X, n_chunks)  # 40 chunks of 35 rows: five are empty
    R = tsqr(chunks)
    np.testing.assert_allclose(np.abs(R), np.abs(np.linalg.qr(X, mode="r")), atol=1e-12)
    R, Q = tsqr(uneven_chunks(X, rng), want_q=True)
    Q = np.vstack(Q)
    np.testing.assert_allclose(Q @ R, X, atol=1e-12)
    np.testing.assert_allclose(Q.T @ Q, np.eye(4), atol=1e-13)
    with pytest.raises(InputError):
        tsqr([np.zeros((0, 3))])


def test_kmeans_chunk_statistics_against_brute_force_and_edges():
    rng = np.random.default_rng(5)
    X, C, w = rng.normal(size=(50, 3)), rng.normal(size=(4, 3)), rng.uniform(0, 2, 50)
    stats, labels = kmeans_chunk_statistics(X, C, w)
    D = ((X[:, None, :] - C[None]) ** 2).sum(-1)
    np.testing.assert_array_equal(labels, D.argmin(1))
    for j in range(4):
        np.testing.assert_allclose(stats.sums[j], (w[labels == j, None] * X[labels == j]).sum(0))
        assert stats.counts[j] == pytest.approx(w[labels == j].sum())
    assert stats.inertia == pytest.approx(w @ D.min(1))
    empty, no_labels = kmeans_chunk_statistics(X[:0], C)
    assert no_labels.size == 0 and empty.inertia == 0 and not empty.counts.any()
    one, label = kmeans_chunk_statistics(X[:1], C)
    assert label[0] == labels[0] and one.counts.sum() == 1
    with pytest.raises(InputError):
        kmeans_chunk_statistics(X[:, :2], C)


def test_lloyd_by_chunks_does_not_depend_on_the_chunks():
    rng = np.random.default_rng(6)
    X = np.vstack([rng.normal(m, 0.5, size=(60, 2)) for m in (0, 4, 8)])
    start = X[[0, 1, 2]]
    one = kmeans_lloyd_chunks([X], start)
    many = kmeans_lloyd_chunks(uneven_chunks(X, rng), start)
    assert one.converged and many.converged and one.n_iter == many.n_iter
    np.testing.assert_array_equal(np.concatenate(one.labels), np.concatenate(many.labels))
    np.testing.assert_allclose(many.centers, one.centers, rtol=1e-13)
    assert many.inertia == pytest.approx(one.inertia, rel=1e-13)
    # A fixed point: its centres are the means of its clusters, its labels the nearest centres.
    labels = np.concatenate(one.labels)
    for j in range(3):
        np.testing.assert_allclose(one.centers[j], X[labels == j].mean(0), rtol=1e-12)
    np.testing.assert_array_equal(labels, nearest_centers(X, one.centers)[0])
    with pytest.raises(InputError):
        kmeans_lloyd_chunks([X], start, max_iter=0)


def test_kmeans_parallel_oversampling_is_its_definition():
    """Each row kept independently with probability min(1, l d^2 / phi) from the chunk's seed."""
    rng = np.random.default_rng(7)
    X, C = rng.normal(size=(400, 2)), rng.normal(size=(2, 2))
    d2 = nearest_centers(X, C)[1]
    factor = 5.0 / d2.sum()
    kept = _oversample(X, None, 11, centers=C, factor=factor)
    u = np.random.default_rng(11).random(400)
    np.testing.assert_array_equal(kept, X[u < np.minimum(1.0, factor * d2)])
    assert _oversample(X[:0], None, 11, centers=C, factor=factor).shape == (0, 2)


def test_kmeans_parallel_finds_separated_blobs_reproducibly():
    rng = np.random.default_rng(8)
    means = np.array([[0, 0], [20, 0], [0, 20], [20, 20]], dtype=float)
    X = np.vstack([rng.normal(m, 0.3, size=(100, 2)) for m in means])
    chunks = uneven_chunks(X[rng.permutation(400)], rng)
    centres = kmeans_parallel_init(chunks, 4, random_state=0)
    assert np.array_equal(centres, kmeans_parallel_init(chunks, 4, random_state=0))
    nearest = np.sort(((centres[:, None] - means[None]) ** 2).sum(-1).argmin(1))
    np.testing.assert_array_equal(nearest, [0, 1, 2, 3])
    with pytest.raises(InputError):
        kmeans_parallel_init([X[:3]], 4, random_state=0)


def test_weighted_kmeans_plusplus_never_picks_zero_weight():
    X = np.arange(10.0)[:, None]
    w = np.zeros(10)
    w[[2, 7]] = 1.0
    C = weighted_kmeans_plusplus(X, w, 2, rng=0)
    assert sorted(C[:, 0]) == [2.0, 7.0]
    with pytest.raises(InputError):
        weighted_kmeans_plusplus(X, w, 3, rng=0)


@pytest.mark.parametrize("n_iter", [0, 2, 5])
def test_randomized_svd_by_chunks_matches_the_in_memory_error(n_iter):
    rng = np.random.default_rng(9)
    A = rng.normal(size=(300, 15)) @ rng.normal(size=(15, 60)) + 0.05 * rng.normal(size=(300, 60))
    U, s, Vt = randomized_svd(A, 8, n_iter=n_iter, random_state=1)
    Uc, sc, Vtc = randomized_svd_chunks(uneven_chunks(A, rng), 8, n_iter=n_iter, random_state=1)
    Uc = np.vstack(Uc)
    error = np.linalg.norm(A - (U * s) @ Vt)
    assert np.linalg.norm(A - (Uc * sc) @ Vtc) <= 1.001 * error
    np.testing.assert_allclose(Uc.T @ Uc, np.eye(8), atol=1e-12)
    np.testing.assert_allclose(sc, s, rtol=1e-10)
    with pytest.raises(InputError):
        randomized_svd_chunks([A], 61)
