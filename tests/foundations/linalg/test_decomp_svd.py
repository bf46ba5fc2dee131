import functools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import svd, truncated_svd

EPS = np.finfo(float).eps
METHODS = ["dc", "jacobi"]


def check_svd(A, U, s, Vt, full_matrices=True, factor=20):
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
    assert np.linalg.norm(U.T @ U - np.eye(U.shape[1])) <= factor * max(m, n) * EPS
    assert np.linalg.norm(Vt @ Vt.T - np.eye(Vt.shape[0])) <= factor * max(m, n) * EPS
    recon = (U[:, :k] * s) @ Vt[:k]
    assert np.linalg.norm(recon - A) <= factor * max(m, n) * EPS * max(np.linalg.norm(A), 1e-300)
    # deterministic signs: largest-magnitude entry of each row of Vt is positive
    rows = Vt[:k]
    assert np.all(rows[np.arange(k), np.argmax(np.abs(rows), axis=1)] > 0)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=40, deadline=None)
@given(
    m=st.integers(1, 60),
    n=st.integers(1, 60),
    full=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_matches_numpy(method, m, n, full, seed):
    A = np.random.default_rng(seed).normal(size=(m, n))
    U, s, Vt = svd(A, full_matrices=full, method=method)
    check_svd(A, U, s, Vt, full)
    s_only = svd(A, compute_uv=False, method=method)
    np.testing.assert_allclose(s_only, s, rtol=0, atol=1e-12 * s[0])


@functools.cache
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
        "2x2": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "graded entries 1e-150..1e150": np.diag(np.logspace(-75, 75, 50))
        @ rng.normal(size=(50, 45))
        @ np.diag(np.logspace(75, -75, 45)),
    }


@functools.cache
def large_cases():
    """Larger matrices, for the divide-and-conquer method (several levels of merges)."""
    rng = np.random.default_rng(9)
    Q, _ = np.linalg.qr(rng.normal(size=(200, 200)))
    return {
        "tall, QR first": rng.normal(size=(300, 70)),
        "nearly square, 130x110": rng.normal(size=(130, 110)),
        "wide, 70x150": rng.normal(size=(70, 150)),
        "clustered, 200": (Q * (1 + 1e-12 * np.arange(200))) @ Q.T,
        "rank deficient, 120x100": rng.normal(size=(120, 7)) @ rng.normal(size=(7, 100)),
        "graded columns, 160x120": rng.normal(size=(160, 120)) * np.logspace(0, -250, 120),
    }


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(hard_cases()))
@pytest.mark.parametrize("full", [True, False])
def test_hard_cases(name, full, method):
    A = hard_cases()[name]
    check_svd(A, *svd(A, full_matrices=full, method=method), full)


@pytest.mark.parametrize("name", list(large_cases()))
@pytest.mark.parametrize("full", [True, False])
def test_larger_cases(name, full):
    A = large_cases()[name]
    check_svd(A, *svd(A, full_matrices=full), full)


@pytest.mark.parametrize("name", list(hard_cases()) + list(large_cases()))
def test_backward_error_and_orthogonality_targets(name):
    # the targets of the divide-and-conquer method: both below 10 n eps
    A = {**hard_cases(), **large_cases()}[name]
    check_svd(A, *svd(A, full_matrices=False), False, factor=10)


def test_float32_in_float32_out():
    A = np.random.default_rng(8).normal(size=(80, 50)).astype(np.float32)
    for method in METHODS:
        U, s, Vt = svd(A, full_matrices=False, method=method)
        assert U.dtype == s.dtype == Vt.dtype == np.float32
        assert svd(A, compute_uv=False, method=method).dtype == np.float32
        eps32, A64 = np.finfo(np.float32).eps, A.astype(np.float64)
        np.testing.assert_allclose(
            s, np.linalg.svd(A64, compute_uv=False), atol=10 * 80 * eps32 * s[0]
        )
        assert np.linalg.norm(U.T @ U - np.eye(50)) <= 10 * 80 * eps32
        assert np.linalg.norm(A64 - (U * s) @ Vt) <= 10 * 80 * eps32 * np.linalg.norm(A64)


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
    with pytest.raises(InputError, match="method"):
        svd(A, method="qr")


# --- rank deficiency -------------------------------------------------------------------------
# Zero singular values come out of rounding as rows of size ~eps*||A|| that Jacobi can never make
# orthogonal relative to their own norm; they must count as converged, and the rotations must
# stay finite on the way. Every call below turns warnings into errors: a NaN or an overflow in
# the rotations would show up as a RuntimeWarning even when the result happens to be right.


def svd_without_warnings(A, full_matrices=True, method="dc"):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        U, s, Vt = svd(A, full_matrices=full_matrices, method=method)
        s_only = svd(A, compute_uv=False, method=method)
    check_svd(A, U, s, Vt, full_matrices)
    scale = max(s[0], np.finfo(float).tiny) if s.size else 1.0
    assert np.max(np.abs(s_only - s), initial=0.0) <= 1e-12 * scale
    return U, s, Vt


