import numpy as np
import pytest
from sklearn.decomposition import PCA as SkPCA

from foundations.errors import InputError
from foundations.linalg import PCA


def data(seed=0, n=150, d=12):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + rng.normal(size=d) * 5


@pytest.mark.parametrize("n_components", [None, 1, 4, 0.8, 0.999])
@pytest.mark.parametrize("whiten", [False, True])
def test_equals_sklearn(n_components, whiten):
    X = data()
    ours = PCA(n_components, whiten=whiten).fit(X)
    ref = SkPCA(n_components, whiten=whiten, svd_solver="full").fit(X)
    assert ours.n_components_ == ref.n_components_
    # same sign convention as scikit-learn, so the components agree without flipping
    np.testing.assert_allclose(ours.components_, ref.components_, atol=1e-10)
    for attr in ("explained_variance_", "explained_variance_ratio_", "singular_values_", "mean_"):
        np.testing.assert_allclose(getattr(ours, attr), getattr(ref, attr), rtol=1e-10, atol=1e-12)
    assert ours.noise_variance_ == pytest.approx(ref.noise_variance_, rel=1e-9, abs=1e-12)
    Z = ours.transform(X)
    np.testing.assert_allclose(Z, ref.transform(X), atol=1e-9)
    np.testing.assert_allclose(PCA(n_components, whiten=whiten).fit_transform(X), Z, atol=1e-9)
    np.testing.assert_allclose(ours.inverse_transform(Z), ref.inverse_transform(Z), atol=1e-9)


def test_wide_data_and_reconstruction_is_eckart_young():
    X = data(1, n=20, d=50)
    pca = PCA(5).fit(X)
    ref = SkPCA(5, svd_solver="full").fit(X)
    np.testing.assert_allclose(pca.components_, ref.components_, atol=1e-10)
    err = np.sum((pca.inverse_transform(pca.transform(X)) - X) ** 2)
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    assert err == pytest.approx(np.sum(s[5:] ** 2), rel=1e-9)


def test_errors():
    X = data()
    with pytest.raises(InputError, match="not fitted"):
        PCA().transform(X)
    with pytest.raises(InputError, match="between 1 and"):
        PCA(13).fit(X)
    with pytest.raises(InputError, match="n_components"):
        PCA(1.5).fit(X)
    with pytest.raises(InputError, match="features"):
        PCA(2).fit(X).transform(X[:, :3])


def test_float_n_components_never_keeps_more_than_exist():
    # Regression: the cumulative ratio ending a rounding error short of 1 (or 0 for constant
    # data) made searchsorted ask for min(n, p) + 1 components.
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 3))
    for nc in (0.5, 0.999999999999999, np.nextafter(1.0, 0.0)):
        pca = PCA(nc).fit(X)
        assert 1 <= pca.n_components_ <= 3
        assert pca.components_.shape == (pca.n_components_, 3)
    assert PCA(0.5).fit(np.ones((5, 3))).n_components_ <= 3


def test_whitening_a_zero_variance_component_gives_zero_like_sklearn():
    rng = np.random.default_rng(4)
    X = np.column_stack([rng.normal(size=40), rng.normal(size=40), np.full(40, 3.0)])
    with np.errstate(all="raise"):
        ours = PCA(3, whiten=True).fit(X)
        Z = ours.transform(X)
        Z_fit = PCA(3, whiten=True).fit_transform(X)
    ref = SkPCA(3, whiten=True, svd_solver="full").fit(X)
    assert np.all(np.isfinite(Z))
    np.testing.assert_allclose(np.abs(Z), np.abs(ref.transform(X)), atol=1e-10)
    np.testing.assert_array_equal(Z[:, 2], 0.0)
    np.testing.assert_allclose(np.abs(Z_fit[:, :2]), np.abs(Z[:, :2]), atol=1e-10)
    np.testing.assert_array_equal(Z_fit[:, 2], 0.0)


def test_float32_stays_float32():
    X = np.random.default_rng(5).normal(size=(20, 4)).astype(np.float32)
    for whiten in (False, True):
        pca = PCA(2, whiten=whiten)
        assert pca.fit_transform(X).dtype == np.float32
        assert pca.transform(X).dtype == np.float32
        assert pca.components_.dtype == np.float32
        assert pca.inverse_transform(pca.transform(X)).dtype == np.float32
