import itertools
import warnings

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.multivariable import (
    DivergenceError,
    OptimizeResult,
    gradient_descent,
    minimize,
    newton,
)


def random_quadratic(rng, n, kappa):
    """f(x) = ½ xᵀAx - bᵀx with eigenvalues spread over [1, kappa]; minimiser A⁻¹b."""
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    eig = np.geomspace(1.0, kappa, n)
    A = (Q * eig) @ Q.T
    A = (A + A.T) / 2
    b = rng.normal(size=n)
    fun = lambda x: 0.5 * x @ A @ x - b @ x  # noqa: E731
    grad = lambda x: A @ x - b  # noqa: E731
    return A, b, fun, grad, np.linalg.solve(A, b)


def rosenbrock():
    return scipy.optimize.rosen, scipy.optimize.rosen_der, scipy.optimize.rosen_hess


def check_result(res, fun, grad, tol):
    assert isinstance(res, OptimizeResult)
    assert res.history.shape == (res.n_iter + 1,)
    assert res.history[-1] == pytest.approx(fun(res.x), rel=1e-12, abs=1e-300)
    assert res.fun == res.history[-1]
    assert res.grad_norm == pytest.approx(np.linalg.norm(grad(res.x)), rel=1e-9, abs=1e-300)
    assert res.converged == (res.grad_norm <= tol)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"step": "armijo"},
        {"step": "armijo", "momentum": 0.5},
        {"step": 0.05},
        {"step": 0.05, "momentum": 0.8},
    ],
    ids=["armijo", "armijo+momentum", "fixed", "fixed+momentum"],
)
def test_gradient_descent_reaches_the_minimiser_of_a_quadratic(kwargs):
    rng = np.random.default_rng(0)
    _A, _b, fun, grad, x_star = random_quadratic(rng, 8, kappa=10.0)  # L = 10, fixed step < 2/L
    x0 = rng.normal(size=8)
    x0_copy = x0.copy()
    res = gradient_descent(fun, grad, x0, tol=1e-9, max_iter=5000, **kwargs)
    check_result(res, fun, grad, 1e-9)
    assert res.converged
    np.testing.assert_allclose(res.x, x_star, atol=1e-8)
    np.testing.assert_array_equal(x0, x0_copy)  # the caller's array is untouched
    assert res.history[0] == pytest.approx(fun(x0))


