import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans as SkKMeans
from sklearn.metrics import adjusted_rand_score

import toolkit.parallel
from foundations.errors import InputError
from foundations.linalg.distances import nearest_centers, row_norms_squared

from .. import assignment, restarts
from ..lloyd_iterations import Points, lloyd
from ..model import KMeans
from ..seeding import kmeans_plusplus

ALGORITHMS = ["hamerly", "lloyd"]


def blobs(seed, n=600, d=4, k=5, spread=1.0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=4.0, size=(k, d))
    X = centres[rng.integers(0, k, n)] + spread * rng.normal(size=(n, d))
    return X.astype(dtype)


def lloyd_step_python(X, w, centers):
    """One Lloyd iteration in plain Python: nearest centre by loops, then weighted means."""
    k = len(centers)
    labels = []
    for x in X.tolist():
        dists = [sum((a - b) ** 2 for a, b in zip(x, c, strict=True)) for c in centers.tolist()]
        labels.append(min(range(k), key=dists.__getitem__))
    new = []
    for j in range(k):
        members = [
            (x, wi) for x, wi, a in zip(X.tolist(), w.tolist(), labels, strict=True) if a == j
        ]
        total = sum(wi for _, wi in members)
        new.append([sum(wi * x[f] for x, wi in members) / total for f in range(X.shape[1])])
    return labels, np.array(new)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_one_iteration_matches_plain_python(algorithm):
    rng = np.random.default_rng(1)
    X = blobs(1, n=120, d=3, k=4)
    w = rng.uniform(0.5, 2.0, size=len(X))
    init = X[[0, 30, 60, 90]]
    _, centers1 = lloyd_step_python(X, w, init)
    model = KMeans(4, init=init, max_iter=1, algorithm=algorithm).fit(X, sample_weight=w)
    np.testing.assert_allclose(model.cluster_centers_, centers1, rtol=1e-12, atol=1e-12)
    # after the last iteration the labels are recomputed for the final centres
    labels1, _ = lloyd_step_python(X, w, centers1)
    assert model.labels_.tolist() == labels1
    assert model.n_iter_ == 1
    diff = X - centers1[labels1]
    assert model.inertia_ == pytest.approx(float(np.einsum("ij,ij,i->", diff, diff, w)), rel=1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("weighted", [False, True])
def test_same_start_same_optimum_as_sklearn(algorithm, seed, weighted):
    rng = np.random.default_rng(seed)
    X = blobs(seed, n=2000, d=5, k=6, spread=2.0)
    w = rng.uniform(0.1, 3.0, size=len(X)) if weighted else None
    init = X[rng.choice(len(X), 6, replace=False)]
    ours = KMeans(6, init=init, algorithm=algorithm).fit(X, sample_weight=w)
    ref = SkKMeans(6, init=init, n_init=1, algorithm="lloyd").fit(X, sample_weight=w)
    assert np.array_equal(ours.labels_, ref.labels_)
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9)
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_float32_stays_float32_and_agrees(algorithm):
    X = blobs(7, n=3000, d=6, k=5, spread=1.5, dtype=np.float32)
    init = X[:5]
    ours = KMeans(5, init=init, algorithm=algorithm).fit(X)
    ref = SkKMeans(5, init=init, n_init=1).fit(X)
    assert ours.cluster_centers_.dtype == np.float32
    assert ours.transform(X).dtype == np.float32
    assert adjusted_rand_score(ours.labels_, ref.labels_) > 0.999
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-5)


