import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.linalg.householder import bidiagonalize, tridiagonalize

EPS = np.finfo(float).eps


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 80), seed=st.integers(0, 2**32 - 1))
def test_tridiagonal_form_is_an_orthogonal_similarity(n, seed):
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(n, n))
    A = B + B.T
    d, e, Q = tridiagonalize(A, calc_q=True)
    T = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
    assert np.linalg.norm(Q @ T @ Q.T - A) <= 10 * n * EPS * np.linalg.norm(A)
    assert np.linalg.norm(Q.T @ Q - np.eye(n)) <= 10 * n * EPS
    d2, e2 = tridiagonalize(A)
    np.testing.assert_array_equal(d, d2)
    np.testing.assert_array_equal(e, e2)


def test_only_the_lower_triangle_is_read():
    rng = np.random.default_rng(1)
    B = rng.normal(size=(30, 30))
    A = B + B.T
    garbage = np.tril(A) + np.triu(rng.normal(size=(30, 30)), 1)
    for x, y in zip(tridiagonalize(A), tridiagonalize(garbage), strict=True):
        np.testing.assert_array_equal(x, y)


def test_more_columns_than_one_panel_and_graded_columns():
    # 100 > 32 columns: several panels with the trailing update in between; tiny entries that
    # would underflow when squared take the scaled path of the reflector
    rng = np.random.default_rng(2)
    D = np.diag(np.logspace(0, -170, 100))
    A = D @ (rng.normal(size=(100, 100)) + 3 * np.eye(100)) @ D
    A = A + A.T
    d, e, Q = tridiagonalize(A, calc_q=True)
    T = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
    assert np.linalg.norm(Q @ T @ Q.T - A) <= 10 * 100 * EPS * np.linalg.norm(A)
    assert np.linalg.norm(Q.T @ Q - np.eye(100)) <= 10 * 100 * EPS
    assert np.all(np.isfinite(T))


@settings(max_examples=25, deadline=None)
@given(m=st.integers(1, 90), n=st.integers(1, 90), seed=st.integers(0, 2**32 - 1))
def test_bidiagonal_form(m, n, seed):
    m, n = max(m, n), min(m, n)
    A = np.random.default_rng(seed).normal(size=(m, n))
    d, e, U, V = bidiagonalize(A, calc_uv=True)
    B = np.diag(d) + np.diag(e, 1)
    assert U.shape == (m, n) and V.shape == (n, n)
    assert np.linalg.norm(U @ B @ V.T - A) <= 10 * n * EPS * np.linalg.norm(A)
    assert np.linalg.norm(U.T @ U - np.eye(n)) <= 10 * n * EPS
    assert np.linalg.norm(V.T @ V - np.eye(n)) <= 10 * n * EPS
    np.testing.assert_allclose(
        np.linalg.svd(B, compute_uv=False),
        np.linalg.svd(A, compute_uv=False),
        atol=1e-12 * np.abs(A).max(),
    )


def test_bidiagonalize_of_a_wide_matrix_is_refused():
    with pytest.raises(ValueError, match="m >= n"):
        bidiagonalize(np.ones((2, 3)))
