import numpy as np
import pytest

from foundations.linalg import cholesky
from toolkit.parallel import blas_threads

from ..direct import condition_estimate, solve_svd
from ..gram import gram_blocked
from ..iterative import lipschitz_constant


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_gram_blocked_equals_the_centred_products(threads, weighted):
    """One thread, and two (row chunks of at least 100 rows, blocks of 16, on a shared pool)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1001, 7)) + 50.0
    Y = rng.normal(size=(1001, 2))
    sqrt_w = np.sqrt(rng.uniform(0, 2, size=1001)) if weighted else None
    mu, nu = X.mean(axis=0), Y.mean(axis=0)
    with blas_threads(threads):
        G, B = gram_blocked(X, Y, mu, nu, sqrt_w, block=16, min_rows=100)
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


def test_svd_solver_on_a_design_with_repeated_rows():
    """Repeated rows, centred (rank 8 < 27 rows): minimum-norm and ridge solutions match NumPy's."""
    rng = np.random.RandomState(42)
    X = rng.rand(15, 30)
    rng.randint(0, 3, size=15)
    X = X.repeat(rng.randint(0, 5, size=15), axis=0)
    Xc = X - X.mean(axis=0)
    Yc = rng.normal(size=(X.shape[0], 2))
    Yc -= Yc.mean(axis=0)
    fit = solve_svd(Xc, Yc, 0.0, 1e-6)
    assert fit.rank == np.linalg.matrix_rank(Xc) == 8
    np.testing.assert_allclose(fit.coef, np.linalg.pinv(Xc, rtol=1e-6) @ Yc, rtol=1e-8, atol=1e-10)
    ridge = solve_svd(Xc, Yc, 0.5, 0.0)
    ridge_ref = np.linalg.solve(Xc.T @ Xc + 0.5 * np.eye(30), Xc.T @ Yc)
    np.testing.assert_allclose(ridge.coef, ridge_ref, rtol=1e-8, atol=1e-12)
