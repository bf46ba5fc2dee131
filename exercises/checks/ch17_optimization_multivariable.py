"""Checks for chapter 17: projections, gradient descent with momentum, Newton, projected GD."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from scipy.optimize import lsq_linear, rosen, rosen_der, rosen_hess

from ..grading import Failed, Problem, close, for_all
from .strategies import (
    full_column_rank,
    log_uniform,
    orthogonal,
    quadratic_problems,
    seeded,
    vectors,
)

__all__ = ["PROBLEMS"]


def _point(value, n: int, what: str) -> np.ndarray:
    p = np.asarray(value, dtype=float)
    if p.shape != (n,):
        raise Failed(f"{what} must return a vector of shape ({n},), got {p.shape}")
    return p


def _result(value, n: int, what: str) -> tuple[np.ndarray, bool]:
    if not (isinstance(value, tuple) and len(value) == 2):
        raise Failed(f"{what} must return the tuple (x, converged)")
    x, converged = value
    if not isinstance(converged, (bool, np.bool_)):
        raise Failed(f"{what}: converged must be True or False, got {converged!r}")
    return _point(x, n, what), bool(converged)


class _Counted:
    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, x):
        self.calls += 1
        return self.f(x)


def _quadratic(A, b):
    return (lambda x: 0.5 * x @ A @ x - b @ x), (lambda x: A @ x - b), (lambda x: A)


def _reference_simplex(x, total=1.0):
    """The projection by bisection on θ in Σ max(x − θ, 0) = total (a method of its own)."""
    lo, hi = np.min(x) - total, np.max(x)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.maximum(x - mid, 0).sum() > total else (lo, mid)
    return np.maximum(x - (lo + hi) / 2, 0)


# --- project_ball ------------------------------------------------------------------------------


@for_all(st.integers(1, 6).flatmap(vectors), log_uniform(-2, 2), st.floats(-3, 3))
def projects_onto_the_ball(fn, x, radius, c):
    p = _point(fn(x.copy(), radius, c), x.size, "project_ball")
    d = x - c
    length = np.linalg.norm(d)
    want = x if length <= radius else c + radius * d / length
    if not close(p, want, rtol=1e-12, atol=1e-12 * (radius + abs(c))):
        raise Failed(
            f"the projection of a point at distance {length:.4g} onto the ball of radius "
            f"{radius:.4g} is {'the point itself' if length <= radius else 'c + r (x − c)/‖x − c‖'}"
        )


def extreme_scales(fn):
    p = _point(fn(np.array([1e200, 1e200])), 2, "project_ball")
    if not close(p, [2**-0.5, 2**-0.5], rtol=1e-14, atol=0):
        raise Failed(f"project_ball((1e200, 1e200)) = (0.7071, 0.7071), got {p}: ‖x‖² overflows")
    p = _point(fn(np.array([1e-200, 1e-200]), radius=1e-250), 2, "project_ball")
    if not close(p, [1e-250 * 2**-0.5] * 2, rtol=1e-14, atol=0):
        raise Failed(
            f"project_ball((1e-200, 1e-200), radius=1e-250) = (7.07e-251, 7.07e-251), got {p}: "
            "‖x‖² underflows to 0"
        )


# --- project_simplex ---------------------------------------------------------------------------


def _check_simplex(x, total, p, what: str) -> None:
    scale = np.max(np.abs(x)) + total
    if np.min(p) < -1e-12 * scale or abs(p.sum() - total) > 1e-12 * scale * x.size:
        raise Failed(f"the projection of {what} is not on the simplex (pᵢ ≥ 0, Σ pᵢ = {total})")
    w = x - p  # closest point: wᵀ(y − p) ≤ 0 for every y of the simplex, i.e. every vertex
    if np.max(total * w) > w @ p + 1e-10 * scale * total:
        raise Failed(
            f"the projection of {what} is on the simplex but not the closest point "
            f"(expected {np.round(_reference_simplex(x, total), 6)}, got {np.round(p, 6)})"
        )


@for_all(st.integers(1, 8).flatmap(vectors), log_uniform(-3, 3), st.sampled_from([1.0, 0.5, 3.0]))
def projects_onto_the_simplex(fn, v, scale, total):
    x = v * scale
    _check_simplex(x, total, _point(fn(x.copy(), total), x.size, "project_simplex"), "x")


def simplex_edge_cases(fn):
    for x, total, want, what in [
        ([0.2, 0.3, 0.5], 1.0, [0.2, 0.3, 0.5], "a point of the simplex stays"),
        ([-1.0, -2.0], 1.0, [1.0, 0.0], "(−1, −2) goes to the vertex (1, 0)"),
        ([5.0], 2.0, [2.0], "in one dimension the simplex is the point (total,)"),
        ([1.0, 1.0, 1.0], 1.0, [1 / 3] * 3, "ties share the mass"),
        ([1e12, 1e12 + 1], 1.0, [0.0, 1.0], "(1e12, 1e12 + 1) goes to (0, 1)"),
    ]:
        x = np.array(x)
        p = _point(fn(x.copy(), total), x.size, "project_simplex")
        if not close(p, want, rtol=1e-12, atol=1e-12):
            raise Failed(f"project_simplex({x.tolist()}, {total}) should be {want}: {what}")


# --- gradient_descent --------------------------------------------------------------------------


def heavy_ball_steps(fn):
    A, b = np.diag([1.0, 4.0]), np.zeros(2)
    f, g, _ = _quadratic(A, b)
    x, converged = _result(
        fn(f, g, np.ones(2), step=0.1, momentum=0.5, max_iter=2), 2, "gradient_descent"
    )
    if not (close(x, [0.76, 0.16], rtol=1e-14, atol=1e-15) and not converged):
        raise Failed(
            f"two steps from (1, 1) on ½(x₁² + 4x₂²) with α = 0.1, β = 0.5 end at (0.76, 0.16) "
            f"(v ← βv − α∇f(x), x ← x + v, v₀ = 0), got {np.round(x, 6)}"
        )


@for_all(quadratic_problems(1, 6, 20.0), st.sampled_from([0.0, 0.5]), max_examples=40)
def minimises_quadratics(fn, problem, beta):
    A, b, x0 = problem
    f, g, _ = _quadratic(A, b)
    seen = x0.copy()
    x, converged = _result(
        fn(f, g, x0, step=1 / np.linalg.eigvalsh(A)[-1], momentum=beta), x0.size, "gradient_descent"
    )
    if not np.array_equal(seen, x0):
        raise Failed("gradient_descent modified x0")
    if not (converged and np.linalg.norm(A @ x - b) <= 1e-8):
        raise Failed(
            f"gradient descent (α = 1/L, β = {beta}) on a quadratic with κ ≤ 20 must reach "
            f"‖∇f‖ ≤ 1e-8, got ‖Ax − b‖ = {np.linalg.norm(A @ x - b):.3g} (converged={converged})"
        )


def _ill_conditioned():
    rng = np.random.default_rng(17)
    Q = orthogonal(rng, 6)
    A = (Q * np.linspace(1.0, 500.0, 6)) @ Q.T
    return (A + A.T) / 2, rng.normal(size=6)


def momentum_pays_off(fn):
    A, b = _ill_conditioned()
    f, g, _ = _quadratic(A, b)
    x, converged = _result(
        fn(f, g, np.zeros(6), step=1 / 500, momentum=0.9, max_iter=1500), 6, "gradient_descent"
    )
    if not (converged and np.linalg.norm(A @ x - b) <= 1e-8):
        raise Failed(
            "momentum 0.9 with α = 1/L on a quadratic with κ = 500 must converge within 1500 "
            f"steps (plain descent needs about 10⁴), got ‖∇f‖ = {np.linalg.norm(A @ x - b):.3g}"
        )
    _, converged = _result(fn(f, g, np.zeros(6), step=1 / 500, max_iter=1500), 6, "")
    if converged:
        raise Failed("plain gradient descent cannot reach ‖∇f‖ ≤ 1e-8 in 1500 steps at κ = 500")


def honest_and_refuses_to_diverge(fn):
    A, b = _ill_conditioned()
    f, g, _ = _quadratic(A, b)
    _, converged = _result(fn(f, g, np.zeros(6), step=1e-12, max_iter=100), 6, "")
    if converged:
        raise Failed("a step of 1e-12 barely moves x, yet converged=True: test ‖∇f(x)‖ ≤ tol")
    try:
        fn(f, g, np.ones(6), step=10 / 500)
    except ValueError:
        return
    raise Failed("α = 10/L diverges (|1 − αλ| = 9): raise ValueError when x is not finite")


# --- newton ------------------------------------------------------------------------------------


def one_newton_step(fn):
    A, b = _ill_conditioned()
    f, g, h = _quadratic(A, b)
    hess = _Counted(h)
    x, converged = _result(fn(f, g, hess, np.zeros(6)), 6, "newton")
    if (
        not (converged and close(x, np.linalg.solve(A, b), rtol=1e-10, atol=1e-12))
        or hess.calls > 2
    ):
        raise Failed(
            f"Newton minimises a quadratic in one step (solve H p = −∇f), got ‖Ax − b‖ = "
            f"{np.linalg.norm(A @ x - b):.3g} after {hess.calls} Hessians"
        )


def rosenbrock(fn):
    hess = _Counted(rosen_hess)
    x, converged = _result(fn(rosen, rosen_der, hess, np.array([-1.2, 1.0])), 2, "newton")
    if not (converged and close(x, [1.0, 1.0], rtol=0, atol=1e-10) and hess.calls <= 10):
        raise Failed(
            f"pure Newton from (−1.2, 1) reaches Rosenbrock's minimum (1, 1) in 6 steps, got "
            f"{np.round(x, 8)} after {hess.calls} Hessians ({converged=})"
        )
    _, converged = _result(
        fn(rosen, rosen_der, rosen_hess, np.array([-1.2, 1.0]), max_iter=2), 2, ""
    )
    if converged:
        raise Failed("two Newton steps from (−1.2, 1) are not enough, yet converged=True")


def _convex_problem(rng, n):
    """½xᵀAx − bᵀx + logsumexp(Cx): strongly convex (A ⪰ I), smooth."""
    Q = orthogonal(rng, n)
    A = (Q * rng.uniform(1, 10, size=n)) @ Q.T
    return (A + A.T) / 2, rng.normal(size=n) * 3, rng.normal(size=(n + 2, n))


@for_all(seeded(_convex_problem, 1, 5), max_examples=30)
def strongly_convex_functions(fn, problem):
    A, b, C = problem

    def softmax(x):
        z = C @ x
        e = np.exp(z - z.max())
        return e / e.sum()

    def f(x):
        z = C @ x
        return 0.5 * x @ A @ x - b @ x + z.max() + np.log(np.sum(np.exp(z - z.max())))

    def grad(x):
        return A @ x - b + C.T @ softmax(x)

    def hess(x):
        p = softmax(x)
        return A + C.T @ (np.diag(p) - np.outer(p, p)) @ C

    counted = _Counted(hess)
    x, converged = _result(fn(f, grad, counted, np.zeros(b.size)), b.size, "newton")
    if not (converged and np.linalg.norm(grad(x)) <= 1e-8 and counted.calls <= 30):
        raise Failed(
            f"Newton on ½xᵀAx − bᵀx + logsumexp(Cx) (A ⪰ I) must reach ‖∇f‖ ≤ 1e-8 in a few "
            f"steps, got {np.linalg.norm(grad(x)):.3g} after {counted.calls} Hessians"
        )


# --- projected_gradient_descent ----------------------------------------------------------------


@for_all(full_column_rank(1, 4, max_cond=3.0), st.integers(0, 2**32 - 1), max_examples=30)
def box_constrained_least_squares(fn, B, seed):
    rng = np.random.default_rng(seed)
    B = B / np.linalg.norm(B, 2)  # L = ‖B‖² = 1
    m, n = B.shape
    y, u = rng.normal(size=m), rng.uniform(0.05, 1.0, size=n)
    want = lsq_linear(B, y, bounds=(-u, u), method="bvls").x

    def f(x):
        return 0.5 * np.sum((B @ x - y) ** 2)

    def grad(x):
        return B.T @ (B @ x - y)

    x0 = rng.normal(size=n) * 3  # outside the box, often
    x, converged = _result(
        fn(f, grad, x0, lambda z: np.clip(z, -u, u), step=1.0, tol=1e-10, max_iter=5000),
        n,
        "projected_gradient_descent",
    )
    if np.any(np.abs(x) > u):
        raise Failed("the result lies outside the box: project every iterate (x0 too)")
    if not (converged and close(x, want, rtol=0, atol=1e-7)):
        raise Failed(
            f"min ½‖Bx − y‖² over a box is {np.round(want, 6)} (scipy's lsq_linear), got "
            f"{np.round(x, 6)} ({converged=}): stop on the gradient mapping, not on ∇f"
        )


def over_the_simplex(fn):
    y, c = np.array([0.9, 0.4, -0.3, 0.2]), np.array([0.1, -0.2, 0.0, 0.3])
    x, converged = _result(
        fn(
            lambda x: 0.5 * np.sum((x - y) ** 2) + c @ x,
            lambda x: x - y + c,
            np.zeros(4),
            _reference_simplex,
            step=0.5,
            tol=1e-10,
        ),
        4,
        "projected_gradient_descent",
    )
    want = _reference_simplex(y - c)
    if not (converged and close(x, want, rtol=0, atol=1e-8)):
        raise Failed(
            f"min ½‖x − y‖² + cᵀx over the simplex is the projection of y − c, "
            f"{np.round(want, 6)}, got {np.round(x, 6)} ({converged=}; at a constrained minimum "
            "∇f ≠ 0 — stop on the gradient mapping)"
        )
    _, converged = _result(
        fn(
            lambda x: 0.0,
            lambda x: x - y + c,
            np.zeros(4),
            _reference_simplex,
            step=0.01,
            max_iter=3,
        ),
        4,
        "",
    )
    if converged:
        raise Failed("three steps of α = 0.01 are not enough, yet converged=True")


PROBLEMS = [
    Problem(
        "project_ball",
        lambda fn: fn(np.array([3.0, 4.0])),
        [extreme_scales, projects_onto_the_ball],
    ),
    Problem(
        "project_simplex",
        lambda fn: fn(np.array([0.5, 0.8])),
        [simplex_edge_cases, projects_onto_the_simplex],
    ),
    Problem(
        "gradient_descent",
        lambda fn: fn(lambda x: x @ x, lambda x: 2 * x, np.ones(2)),
        [heavy_ball_steps, honest_and_refuses_to_diverge, momentum_pays_off, minimises_quadratics],
    ),
    Problem(
        "newton",
        lambda fn: fn(lambda x: x @ x, lambda x: 2 * x, lambda x: 2 * np.eye(2), np.ones(2)),
        [one_newton_step, rosenbrock, strongly_convex_functions],
    ),
    Problem(
        "projected_gradient_descent",
        lambda fn: fn(lambda x: x @ x, lambda x: 2 * x, np.ones(2), lambda z: np.clip(z, 0.5, 1)),
        [over_the_simplex, box_constrained_least_squares],
    ),
]
