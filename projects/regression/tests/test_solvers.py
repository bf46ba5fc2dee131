import numpy as np
import pytest

from foundations.linalg import cholesky

from ..solvers import condition_estimate, gram_blocked, lipschitz_constant


@pytest.mark.parametrize("n_threads", [1, 3])
@pytest.mark.parametrize("weighted", [False, True])
def test_gram_blocked_equals_the_centred_products(n_threads, weighted):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1001, 7)) + 50.0
    Y = rng.normal(size=(1001, 2))
    sqrt_w = np.sqrt(rng.uniform(0, 2, size=1001)) if weighted else None
    mu, nu = X.mean(axis=0), Y.mean(axis=0)
    G, B = gram_blocked(X, Y, mu, nu, sqrt_w, block=16, n_threads=n_threads)
    Xc, Yc = X - mu, Y - nu
    if weighted:
        Xc, Yc = Xc * sqrt_w[:, None], Yc * sqrt_w[:, None]
    np.testing.assert_allclose(G, Xc.T @ Xc, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(B, Xc.T @ Yc, rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(G, G.T)


@pytest.mark.parametrize("log_kappa", [0.5, 3, 6, 9, 12])
def test_condition_estimate_is_a_close_lower_bound(log_kappa):
    rng = np.random.default_rng(int(log_kappa * 10))
    Q, _ = np.linalg.qr(rng.normal(size=(80, 80)))
    A = (Q * np.logspace(0, -log_kappa, 80)) @ Q.T
    A = (A + A.T) / 2
    true = np.linalg.cond(A)
    estimate = condition_estimate(A, cholesky(A))
    assert true / 2 <= estimate <= true * (1 + 1e-6)


def test_lipschitz_constant_bounds_the_largest_eigenvalue():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 9))
    H = X.T @ X
    lam_max = np.linalg.eigvalsh(H)[-1]
    L = lipschitz_constant(H)
    assert lam_max <= L <= 1.03 * lam_max  # step 1/L is below the stability limit 2/lam_max
