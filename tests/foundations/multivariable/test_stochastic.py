import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer

from foundations.errors import InputError
from foundations.multivariable import (
    SGD,
    Adam,
    DivergenceError,
    StochasticResult,
    Tensor,
    adam,
    gradient_descent,
    sgd,
)


def random_params(rng, dtype=np.float64):
    shapes = [(3, 4), (4,), (4, 2), (2,)]
    return [rng.normal(size=s).astype(dtype) for s in shapes]


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    lr=st.floats(1e-4, 1.0),
    momentum=st.sampled_from([0.0, 0.5, 0.9, 0.99]),
    nesterov=st.booleans(),
)
def test_sgd_is_scikit_learns_sgd_update_to_the_last_bit(seed, lr, momentum, nesterov):
    rng = np.random.default_rng(seed)
    ours, theirs = random_params(rng), random_params(np.random.default_rng(seed))
    opt = SGD(lr=lr, momentum=momentum, nesterov=nesterov)
    ref = SGDOptimizer(theirs, learning_rate_init=lr, momentum=momentum, nesterov=nesterov)
    for _ in range(6):
        grads = [rng.normal(scale=10.0, size=p.shape) for p in ours]
        opt.step(ours, grads)
        ref.update_params(theirs, grads)
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_array_equal(a, b)
    assert opt.t == 6


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    lr=st.floats(1e-5, 0.1),
    beta1=st.sampled_from([0.0, 0.5, 0.9]),
    beta2=st.sampled_from([0.0, 0.9, 0.999]),
    eps=st.sampled_from([1e-8, 1e-3]),
)
def test_adam_is_scikit_learns_adam_update_to_the_last_bit(seed, lr, beta1, beta2, eps):
    rng = np.random.default_rng(seed)
    ours, theirs = random_params(rng), random_params(np.random.default_rng(seed))
    opt = Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    ref = AdamOptimizer(theirs, learning_rate_init=lr, beta_1=beta1, beta_2=beta2, epsilon=eps)
    for _ in range(6):
        grads = [rng.normal(scale=rng.choice([1e-6, 1.0, 1e6]), size=p.shape) for p in ours]
        grads[0][0, 0] = 0.0  # a zero gradient: no division by zero, no warning
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            opt.step(ours, grads)
        ref.update_params(theirs, grads)
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_array_equal(a, b)


def test_first_adam_step_moves_each_coordinate_by_about_lr():
    # the first step is -lr g / (|g| + eps / sqrt(1 - beta2)): lr for |g| >> eps / sqrt(1 - beta2)
    g = np.array([1e-4, 1.0, -1e4, 0.0])
    w = np.ones(4)
    Adam(lr=0.01, eps=1e-8).step([w], [g])
    np.testing.assert_allclose(w, 1 - 0.01 * g / (np.abs(g) + 1e-8 / np.sqrt(1e-3)), rtol=1e-15)
    assert abs(1 - w[2]) == pytest.approx(0.01, rel=1e-10) and w[3] == 1.0


