import functools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import eigh, eigvalsh

EPS = np.finfo(float).eps
METHODS = ["dc", "jacobi"]


def check(A, method="dc", factor=50):
    """Ascending eigenvalues as NumPy's; residual and orthogonality below factor * n * eps."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w, V = eigh(A, method=method)
        w_only = eigvalsh(A, method=method)
    n = A.shape[0]
    c = np.max(np.abs(A)) or 1.0  # compare at unit scale: no overflow in the checks
    A, w_s, w_only = A / c, w / c, w_only / c
    wn = np.linalg.eigvalsh(A)
    scale = max(np.abs(wn).max(), np.finfo(float).tiny)
    assert np.all(np.diff(w) >= 0)
    assert np.max(np.abs(w_s - wn)) <= 1e-10 * scale
    assert np.max(np.abs(w_only - w_s)) <= 1e-10 * scale
    norm = max(np.linalg.norm(A), 1e-300)
    assert np.linalg.norm(V.T @ V - np.eye(n)) <= factor * n * EPS
    assert np.linalg.norm(A @ V - V * w_s) <= factor * n * EPS * norm
    assert np.all(V[np.argmax(np.abs(V), axis=0), np.arange(n)] > 0)
    return w, V


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 50), seed=st.integers(0, 2**32 - 1))
def test_random_symmetric_matches_numpy(method, n, seed):
    B = np.random.default_rng(seed).normal(size=(n, n))
    check(B + B.T, method)


@functools.cache
def hard_cases():
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.normal(size=(30, 30)))
    Q2, _ = np.linalg.qr(rng.normal(size=(90, 90)))
    D = np.diag(np.logspace(-75, 75, 40))  # D S D: entries from 1e-150 to 1e150
    S = rng.normal(size=(40, 40))
    wd = np.abs(np.arange(-10, 11)).astype(float)
    return {
        "repeated, and +-pairs": (Q * np.repeat([3.0, -3.0, 0.0], 10)) @ Q.T,
        "clustered 1e-13 apart": (Q * (1 + 1e-13 * np.arange(30))) @ Q.T,
        "graded spectrum": (Q * np.logspace(0, -15, 30)) @ Q.T,
        "rank deficient": (Q * np.r_[np.zeros(28), 1.0, -2.0]) @ Q.T,
        "zero": np.zeros((4, 4)),
        "1x1": np.array([[-7.0]]),
        "2x2": np.array([[1.0, 2.0], [2.0, -3.0]]),
        "path graph (spectrum symmetric about 0)": np.diag(np.ones(9), 1) + np.diag(np.ones(9), -1),
        "indefinite, 90": (Q2 * rng.normal(size=90)) @ Q2.T,
        "three plateaus, 90": (Q2 * np.repeat([-1.0, 0.5, 2.0], 30)) @ Q2.T,
        "graded entries 1e-150..1e150": D @ (S + S.T) @ D,
        "Wilkinson W21+": np.diag(wd) + np.diag(np.ones(20), 1) + np.diag(np.ones(20), -1),
        "huge entries": 1e300 * (S + S.T),
        "tiny entries": 1e-300 * (S + S.T),
        "small integers": (lambda M: (M + M.T).astype(float))(rng.integers(-2, 3, size=(70, 70))),
    }


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(hard_cases()))
def test_hard_cases(name, method):
    check(hard_cases()[name], method)


@pytest.mark.parametrize("name", list(hard_cases()))
def test_backward_error_and_orthogonality_targets(name):
    # the targets of the divide-and-conquer method: both below 10 n eps
    check(hard_cases()[name], "dc", factor=10)


def test_distinct_eigenvectors_match_numpy_up_to_sign():
    B = np.random.default_rng(2).normal(size=(20, 20))
    A = B + B.T
    for method in METHODS:
        _, V = eigh(A, method=method)
        _, Vn = np.linalg.eigh(A)
        np.testing.assert_allclose(np.abs(V.T @ Vn), np.eye(20), atol=1e-8)


def test_float32_in_float32_out():
    B = np.random.default_rng(3).normal(size=(60, 60)).astype(np.float32)
    A = B + B.T
    w, V = eigh(A)
    assert w.dtype == V.dtype == eigvalsh(A).dtype == np.float32
    eps32 = np.finfo(np.float32).eps
    A64 = A.astype(np.float64)
    np.testing.assert_allclose(w, np.linalg.eigvalsh(A64), atol=10 * 60 * eps32 * np.abs(w).max())
    assert np.linalg.norm(V.T @ V - np.eye(60)) <= 10 * 60 * eps32
    assert np.linalg.norm(A64 @ V - V * w) <= 10 * 60 * eps32 * np.linalg.norm(A64)


def test_integer_input():
    A = np.array([[2, 1], [1, 2]])
    w, V = eigh(A)
    np.testing.assert_allclose(w, [1.0, 3.0], atol=1e-15)
    np.testing.assert_allclose(np.abs(V), np.sqrt(0.5), atol=1e-15)
    assert w.dtype == V.dtype == np.float64


def test_uplo_picks_the_triangle_like_numpy():
    rng = np.random.default_rng(4)
    A = rng.normal(size=(8, 8))
    for uplo in ("L", "U"):
        w = eigvalsh(A, uplo, check_symmetric=False)
        np.testing.assert_allclose(w, np.linalg.eigvalsh(A, UPLO=uplo), atol=1e-13)


def test_errors_and_input_untouched():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    before = A.copy()
    eigh(A)
    eigvalsh(A)
    np.testing.assert_array_equal(A, before)
    with pytest.raises(LinAlgError, match="not symmetric"):
        eigh([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(InputError, match="square"):
        eigh(np.ones((2, 3)))
    with pytest.raises(InputError, match="UPLO"):
        eigh(A, "X")
    with pytest.raises(InputError, match="method"):
        eigvalsh(A, method="qr")
    with pytest.raises(InputError, match="NaN"):
        eigh([[np.nan]])
