import numpy as np
import pytest
from scipy.spatial.distance import cdist

from foundations.errors import InputError
from foundations.linalg import pairwise_squared_distances


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


def test_feature_mismatch():
    with pytest.raises(InputError, match="same number of features"):
        pairwise_squared_distances(np.ones((2, 3)), np.ones((2, 4)))