def test_optimizers_update_tensors_in_place_from_their_grad():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(64, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.25
    W, b = Tensor(np.zeros(3), label="W"), Tensor(np.zeros(1), label="b")
    data_id = id(W.data)
    opt = Adam(lr=0.05)
    for _ in range(600):
        W.grad = b.grad = None
        loss = ((Tensor(X) @ W + b - y) ** 2).mean()
        loss.backward()
        opt.step([W, b])
    assert id(W.data) == data_id  # updated in place, the training loop's references hold
    np.testing.assert_allclose(W.data, [1.0, -2.0, 0.5], atol=1e-3)
    np.testing.assert_allclose(b.data, [0.25], atol=1e-3)
    with pytest.raises(InputError, match=r"no \.grad"):
        SGD(lr=0.1).step([Tensor(np.zeros(2))])


def test_float32_parameters_stay_float32():
    w = np.ones(4, dtype=np.float32)
    for opt in (SGD(lr=0.1, momentum=0.9, nesterov=True), Adam()):
        opt.step([w], [np.ones(4)])  # a float64 gradient does not upcast the parameters
        assert w.dtype == np.float32
        assert all(
            b.dtype == np.float32 for b in (opt.velocities if isinstance(opt, SGD) else opt.vs)
        )
    res = sgd(lambda p, idx: 2 * p, np.ones(3, dtype=np.float32), 10, lr=0.1, n_epochs=2)
    assert res.x.dtype == np.float32


def least_squares(rng, n=200, d=5, noise=0.0):
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + noise * rng.normal(size=n)
    grad = lambda p, idx: X[idx].T @ (X[idx] @ p - y[idx]) / len(idx)  # noqa: E731
    fun = lambda p: 0.5 * np.mean((X @ p - y) ** 2)  # noqa: E731
    return X, y, grad, fun


@pytest.mark.parametrize(
    ("method", "kwargs", "converges"),
    [
        (sgd, {"lr": 0.005, "momentum": 0.9, "batch_size": 20, "seed": 0}, False),
        (sgd, {"lr": 0.005, "momentum": 0.9, "nesterov": True, "batch_size": 16, "seed": 1}, False),
        (adam, {"lr": 0.01, "batch_size": 200, "n_epochs": 3000}, True),
    ],
    ids=["sgd+momentum", "nesterov", "adam-full-batch"],
)
def test_minibatch_runs_reach_the_least_squares_solution_and_say_so_honestly(
    method, kwargs, converges
):
    rng = np.random.default_rng(7)
    X, y, grad, fun = least_squares(rng, noise=0.3)
    res = method(grad, np.zeros(5), 200, fun=fun, tol=1e-8, **{"n_epochs": 300, **kwargs})
    assert isinstance(res, StochasticResult)
    x_star = np.linalg.lstsq(X, y, rcond=None)[0]
    true_grad_norm = np.linalg.norm(X.T @ (X @ res.x - y) / len(y))
    assert res.grad_norm == pytest.approx(true_grad_norm, rel=1e-12)
    # with noisy data a mini-batch step never settles (its noise is proportional to lr): the
    # result says so instead of claiming convergence; full-batch Adam does converge
    assert res.converged == converges == (true_grad_norm <= 1e-8)
    if converges:
        np.testing.assert_allclose(res.x, x_star, atol=1e-6)
        assert "<= tol" in res.message
    else:
        assert "> tol" in res.message and res.n_epochs == 300
    assert res.history.shape == (res.n_epochs + 1,) and res.fun == pytest.approx(fun(res.x))
    assert 0 <= res.fun - fun(x_star) <= 1e-4


def test_sgd_converges_exactly_when_the_data_are_interpolated():
    rng = np.random.default_rng(2)
    X, y, grad, fun = least_squares(rng, noise=0.0)  # every sample's loss is 0 at the solution
    res = sgd(
        grad,
        np.zeros(5),
        200,
        lr=0.05,
        momentum=0.9,
        batch_size=20,
        n_epochs=300,
        seed=0,
        fun=fun,
        tol=1e-10,
    )
    assert res.converged and res.grad_norm <= 1e-10
    np.testing.assert_allclose(X @ res.x, y, atol=1e-8)


def test_full_batch_sgd_is_fixed_step_gradient_descent_and_runs_are_reproducible():
    rng = np.random.default_rng(4)
    _X, _y, grad, fun = least_squares(rng, n=50, d=3, noise=0.1)
    full = sgd(grad, np.zeros(3), 50, lr=0.1, batch_size=50, n_epochs=40, shuffle=False)
    gd = gradient_descent(
        fun, lambda p: grad(p, np.arange(50)), np.zeros(3), step=0.1, tol=0.0, max_iter=40
    )
    np.testing.assert_allclose(full.x, gd.x, rtol=1e-13, atol=1e-15)
    assert full.n_steps == 40 and not full.converged and "not checked" in full.message
    a = adam(grad, np.zeros(3), 50, batch_size=7, n_epochs=3, seed=11)
    b = adam(grad, np.zeros(3), 50, batch_size=7, n_epochs=3, seed=11)
    np.testing.assert_array_equal(a.x, b.x)
    assert a.n_steps == 3 * 8  # ceil(50 / 7) batches per epoch, the last one smaller


def test_too_large_a_learning_rate_raises_a_divergence_error():
    rng = np.random.default_rng(5)
    _X, _y, grad, fun = least_squares(rng)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match="lr"):
            sgd(grad, np.zeros(5), 200, lr=50.0, batch_size=10, n_epochs=50, fun=fun)
        with pytest.raises(DivergenceError, match="parameters' norm"):
            sgd(grad, np.zeros(5), 200, lr=50.0, batch_size=10, n_epochs=500)


def test_bad_arguments_are_one_clear_error():
    w = [np.zeros(2)]
    g = lambda p, idx: p  # noqa: E731
    cases = [
        (lambda: SGD(lr=0.0), "lr"),
        (lambda: SGD(lr=np.nan), "lr"),
        (lambda: SGD(momentum=1.0), "momentum"),
        (lambda: SGD(nesterov="yes"), "nesterov"),
        (lambda: Adam(beta1=-0.1), "beta1"),
        (lambda: Adam(beta2=1.0), "beta2"),
        (lambda: Adam(eps=0.0), "eps"),
        (lambda: Adam(lr="0.1"), "lr must be a real number"),
        (lambda: SGD().step([np.zeros(2, dtype=int)], [np.zeros(2)]), "float ndarray"),
        (lambda: SGD().step([], []), "non-empty"),
        (lambda: SGD().step(w, [np.zeros(3)]), "shape"),
        (lambda: SGD().step(w, [np.zeros(2), np.zeros(2)]), "list of 1"),
        (lambda: SGD().step(w, [np.array([np.nan, 0.0])]), "NaN"),
        (lambda: SGD().step(w), "grads is required"),
        (lambda: sgd(g, [1.0, 2.0], 0), "n_samples"),
        (lambda: sgd(g, [1.0, 2.0], 5, batch_size=0), "batch_size"),
        (lambda: sgd(g, [1.0, 2.0], 5, n_epochs=2.5), "n_epochs"),
        (lambda: sgd(g, [1.0, 2.0], 5, tol=-1.0), "tol"),
        (lambda: sgd("g", [1.0], 5), "callable"),
        (lambda: sgd(g, [], 5), "empty"),
        (lambda: sgd(lambda p, idx: 1.0, [1.0, 2.0], 5), "shaped like"),
        (lambda: sgd(g, [1.0, 2.0], 5, fun=lambda p: p), "single number"),
        (lambda: adam(g, [1.0], 5, seed="x"), "seed"),
    ]
    for call, match in cases:
        with pytest.raises(InputError, match=match):
            call()
    opt = SGD(lr=0.1, momentum=0.5)
    opt.step(w, [np.ones(2)])
    with pytest.raises(InputError, match="changed shape"):
        opt.step([np.zeros(3)], [np.ones(3)])
    opt.reset()
    opt.step([np.zeros(3)], [np.ones(3)])  # a reset optimizer takes new parameters
