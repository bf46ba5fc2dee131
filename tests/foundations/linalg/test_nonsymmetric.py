import warnings

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import eig, eigvals, qr_algorithm
from foundations.linalg import nonsymmetric as ns

EPS = np.finfo(float).eps


def check(A, factor=100.0, values_tol=None):
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w, V = eig(A)
        w2 = eigvals(A)
    ref = np.sort_complex(scipy.linalg.eigvals(A))
    tol = values_tol if values_tol is not None else 1e-9 * max(np.linalg.norm(A), 1.0)
    assert np.max(np.abs(np.sort_complex(w) - ref)) <= tol
    assert np.max(np.abs(np.sort_complex(w2) - ref)) <= tol
    if values_tol is None:
        norm = max(np.linalg.norm(A), 1e-300)
        assert np.linalg.norm(A @ V - V * w) <= factor * n * EPS * norm
    np.testing.assert_allclose(np.linalg.norm(V, axis=0), 1.0, atol=1e-12)
    return w, V


@pytest.mark.parametrize("n", [2, 3, 5, 10, 40, 80])
def test_random_matches_numpy(n):
    A = np.random.default_rng(n).normal(size=(n, n))
    w, _ = check(A)
    assert w.dtype == np.linalg.eig(A)[0].dtype


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 25), seed=st.integers(0, 2**32 - 1))
def test_random_property(n, seed):
    check(np.random.default_rng(seed).normal(size=(n, n)))


def companion(coeffs):
    n = len(coeffs)
    C = np.diag(np.ones(n - 1), -1)
    C[0, :] = -np.asarray(coeffs, dtype=float)
    return C


@pytest.mark.parametrize(
    "A",
    [
        np.array([[0.0, -1.0], [1.0, 0.0]]),
        scipy.linalg.block_diag([[np.cos(1), -np.sin(1)], [np.sin(1), np.cos(1)]], 2.0),
        companion([0, 0, 0, 1.0]),  # x^4 + 1: two complex pairs
        companion([1.0, 2.0, 3.0, 4.0, 5.0]),
        np.roll(np.eye(6), 1, axis=0),  # cyclic permutation: roots of unity
    ],
)
def test_complex_pairs(A):
    w, V = check(A)
    assert np.iscomplexobj(w) and np.iscomplexobj(V)
    pairs = np.flatnonzero(w.imag > 0)
    np.testing.assert_allclose(w[pairs + 1], np.conj(w[pairs]))


def test_symmetric_triangular_zero_repeated():
    rng = np.random.default_rng(3)
    B = rng.normal(size=(20, 20))
    w, _ = check(B + B.T)
    assert w.dtype == np.float64
    check(np.triu(B))
    w, V = check(np.zeros((4, 4)))
    np.testing.assert_array_equal(w, 0.0)
    np.testing.assert_array_equal(V, np.eye(4))
    Q, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    check((Q * np.repeat([2.0, -1.0], 4)) @ Q.T)
    check(np.eye(5) * 3.0)


def test_defective_jordan_block():
    for n in (2, 4):
        J = 2.0 * np.eye(n) + np.eye(n, k=1)
        S = np.random.default_rng(n).normal(size=(n, n))
        A = S @ J @ np.linalg.inv(S)
        w = eigvals(A)
        assert np.max(np.abs(w - 2.0)) <= 10 * EPS ** (1 / n) * np.linalg.norm(A)


def test_graded_matrix():
    D = np.diag(np.logspace(-8, 8, 12))
    A = D @ np.random.default_rng(5).normal(size=(12, 12)) @ np.linalg.inv(D)
    w, V = eig(A)
    ref = np.sort_complex(np.linalg.eigvals(A))
    assert np.max(np.abs(np.sort_complex(w) - ref) / np.abs(ref)) <= 1e-8
    assert np.linalg.norm(A @ V - V * w) <= 1e-9 * np.linalg.norm(A)


def test_small_dtypes_and_integers():
    assert eig(np.zeros((0, 0)))[0].shape == (0,)
    assert eig(np.zeros((0, 0)))[1].shape == (0, 0)
    w, V = eig([[-7.0]])
    assert w[0] == -7.0 and V[0, 0] == 1.0
    w, V = eig(np.array([[2, 1], [1, 3]]))
    assert w.dtype == np.float64
    np.testing.assert_allclose(np.sort(w), np.sort(np.linalg.eigvals([[2.0, 1], [1, 3]])))
    A = np.random.default_rng(0).normal(size=(6, 6)).astype(np.float32)
    w, V = eig(A)
    wn, Vn = np.linalg.eig(A)
    assert w.dtype == wn.dtype and V.dtype == Vn.dtype
    assert eig(A.astype(np.float32) @ A.T)[0].dtype == np.float32


@pytest.mark.parametrize(
    "bad",
    [
        np.ones((2, 3)),
        [[np.nan, 1.0], [0.0, 1.0]],
        [[np.inf]],
        np.ones(3),
        [["a"]],
        np.ones((0, 2)),
    ],
)
def test_bad_input(bad):
    with pytest.raises(InputError):
        eig(bad)
    with pytest.raises(InputError):
        eigvals(bad)


def test_no_convergence_raises(monkeypatch):
    monkeypatch.setattr(ns, "_ITERATIONS_PER_EIGENVALUE", 0)
    with pytest.raises(LinAlgError):
        eig(np.random.default_rng(0).normal(size=(5, 5)))


def spectrum(values, seed=0):
    S = np.random.default_rng(seed).normal(size=(len(values), len(values)))
    return S @ np.diag(values) @ np.linalg.inv(S)


def test_unshifted_rate_is_the_eigenvalue_ratio():
    A = spectrum([8.0, 4.0, 1.0])
    run = qr_algorithm(A, shift=False)
    assert run.converged
    np.testing.assert_allclose(run.eigenvalues, [8.0, 4.0, 1.0], rtol=1e-10)
    ratios = run.history[15:30] / run.history[14:29]
    assert np.median(ratios) == pytest.approx(0.5, abs=0.02)
    shifted = qr_algorithm(A)
    assert shifted.converged and shifted.n_iter < run.n_iter / 4
    np.testing.assert_allclose(np.sort(shifted.eigenvalues), [1.0, 4.0, 8.0], rtol=1e-10)


def test_rotation_does_not_converge_unshifted():
    R = np.array([[np.cos(0.5), -np.sin(0.5)], [np.sin(0.5), np.cos(0.5)]])
    run = qr_algorithm(R, shift=False, max_iter=50)
    assert not run.converged and run.n_iter == 50
    assert run.history[-1] == pytest.approx(np.sin(0.5))
    shifted = qr_algorithm(R)
    assert shifted.converged
    np.testing.assert_allclose(
        np.sort_complex(shifted.eigenvalues), np.sort_complex(np.exp([-0.5j, 0.5j]))
    )
    assert not qr_algorithm(spectrum([3.0, 2.0, 1.0, 0.5]), max_iter=1).converged
    with pytest.raises(InputError):
        qr_algorithm(R, tol=-1.0)
