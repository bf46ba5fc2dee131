"""Linear combinations, span, independence, bases and coordinates (chapter 1)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import (
    change_of_basis,
    coordinates,
    in_span,
    is_basis,
    is_linearly_independent,
    linear_combination,
)


def test_linear_combination_is_coefficients_times_rows():
    V = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    np.testing.assert_array_equal(linear_combination([2.0, 3.0], V), [2.0, 3.0, 1.0])
    C = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_allclose(linear_combination(C, V), np.einsum("nk,kd->nd", C, V))


@settings(max_examples=40, deadline=None)
@given(d=st.integers(1, 12), k=st.integers(1, 12), seed=st.integers(0, 2**32 - 1))
def test_span_and_independence_agree_with_numpy_rank(d, k, seed):
    rng = np.random.default_rng(seed)
    r = int(rng.integers(1, min(d, k) + 1))
    V = rng.normal(size=(k, r)) @ rng.normal(size=(r, d))  # k vectors spanning an r-dim space
    assert is_linearly_independent(V) == (np.linalg.matrix_rank(V) == k)
    inside = rng.normal(size=k) @ V
    assert in_span(inside, V)
    outside = rng.normal(size=d)
    assert in_span(outside, V) == (np.linalg.matrix_rank(np.vstack([V, outside])) == r)
    assert is_basis(V) == (k == d == r)


def test_textbook_cases():
    assert is_linearly_independent(np.eye(3))
    assert not is_linearly_independent([[1.0, 2.0], [2.0, 4.0]])
    assert not is_linearly_independent([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # 3 vectors in R^2
    assert not is_linearly_independent([[0.0, 0.0]])  # the zero vector
    assert in_span([3.0, 3.0, 0.0], [[1.0, 1.0, 0.0]])
    assert not in_span([0.0, 0.0, 1.0], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert is_basis([[1.0, 1.0], [1.0, -1.0]])
    assert not is_basis([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


@settings(max_examples=40, deadline=None)
@given(d=st.integers(1, 15), seed=st.integers(0, 2**32 - 1))
def test_coordinates_reconstruct_and_change_of_basis_composes(d, seed):
    rng = np.random.default_rng(seed)
    F = rng.normal(size=(d, d)) + 3 * np.eye(d)
    G = rng.normal(size=(d, d)) + 3 * np.eye(d)
    v = rng.normal(size=d)
    c = coordinates(v, F)
    np.testing.assert_allclose(c @ F, v, atol=1e-10)
    np.testing.assert_allclose(c, np.linalg.solve(F.T, v), atol=1e-10)
    T = change_of_basis(F, G)
    np.testing.assert_allclose(T @ c, coordinates(v, G), atol=1e-9)
    np.testing.assert_allclose(change_of_basis(G, F) @ T, np.eye(d), atol=1e-9)  # inverses
    batch = rng.normal(size=(4, d))
    np.testing.assert_allclose(coordinates(batch, F) @ F, batch, atol=1e-9)


def test_errors():
    with pytest.raises(InputError, match="coefficients"):
        linear_combination([1.0, 2.0, 3.0], np.eye(2))
    with pytest.raises(InputError, match="coordinates"):
        in_span([1.0, 2.0, 3.0], np.eye(2))
    with pytest.raises(LinAlgError, match="singular"):
        coordinates([1.0, 2.0], [[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(InputError, match="square"):
        coordinates([1.0, 2.0], np.ones((1, 2)))
