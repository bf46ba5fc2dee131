import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import svd, truncated_svd

EPS = np.finfo(float).eps


def check_svd(A, U, s, Vt, full_matrices=True):
    # compare at unit scale, so that the norms below neither overflow nor underflow
    c = np.max(np.abs(A)) or 1.0
    A, s = A / c, s / c
    m, n = A.shape
    k = min(m, n)
    assert U.shape == ((m, m) if full_matrices else (m, k))
    assert Vt.shape == ((n, n) if full_matrices else (k, n))
    assert np.all(np.diff(s) <= 0) and np.all(s >= 0)
    scale = max(s[0], np.finfo(float).tiny)
    s_ref = np.linalg.svd(A, compute_uv=False)
    assert np.max(np.abs(s - s_ref)) <= 1e-10 * scale
    assert np.linalg.norm(U.T @ U - np.eye(U.shape[1])) <= 20 * max(m, n) * EPS
    assert np.linalg.norm(Vt @ Vt.T - np.eye(Vt.shape[0])) <= 20 * max(m, n) * EPS
    recon = (U[:, :k] * s) @ Vt[:k]
    assert np.linalg.norm(recon - A) <= 20 * max(m, n) * EPS * max(np.linalg.norm(A), 1e-300)
    # deterministic signs: largest-magnitude entry of each row of Vt is positive
    rows = Vt[:k]
    assert np.all(rows[np.arange(k), np.argmax(np.abs(rows), axis=1)] > 0)


@settings(max_examples=40, deadline=None)
@given(
    m=st.integers(1, 60),
    n=st.integers(1, 60),
    full=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_matches_numpy(m, n, full, seed):
    A = np.random.default_rng(seed).normal(size=(m, n))
    U, s, Vt = svd(A, full_matrices=full)
    check_svd(A, U, s, Vt, full)
    np.testing.assert_allclose(svd(A, compute_uv=False), s, rtol=0, atol=1e-12 * s[0])


def hard_cases():
    rng = np.random.default_rng(7)
    Q1, _ = np.linalg.qr(rng.normal(size=(40, 40)))
    Q2, _ = np.linalg.qr(rng.normal(size=(30, 30)))
    repeated = (Q1[:, :30] * np.repeat([5.0, 1.0, 1e-3], 10)) @ Q2
    clustered = (Q1[:, :30] * (1 + 1e-12 * np.arange(30))) @ Q2
    return {
        "1x1": np.array([[-3.0]]),
        "zero": np.zeros((6, 4)),
        "rank deficient": rng.normal(size=(35, 4)) @ rng.normal(size=(4, 25)),
        "tall": rng.normal(size=(120, 7)),
        "wide": rng.normal(size=(7, 120)),
        "graded": rng.normal(size=(40, 30)) * np.logspace(0, -20, 30),
        "repeated": repeated,
        "clustered": clustered,
        "identity": np.eye(9),
        "odd size block": np.kron(np.eye(3), np.ones((3, 3))),
        "huge entries": rng.normal(size=(12, 9)) * 1e250,
        "tiny entries": rng.normal(size=(9, 12)) * 1e-250,
    }


@pytest.mark.parametrize("name", list(hard_cases()))
@pytest.mark.parametrize("full", [True, False])
def test_hard_cases(name, full):
    A = hard_cases()[name]
    check_svd(A, *svd(A, full_matrices=full), full)


def test_rank_k_reconstruction_as_good_as_numpy_at_every_rank():
    # an image-like matrix: smooth structure plus noise, a decaying spectrum
    rng = np.random.default_rng(3)
    x = np.linspace(0, 1, 90)
    A = (
        np.sin(6 * np.outer(x, x[:70]))
        + np.outer(x, x[:70]) ** 2
        + 0.01 * rng.normal(size=(90, 70))
    )
    U, s, Vt = svd(A, full_matrices=False)
    Un, sn, Vtn = np.linalg.svd(A, full_matrices=False)
    for k in range(1, 70):  # below full rank: the error is the tail of the spectrum
        ours = np.linalg.norm(A - (U[:, :k] * s[:k]) @ Vt[:k])
        ref = np.linalg.norm(A - (Un[:, :k] * sn[:k]) @ Vtn[:k])
        assert ours <= 1.0001 * ref, k


def test_signs_match_numpy_after_the_same_flip():
    A = np.random.default_rng(5).normal(size=(30, 20))
    U, _, Vt = svd(A, full_matrices=False)
    Un, _, Vtn = np.linalg.svd(A, full_matrices=False)
    flip = np.sign(Vtn[np.arange(20), np.argmax(np.abs(Vtn), axis=1)])
    np.testing.assert_allclose(Vt, Vtn * flip[:, None], atol=1e-10)
    np.testing.assert_allclose(U, Un * flip, atol=1e-10)


def test_truncated_svd_is_eckart_young():
    rng = np.random.default_rng(6)
    A = rng.normal(size=(50, 40)) @ np.diag(0.7 ** np.arange(40))
    s_all = np.linalg.svd(A, compute_uv=False)
    for k in (1, 5, 40):
        U, s, Vt = truncated_svd(A, k)
        assert U.shape == (50, k) and s.shape == (k,) and Vt.shape == (k, 40)
        err = np.linalg.norm(A - (U * s) @ Vt)
        assert err == pytest.approx(np.sqrt(np.sum(s_all[k:] ** 2)), abs=1e-12)


def test_input_untouched_and_errors():
    A = np.arange(12.0).reshape(3, 4)
    before = A.copy()
    svd(A)
    np.testing.assert_array_equal(A, before)
    with pytest.raises(InputError, match="k must be"):
        truncated_svd(A, 4)
    with pytest.raises(InputError, match="NaN"):
        svd([[np.inf]])
