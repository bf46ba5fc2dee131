"""``GaussianMixture`` against scikit-learn's from the same start, and its own properties."""

import warnings

import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from foundations.errors import InputError

from ..covariances import COVARIANCE_TYPES, dense_covariances
from ..model import GaussianMixture

TYPES = list(COVARIANCE_TYPES)


def blobs(n=300, d=3, k=3, seed=0, spread=4.0):
    """``k`` Gaussian clusters with random covariances."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=spread, size=(k, d))
    mix = rng.normal(size=(k, d, d)) * 0.5 + np.eye(d)
    labels = rng.integers(0, k, n)
    X = centres[labels] + np.einsum("nij,nj->ni", mix[labels], rng.normal(size=(n, d)))
    return X, labels


def same_start(X, k, ct, seed=0, **kw):
    start = GaussianMixture(k, covariance_type=ct, max_iter=0, random_state=seed).fit(X)
    given = dict(
        weights_init=start.weights_,
        means_init=start.means_,
        precisions_init=start.precisions_,
        covariance_type=ct,
        **kw,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return GaussianMixture(k, **given).fit(X), SkGaussianMixture(k, **given).fit(X)


@pytest.mark.parametrize("ct", TYPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_start_same_iterates_as_sklearn(ct, seed):
    X, _ = blobs(seed=seed, d=3 + seed)
    ours, ref = same_start(X, 3, ct, seed=seed, tol=1e-10, max_iter=60)
    assert ours.n_iter_ == ref.n_iter_ and ours.converged_ == ref.converged_
    np.testing.assert_allclose(ours.lower_bounds_, ref.lower_bounds_, rtol=1e-10, atol=0)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    for name in ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"):
        np.testing.assert_allclose(getattr(ours, name), getattr(ref, name), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.score_samples(X), ref.score_samples(X), rtol=1e-10)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-9)
    assert ours.bic(X) == pytest.approx(ref.bic(X), rel=1e-10)
    assert ours.aic(X) == pytest.approx(ref.aic(X), rel=1e-10)
    assert ours._n_parameters() == ref._n_parameters()


@pytest.mark.parametrize("ct", TYPES)
@pytest.mark.parametrize("init", ["kmeans", "k-means++", "random", "random_from_data"])
def test_the_log_likelihood_never_falls(ct, init):
    X, _ = blobs(n=250, d=2, k=4, seed=3, spread=2.0)
    # one-point starts (k-means++, random rows) need reg_covar > 0: their covariance is 0
    for reg in (0.0, 1e-6) if init in ("kmeans", "random") else (1e-6,):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            m = GaussianMixture(
                4,
                covariance_type=ct,
                init_params=init,
                reg_covar=reg,
                tol=0,
                max_iter=60,
                random_state=1,
            ).fit(X)
        bounds = m.lower_bounds_
        rounding = 64 * np.finfo(float).eps * np.abs(bounds[1:])
        assert np.all(np.diff(bounds) >= -rounding), np.diff(bounds).min()
        # the final parameters are at least as likely as the last recorded ones
        assert m.score(X) >= bounds[-1] - rounding[-1]


def test_score_samples_is_the_mixture_density_of_scipy():
    X, _ = blobs(n=80, d=3, seed=4)
    for ct in TYPES:
        m = GaussianMixture(3, covariance_type=ct, random_state=0).fit(X)
        covs = dense_covariances(m.covariances_, ct, 3, 3)
        dens = np.stack(
            [
                np.log(w) + multivariate_normal(mu, c).logpdf(X)
                for w, mu, c in zip(m.weights_, m.means_, covs, strict=True)
            ],
            axis=1,
        )
        # both sides lose about eps * cond(Sigma) relative to |the Mahalanobis term|
        kappa = max(np.linalg.cond(c) for c in covs)
        ref = logsumexp(dens, axis=1)
        tol = 100 * np.finfo(float).eps * kappa * np.max(np.abs(dens))
        np.testing.assert_allclose(m.score_samples(X), ref, rtol=0, atol=tol)
        proba = m.predict_proba(X)
        np.testing.assert_allclose(
            proba, np.exp(dens - logsumexp(dens, axis=1)[:, None]), atol=1e-12
        )
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)
        np.testing.assert_array_equal(m.predict(X), proba.argmax(axis=1))
        assert m.score(X) == pytest.approx(np.mean(ref), abs=tol)


def test_one_component_is_the_maximum_likelihood_gaussian():
    X, _ = blobs(n=200, d=4, k=2, seed=5)
    m = GaussianMixture(1, reg_covar=0.0).fit(X)
    np.testing.assert_allclose(m.means_[0], X.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(m.covariances_[0], np.cov(X.T, bias=True), rtol=1e-10)
    assert m.weights_[0] == pytest.approx(1.0)
    assert m.converged_ and m.n_iter_ <= 2


def test_far_points_are_stable_in_log_space():
    """Distances of 40 sd: the densities underflow to 0, their logarithms do not."""
    X, _ = blobs(n=120, d=2, k=2, seed=6)
    m = GaussianMixture(2, random_state=0).fit(X)
    far = m.means_[:1] + 40 * np.sqrt(np.diag(m.covariances_[0]))
    covs = m.covariances_
    terms = [
        np.log(w) + multivariate_normal(mu, c).logpdf(far)
        for w, mu, c in zip(m.weights_, m.means_, covs, strict=True)
    ]
    expected = logsumexp(np.array(terms).ravel())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = m.score_samples(far)
        proba = m.predict_proba(far)
    assert np.isfinite(got[0]) and got[0] == pytest.approx(expected, rel=1e-12)
    assert proba.sum() == pytest.approx(1.0)


def test_a_point_beyond_overflow_goes_to_the_nearest_component():
    X, _ = blobs(n=120, d=2, k=2, seed=7)
    m = GaussianMixture(2, covariance_type="spherical", random_state=0).fit(X)
    direction = m.means_[1] - m.means_[0]
    huge = (m.means_[1] + 1e200 * direction)[None, :]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log_p = m.score_samples(huge)
        proba = m.predict_proba(huge)
    assert log_p[0] == -np.inf
    expected = np.argmin(np.sum((huge / 1e200 - m.means_ / 1e200) ** 2, axis=1) / m.covariances_)
    assert proba[0, expected] == 1.0 and proba.sum() == 1.0


@pytest.mark.parametrize("factor", [1e-150, 1e-100, 1e-8, 1e8, 1e100, 1e150])
def test_units_do_not_matter(factor):
    """Rescaling the data (and reg_covar with it) rescales the fit exactly as the math says."""
    X, _ = blobs(n=150, d=3, seed=8)
    kw = dict(covariance_type="full", random_state=0, tol=1e-8)
    a = GaussianMixture(3, **kw).fit(X)
    b = GaussianMixture(3, reg_covar=1e-6 * factor**2, **kw).fit(X * factor)
    np.testing.assert_array_equal(a.predict(X), b.predict(X * factor))
    np.testing.assert_allclose(b.means_ / factor, a.means_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b.covariances_ / factor**2, a.covariances_, rtol=1e-8)
    shift = 3 * np.log(factor)
    assert b.lower_bound_ + shift == pytest.approx(a.lower_bound_, rel=1e-10)


def test_an_offset_far_from_the_origin_loses_no_digits():
    X, _ = blobs(n=150, d=3, seed=9)
    kw = dict(random_state=0, tol=1e-8, covariance_type="diag")
    a = GaussianMixture(3, **kw).fit(X)
    b = GaussianMixture(3, **kw).fit(X + 1e9)
    np.testing.assert_array_equal(a.predict(X), b.predict(X + 1e9))
    np.testing.assert_allclose(b.covariances_, a.covariances_, rtol=1e-5)
    np.testing.assert_allclose(b.means_ - 1e9, a.means_, atol=1e-6)


def test_float32_in_float32_out():
    X, _ = blobs(n=150, d=3, seed=10)
    m32 = GaussianMixture(3, random_state=0).fit(X.astype(np.float32))
    m64 = GaussianMixture(3, random_state=0).fit(X.astype(np.float32).astype(np.float64))
    for name in ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"):
        assert getattr(m32, name).dtype == np.float32
        np.testing.assert_allclose(getattr(m32, name), getattr(m64, name), rtol=1e-5, atol=1e-6)
    X32 = X.astype(np.float32)
    assert m32.predict_proba(X32).dtype == np.float32
    assert m32.score_samples(X32).dtype == np.float32


def test_integer_input_and_one_feature():
    rng = np.random.default_rng(11)
    x = np.concatenate([rng.integers(0, 5, 60), rng.integers(20, 25, 60)])[:, None]
    m = GaussianMixture(2, random_state=0).fit(x)
    assert m.means_.dtype == np.float64
    assert sorted(np.round(m.means_[:, 0])) == [2.0, 22.0]


def test_as_many_points_as_components_and_identical_points():
    X = np.array([[0.0, 0.0], [5.0, 5.0], [10.0, 0.0]])
    m = GaussianMixture(3, random_state=0).fit(X)
    assert sorted(m.predict(X)) == [0, 1, 2]
    same = np.ones((20, 2))
    m = GaussianMixture(1).fit(same)
    np.testing.assert_allclose(m.covariances_[0], 1e-6 * np.eye(2), rtol=1e-8)
    with pytest.raises(InputError, match="ill-defined"):
        GaussianMixture(1, reg_covar=0.0).fit(same)


def test_a_zero_weight_component_takes_nothing():
    X, _ = blobs(n=90, d=2, k=2, seed=12)
    given = dict(
        weights_init=[0.5, 0.5, 0.0],
        means_init=X[:3],
        precisions_init=np.tile(np.eye(2), (3, 1, 1)),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = GaussianMixture(3, max_iter=5, tol=0, **given)
        with pytest.raises(ConvergenceWarning):
            m.fit(X)
        warnings.simplefilter("ignore", ConvergenceWarning)
        m.fit(X)
        proba = m.predict_proba(X)
    assert m.weights_[2] < 1e-12 and np.all(proba[:, 2] < 1e-12)


def test_max_iter_zero_keeps_the_start():
    X, _ = blobs(n=60, d=2, seed=13)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = GaussianMixture(3, max_iter=0, init_params="k-means++", random_state=0).fit(X)
    assert m.n_iter_ == 0 and m.lower_bound_ == -np.inf and not m.converged_
    # k-means++ starts: each component one data point, covariance reg_covar * I
    gaps = np.abs(X[None, :, :] - m.means_[:, None, :]).max(axis=2).min(axis=1)
    assert np.all(gaps <= 1e-13 * np.abs(X).max())
    np.testing.assert_allclose(
        m.covariances_, np.tile(1e-6 * np.eye(2), (3, 1, 1)), rtol=1e-8, atol=1e-20
    )


def test_given_precisions_alone_replace_the_estimated_ones():
    X, _ = blobs(n=90, d=2, seed=14)
    P = np.tile(np.diag([2.0, 0.5]), (3, 1, 1))
    m = GaussianMixture(3, precisions_init=P, max_iter=0, random_state=0).fit(X)
    np.testing.assert_allclose(m.precisions_, P, rtol=1e-12)
    np.testing.assert_allclose(m.covariances_, np.linalg.inv(P), rtol=1e-12)


def test_warm_start_continues_where_it_stopped():
    X, _ = blobs(n=120, d=2, seed=15)
    kw = dict(random_state=0, tol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        whole = GaussianMixture(3, max_iter=6, **kw).fit(X)
        warm = GaussianMixture(3, max_iter=3, warm_start=True, **kw).fit(X)
        first = warm.lower_bounds_.copy()
        warm.fit(X)
    np.testing.assert_allclose(np.r_[first, warm.lower_bounds_], whole.lower_bounds_, rtol=1e-12)
    np.testing.assert_allclose(warm.means_, whole.means_, rtol=1e-10)


def test_more_starts_never_end_lower():
    X, _ = blobs(n=200, d=2, k=5, seed=16, spread=2.0)
    one = GaussianMixture(5, n_init=1, random_state=3).fit(X)
    many = GaussianMixture(5, n_init=6, random_state=3).fit(X)
    assert many.lower_bound_ >= one.lower_bound_


def test_fit_predict_and_determinism():
    X, _ = blobs(n=100, d=2, seed=17)
    a = GaussianMixture(3, random_state=5).fit_predict(X)
    b = GaussianMixture(3, random_state=5).fit(X).predict(X)
    np.testing.assert_array_equal(a, b)


def test_sample_matches_the_model():
    X, _ = blobs(n=200, d=2, k=2, seed=18)
    for ct in TYPES:
        m = GaussianMixture(2, covariance_type=ct, random_state=0).fit(X)
        draws, labels = m.sample(40_000)
        assert draws.shape == (40_000, 2) and np.all(np.diff(labels) >= 0)
        counts = np.bincount(labels, minlength=2) / 40_000
        np.testing.assert_allclose(counts, m.weights_, atol=0.015)
        covs = dense_covariances(m.covariances_, ct, 2, 2)
        for j in range(2):
            part = draws[labels == j]
            se = np.sqrt(np.diag(covs[j]) / len(part))
            assert np.all(np.abs(part.mean(axis=0) - m.means_[j]) < 5 * se)
            np.testing.assert_allclose(
                np.cov(part.T), covs[j], rtol=0.08, atol=0.05 * covs[j].max()
            )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_components": 0}, "n_components"),
        ({"n_components": 50}, "n_samples >= n_components"),
        ({"covariance_type": "banana"}, "covariance_type"),
        ({"init_params": "magic"}, "init_params"),
        ({"tol": -1.0}, "tol"),
        ({"reg_covar": float("nan")}, "reg_covar"),
        ({"max_iter": -1}, "max_iter"),
        ({"n_init": 0}, "n_init"),
        ({"weights_init": [0.5, 0.6]}, "sum to 1"),
        ({"weights_init": [1.5, -0.5]}, r"\[0, 1\]"),
        ({"weights_init": [1.0]}, "shape"),
        ({"means_init": np.zeros((2, 3))}, "shape"),
        ({"precisions_init": -np.ones((2, 2, 2))}, "positive-definite"),
        ({"precisions_init": np.ones(3)}, "shape"),
        ({"precisions_init": [1.0, -1.0], "covariance_type": "spherical"}, "positive"),
    ],
)
def test_bad_settings_name_the_problem(kwargs, message):
    X, _ = blobs(n=40, d=2, k=2, seed=19)
    kwargs = {"n_components": 2, **kwargs}
    with pytest.raises(InputError, match=message):
        GaussianMixture(**kwargs).fit(X)


def test_nan_and_too_few_rows_are_refused():
    with pytest.raises(ValueError, match="NaN"):
        GaussianMixture(1).fit(np.array([[0.0], [np.nan]]))
    with pytest.raises(ValueError, match="minimum of 2"):
        GaussianMixture(1).fit(np.zeros((1, 2)))
