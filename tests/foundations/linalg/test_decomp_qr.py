import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import qr
from foundations.linalg.decomp_qr import householder_vector

EPS = np.finfo(float).eps


def check_factors(A, Q, R, mode):
    m, n = A.shape
    k = min(m, n)
    cols = m if mode == "complete" else k
    assert Q.shape == (m, cols)
    assert R.shape == (cols, n)
    assert np.allclose(np.tril(R, -1), 0.0)
    scale = max(np.linalg.norm(A), 1.0)
    assert np.linalg.norm(Q @ R - A) <= 10 * max(m, n) * EPS * scale
    assert np.linalg.norm(Q.T @ Q - np.eye(cols)) <= 10 * max(m, n) * EPS


@settings(max_examples=40, deadline=None)
@given(
    m=st.integers(1, 90),
    n=st.integers(1, 90),
    mode=st.sampled_from(["reduced", "complete"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_matches_numpy(m, n, mode, seed):
    A = np.random.default_rng(seed).normal(size=(m, n))
    Q, R = qr(A, mode=mode)
    check_factors(A, Q, R, mode)
    Qn, Rn = np.linalg.qr(A, mode=mode)
    # Same reflector sign convention as LAPACK, so the factors agree, not only up to sign.
    np.testing.assert_allclose(R, Rn, atol=1e-12 * np.abs(Rn).max())
    np.testing.assert_allclose(Q[:, : min(m, n)], Qn[:, : min(m, n)], atol=1e-10)


@pytest.mark.parametrize("shape", [(200, 150), (150, 200), (97, 97)])
def test_blocked_sizes_and_r_mode(shape):
    A = np.random.default_rng(3).normal(size=shape)
    Q, R = qr(A)
    check_factors(A, Q, R, "reduced")
    np.testing.assert_allclose(qr(A, mode="r"), R)


def test_hard_inputs():
    rng = np.random.default_rng(4)
    # rank deficient: repeated columns and a zero column
    B = rng.normal(size=(50, 5))
    A = np.hstack([B, B, np.zeros((50, 2))])
    check_factors(A, *qr(A), "reduced")
    # zero matrix, 1x1, graded columns spanning 30 orders of magnitude
    check_factors(np.zeros((4, 3)), *qr(np.zeros((4, 3))), "reduced")
    check_factors(np.array([[-3.0]]), *qr([[-3.0]]), "reduced")
    G = rng.normal(size=(40, 30)) * np.logspace(0, -30, 30)
    Q, R = qr(G)
    assert np.linalg.norm(Q.T @ Q - np.eye(30)) <= 100 * EPS
    # column-wise backward error stays relative to each column
    err = np.linalg.norm(Q @ R - G, axis=0) / np.linalg.norm(G, axis=0)
    assert err.max() <= 1e-13


def test_householder_vector_reflects_onto_axis():
    x = np.array([3.0, 4.0, 0.0, 12.0])
    v, tau, beta = householder_vector(x)
    Hx = x - tau * v * (v @ x)
    np.testing.assert_allclose(Hx, [beta, 0, 0, 0], atol=1e-14)
    assert abs(beta) == pytest.approx(13.0)


def test_does_not_modify_input_and_errors():
    A = np.arange(12.0).reshape(4, 3)
    before = A.copy()
    qr(A, mode="complete")
    np.testing.assert_array_equal(A, before)
    with pytest.raises(InputError, match="mode"):
        qr(A, mode="raw")
    with pytest.raises(InputError, match="NaN"):
        qr([[np.nan, 1.0]])
    with pytest.raises(InputError, match="2-D"):
        qr(np.ones(3))