@given(
    seed=st.integers(0, 10_000),
    n=st.integers(20, 200),
    k=st.integers(1, 8),
    d=st.integers(1, 5),
    integer_valued=st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_hamerly_equals_lloyd_equals_sklearn_and_history_never_rises(seed, n, k, d, integer_valued):
    """Random and adversarial data (small integers: many duplicates and exact ties)."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, size=(n, d)).astype(float) if integer_valued else rng.normal(size=(n, d))
    w = rng.uniform(0.5, 2.0, size=n)
    init = X[rng.choice(n, k, replace=False)]
    tol = 0.0
    plain = lloyd(X, w, init, tol=tol, algorithm="lloyd")
    fast = lloyd(X, w, init, tol=tol, algorithm="hamerly")
    assert np.array_equal(plain.labels, fast.labels)
    np.testing.assert_allclose(plain.centers, fast.centers, rtol=1e-12, atol=1e-12)
    assert plain.n_iter == fast.n_iter
    for run in (plain, fast):
        assert np.all(np.diff(run.history) <= 0)
        assert run.inertia <= run.history[-1] * (1 + 1e-12) + 1e-12
    if not integer_valued:  # (with exact ties, rounding decides differently in each library)
        ref = SkKMeans(k, init=init, n_init=1, tol=0.0).fit(X, sample_weight=w)
        assert np.array_equal(fast.labels, ref.labels_)
        assert fast.inertia == pytest.approx(ref.inertia_, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_history_is_the_objective(algorithm):
    """At strict convergence the last history value is the inertia computed from scratch."""
    X = blobs(3, n=1500, d=3, k=4, spread=1.5)
    model = KMeans(4, init=X[:4], tol=0.0, algorithm=algorithm).fit(X)
    assert model.inertia_history_.size == model.n_iter_
    assert np.all(np.diff(model.inertia_history_) <= 0)
    assert model.inertia_history_[-1] == pytest.approx(model.inertia_, rel=1e-9)
    # and the first value is the objective after one iteration, computed directly
    one = KMeans(4, init=X[:4], max_iter=1, algorithm=algorithm).fit(X)
    _, sq = nearest_centers(X, one.cluster_centers_)
    assert model.inertia_history_[0] >= float(sq.sum()) * (1 - 1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_integer_weights_equal_repeated_samples(algorithm):
    rng = np.random.default_rng(5)
    X = blobs(5, n=300, d=3, k=4, spread=2.0)
    counts = rng.integers(0, 4, size=len(X))
    init = X[counts > 0][:4]
    weighted = KMeans(4, init=init, algorithm=algorithm).fit(X, sample_weight=counts)
    repeated = KMeans(4, init=init, algorithm=algorithm).fit(np.repeat(X, counts, axis=0))
    np.testing.assert_allclose(weighted.cluster_centers_, repeated.cluster_centers_, rtol=1e-10)
    assert weighted.inertia_ == pytest.approx(repeated.inertia_, rel=1e-10)
    assert np.array_equal(np.repeat(weighted.labels_, counts), repeated.labels_)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_empty_cluster_is_repaired(algorithm):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(50, 2)), rng.normal(size=(50, 2)) + 10])
    init = np.array([[0.0, 0.0], [10.0, 10.0], [500.0, 500.0]])  # the third one attracts nobody
    ours = KMeans(3, init=init, algorithm=algorithm).fit(X)
    ref = SkKMeans(3, init=init, n_init=1).fit(X)
    assert np.bincount(ours.labels_, minlength=3).min() >= 1
    assert np.abs(ours.cluster_centers_).max() < 20  # the far centre was brought back
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9)
    assert adjusted_rand_score(ours.labels_, ref.labels_) == 1.0
    assert np.all(np.diff(ours.inertia_history_) <= 0)


def test_restarts_keep_the_best_run():
    X = blobs(11, n=800, d=2, k=8, spread=1.5)
    one = KMeans(8, init="random", n_init=1, random_state=3).fit(X)
    many = KMeans(8, init="random", n_init=10, random_state=3).fit(X)
    assert many.inertia_ <= one.inertia_  # the first of the ten runs is the single run
    again = KMeans(8, init="random", n_init=10, random_state=3).fit(X)
    assert np.array_equal(many.labels_, again.labels_)  # deterministic under a seed


def test_kmeans_plusplus_seeds_spread_over_separated_blobs():
    rng = np.random.default_rng(2)
    centres = np.array([[0.0, 0.0], [100.0, 0.0], [0.0, 100.0], [100.0, 100.0]])
    X = centres[np.repeat(np.arange(4), 100)] + rng.normal(size=(400, 2))
    w = np.ones(400)
    w[:100] = 0.0  # the first blob has no weight: never a seed
    for seed in range(10):
        seeds, idx = kmeans_plusplus(X[100:], 3, random_state=seed)
        assert sorted(np.round(seeds / 100).astype(int).tolist()) == [[0, 1], [1, 0], [1, 1]]
        np.testing.assert_array_equal(X[100:][idx], seeds)
        _, idx_w = kmeans_plusplus(X, 3, sample_weight=w, random_state=seed)
        assert np.all(idx_w >= 100)
    a, _ = kmeans_plusplus(X, 4, random_state=7)
    b, _ = kmeans_plusplus(X, 4, random_state=7)
    np.testing.assert_array_equal(a, b)


def test_kmeans_plusplus_as_good_as_sklearn_on_average():
    from sklearn.cluster import kmeans_plusplus as sk_plusplus

    X = blobs(4, n=1000, d=4, k=10, spread=2.0)

    def potential(seeds):
        return float(nearest_centers(X, seeds)[1].sum())

    ours = np.mean([potential(kmeans_plusplus(X, 10, random_state=s)[0]) for s in range(30)])
    ref = np.mean([potential(sk_plusplus(X, 10, random_state=s)[0]) for s in range(30)])
    assert ours < 1.25 * ref and ref < 1.25 * ours


def test_predict_transform_score_are_consistent():
    X = blobs(8, n=500, d=3, k=4)
    model = KMeans(4, random_state=0).fit(X)
    D = model.transform(X)
    assert np.array_equal(model.predict(X), D.argmin(axis=1))
    assert np.array_equal(model.predict(X), model.labels_)
    assert model.score(X) == pytest.approx(-model.inertia_, rel=1e-9)
    assert model.score(X) == pytest.approx(-float((D.min(axis=1) ** 2).sum()), rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "X", "message"),
    [
        ({"n_clusters": 5}, np.zeros((3, 2)), "n_samples=3 should be >= n_clusters=5"),
        ({"n_clusters": 0}, np.zeros((3, 2)), "n_clusters must be a positive integer"),
        ({"init": "bogus"}, np.zeros((10, 2)), "init must be"),
        ({"n_clusters": 2, "init": np.zeros((3, 2))}, np.zeros((10, 2)), "init has shape"),
        ({"n_init": 0}, np.zeros((10, 2)), "n_init must be"),
        ({"tol": -1.0}, np.zeros((10, 2)), "tol must be"),
        ({"algorithm": "elkan"}, np.zeros((10, 2)), "algorithm must be one of"),
    ],
)
def test_bad_parameters_get_one_clear_error(kwargs, X, message):
    with pytest.raises(InputError, match=message):
        KMeans(**kwargs).fit(X)


def test_bad_data_and_weights_get_clear_errors():
    X = np.ones((10, 2))
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        KMeans(2).fit(X)
    with pytest.raises(InputError, match="Negative values"):
        KMeans(2).fit(np.eye(4), sample_weight=[1, -1, 1, 1])
    with pytest.raises(InputError, match="non-zero"):
        KMeans(2).fit(np.eye(4), sample_weight=np.zeros(4))
    with pytest.raises(InputError, match="shape"):
        KMeans(2).fit(np.eye(4), sample_weight=np.ones(3))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_blocks_on_threads_change_nothing(monkeypatch, algorithm):
    """The rows split over three threads give the same run as one block."""
    X = blobs(9, n=3000, d=4, k=6, spread=2.0)
    w = np.random.default_rng(9).uniform(0.5, 2.0, size=len(X))
    init = X[:6]
    serial = lloyd(X, w, init, algorithm=algorithm)
    monkeypatch.setattr(assignment, "MIN_BLOCK_ROWS", 500)
    monkeypatch.setattr(toolkit.parallel, "available_cores", lambda: 3)
    assert len(assignment.blocks_of(len(X))) == 3
    blocked = lloyd(X, w, init, algorithm=algorithm)
    assert np.array_equal(serial.labels, blocked.labels)
    assert serial.n_iter == blocked.n_iter
    np.testing.assert_allclose(serial.centers, blocked.centers, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(serial.history, blocked.history, rtol=1e-12)
    labels, _ = nearest_centers(X, blocked.centers)
    assert np.array_equal(labels, blocked.labels)
    # an empty cluster repaired across blocks: the far centre attracts nobody
    far = np.vstack([init[:5], np.full(4, 1e3)])
    repaired = lloyd(X, w, far, algorithm=algorithm)
    assert repaired.n_relocated >= 1
    assert np.bincount(repaired.labels, minlength=6).min() >= 1
    assert np.all(np.diff(repaired.history) <= 0)
    ref = SkKMeans(6, init=far, n_init=1, tol=0.0).fit(X, sample_weight=w)
    assert repaired.inertia == pytest.approx(ref.inertia_, rel=1e-9)


def test_hamerly_skips_most_points_once_settled(monkeypatch):
    """The bounds are really used: late iterations recompute only a few points."""
    X = blobs(12, n=4000, d=4, k=8, spread=1.5)
    w = np.ones(len(X))
    init = X[:8]
    recomputed = []
    two_nearest = assignment.HamerlyAssignment._two_nearest

    def spy(self, idx, centers, old=None):
        recomputed.append(self.labels.size if idx is None else idx.size)
        return two_nearest(self, idx, centers, old)

    monkeypatch.setattr(assignment.HamerlyAssignment, "_two_nearest", spy)
    fast = lloyd(X, w, init, tol=0.0, algorithm="hamerly")
    plain = lloyd(X, w, init, tol=0.0, algorithm="lloyd")
    assert np.array_equal(fast.labels, plain.labels) and fast.n_iter == plain.n_iter
    partial = [size for size in recomputed if size < len(X)]
    assert len(partial) >= 3
    assert max(partial) < 0.3 * len(X)


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_restarts_side_by_side_change_nothing(monkeypatch, init):
    """Runs spread over threads give exactly the runs of a plain loop (seeds drawn in order)."""
    X = blobs(13, n=1500, d=3, k=6, spread=2.5)
    w = np.random.default_rng(13).uniform(0.5, 2.0, size=len(X))
    monkeypatch.setattr(toolkit.parallel, "available_cores", lambda: 1)
    assert restarts.workers_for(Points.of(X, w), 7) == 1
    serial = KMeans(6, init=init, n_init=7, random_state=5).fit(X, sample_weight=w)
    monkeypatch.setattr(toolkit.parallel, "available_cores", lambda: 3)
    assert restarts.workers_for(Points.of(X, w), 7) == 3
    threaded = KMeans(6, init=init, n_init=7, random_state=5).fit(X, sample_weight=w)
    assert np.array_equal(serial.labels_, threaded.labels_)
    np.testing.assert_array_equal(serial.cluster_centers_, threaded.cluster_centers_)
    assert serial.inertia_ == threaded.inertia_ and serial.n_iter_ == threaded.n_iter_
    np.testing.assert_array_equal(serial.inertia_history_, threaded.inertia_history_)


@pytest.mark.parametrize("d", [4, 12])  # distances from the differences / the expansion
def test_kmeans_plusplus_with_given_norms_picks_the_same_seeds(d):
    X = np.random.default_rng(3).normal(size=(500, d)) + 1e6  # far out: cancellation matters
    a, ia = kmeans_plusplus(X, 5, random_state=11)
    b, ib = kmeans_plusplus(X, 5, random_state=11, x_squared_norms=row_norms_squared(X))
    np.testing.assert_array_equal(ia, ib)
    np.testing.assert_array_equal(a, b)
    assert np.unique(ia).size == 5  # the far-out points still spread: no cancelled distances
    with pytest.raises(InputError, match=r"x_squared_norms must have shape \(500,\)"):
        kmeans_plusplus(X, 5, x_squared_norms=np.ones(3))
