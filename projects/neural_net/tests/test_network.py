"""The network's math: the explicit backward pass against central differences and ``Tensor``."""

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.multivariable import check_gradient

from ..network import (
    forward,
    init_bound,
    initial_parameters,
    loss_and_gradients,
    objective,
    output_probabilities,
)
from ..tensor_path import tensor_loss_and_gradients

ACTS = ["relu", "tanh", "logistic", "identity"]


def _problem(rng, kind, n=40, p=5, hidden=(6, 4)):
    X = rng.normal(size=(n, p))
    if kind == "softmax":
        targets, out = rng.integers(0, 4, n), 4
    elif kind == "binary":
        targets, out = rng.integers(0, 2, (n, 1)), 1
    else:
        targets, out = rng.integers(0, 2, (n, 3)), 3
    return X, targets, [p, *hidden, out]


def _flat(arrays):
    return np.concatenate([a.ravel() for a in arrays])


def _split(theta, like):
    out, i = [], 0
    for a in like:
        out.append(theta[i : i + a.size].reshape(a.shape))
        i += a.size
    return out


@pytest.mark.parametrize("activation", ACTS)
@pytest.mark.parametrize("kind", ["softmax", "binary", "multilabel"])
@pytest.mark.parametrize("weighted", [False, True])
def test_gradients_match_central_differences(activation, kind, weighted):
    rng = np.random.default_rng(zlib.crc32(f"{activation}{kind}{weighted}".encode()))
    X, targets, units = _problem(rng, kind)
    W, b = initial_parameters(units, activation, "glorot", np.random.RandomState(1), float)
    w = rng.uniform(0.1, 3.0, X.shape[0]) if weighted else None
    n = len(W)

    def fun(theta):
        parts = _split(theta, W + b)
        return objective(X, targets, parts[:n], parts[n:], activation, 0.3, w)

    def grad(theta):
        parts = _split(theta, W + b)
        _, gW, gb = loss_and_gradients(X, targets, parts[:n], parts[n:], activation, 0.3, w)
        return _flat(gW + gb)

    assert check_gradient(fun, grad, _flat(W + b)) < 1e-7


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    activation=st.sampled_from(ACTS),
    kind=st.sampled_from(["softmax", "binary", "multilabel"]),
    n=st.integers(1, 30),
    scale=st.sampled_from([1e-3, 1.0, 30.0]),
)
def test_explicit_backward_pass_equals_tensor_autodiff(seed, activation, kind, n, scale):
    rng = np.random.default_rng(seed)
    X, targets, units = _problem(rng, kind, n=n)
    X *= scale
    W, b = initial_parameters(units, activation, "he", np.random.RandomState(seed), float)
    w = rng.uniform(0.0, 2.0, n) + 0.01
    loss, gW, gb = loss_and_gradients(X, targets, W, b, activation, 0.1, w)
    t_loss, tW, tb = tensor_loss_and_gradients(X, targets, W, b, activation, 0.1, w)
    assert loss == pytest.approx(t_loss, rel=1e-12, abs=1e-300)
    for ours, theirs in zip(gW + gb, tW + tb, strict=True):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(
            ours, theirs, rtol=1e-9, atol=1e-12 * max(1.0, np.abs(theirs).max())
        )


def test_loss_is_stable_for_huge_logits():
    X = np.array([[1.0], [1.0]])
    W, b = [np.array([[1e4, -1e4, 0.0]])], [np.zeros(3)]
    codes = np.array([0, 1])  # the first right with certainty, the second wrong by 2e4
    loss, (g,), _ = loss_and_gradients(X, codes, W, b, "relu", 0.0)
    assert np.isfinite(loss) and loss == pytest.approx(2e4 / 2)
    assert np.all(np.isfinite(g))
    # logistic units: softplus(1e4) - 0 = 1e4 for a confident wrong label, 0 for a right one
    loss, _, _ = loss_and_gradients(
        X, np.array([[0], [1]]), [np.array([[1e4]])], [np.zeros(1)], "relu", 0.0
    )
    assert loss == pytest.approx(1e4 / 2)


def test_probabilities_sum_to_one_and_stay_float32():
    rng = np.random.default_rng(0)
    Z = (rng.normal(size=(20, 5)) * 300).astype(np.float32)
    P = output_probabilities(Z.copy(), logistic=False)
    assert P.dtype == np.float32
    np.testing.assert_allclose(P.sum(axis=1), 1, rtol=1e-6)
    S = output_probabilities(Z.copy(), logistic=True)
    assert np.all((S >= 0) & (S <= 1)) and S.dtype == np.float32


def test_float32_in_float32_out():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(10, 3)).astype(np.float32)
    W, b = initial_parameters([3, 4, 3], "tanh", "glorot", np.random.RandomState(0), np.float32)
    assert forward(X, W, b, "tanh")[-1].dtype == np.float32
    _, gW, gb = loss_and_gradients(X, rng.integers(0, 3, 10), W, b, "tanh", 0.1)
    assert all(g.dtype == np.float32 for g in gW + gb)


def test_init_bounds_and_scikit_learn_draws():
    assert init_bound(64, 100, "relu", "glorot") == pytest.approx(np.sqrt(6 / 164))
    assert init_bound(64, 100, "logistic", "glorot") == pytest.approx(np.sqrt(2 / 164))
    assert init_bound(64, 100, "relu", "he") == pytest.approx(np.sqrt(6 / 64))
    W, _ = initial_parameters([500, 400, 2], "relu", "he", np.random.RandomState(0), float)
    assert np.var(W[0]) == pytest.approx(2 / 500, rel=0.02)  # He: variance 2 / fan_in
