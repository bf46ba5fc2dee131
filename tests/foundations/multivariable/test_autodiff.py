import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.multivariable import (
    Tensor,
    Value,
    gradient,
    minimize,
    topological_order,
    value_and_grad,
)


def test_scalar_engine_matches_analytic_gradients():
    rng = np.random.default_rng(0)
    for a0, b0 in rng.uniform(0.2, 2.0, size=(20, 2)):
        a, b = Value(a0), Value(b0)
        out = (a * b).tanh() + (a / b).log() * a.sigmoid() - (b**2).exp() * 0.1 + (a - 3).relu()
        out.backward()
        s = scipy.special.expit(a0)
        da = b0 * (1 - np.tanh(a0 * b0) ** 2) + (1 / a0) * s + np.log(a0 / b0) * s * (1 - s)
        db = a0 * (1 - np.tanh(a0 * b0) ** 2) - (1 / b0) * s - 0.2 * b0 * np.exp(b0**2)
        assert a.grad == pytest.approx(da, rel=1e-12)
        assert b.grad == pytest.approx(db, rel=1e-12)


def test_reused_nodes_and_a_second_backward_pass():
    x = Value(3.0)
    y = x * x  # x reused: dy/dx = 2x
    z = y * y + y  # y reused: dz/dx = (2y + 1) 2x
    z.backward()
    assert x.grad == pytest.approx((2 * 9 + 1) * 6)
    z.backward()  # a second pass adds exactly the same amount again
    assert x.grad == pytest.approx(2 * (2 * 9 + 1) * 6)
    z.zero_grad()
    z.backward()
    assert x.grad == pytest.approx((2 * 9 + 1) * 6)
    order = topological_order(z)
    assert len(order) == len({id(n) for n in order})  # each node once
    pos = {id(n): i for i, n in enumerate(order)}
    assert all(pos[id(p)] < pos[id(n)] for n in order for p in n._parents)


def test_deep_graph_does_not_hit_the_recursion_limit():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000)


def mlp_loss_numpy(params, X, y):
    W1, b1, W2, b2 = params
    logits = np.tanh(X @ W1 + b1) @ W2 + b2
    return np.mean(scipy.special.logsumexp(logits, axis=1) - logits[np.arange(len(y)), y])


def mlp_loss_tensor(params, X, y):
    W1, b1, W2, b2 = params
    logits = (X @ W1 + b1).tanh() @ W2 + b2
    onehot = np.eye(W2.shape[1])[y]
    return (logits.logsumexp(axis=1) - (logits * onehot).sum(axis=1)).mean()


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), hidden=st.integers(1, 6))
def test_mlp_gradient_matches_central_differences(seed, n, hidden):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = rng.integers(0, 4, size=n)
    shapes = [(3, hidden), (hidden,), (hidden, 4), (4,)]
    arrays = [rng.normal(size=s) for s in shapes]
    params = [Tensor(a) for a in arrays]
    loss = mlp_loss_tensor(params, X, y)
    assert float(loss.data) == pytest.approx(mlp_loss_numpy(arrays, X, y), rel=1e-12)
    loss.backward()
    for k, a in enumerate(arrays):

        def f(flat, k=k, a=a):
            trial = list(arrays)
            trial[k] = flat.reshape(a.shape)
            return mlp_loss_numpy(trial, X, y)

        numeric = gradient(f, a.reshape(-1)).reshape(a.shape)
        np.testing.assert_allclose(params[k].grad, numeric, atol=1e-8)


def test_array_ops_against_central_differences():
    rng = np.random.default_rng(1)
    A = rng.uniform(0.5, 2.0, size=(3, 4))
    v = rng.normal(size=4)

    def build(t):
        B = t.reshape(3, 4)
        u = (B @ v).sigmoid() * (B.T @ np.ones(3)).sum()  # matrix-vector, transpose
        w = (B / (B + 1.0)).log().mean(axis=0) - (B**0.5).exp().sum(axis=1, keepdims=True).relu()
        return u.sum() + w.sum() - B[1, 2] * B[0, 0] + B.log_softmax(axis=1).sum()

    def plain(flat):
        return float(build(Tensor(flat)).data)

    val, g = value_and_grad(build, A.reshape(-1))
    assert val == pytest.approx(plain(A.reshape(-1)))
    np.testing.assert_allclose(g, gradient(plain, A.reshape(-1)), rtol=1e-6, atol=1e-8)


