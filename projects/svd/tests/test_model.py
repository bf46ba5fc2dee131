import warnings

import numpy as np
import pytest
from sklearn.decomposition import TruncatedSVD
from sklearn.utils.estimator_checks import check_estimator, parametrize_with_checks

from toolkit.datasets import load_sample_image

from ..model import LowRankSVD

ESTIMATORS = [LowRankSVD(), LowRankSVD(algorithm="randomized", random_state=0)]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def passed_checks(estimator) -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(estimator, on_fail=None)
    return {r["check_name"] for r in results if r["status"] == "passed"}


def test_passes_every_check_that_truncated_svd_passes():
    reference = passed_checks(TruncatedSVD())
    assert len(reference) > 30
    assert reference <= passed_checks(LowRankSVD())


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_numpy_and_truncated_svd(dtype):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 12)) @ np.diag(0.6 ** np.arange(12)) @ rng.normal(size=(12, 12))
    X = X.astype(dtype)
    k = 4
    model = LowRankSVD(k).fit(X)
    U, s, Vt = np.linalg.svd(X.astype(float), full_matrices=False)
    tol = 1e-10 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(model.singular_values_, s[:k], rtol=tol)
    # Rows of components_ equal NumPy's up to sign; the projection is sign-free.
    np.testing.assert_allclose(np.abs(model.components_ @ Vt[:k].T), np.eye(k), atol=tol)
    rebuilt = model.inverse_transform(model.transform(X))
    assert rebuilt.dtype == dtype
    np.testing.assert_allclose(rebuilt, (U[:, :k] * s[:k]) @ Vt[:k], atol=tol * np.abs(X).max())
    np.testing.assert_allclose(model.fit_transform(X), model.transform(X), atol=tol * 100)
    ref = TruncatedSVD(k, algorithm="arpack").fit(X)
    np.testing.assert_allclose(
        model.explained_variance_ratio_, ref.explained_variance_ratio_, rtol=1e-3
    )
    np.testing.assert_allclose(
        model.energy_ratio_.sum(), np.sum(s[:k] ** 2) / np.sum(s**2), rtol=tol
    )


def test_inverse_transform_is_the_compressed_channel():
    channel = load_sample_image("flower.jpg")[100:160, 200:280, 0].astype(float)
    model = LowRankSVD(8)
    rebuilt = model.inverse_transform(model.fit_transform(channel))
    s = np.linalg.svd(channel, compute_uv=False)
    err = np.linalg.norm(channel - rebuilt) / np.linalg.norm(channel)
    assert err == pytest.approx(np.sqrt(np.sum(s[8:] ** 2) / np.sum(s**2)), rel=1e-8)
    randomized = LowRankSVD(8, algorithm="randomized", random_state=0)
    fast = randomized.inverse_transform(randomized.fit_transform(channel))
    assert np.linalg.norm(channel - fast) <= 1.05 * np.linalg.norm(channel - rebuilt)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_components": 6}, "n_samples=5"),
        ({"n_components": 0}, "positive integer"),
        ({"algorithm": "arpack"}, "algorithm must be"),
    ],
)
def test_bad_parameters(params, message):
    with pytest.raises(ValueError, match=message):
        LowRankSVD(**params).fit(np.random.default_rng(0).normal(size=(5, 8)))
    model = LowRankSVD(2).fit(np.random.default_rng(0).normal(size=(5, 8)))
    with pytest.raises(ValueError, match="3 columns"):
        model.inverse_transform(np.zeros((4, 3)))
