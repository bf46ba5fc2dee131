import warnings

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.multivariable import (
    ConstrainedResult,
    DivergenceError,
    lagrange_newton,
    project_ball,
    project_box,
    project_simplex,
    projected_gradient_descent,
)


def random_qp(rng, n, m):
    Q = rng.normal(size=(n, n))
    A = Q @ Q.T + np.eye(n)
    b, C, d = rng.normal(size=n), rng.normal(size=(m, n)), rng.normal(size=m)
    return A, b, C, d


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6), m_frac=st.floats(0, 1))
def test_one_newton_step_solves_an_equality_constrained_quadratic(seed, n, m_frac):
    rng = np.random.default_rng(seed)
    m = max(1, round(m_frac * n))
    A, b, C, d = random_qp(rng, n, m)
    res = lagrange_newton(
        lambda x: 0.5 * x @ A @ x - b @ x,
        lambda x: A @ x - b,
        lambda x: A,
        np.zeros(n),
        constraints=lambda x: C @ x - d,
        constraints_jac=lambda x: C,
    )
    assert isinstance(res, ConstrainedResult) and res.converged and res.n_iter <= 2
    K = np.block([[A, C.T], [C, np.zeros((m, m))]])
    sol = np.linalg.solve(K, np.concatenate([b, d]))
    scale = 1 + np.abs(sol).max()
    np.testing.assert_allclose(res.x, sol[:n], atol=1e-9 * scale)
    np.testing.assert_allclose(res.multipliers, sol[n:], atol=1e-9 * scale)
    # the stopping rule is relative to the sizes rounding scales with
    assert res.constraint_violation <= 1e-10 * max(1.0, np.linalg.norm(res.x))
    assert res.grad_norm <= 1e-10 * max(1.0, np.linalg.norm(A @ res.x - b))


def test_lagrange_newton_on_nonlinear_constraints_matches_closed_forms_and_scipy():
    # min x + y on the unit circle: x = y = -1/√2, ∇f = -λ ∇c gives λ = 1/√2
    res = lagrange_newton(
        lambda x: x.sum(),
        lambda x: np.ones(2),
        lambda x: np.zeros((2, 2)),
        [-0.5, -0.8],
        constraints=lambda x: x @ x - 1,
        constraints_jac=lambda x: 2 * x[None, :],
        constraints_hess=lambda x: 2 * np.eye(2)[None],
        multipliers0=[1.0],
    )
    assert res.converged
    np.testing.assert_allclose(res.x, [-np.sqrt(0.5)] * 2, atol=1e-12)
    np.testing.assert_allclose(res.multipliers, [np.sqrt(0.5)], atol=1e-12)
    # a paraboloid on a plane and a sphere, against scipy's SLSQP
    f = lambda x: (x[0] - 1) ** 2 + 2 * (x[1] + 0.5) ** 2 + (x[2] - 0.3) ** 2  # noqa: E731
    g = lambda x: np.array([2 * (x[0] - 1), 4 * (x[1] + 0.5), 2 * (x[2] - 0.3)])  # noqa: E731
    H = lambda x: np.diag([2.0, 4.0, 2.0])  # noqa: E731
    c = lambda x: np.array([x.sum() - 1, x @ x - 2])  # noqa: E731
    cj = lambda x: np.vstack([np.ones(3), 2 * x])  # noqa: E731
    ch = lambda x: np.stack([np.zeros((3, 3)), 2 * np.eye(3)])  # noqa: E731
    res = lagrange_newton(
        f, g, H, [1.0, -0.5, 0.5], constraints=c, constraints_jac=cj, constraints_hess=ch
    )
    ref = scipy.optimize.minimize(
        f,
        [1.0, -0.5, 0.5],
        jac=g,
        method="SLSQP",
        constraints={"type": "eq", "fun": c, "jac": cj},
        options={"ftol": 1e-14},
    )
    assert res.converged and ref.success
    np.testing.assert_allclose(res.x, ref.x, atol=1e-7)
    np.testing.assert_allclose(g(res.x), -cj(res.x).T @ res.multipliers, atol=1e-10)  # KKT


