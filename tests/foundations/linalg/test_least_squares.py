import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import lstsq, pinv


def assert_same_as_numpy(A, b):
    x, res, rank, s = lstsq(A, b)
    xn, resn, rankn, sn = np.linalg.lstsq(A, b)
    scale = max(np.abs(xn).max(), 1.0)
    np.testing.assert_allclose(x, xn, atol=1e-9 * scale)
    assert rank == rankn
    np.testing.assert_allclose(s, sn, atol=1e-12 * max(sn[0], 1.0))
    assert res.shape == resn.shape
    np.testing.assert_allclose(res, resn, rtol=1e-8, atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(
    m=st.integers(1, 40),
    n=st.integers(1, 40),
    k=st.one_of(st.none(), st.integers(1, 3)),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_matches_numpy(m, n, k, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(m, n))
    b = rng.normal(size=m if k is None else (m, k))
    assert_same_as_numpy(A, b)


@pytest.mark.parametrize(
    "A",
    [
        np.hstack([np.arange(12.0).reshape(6, 2)] * 2),  # rank 2, repeated columns
        np.zeros((4, 3)),
        np.array([[2.0]]),
        np.vander(np.linspace(0, 1, 30), 8),  # ill conditioned but full rank
        np.random.default_rng(0).normal(size=(3, 9)),  # wide: minimum-norm solution
    ],
)
def test_hard_cases(A):
    b = np.random.default_rng(1).normal(size=A.shape[0])
    assert_same_as_numpy(A, b)


def test_optimality_normal_equations_hold():
    rng = np.random.default_rng(2)
    A = rng.normal(size=(100, 7))
    b = rng.normal(size=100)
    x = lstsq(A, b)[0]
    assert np.linalg.norm(A.T @ (A @ x - b)) <= 1e-12 * np.linalg.norm(A) ** 2 * np.linalg.norm(x)


def test_pinv_penrose_conditions_and_numpy():
    rng = np.random.default_rng(3)
    for A in (
        rng.normal(size=(8, 5)),
        rng.normal(size=(5, 8)),
        rng.normal(size=(9, 2)) @ rng.normal(size=(2, 6)),
    ):
        P = pinv(A)
        np.testing.assert_allclose(P, np.linalg.pinv(A), atol=1e-10)
        np.testing.assert_allclose(A @ P @ A, A, atol=1e-10)
        np.testing.assert_allclose(P @ A @ P, P, atol=1e-10)
        np.testing.assert_allclose(A @ P, (A @ P).T, atol=1e-10)
        np.testing.assert_allclose(P @ A, (P @ A).T, atol=1e-10)


def test_errors():
    with pytest.raises(InputError, match="rows"):
        lstsq(np.ones((3, 2)), np.ones(4))
    with pytest.raises(InputError, match="NaN"):
        pinv([[np.nan]])
