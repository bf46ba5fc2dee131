import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import back_substitution, forward_substitution, solve_triangular


def well_conditioned_triangular(rng, n, lower):
    T = rng.normal(size=(n, n)) / np.sqrt(n)
    T = np.tril(T) if lower else np.triu(T)
    np.fill_diagonal(T, rng.uniform(1, 2, size=n) * rng.choice([-1, 1], size=n))
    return T


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 200),
    k=st.one_of(st.none(), st.integers(1, 5)),
    lower=st.booleans(),
    unit=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_matches_scipy(n, k, lower, unit, seed):
    rng = np.random.default_rng(seed)
    T = well_conditioned_triangular(rng, n, lower)
    b = rng.normal(size=n if k is None else (n, k))
    ours = solve_triangular(T, b, lower=lower, unit_diagonal=unit)
    ref = scipy.linalg.solve_triangular(T, b, lower=lower, unit_diagonal=unit)
    assert ours.shape == b.shape
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=1e-9 * np.max(np.abs(ref)))


def test_residual_is_small_and_other_triangle_is_ignored():
    rng = np.random.default_rng(1)
    L = well_conditioned_triangular(rng, 300, lower=True)
    b = rng.normal(size=300)
    junk = L + np.triu(rng.normal(size=(300, 300)), 1)
    x = forward_substitution(junk, b)
    assert np.linalg.norm(L @ x - b) <= 300 * np.finfo(float).eps * np.linalg.norm(
        L
    ) * np.linalg.norm(x)
    U = L.T.copy()
    np.testing.assert_allclose(U @ back_substitution(U, b), b, atol=1e-10)


def test_float32_stays_float32():
    T = np.triu(np.ones((4, 4), dtype=np.float32))
    assert back_substitution(T, np.ones(4, dtype=np.float32)).dtype == np.float32


def test_errors():
    with pytest.raises(LinAlgError, match="singular"):
        back_substitution([[1.0, 2.0], [0.0, 0.0]], [1.0, 1.0])
    with pytest.raises(InputError, match="square"):
        back_substitution(np.ones((2, 3)), [1.0, 1.0])
    with pytest.raises(InputError, match="rows"):
        back_substitution(np.eye(2), [1.0, 1.0, 1.0])
    with pytest.raises(InputError, match="NaN"):
        forward_substitution(np.eye(2), [np.nan, 1.0])