def test_lagrange_newton_honest_failures_and_bad_arguments():
    f, g, H = (lambda x: x @ x), (lambda x: 2 * x), (lambda x: 2 * np.eye(2))
    with pytest.raises(LinAlgError, match="linearly dependent"):  # the same constraint twice
        lagrange_newton(
            f,
            g,
            H,
            [1.0, 1.0],
            constraints=lambda x: np.array([x[0], x[0]]),
            constraints_jac=lambda x: np.array([[1.0, 0.0], [1.0, 0.0]]),
        )
    res = lagrange_newton(
        f,
        g,
        H,
        [3.0, 1.0],
        constraints=lambda x: x @ x - 1,
        constraints_jac=lambda x: 2 * x[None, :],
        max_iter=1,
    )
    assert not res.converged and "max_iter" in res.message  # no hessian of c: slow, and says so
    common = {"constraints": lambda x: x[0] - 1, "constraints_jac": lambda x: np.array([[1.0, 0]])}
    for call, match in [
        (
            lambda: lagrange_newton(f, g, H, [1.0, 1.0], constraints="c", constraints_jac=g),
            "callable",
        ),
        (lambda: lagrange_newton(f, g, H, [1.0, np.nan], **common), "NaN"),
        (lambda: lagrange_newton(f, g, H, [1.0, 1.0], tol=0.0, **common), "tol"),
        (
            lambda: lagrange_newton(f, g, H, [1.0, 1.0], multipliers0=[1.0, 2.0], **common),
            "one per",
        ),
        (lambda: lagrange_newton(f, g, lambda x: np.eye(3), [1.0, 1.0], **common), "hess"),
        (
            lambda: lagrange_newton(
                f,
                g,
                H,
                [1.0, 1.0],
                constraints=lambda x: x[0] - 1,
                constraints_jac=lambda x: np.ones(3),
            ),
            "constraints_jac",
        ),
        (
            lambda: lagrange_newton(
                f, g, H, [1.0, 1.0], constraints_hess=lambda x: np.eye(2), **common
            ),
            "constraints_hess",
        ),
    ]:
        with pytest.raises(InputError, match=match):
            call()


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), total=st.floats(0.1, 10))
def test_simplex_projection_is_the_closest_point_of_the_simplex(seed, n, total):
    rng = np.random.default_rng(seed)
    y = rng.normal(scale=3, size=n)
    p = project_simplex(y, total)
    assert np.all(p >= 0) and p.sum() == pytest.approx(total, rel=1e-12)
    # optimality (KKT): y - p = θ on the support and <= θ off it
    theta = (y - p)[p > 0]
    np.testing.assert_allclose(theta, theta[0], atol=1e-12)
    assert np.all((y - p)[p == 0] <= theta[0] + 1e-12)
    # and no random point of the simplex is closer
    others = rng.dirichlet(np.ones(n), size=200) * total
    assert np.all(np.linalg.norm(others - y, axis=1) >= np.linalg.norm(p - y) - 1e-12)


