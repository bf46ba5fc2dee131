import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg.bidiagonal import svd_bidiagonal

EPS = np.finfo(float).eps


def check(d, e):
    """SVD of the bidiagonal (d, e): values as NumPy's, backward error and orthogonality <= 10 n eps."""
    n = d.size
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        U, s, Vt = svd_bidiagonal(d, e)
        s_only = svd_bidiagonal(d, e, compute_uv=False)
    c = max(np.max(np.abs(d)), np.max(np.abs(e), initial=0.0)) or 1.0
    B = (np.diag(d) + np.diag(e, 1)) / c  # unit scale: no overflow in the checks
    s_c, s_only = s / c, s_only / c
    ref = np.linalg.svd(B, compute_uv=False)
    norm = max(np.linalg.norm(B), np.finfo(float).tiny)
    top = max(ref[0], np.finfo(float).tiny)
    assert np.all(np.diff(s) <= 0) and np.all(s >= 0)
    assert np.max(np.abs(s_c - ref)) <= 10 * n * EPS * top
    assert np.max(np.abs(s_only - s_c)) <= 10 * n * EPS * top
    assert np.linalg.norm(B - (U * s_c) @ Vt) / (norm * n * EPS) <= 10
    assert np.linalg.norm(U.T @ U - np.eye(n)) / (n * EPS) <= 10
    assert np.linalg.norm(Vt @ Vt.T - np.eye(n)) / (n * EPS) <= 10
    return U, s, Vt


def cases():
    rng = np.random.default_rng(0)
    n = 150
    return {
        "zero superdiagonal": (rng.normal(size=n), np.zeros(n - 1)),
        "zero diagonal": (np.zeros(n), rng.normal(size=n - 1)),
        "half the diagonal zero": (rng.normal(size=n) * (np.arange(n) % 2), rng.normal(size=n - 1)),
        "all ones": (np.ones(n), np.ones(n - 1)),
        "repeated singular values": (np.ones(n), np.zeros(n - 1)),
        "tiny superdiagonal": (rng.normal(size=n), 1e-18 * rng.normal(size=n - 1)),
        "small integers": (
            rng.integers(-1, 2, n).astype(float),
            rng.integers(-1, 2, n - 1).astype(float),
        ),
        "graded 1e-150..1e150": (np.logspace(-150, 150, n), np.logspace(-150, 150, n)[:-1]),
        "decaying": (np.logspace(0, -15, n), 0.1 * np.logspace(0, -15, n)[:-1]),
        "rank one short of full": (np.r_[rng.normal(size=n - 1), 0.0], rng.normal(size=n - 1)),
        "huge": (1e300 * rng.normal(size=40), 1e300 * rng.normal(size=39)),
        "tiny": (1e-300 * rng.normal(size=40), 1e-300 * rng.normal(size=39)),
    }


@pytest.mark.parametrize("name", list(cases()))
def test_deflation_and_hard_cases(name):
    check(*cases()[name])


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 64, 100, 201])
def test_sizes(n):
    rng = np.random.default_rng(n)
    check(rng.normal(size=n), rng.normal(size=n - 1))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 90),
    zero_fraction=st.floats(0, 1),
    integers=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_structure(n, zero_fraction, integers, seed):
    rng = np.random.default_rng(seed)
    draw = (lambda k: rng.integers(-1, 2, k).astype(float)) if integers else rng.normal
    d = draw(n) * (rng.random(n) >= zero_fraction / 2)
    e = draw(n - 1) * (rng.random(n - 1) >= zero_fraction)
    check(d, e)


def test_exact_zero_singular_values_stay_tiny():
    # blocks [[x, y], [0, 0]] (a zero diagonal entry, then a zero superdiagonal one): 20 exact
    # zeros. They must come out at rounding level, not at the deflation tolerance 8 eps |B|, so
    # that a rank test with the threshold max(m, n) * eps * s_1 sees them.
    rng = np.random.default_rng(6)
    d = rng.normal(size=40) * (np.arange(40) % 2 == 0)
    e = rng.normal(size=39) * (np.arange(39) % 2 == 0)
    _, s, _ = check(d, e)
    B = np.diag(d) + np.diag(e, 1)
    assert np.linalg.matrix_rank(B) == 20
    assert np.sum(s <= 40 * EPS * s[0]) == 20
    assert np.max(s[20:]) <= EPS * s[0]


def test_zero_matrix_and_bad_input():
    U, s, Vt = svd_bidiagonal(np.zeros(3), np.zeros(2))
    np.testing.assert_array_equal(s, 0.0)
    np.testing.assert_array_equal(U, np.eye(3))
    np.testing.assert_array_equal(Vt, np.eye(3))
    with pytest.raises(InputError, match="n - 1"):
        svd_bidiagonal([1.0, 2.0], [])
    with pytest.raises(InputError, match="NaN"):
        svd_bidiagonal([np.inf], [])
