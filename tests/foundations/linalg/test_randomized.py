import numpy as np
import pytest

from foundations.errors import InputError
from foundations.linalg import randomized_svd


def decaying(rng, m, n, rate):
    U, _ = np.linalg.qr(rng.normal(size=(m, min(m, n))))
    V, _ = np.linalg.qr(rng.normal(size=(n, min(m, n))))
    s = rate ** np.arange(min(m, n)) if rate < 1 else 1.0 / np.arange(1, min(m, n) + 1)
    return (U * s) @ V.T, s


@pytest.mark.parametrize(
    ("shape", "rate"), [((300, 200), 0.9), ((200, 300), 0.95), ((250, 250), 1)]
)
def test_error_within_one_percent_of_eckart_young(shape, rate):
    rng = np.random.default_rng(0)
    A, s_true = decaying(rng, *shape, rate)
    k = 20
    U, s, Vt = randomized_svd(A, k, random_state=1)
    assert U.shape == (shape[0], k) and s.shape == (k,) and Vt.shape == (k, shape[1])
    optimum = np.sqrt(np.sum(s_true[k:] ** 2))
    assert np.linalg.norm(A - (U * s) @ Vt) <= 1.01 * optimum
    np.testing.assert_allclose(U.T @ U, np.eye(k), atol=1e-12)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(k), atol=1e-12)
    np.testing.assert_allclose(s, s_true[:k], rtol=1e-2)


def test_deterministic_under_seed_with_sklearn_sign_rule():
    A, _ = decaying(np.random.default_rng(2), 120, 80, 0.8)
    U1, s1, V1 = randomized_svd(A, 5, random_state=3)
    U2, s2, V2 = randomized_svd(A, 5, random_state=np.random.default_rng(3))
    np.testing.assert_array_equal(U1, U2)
    np.testing.assert_array_equal(s1, s2)
    np.testing.assert_array_equal(V1, V2)
    # scikit-learn's rule, transposed (m < n) or not: the largest entry of each column of U is > 0
    for M in (A, A.T):
        U, _, _ = randomized_svd(M, 5, random_state=3)
        assert np.all(U[np.argmax(np.abs(U), axis=0), np.arange(5)] > 0)


def test_matches_sklearn_on_a_low_rank_matrix():
    from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

    rng = np.random.default_rng(4)
    A = rng.normal(size=(150, 6)) @ rng.normal(size=(6, 90))  # exact rank 6
    for normalizer in ("auto", "cholesky", "LU", "QR", "none"):
        U, s, Vt = randomized_svd(A, 6, power_iteration_normalizer=normalizer, random_state=0)
        Us, ss, Vts = sk_randomized_svd(A, 6, random_state=0)
        np.testing.assert_allclose(s, ss, rtol=1e-10)
        np.testing.assert_allclose(U, Us, atol=1e-8)  # same sign rule, so equal vectors
        np.testing.assert_allclose(Vt, Vts, atol=1e-8)


def test_errors():
    A = np.ones((5, 4))
    with pytest.raises(InputError, match="n_components"):
        randomized_svd(A, 5)
    with pytest.raises(InputError, match="n_iter"):
        randomized_svd(A, 2, n_iter=-1)
    with pytest.raises(InputError, match="normalizer"):
        randomized_svd(A, 2, power_iteration_normalizer="svd")