def test_broadcasting_gradients_are_summed_back():
    x = Tensor(np.ones((5, 3)))
    b = Tensor(np.arange(3.0))
    c = Tensor(2.0)
    ((x + b) * c).sum().backward()
    np.testing.assert_allclose(b.grad, [10.0, 10.0, 10.0])  # 5 rows × c
    assert c.grad == pytest.approx(np.sum(1 + np.arange(3.0)) * 5)
    np.testing.assert_allclose(x.grad, 2.0)


def test_backward_twice_and_reused_tensor():
    W = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    out = (W @ W).sum()  # W used twice
    out.backward()
    first = W.grad.copy()
    # d/dW sum(W W) = 1 Wᵀ + Wᵀ 1  (1 the all-ones matrix)
    ones = np.ones((2, 2))
    np.testing.assert_allclose(first, ones @ W.data.T + W.data.T @ ones)
    out.backward()
    np.testing.assert_allclose(W.grad, 2 * first)


def test_autodiff_gradient_drives_minimize():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(100, 3))
    w_true = np.array([1.0, -2.0, 0.5])
    y = X @ w_true

    def loss(w):
        r = X @ w - y
        return (r * r).mean()

    res = minimize(
        lambda w: value_and_grad(loss, w)[0], np.zeros(3), jac=lambda w: value_and_grad(loss, w)[1]
    )
    assert res.converged
    np.testing.assert_allclose(res.x, w_true, atol=1e-7)


def test_bad_input():
    with pytest.raises(InputError, match="scalar output"):
        Tensor(np.ones(3)).exp().backward()
    with pytest.raises(InputError, match="matmul shapes"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3)))
    with pytest.raises(InputError, match="NaN"):
        Tensor([1.0, np.nan])
    with pytest.raises(InputError, match="finite"):
        Value(float("inf"))
    with pytest.raises(InputError, match="scalar Tensor"):
        value_and_grad(lambda t: t * 2, np.ones(2))
    with pytest.raises(InputError, match="callable"):
        value_and_grad("f", np.ones(2))
    with pytest.raises(InputError, match="Value or a Tensor"):
        topological_order("x")


def test_value_edges_inf_slopes_overflow_and_clear_errors():
    # regression: Value(0.) ** 0.5 raised ZeroDivisionError, Value(1000.).exp() OverflowError
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = Value(0.0)
        y = x**0.5
        y.backward()
        assert y.data == 0.0 and x.grad == np.inf  # the vertical tangent of √x at 0
        x = Value(1000.0)
        y = x.exp()
        y.backward()
        assert y.data == np.inf and x.grad == np.inf  # as numpy.exp(1000.0), no exception
        assert Value(709.0).exp().data == pytest.approx(np.exp(709.0))
        assert (Value(-2.0) ** 3).data == -8.0 and (Value(0.0) ** 0).data == 1.0
        z = Value(3.0)
        (z**0).backward()
        assert z.grad == 0.0
    for call, match in [
        (lambda: Value("a"), "real number"),
        (lambda: Value([1.0, 2.0]), "real number"),
        (lambda: Value(np.nan), "finite"),
        (lambda: Value(0.0) ** -1, "division by zero"),
        (lambda: Value(1.0) / 0.0, "division by zero"),
        (lambda: Value(-8.0) ** (1 / 3), "not real"),
        (lambda: Value(1.0) * "a", "real number"),
        (lambda: Value(2.0) ** "x", "exponent"),
        (lambda: Value(0.0).log(), "non-positive"),
    ]:
        with pytest.raises(InputError, match=match):
            call()


def test_tensor_edges_keep_warnings_in_and_axes_checked():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = Tensor([0.0, 4.0])
        (x**0.5).sum().backward()
        np.testing.assert_array_equal(x.grad, [np.inf, 0.25])
        big = Tensor([1000.0])
        out = big.exp().sum()
        out.backward()
        assert out.data == np.inf and big.grad[0] == np.inf
        m = Tensor(np.ones((2, 3)))
        m.mean(axis=-1).sum().backward()
        np.testing.assert_allclose(m.grad, np.full((2, 3), 1 / 3))
    value, g = value_and_grad(lambda t: (t * t).sum(), np.float32([1.0, 2.0]))
    assert value == 5.0 and g.dtype == np.float32
    m = Tensor(np.ones((2, 3)))
    for call, match in [
        (lambda: m.sum(axis=2), "out of bounds"),
        (lambda: m.mean(axis=1.0), "axis must be"),
        (lambda: m.logsumexp(axis=(0, 0)), "repeats"),
        (lambda: Tensor([-1.0]) ** 0.5, "not real"),
        (lambda: Tensor([0.0]) ** -1, "division by zero"),
        (lambda: m ** "a", "exponent"),
    ]:
        with pytest.raises(InputError, match=match):
            call()