def test_box_and_ball_projections():
    np.testing.assert_array_equal(project_box([-2.0, 0.5, 3.0], 0.0, 1.0), [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(project_box([-2.0, 3.0], [-1.0, 0.0], [0.0, np.inf]), [-1.0, 3.0])
    np.testing.assert_allclose(project_ball([3.0, 4.0], 1.0), [0.6, 0.8])
    np.testing.assert_allclose(project_ball([3.0, 4.0], 1.0, center=[3.0, 3.0]), [3.0, 4.0])
    np.testing.assert_allclose(project_ball([0.0, 0.0], 1.0, center=[3.0, 4.0]), [2.4, 3.2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # |x| = 1e308 does not overflow the norm
        np.testing.assert_allclose(project_ball([1e308, 1e308], 1.0), [np.sqrt(0.5)] * 2)
    assert project_box(np.float32([2.0]), 0, 1).dtype == np.float32
    assert project_simplex(np.float32([0.2, 0.9])).dtype == np.float32
    for call, match in [
        (lambda: project_box([1.0], 1.0, 0.0), "lower <= upper"),
        (lambda: project_box([1.0, 2.0], [0.0, 0.0, 0.0]), "broadcast"),
        (lambda: project_ball([1.0], -1.0), "radius"),
        (lambda: project_simplex([1.0], 0.0), "total"),
        (lambda: project_simplex([[1.0]]), "1-D"),
    ]:
        with pytest.raises(InputError, match=match):
            call()


@pytest.mark.parametrize("step", ["armijo", "1/L"])
def test_projected_gradient_descent_on_a_box_matches_scipy_lbfgsb(step):
    rng = np.random.default_rng(3)
    A, b, _, _ = random_qp(rng, 6, 1)
    if step == "1/L":  # the textbook fixed step: 1 / the largest eigenvalue of the Hessian
        step = 1.0 / np.linalg.eigvalsh(A).max()
    f, g = (lambda x: 0.5 * x @ A @ x - b @ x), (lambda x: A @ x - b)
    lo, hi = -0.2 * np.ones(6), 0.3 * np.ones(6)
    res = projected_gradient_descent(
        f, g, np.zeros(6), lambda y: project_box(y, lo, hi), step=step, tol=1e-10, max_iter=20_000
    )
    ref = scipy.optimize.minimize(
        f,
        np.zeros(6),
        jac=g,
        method="L-BFGS-B",
        bounds=list(zip(lo, hi, strict=True)),
        options={"ftol": 1e-15, "gtol": 1e-12},
    )
    assert res.converged and res.grad_norm <= 1e-10
    np.testing.assert_allclose(res.x, ref.x, atol=1e-7)
    assert np.any(res.x == lo) or np.any(res.x == hi)  # some bound is active
    assert res.history.shape == (res.n_iter + 1,)


def test_projected_gradient_descent_on_the_simplex_and_the_ball():
    # the closest point of the simplex to y is its projection: PGD must find it
    y = np.array([0.9, 0.4, -0.3, 0.2])
    f, g = (lambda x: 0.5 * np.sum((x - y) ** 2)), (lambda x: x - y)
    res = projected_gradient_descent(f, g, np.full(4, 0.25), project_simplex, tol=1e-12)
    np.testing.assert_allclose(res.x, project_simplex(y), atol=1e-12)
    # a linear objective on the ball: the minimiser is -r a / |a|
    a = np.array([1.0, -2.0, 2.0])
    res = projected_gradient_descent(
        lambda x: a @ x, lambda x: a, np.zeros(3), lambda z: project_ball(z, 2.0), tol=1e-10
    )
    np.testing.assert_allclose(res.x, -2.0 * a / 3.0, atol=1e-9)
    res32 = projected_gradient_descent(f, g, np.float32([0.25] * 4), project_simplex, tol=1e-6)
    assert res32.x.dtype == np.float32 and res32.converged


def test_projected_gradient_descent_honest_stops_and_bad_arguments():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match="unbounded below"):  # no constraint in x[1]
            projected_gradient_descent(
                lambda x: -x[1],
                lambda x: np.array([0.0, -1.0]),
                [0.0, 0.0],
                lambda z: project_box(z, [0, -np.inf], [1, np.inf]),
            )
    f, g = (lambda x: x @ x), (lambda x: 2 * x)
    res = projected_gradient_descent(f, g, [1.0, 1.0], lambda z: z, step=1e-6, max_iter=5)
    assert not res.converged and "max_iter" in res.message
    for call, match in [
        (lambda: projected_gradient_descent(f, g, [1.0], "box"), "callable"),
        (lambda: projected_gradient_descent(f, g, [1.0], lambda z: np.zeros(3)), "shaped like x0"),
        (lambda: projected_gradient_descent(f, g, [1.0], lambda z: z, step=0.0), "step"),
        (lambda: projected_gradient_descent(f, g, [1.0], lambda z: z, step="wolfe"), "step"),
        (lambda: projected_gradient_descent(f, g, [], lambda z: z), "empty"),
        (lambda: projected_gradient_descent(f, g, [1.0], lambda z: z, tol=-1.0), "tol"),
    ]:
        with pytest.raises(InputError, match=match):
            call()