@settings(max_examples=20, deadline=None)
@given(
    n=st.integers(1, 30),
    log_kappa=st.floats(0.0, 2.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_armijo_objective_never_increases_and_converges(n, log_kappa, seed):
    rng = np.random.default_rng(seed)
    _A, _b, fun, grad, x_star = random_quadratic(rng, n, 10.0**log_kappa)
    x0 = rng.normal(size=n) * 10.0 ** rng.uniform(-3, 3)
    res = gradient_descent(fun, grad, x0, tol=1e-7, max_iter=50_000)
    check_result(res, fun, grad, 1e-7)
    assert res.converged
    # Non-increasing, up to the rounding of f near the minimum.
    noise = 1e-12 * np.maximum(1.0, np.abs(res.history[1:]))
    assert np.all(np.diff(res.history) <= noise)
    # ||x - x*|| <= ||A^{-1}|| ||grad|| = ||grad|| / lambda_min, with lambda_min = 1.
    assert np.linalg.norm(res.x - x_star) <= 1.01 * res.grad_norm + 1e-12


def test_fixed_step_matches_the_theoretical_rate_on_a_quadratic():
    # With α = 2/(L+μ) the error contracts by q = (κ-1)/(κ+1) per step in every eigendirection,
    # so f(x_k) - f* <= q^(2k) (f(x_0) - f*).
    rng = np.random.default_rng(1)
    kappa = 50.0
    _A, _b, fun, grad, x_star = random_quadratic(rng, 6, kappa)
    x0 = rng.normal(size=6)
    res = gradient_descent(fun, grad, x0, step=2 / (1 + kappa), tol=0.0, max_iter=200)
    assert not res.converged and res.n_iter == 200
    q = (kappa - 1) / (kappa + 1)
    gap = res.history - fun(x_star)
    k = np.arange(res.n_iter + 1)
    bound = q ** (2 * k) * gap[0]
    assert np.all(gap <= bound * (1 + 1e-9) + 1e-14)
    # ... and the bound is nearly attained (the rate is not better than theory by luck).
    assert gap[100] >= 1e-3 * bound[100]


def test_momentum_beats_plain_gradient_descent_on_an_ill_conditioned_quadratic():
    rng = np.random.default_rng(2)
    kappa = 400.0
    _A, _b, fun, grad, x_star = random_quadratic(rng, 20, kappa)
    x0 = rng.normal(size=20)
    plain = gradient_descent(fun, grad, x0, step=2 / (1 + kappa), tol=1e-6, max_iter=20_000)
    s = np.sqrt(kappa)
    heavy = gradient_descent(
        fun, grad, x0, step=4 / (1 + s) ** 2, momentum=((s - 1) / (s + 1)) ** 2, tol=1e-6
    )
    assert plain.converged and heavy.converged
    np.testing.assert_allclose(heavy.x, x_star, atol=1e-5)
    assert heavy.n_iter * 5 < plain.n_iter  # about sqrt(kappa) vs kappa iterations


@pytest.mark.parametrize("method", ["gd", "momentum", "newton"])
def test_minimize_reaches_the_rosenbrock_minimum(method):
    fun, jac, hess = rosenbrock()
    x0 = np.array([-1.2, 1.0])
    tol = 1e-8 if method == "newton" else 1e-4
    res = minimize(fun, x0, jac=jac, hess=hess, method=method, tol=tol, max_iter=30_000)
    check_result(res, fun, jac, tol)
    assert res.converged, res.message
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-3 if method != "newton" else 1e-10)
    if method == "newton":
        assert res.n_iter < 40


def test_newton_solves_a_quadratic_in_one_step():
    rng = np.random.default_rng(3)
    A, _b, fun, grad, x_star = random_quadratic(rng, 12, kappa=1e4)
    res = newton(fun, grad, lambda x: A, np.zeros(12), tol=1e-9)
    assert res.n_iter == 1 and res.converged
    np.testing.assert_allclose(res.x, x_star, rtol=1e-9, atol=1e-9)


def test_newton_converges_quadratically_on_a_smooth_convex_function():
    # f(x) = Σ exp(x_i) + ½ xᵀMx - cᵀx, strictly convex; compare with scipy's trust-region Newton.
    rng = np.random.default_rng(4)
    n = 6
    B = rng.normal(size=(n, n))
    M = B @ B.T / n + np.eye(n)
    c = rng.normal(size=n) * 3
    fun = lambda x: np.sum(np.exp(x)) + 0.5 * x @ M @ x - c @ x  # noqa: E731
    grad = lambda x: np.exp(x) + M @ x - c  # noqa: E731
    hess = lambda x: np.diag(np.exp(x)) + M  # noqa: E731
    norms = []
    res = newton(fun, lambda x: (norms.append(np.linalg.norm(grad(x))), grad(x))[1], hess, c)
    assert res.converged
    ref = scipy.optimize.minimize(fun, c, jac=grad, hess=hess, method="trust-exact", tol=1e-12)
    np.testing.assert_allclose(res.x, ref.x, atol=1e-8)
    # Quadratic convergence: once small, the next gradient norm is about the square of this one.
    g = np.array(norms)
    tail = [(a, b) for a, b in itertools.pairwise(g) if 1e-12 < a < 1e-2]
    assert tail, "expected a few iterations in the quadratic regime"
    assert all(b <= 10 * a**2 + 1e-14 for a, b in tail)


def test_newton_falls_back_to_the_gradient_where_the_hessian_is_not_positive_definite():
    # f = x⁴ - x² + y²; at x = 0.1 the Hessian has a negative entry, so the Newton direction
    # points uphill; the method must still reach a minimiser (x = ±1/√2, y = 0).
    fun = lambda v: v[0] ** 4 - v[0] ** 2 + v[1] ** 2  # noqa: E731
    grad = lambda v: np.array([4 * v[0] ** 3 - 2 * v[0], 2 * v[1]])  # noqa: E731
    hess = lambda v: np.diag([12 * v[0] ** 2 - 2, 2.0])  # noqa: E731
    res = newton(fun, grad, hess, np.array([0.1, 1.0]))
    assert res.converged
    np.testing.assert_allclose([abs(res.x[0]), res.x[1]], [1 / np.sqrt(2), 0.0], atol=1e-8)
    assert np.all(np.diff(res.history) <= 1e-15)


def test_matches_scipy_on_a_logistic_regression_loss():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(200, 4))
    y = (X @ [1.0, -2.0, 0.5, 0.0] + rng.normal(size=200) > 0).astype(float)
    lam = 0.1

    def fun(w):
        z = X @ w
        return np.mean(np.logaddexp(0, z) - y * z) + 0.5 * lam * w @ w

    def grad(w):
        p = 1 / (1 + np.exp(-(X @ w)))
        return X.T @ (p - y) / len(y) + lam * w

    def hess(w):
        p = 1 / (1 + np.exp(-(X @ w)))
        return (X.T * (p * (1 - p))) @ X / len(y) + lam * np.eye(4)

    ref = scipy.optimize.minimize(fun, np.zeros(4), jac=grad, method="BFGS", tol=1e-12)
    for method in ["gd", "momentum", "newton"]:
        res = minimize(fun, np.zeros(4), jac=grad, hess=hess, method=method, tol=1e-9)
        assert res.converged
        np.testing.assert_allclose(res.x, ref.x, atol=1e-7)
        assert res.fun <= ref.fun + 1e-12


