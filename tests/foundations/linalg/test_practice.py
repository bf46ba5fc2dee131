"""The matrix product three ways and the batch-first linear layer (chapter 3)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import linear_layer, matmul, matmul_naive, matmul_outer, time_matmul


@settings(max_examples=30, deadline=None)
@given(
    m=st.integers(1, 12), p=st.integers(1, 12), n=st.integers(1, 12), seed=st.integers(0, 2**32 - 1)
)
def test_three_products_agree_with_numpy(m, p, n, seed):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(m, p)), rng.normal(size=(p, n))
    ref = A @ B
    for fn in (matmul_naive, matmul_outer, matmul):
        C = fn(A, B)
        assert C.shape == (m, n)
        np.testing.assert_allclose(C, ref, rtol=1e-12, atol=1e-12)


def test_integers_are_exact():
    A = np.arange(6).reshape(2, 3)
    B = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(matmul_naive(A, B), A @ B)


def test_linear_layer_is_one_product_for_the_batch():
    rng = np.random.default_rng(1)
    X, W, b = rng.normal(size=(50, 4)), rng.normal(size=(3, 4)), rng.normal(size=3)
    Y = linear_layer(X, W, b)
    per_sample = np.array([W @ x + b for x in X])
    np.testing.assert_allclose(Y, per_sample, atol=1e-13)
    np.testing.assert_allclose(linear_layer(X, W), X @ W.T)


def test_time_matmul_reports_every_size():
    t = time_matmul((4, 8), repeat=1, naive_max=4)
    assert t["n"] == [4, 8]
    assert np.isnan(t["naive"][1]) and t["naive"][0] > 0
    assert all(v > 0 for v in t["outer"] + t["blas"])


def test_errors():
    with pytest.raises(InputError, match="columns"):
        matmul(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(InputError, match="columns"):
        matmul_naive(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(InputError, match="features"):
        linear_layer(np.ones((5, 2)), np.ones((3, 4)))
    with pytest.raises(InputError, match="outputs"):
        linear_layer(np.ones((5, 4)), np.ones((3, 4)), np.ones(2))