@pytest.mark.parametrize("method", METHODS)
def test_repeated_rows_centred_reproducer(method):
    # 15 random rows, each repeated 0 to 4 times: 27 x 30 of rank 8 once centred
    rng = np.random.RandomState(42)
    X = rng.rand(15, 30)
    rng.randint(0, 3, size=15)
    X = X.repeat(rng.randint(0, 5, size=15), axis=0)
    Xc = X - X.mean(0)
    assert Xc.shape == (27, 30) and np.linalg.matrix_rank(Xc) == 8
    for full in (True, False):
        svd_without_warnings(Xc, full, method)
        svd_without_warnings(Xc.T, full, method)


def rank_deficient(rng, m, n, rank, kind):
    """An m x n matrix of rank <= ``rank``, with the given kind of redundancy."""
    A = rng.normal(size=(m, rank)) @ rng.normal(size=(rank, n))
    if kind == "duplicated rows":
        A = A[rng.integers(0, m, size=m)]
    elif kind == "duplicated columns":
        A = A[:, rng.integers(0, n, size=n)]
    elif kind == "zero rows and columns":
        A[rng.random(m) < 0.3] = 0.0
        A[:, rng.random(n) < 0.3] = 0.0
    elif kind == "repeated rows, centred":  # the design matrix of a regression with repeats
        A = rng.random((m, n))[rng.integers(0, max(rank, 1), size=m)]
        A = A - A.mean(axis=0)
    elif kind == "small integers":  # exact cancellations in the QR
        A = rng.integers(-1, 2, size=(m, rank)) @ rng.integers(-1, 2, size=(rank, n))
        A = A.astype(float)
    return A


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=60, deadline=None)
@given(
    m=st.integers(1, 45),
    n=st.integers(1, 45),
    rank_fraction=st.floats(0, 1),
    kind=st.sampled_from(
        [
            "low rank",
            "duplicated rows",
            "duplicated columns",
            "zero rows and columns",
            "repeated rows, centred",
            "small integers",
        ]
    ),
    full=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_rank_deficient_matches_numpy(method, m, n, rank_fraction, kind, full, seed):
    rank = round(rank_fraction * min(m, n))
    A = rank_deficient(np.random.default_rng(seed), m, n, rank, kind)
    U, s, Vt = svd_without_warnings(A, full, method)
    # the numerically zero singular values are zero to working precision, as numpy's are
    k = min(m, n)
    r = np.linalg.matrix_rank(A)
    assert np.all(s[r:] <= 10 * k * EPS * max(s[0], np.finfo(float).tiny))
    # and their singular vectors span the null spaces: A v = 0, u^T A = 0
    c = max(s[0], np.finfo(float).tiny)
    assert np.linalg.norm(A @ Vt[r:].T) <= 20 * max(m, n) * EPS * c * max(1, n - r)
    assert np.linalg.norm(U[:, r:k].T @ A) <= 20 * max(m, n) * EPS * c * max(1, k - r)


@pytest.mark.parametrize(
    "shape, method",
    [(s, "dc") for s in [(27, 30), (30, 27), (140, 110), (110, 140)]]
    + [((27, 30), "jacobi"), ((140, 110), "jacobi")],
)
def test_every_rank_from_zero_to_full(shape, method):
    # includes shapes large enough for the QR sweeps before Jacobi
    rng = np.random.default_rng(11)
    m, n = shape
    for rank in sorted({0, 1, 2, min(m, n) // 3, min(m, n) - 1, min(m, n)}):
        A = rank_deficient(rng, m, n, rank, "duplicated rows")
        svd_without_warnings(A - A.mean(axis=0), full_matrices=False, method=method)


@functools.cache
def exactly_repeated_singular_values():
    rng = np.random.default_rng(12)
    Q1, _ = np.linalg.qr(rng.normal(size=(50, 50)))
    Q2, _ = np.linalg.qr(rng.normal(size=(40, 40)))
    H = np.array([[1.0]])
    for _ in range(4):  # Sylvester's Hadamard matrix: H^T H = 16 I, sigma = 4 sixteen times
        H = np.block([[H, H], [H, -H]])
    steps = np.repeat([2.0, 1.0, 0.0], [10, 20, 10])
    return {
        "orthogonal times 3": 3.0 * Q1,
        "hadamard 16x16": H,
        "hadamard, rows repeated": np.repeat(H, 3, axis=0),
        "three plateaus incl. zero": (Q1[:, :40] * steps) @ Q2,
        "three plateaus, wide": ((Q1[:, :40] * steps) @ Q2).T,
        "kron of ones": np.kron(np.eye(4), np.ones((5, 3))),
        "integer block matrix": np.kron(np.array([[1.0, 2.0], [2.0, 4.0]]), np.eye(6)),
    }


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(exactly_repeated_singular_values()))
@pytest.mark.parametrize("full", [True, False])
def test_exactly_repeated_singular_values(name, full, method):
    A = exactly_repeated_singular_values()[name]
    svd_without_warnings(A, full, method)


@pytest.mark.parametrize("method", METHODS)
def test_repeated_singular_values_come_out_equal(method):
    H = np.array([[1.0]])
    for _ in range(5):
        H = np.block([[H, H], [H, -H]])
    s = svd_without_warnings(H, method=method)[1]
    np.testing.assert_allclose(s, np.sqrt(32.0), rtol=50 * EPS)