def test_works_with_matrix_shaped_parameters():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(50, 3))
    W_true = rng.normal(size=(3, 2))
    Y = X @ W_true
    fun = lambda W: 0.5 * np.sum((X @ W - Y) ** 2) / 50  # noqa: E731
    grad = lambda W: X.T @ (X @ W - Y) / 50  # noqa: E731
    res = gradient_descent(fun, grad, np.zeros((3, 2)), tol=1e-10)
    assert res.x.shape == (3, 2) and res.converged
    np.testing.assert_allclose(res.x, W_true, atol=1e-8)


def test_stops_at_once_when_x0_is_already_stationary_and_respects_max_iter():
    fun, grad = (lambda x: x @ x), (lambda x: 2 * x)
    res = gradient_descent(fun, grad, np.zeros(3))
    assert res.n_iter == 0 and res.converged and res.history.shape == (1,)
    res = gradient_descent(fun, grad, np.ones(3), step=0.01, max_iter=5)
    assert res.n_iter == 5 and not res.converged and "max_iter" in res.message
    assert np.all(np.diff(res.history) < 0)


def test_a_too_large_fixed_step_raises_a_clear_divergence_error():
    rng = np.random.default_rng(7)
    _A, _b, fun, grad, _ = random_quadratic(rng, 5, kappa=10.0)  # L = 10: steps above 0.2 diverge
    with pytest.raises(DivergenceError, match="too large"):
        gradient_descent(fun, grad, np.ones(5), step=0.25)
    with pytest.raises(DivergenceError, match="diverged"):
        minimize(fun, np.ones(5), jac=grad, method="momentum", step=0.5, momentum=0.9)
    assert issubclass(DivergenceError, InputError)
    # Overflow to inf is reported the same way (not as a NumPy warning or a NaN result).
    with (
        np.errstate(over="ignore", invalid="ignore"),
        pytest.raises(DivergenceError, match="became inf"),
    ):
        gradient_descent(
            lambda x: np.exp(x @ x), lambda x: 2 * x * np.exp(x @ x), np.ones(2), step=1e3
        )


