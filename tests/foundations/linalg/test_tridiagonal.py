import warnings

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import eigh_tridiagonal

EPS = np.finfo(float).eps


def dense(d, e):
    return np.diag(d) + np.diag(e, 1) + np.diag(e, -1)


def check(d, e):
    """Eigenpairs of the tridiagonal (d, e): backward error and orthogonality at most 10 n eps."""
    n = d.size
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w, V = eigh_tridiagonal(d, e)
        w_only = eigh_tridiagonal(d, e, eigvals_only=True)
    c = max(np.max(np.abs(d)), np.max(np.abs(e), initial=0.0)) or 1.0
    result = w, V
    d, e, w, w_only = d / c, e / c, w / c, w_only / c  # check at unit scale (no overflow)
    T = dense(d, e)
    norm = max(np.linalg.norm(T), np.finfo(float).tiny)
    ref = scipy.linalg.eigh_tridiagonal(d, e, eigvals_only=True) if n > 1 else d
    assert np.all(np.diff(w) >= 0)
    assert np.max(np.abs(w - ref)) <= 10 * n * EPS * norm
    assert np.max(np.abs(w_only - w)) <= 10 * n * EPS * norm
    assert np.linalg.norm(T @ V - V * w) / (norm * n * EPS) <= 10
    assert np.linalg.norm(V.T @ V - np.eye(n)) / (n * EPS) <= 10
    return result


def wilkinson(m):
    return np.abs(np.arange(-m, m + 1)).astype(float), np.ones(2 * m)


def deflation_cases():
    rng = np.random.default_rng(0)
    n = 150
    wd, we = wilkinson(10)
    return {
        "zero off-diagonal": (rng.normal(size=n), np.zeros(n - 1)),
        "some zero off-diagonals": (
            rng.normal(size=n),
            rng.normal(size=n - 1) * (rng.random(n - 1) < 0.7),
        ),
        "tiny off-diagonal": (rng.normal(size=n), 1e-18 * rng.normal(size=n - 1)),
        "equal diagonal, tiny off-diagonal": (np.full(n, 3.0), 1e-17 * rng.normal(size=n - 1)),
        "equal diagonal entries": (np.full(n, 2.0), rng.normal(size=n - 1)),
        "zero diagonal (spectrum symmetric about 0)": (np.zeros(n), rng.normal(size=n - 1)),
        "1-2-1": (np.full(n, 2.0), -np.ones(n - 1)),
        "Wilkinson W21+ (close pairs)": (wd, we),
        "glued Wilkinson": (np.tile(wd, 7), np.concatenate([np.r_[we, 1e-10]] * 7)[:-1]),
        "repeated blocks": (np.tile([1.0, 2.0, 1.0], 40), np.tile([0.5, 0.5, 0.0], 40)[:-1]),
        "small integers": (
            rng.integers(-2, 3, n).astype(float),
            rng.integers(-1, 2, n - 1).astype(float),
        ),
        "graded 1e-150..1e150": (np.logspace(-150, 150, n), np.logspace(-150, 150, n)[:-1]),
        "huge": (1e300 * rng.normal(size=40), 1e300 * rng.normal(size=39)),
        "tiny": (1e-300 * rng.normal(size=40), 1e-300 * rng.normal(size=39)),
    }


@pytest.mark.parametrize("name", list(deflation_cases()))
def test_deflation_cases(name):
    d, e = deflation_cases()[name]
    check(d, e)


def test_known_spectrum_of_the_1_2_1_matrix():
    n = 100
    w, _ = check(np.full(n, 2.0), -np.ones(n - 1))
    exact = 2 - 2 * np.cos(np.arange(1, n + 1) * np.pi / (n + 1))
    np.testing.assert_allclose(w, exact, rtol=0, atol=20 * EPS)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 64, 100, 257])
def test_sizes_around_powers_of_two(n):
    rng = np.random.default_rng(n)
    check(rng.normal(size=n), rng.normal(size=n - 1))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 90),
    zero_fraction=st.floats(0, 1),
    repeat=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_structure(n, zero_fraction, repeat, seed):
    rng = np.random.default_rng(seed)
    d = rng.integers(-2, 3, n).astype(float) if repeat else rng.normal(size=n)
    e = rng.normal(size=n - 1) * (rng.random(n - 1) >= zero_fraction)
    check(d, e)


def test_eigenvectors_match_scipy_up_to_sign():
    rng = np.random.default_rng(3)
    d, e = rng.normal(size=60), rng.normal(size=59)
    _, V = eigh_tridiagonal(d, e)
    _, Vs = scipy.linalg.eigh_tridiagonal(d, e)
    np.testing.assert_allclose(np.abs(np.sum(V * Vs, axis=0)), 1.0, atol=1e-10)


def test_bad_input():
    with pytest.raises(InputError, match="n - 1"):
        eigh_tridiagonal([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(InputError, match="NaN"):
        eigh_tridiagonal([1.0, np.nan], [1.0])
    with pytest.raises(InputError, match="empty"):
        eigh_tridiagonal([], [])
