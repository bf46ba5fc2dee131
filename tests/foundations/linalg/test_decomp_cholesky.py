import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import cholesky, cholesky_solve
from foundations.linalg.decomp_cholesky import cholesky_naive

EPS = np.finfo(float).eps


def random_spd(rng, n, cond=1e3):
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    w = np.logspace(0, -np.log10(cond), n)
    A = (Q * w) @ Q.T
    return (A + A.T) / 2


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 300), block=st.sampled_from([1, 7, 32, 128]), seed=st.integers(0, 2**32 - 1)
)
def test_matches_numpy_with_backward_error_bound(n, block, seed):
    A = random_spd(np.random.default_rng(seed), n)
    L = cholesky(A, block_size=block)
    assert np.allclose(np.triu(L, 1), 0.0)
    assert np.all(np.diag(L) > 0)
    assert np.linalg.norm(L @ L.T - A) <= 10 * n * EPS * np.linalg.norm(A)
    np.testing.assert_allclose(L, np.linalg.cholesky(A), atol=1e-9)


def test_naive_and_blocked_agree_and_only_lower_triangle_matters():
    rng = np.random.default_rng(0)
    A = random_spd(rng, 257)
    np.testing.assert_allclose(cholesky_naive(A), cholesky(A), atol=1e-12)
    tiny = A + np.triu(rng.normal(size=A.shape), 1) * 1e-12  # rounding-level asymmetry
    np.testing.assert_allclose(cholesky(tiny), cholesky(A), atol=1e-10)


def test_graded_and_1x1():
    d = np.logspace(0, -20, 12)
    A = np.diag(d) + 1e-3 * np.outer(np.sqrt(d), np.sqrt(d))
    L = cholesky(A)
    np.testing.assert_allclose(L @ L.T, A, rtol=1e-12, atol=0)
    np.testing.assert_allclose(cholesky([[4.0]]), [[2.0]])


def test_solve_matches_scipy():
    rng = np.random.default_rng(1)
    A = random_spd(rng, 150)
    b = rng.normal(size=(150, 3))
    L = cholesky(A)
    ref = scipy.linalg.cho_solve((scipy.linalg.cholesky(A, lower=True), True), b)
    np.testing.assert_allclose(cholesky_solve(L, b), ref, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(cholesky_solve(L, b[:, 0]), ref[:, 0], rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("fn", [cholesky, cholesky_naive])
def test_not_positive_definite(fn):
    with pytest.raises(LinAlgError, match="not symmetric positive definite"):
        fn([[1.0, 2.0], [2.0, 1.0]])  # eigenvalues 3 and -1
    with pytest.raises(LinAlgError, match="not symmetric positive definite"):
        fn(np.zeros((3, 3)))
    with pytest.raises(LinAlgError, match="not symmetric"):
        fn([[2.0, 1.0], [0.0, 2.0]])
    rng = np.random.default_rng(2)
    X = rng.normal(size=(300, 20))
    with pytest.raises(LinAlgError, match=r"pivot 20 .* singular to working precision"):
        fn(X @ X.T)  # rank 20: pivot 20 is rounding noise, whatever its sign
    with pytest.raises(LinAlgError, match="indefinite"):
        fn([[1.0, 0.0], [0.0, -1e-30]])


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 120), rank=st.integers(1, 119), seed=st.integers(0, 2**32 - 1))
def test_semidefinite_refused_whatever_the_block_size(n, rank, seed):
    # Regression: a singular PSD matrix used to be factored or refused depending on block_size
    # (a pivot of 1e-16 or -1e-16, rounding noise either way, decided). The Gram matrix of
    # `rank` independent vectors followed by combinations of them: its leading block is well
    # conditioned, so pivot `rank` is rounding noise of about n * eps * a_jj.
    rank = min(rank, n - 1)
    rng = np.random.default_rng(seed)
    X = np.vstack([np.eye(rank), rng.normal(size=(n - rank, rank)) / np.sqrt(rank)])
    X *= rng.choice([1e-3, 1.0, 1e3])
    A = X @ X.T
    A = (A + A.T) / 2
    for block in (1, 4, 32, 128):
        with pytest.raises(LinAlgError, match="singular to working precision"):
            cholesky(A, block_size=block)
    with pytest.raises(LinAlgError, match="singular to working precision"):
        cholesky_naive(A)


def test_graded_accepted_and_float32_stays_float32():
    L = cholesky(np.diag([1e-20, 1.0]))
    np.testing.assert_array_equal(L, np.diag([1e-10, 1.0]))
    A = random_spd(np.random.default_rng(4), 40).astype(np.float32)
    L32 = cholesky(A)
    assert L32.dtype == np.float32
    eps32 = np.finfo(np.float32).eps
    assert np.linalg.norm(L32 @ L32.T - A) <= 10 * 40 * eps32 * np.linalg.norm(A)


def test_input_untouched_and_errors():
    A = random_spd(np.random.default_rng(3), 5)
    before = A.copy()
    cholesky(A)
    np.testing.assert_array_equal(A, before)
    with pytest.raises(InputError, match="square"):
        cholesky(np.ones((2, 3)))
    with pytest.raises(InputError, match="block_size"):
        cholesky(A, block_size=0)
    with pytest.raises(InputError, match="rows"):
        cholesky_solve(np.eye(2), np.ones(3))