def test_armijo_does_not_diverge_where_a_fixed_step_does():
    rng = np.random.default_rng(8)
    _A, _b, fun, grad, x_star = random_quadratic(rng, 5, kappa=1e3)
    res = gradient_descent(fun, grad, 1e6 * np.ones(5), tol=1e-6, max_iter=100_000)
    assert res.converged
    np.testing.assert_allclose(res.x, x_star, atol=1e-5)


def test_bad_input_is_one_clear_error():
    fun, grad = (lambda x: x @ x), (lambda x: 2 * x)
    with pytest.raises(InputError, match="x0 contains NaN"):
        gradient_descent(fun, grad, [1.0, np.nan])
    with pytest.raises(InputError, match=r"fun\(x0\) is not finite"), np.errstate(invalid="ignore"):
        gradient_descent(lambda x: np.log(x[0] - 5), grad, [1.0, 1.0])
    with pytest.raises(InputError, match=r"grad\(x0\) contains NaN"):
        gradient_descent(fun, lambda x: np.full_like(x, np.inf), [1.0, 1.0])
    with pytest.raises(InputError, match="shaped like x"):
        gradient_descent(fun, lambda x: np.zeros(5), [1.0, 1.0])
    with pytest.raises(InputError, match="single number"):
        gradient_descent(lambda x: x, grad, [1.0, 1.0])
    for bad in ["wolfe", -1.0, 0.0, np.inf, True]:
        with pytest.raises(InputError, match="step"):
            gradient_descent(fun, grad, [1.0], step=bad)
    for bad in [-0.1, 1.0, 2]:
        with pytest.raises(InputError, match="momentum"):
            gradient_descent(fun, grad, [1.0], momentum=bad)
    with pytest.raises(InputError, match="tol"):
        gradient_descent(fun, grad, [1.0], tol=-1)
    with pytest.raises(InputError, match="max_iter"):
        gradient_descent(fun, grad, [1.0], max_iter=2.5)
    with pytest.raises(InputError, match="method"):
        minimize(fun, [1.0], jac=grad, method="bfgs")
    with pytest.raises(InputError, match="hess"):
        minimize(fun, [1.0], jac=grad, method="newton")
    with pytest.raises(InputError, match="hess must be callable"):
        newton(fun, grad, "hessian", [1.0, 1.0])
    with pytest.raises(InputError, match=r"\(2, 2\) matrix"):
        newton(fun, grad, lambda x: np.eye(3), [1.0, 1.0])
    with pytest.raises(InputError, match="empty"):
        gradient_descent(fun, grad, [])


@pytest.mark.parametrize("momentum", [0.0, 0.5])
@pytest.mark.parametrize(
    ("fun", "grad"),
    [
        (lambda x: -x[0], lambda x: np.array([-1.0, 0.0])),
        (lambda x: -(x @ x), lambda x: -2 * x),
        (lambda x: x[0] ** 3 + x[1] ** 2, lambda x: np.array([3 * x[0] ** 2, 2 * x[1]])),
    ],
    ids=["linear", "concave", "cubic"],
)
def test_an_unbounded_function_is_a_divergence_error_not_max_iter(fun, grad, momentum):
    # regression: Armijo descent ran to 1e60 and reported "reached max_iter"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match="unbounded below"):
            gradient_descent(fun, grad, [-0.5, 0.5], momentum=momentum, max_iter=10_000)


def test_a_fixed_step_on_an_unbounded_function_stops_honestly():
    # a fixed step walks off linearly: no divergence within max_iter, and no claim of success
    res = gradient_descent(
        lambda x: -x[0], lambda x: np.array([-1.0]), [0.0], step=0.1, max_iter=200
    )
    assert not res.converged and "max_iter" in res.message and res.x[0] == pytest.approx(20.0)


def test_float32_in_float32_out():
    fun, grad = (lambda x: x @ x), (lambda x: 2 * x)
    x0 = np.float32([1.0, -2.0])
    for res in (
        gradient_descent(fun, grad, x0),
        newton(fun, grad, lambda x: 2 * np.eye(2), x0),
        minimize(fun, x0, jac=grad, method="momentum"),
    ):
        assert res.x.dtype == np.float32 and res.converged
