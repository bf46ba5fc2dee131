import numpy as np
import pytest
from sklearn.neighbors import NearestCentroid
from sklearn.utils.estimator_checks import parametrize_with_checks

from ..model import NearestCentroidClassifier


@parametrize_with_checks([NearestCentroidClassifier()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_sklearn_nearest_centroid(seed, dtype):
    rng = np.random.default_rng(seed)
    n_classes = rng.integers(2, 6)
    X = rng.normal(size=(200, 7)).astype(dtype)
    y = rng.integers(0, n_classes, size=200)
    X += y[:, None]  # separate the classes a little
    ours = NearestCentroidClassifier().fit(X, y)
    ref = NearestCentroid().fit(X, y)
    np.testing.assert_allclose(
        ours.centroids_, ref.centroids_, rtol=1e-5 if dtype == np.float32 else 1e-12
    )
    X_new = rng.normal(size=(300, 7)).astype(dtype) * 3
    assert np.mean(ours.predict(X_new) == ref.predict(X_new)) >= 0.99


def test_string_labels_and_single_class_error():
    X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    model = NearestCentroidClassifier().fit(X, np.array(["a", "a", "b", "b"]))
    assert list(model.predict([[0.0, 0.1], [4.9, 5.0]])) == ["a", "b"]
    with pytest.raises(ValueError, match="greater than one"):
        NearestCentroidClassifier().fit(X, np.zeros(4))
