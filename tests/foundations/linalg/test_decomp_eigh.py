import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import eigh

EPS = np.finfo(float).eps


def check(A):
    w, V = eigh(A)
    n = A.shape[0]
    wn = np.linalg.eigvalsh(A)
    scale = max(np.abs(wn).max(), np.finfo(float).tiny)
    assert np.all(np.diff(w) >= 0)
    assert np.max(np.abs(w - wn)) <= 1e-10 * scale
    assert np.linalg.norm(V.T @ V - np.eye(n)) <= 50 * n * EPS
    assert np.linalg.norm(A @ V - V * w) <= 50 * n * EPS * max(np.linalg.norm(A), 1e-300)
    assert np.all(V[np.argmax(np.abs(V), axis=0), np.arange(n)] > 0)
    return w, V


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 50), seed=st.integers(0, 2**32 - 1))
def test_random_symmetric_matches_numpy(n, seed):
    B = np.random.default_rng(seed).normal(size=(n, n))
    check(B + B.T)


def test_hard_cases():
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.normal(size=(30, 30)))
    for lam in (
        np.repeat([3.0, -3.0, 0.0], 10),  # repeated, and +-pairs of equal magnitude
        1 + 1e-13 * np.arange(30),  # clustered
        np.logspace(0, -15, 30),  # graded
        np.r_[np.zeros(28), 1.0, -2.0],  # rank deficient
    ):
        check((Q * lam) @ Q.T)
    check(np.zeros((4, 4)))
    check(np.array([[-7.0]]))
    # bipartite graph adjacency: spectrum symmetric about 0
    path = np.diag(np.ones(9), 1)
    check(path + path.T)


def test_distinct_eigenvectors_match_numpy_up_to_sign():
    B = np.random.default_rng(2).normal(size=(20, 20))
    A = B + B.T
    _, V = eigh(A)
    _, Vn = np.linalg.eigh(A)
    np.testing.assert_allclose(np.abs(V.T @ Vn), np.eye(20), atol=1e-8)


def test_errors_and_input_untouched():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    before = A.copy()
    eigh(A)
    np.testing.assert_array_equal(A, before)
    with pytest.raises(LinAlgError, match="not symmetric"):
        eigh([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(InputError, match="square"):
        eigh(np.ones((2, 3)))
