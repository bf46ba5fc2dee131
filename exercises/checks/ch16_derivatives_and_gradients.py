"""Checks for chapter 16: gradients, directional derivatives, Jacobians, reverse-mode autodiff."""

from __future__ import annotations

import cmath
import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ..grading import Failed, Problem, close, for_all
from .strategies import ENTRY, expression_programs, log_uniform, vectors

__all__ = ["PROBLEMS"]


def _logsumexp(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def _rosenbrock(x):
    return np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2) + 0.0 * x[0]


def _rosenbrock_grad(x):
    g = np.zeros_like(x)
    d = x[1:] - x[:-1] ** 2
    g[:-1] += -400 * x[:-1] * d - 2 * (1 - x[:-1])
    g[1:] += 200 * d
    return g


#: name -> (f, ∇f, points)
FIELDS = {
    "log-sum-exp": (_logsumexp, lambda x: np.exp(x - _logsumexp(x)), ENTRY),
    "Rosenbrock": (_rosenbrock, _rosenbrock_grad, st.floats(-2, 2)),
    "Σ sin(xᵢ) xᵢ₊₁ + ‖x‖²/2": (
        lambda x: np.sum(np.sin(x[:-1]) * x[1:]) + 0.5 * x @ x,
        lambda x: (
            x
            + np.concatenate([np.cos(x[:-1]) * x[1:], [0.0]])
            + np.concatenate([[0.0], np.sin(x[:-1])])
        ),
        ENTRY,
    ),
}


@st.composite
def _field_points(draw):
    name = draw(st.sampled_from(sorted(FIELDS)))
    n = draw(st.integers(1, 5))
    return name, draw(hnp.arrays(np.float64, (n,), elements=FIELDS[name][2]))


def _tol(f, g, x) -> float:
    return 1e-7 * (1.0 + np.max(np.abs(g)) + abs(f(x)) / max(1.0, np.max(np.abs(x))))


class _Counted:
    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, x):
        self.calls += 1
        return self.f(x)


# --- gradient ----------------------------------------------------------------------------------


@for_all(_field_points())
def matches_the_analytic_gradient(fn, case):
    name, x = case
    f, grad, _ = FIELDS[name]
    seen = x.copy()
    got = np.asarray(fn(f, x), dtype=float)
    if not np.array_equal(x, seen):
        raise Failed("gradient modified its argument x: work on a copy")
    want = grad(x)
    if got.shape != x.shape or not close(got, want, rtol=0, atol=_tol(f, want, x)):
        raise Failed(
            f"∇f for {name} at a point in ℝ^{x.size} is {np.round(want, 8)}, got "
            f"{np.round(got, 8) if got.shape == x.shape else got.shape}: (f(x + hᵢeᵢ) − f(x − hᵢeᵢ))/2hᵢ"
        )


def integer_points(fn):
    got = np.asarray(fn(lambda x: x @ x, np.array([1, 2])), dtype=float)
    if not close(got, [2.0, 4.0], rtol=1e-8, atol=0):
        raise Failed(
            f"∇(x·x) at the integer point (1, 2) is (2, 4), got {got}: an integer array cannot "
            "hold x + h — use a float copy"
        )


# --- directional_derivative --------------------------------------------------------------------


@for_all(_field_points(), st.integers(0, 2**32 - 1), st.one_of(st.just(1.0), log_uniform(-8, 3)))
def matches_the_gradient_along_v(fn, case, seed, length):
    name, x = case
    f, grad, _ = FIELDS[name]
    v = np.random.default_rng(seed).normal(size=x.size)
    v *= length / np.linalg.norm(v)
    counted = _Counted(f)
    got = float(fn(counted, x.copy(), v.copy()))
    want = grad(x) @ v
    tol = _tol(f, grad(x), x) * length * np.sqrt(x.size)
    if not abs(got - want) <= tol:
        raise Failed(
            f"D_v f for {name} with ‖v‖ = {length:.3g} is ∇f(x)ᵀv = {want:.10g}, got {got:.10g} "
            "(v is not normalised; scale the step t by 1/max|vᵢ|)"
        )
    if counted.calls > 2:
        raise Failed(f"D_v f took {counted.calls} calls of f: a difference along v needs two")


def zero_direction(fn):
    got = float(fn(np.sum, np.array([1.0, 2.0]), np.zeros(2)))
    if got != 0.0:
        raise Failed(f"the derivative along v = 0 is 0, got {got!r}")


# --- jacobian ----------------------------------------------------------------------------------


@st.composite
def _maps(draw):
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    B = draw(hnp.arrays(np.float64, (m, n), elements=st.floats(-3, 3)))
    u = draw(vectors(m))
    return B, u, draw(hnp.arrays(np.float64, (n,), elements=st.floats(-3, 3)))


@for_all(_maps())
def matches_the_analytic_jacobian(fn, case):
    B, u, x = case
    m, n = B.shape

    def F(z):
        return B @ np.tanh(z) + z[0] ** 2 * u

    want = B * (1 - np.tanh(x) ** 2) + np.outer(u, np.eye(n)[0]) * 2 * x[0]
    got = np.asarray(fn(F, x.copy()), dtype=float)
    if got.shape != (m, n):
        raise Failed(
            f"the Jacobian of F: ℝ^{n} → ℝ^{m} is {m}×{n} (Jᵢⱼ = ∂Fᵢ/∂xⱼ), got {got.shape}"
        )
    if not close(got, want, rtol=0, atol=1e-7 * (1 + np.abs(want).max())):
        raise Failed(f"Jᵢⱼ ≠ ∂Fᵢ/∂xⱼ for F(x) = B tanh(x) + x₀² u, F: ℝ^{n} → ℝ^{m}")


# --- Value -------------------------------------------------------------------------------------


def _grad(node, what: str) -> float:
    try:
        return float(node.grad)
    except AttributeError:
        raise Failed(f"{what}: a Value must have .grad") from None


def _backward(out, what: str) -> None:
    try:
        out.backward()
    except RecursionError:
        raise Failed(
            f"backward on {what} exceeds Python's recursion limit: order the nodes without "
            "recursion (an explicit stack)"
        ) from None


def _expect_grads(pairs, what: str, hint: str) -> None:
    for node, want, name in pairs:
        got = _grad(node, what)
        if not abs(got - want) <= 1e-12 * (1 + abs(want)):
            raise Failed(f"{what}: ∂/∂{name} = {want:.12g}, got {got:.12g} ({hint})")


def product_rule(Value):
    x, y = Value(2.0), Value(-3.0)
    if _grad(x, "a new Value") != 0.0:
        raise Failed("a new Value starts with grad 0")
    z = x * y
    _backward(z, "x·y")
    if _grad(z, "the output") != 1.0:
        raise Failed("after out.backward(), out.grad is 1")
    _expect_grads([(x, -3.0, "x"), (y, 2.0, "y")], "z = x·y at (2, −3)", "the product rule")
    for what, build, want in [
        ("x + 1", lambda x: x + 1, 1.0),
        ("1 + x", lambda x: 1 + x, 1.0),
        ("4·x", lambda x: 4 * x, 4.0),
        ("x·4", lambda x: x * 4, 4.0),
    ]:
        x = Value(3.0)
        _backward(build(x), what)
        _expect_grads([(x, want, "x")], f"z = {what}", "a number c is a constant node")


def chains(Value):
    x, y, w = Value(2.0), Value(-3.0), Value(5.0)
    _backward(x * y + w, "x·y + w")
    _expect_grads(
        [(x, -3.0, "x"), (y, 2.0, "y"), (w, 1.0, "w")],
        "z = x·y + w at (2, −3, 5)",
        "a node pushes its grad only once every node that uses it has pushed: reverse "
        "topological order",
    )


def reused_nodes(Value):
    x = Value(3.0)
    _backward(x * x, "x·x")
    _expect_grads([(x, 6.0, "x")], "x·x at 3", "a node used twice: add into grad, do not overwrite")
    x, y = Value(2.0), Value(-3.0)
    _backward(x * y + x, "x·y + x")
    _expect_grads([(x, -2.0, "x"), (y, 2.0, "y")], "x·y + x at (2, −3)", "add into grad")
    x, y = Value(2.0), Value(3.0)
    a = x * y
    c = a * (a + x)
    _backward(c, "a diamond")
    _expect_grads(
        [(x, 48.0, "x"), (y, 28.0, "y")],
        "a = xy, c = a(a + x) at (2, 3)",
        "push a node's grad only when it is complete: reverse topological order",
    )


def tanh_slope(Value):
    for v in (0.5, -2.0, 30.0):
        x = Value(v)
        _backward(x.tanh(), f"tanh({v})")
        _expect_grads([(x, 1 - math.tanh(v) ** 2, "x")], f"tanh x at {v}", "1 − tanh²x")


def deep_chains(Value):
    x = Value(1.0)
    out = x
    for _ in range(3000):
        out = out + 1.0
    _backward(out, "a chain of 3000 additions")
    _expect_grads([(x, 1.0, "x")], "x + 1 + 1 + … (3000 times)", "")


def _step(op, a, b, c, tanh):
    if op == "add":
        return a + b
    if op == "mul":
        return a * b
    if op == "tanh":
        return tanh(a)
    return c + a if op == "add_number" else c * a


def _run(program, leaf, tanh):
    inputs, steps = program
    nodes = [leaf(v) for v in inputs]
    for op, i, j, c in steps:
        nodes.append(_step(op, nodes[i % len(nodes)], nodes[j % len(nodes)], c, tanh))
    return nodes


@for_all(expression_programs(3, 8))
def random_graphs_against_the_complex_step(Value, program):
    nodes = _run(program, Value, lambda a: a.tanh())
    _backward(nodes[-1], "a random graph")
    inputs = program[0]
    for k in range(len(inputs)):
        # f(x + ih) = f(x) + ih f'(x) + O(h²): the imaginary part is the exact derivative
        shifted = [complex(v, 1e-30 if i == k else 0.0) for i, v in enumerate(inputs)]
        out = _run((shifted, program[1]), lambda v: v, cmath.tanh)[-1]
        want = complex(out).imag / 1e-30
        got = _grad(nodes[k], "an input")
        if not abs(got - want) <= 1e-10 * (1 + abs(want)):
            raise Failed(
                f"∂out/∂x{k} of a random graph of +, ·, tanh is {want:.12g} (complex step), "
                f"got {got:.12g}"
            )


PROBLEMS = [
    Problem(
        "gradient",
        lambda fn: fn(lambda x: x @ x, np.ones(2)),
        [matches_the_analytic_gradient, integer_points],
    ),
    Problem(
        "directional_derivative",
        lambda fn: fn(lambda x: x @ x, np.ones(2), np.ones(2)),
        [zero_direction, matches_the_gradient_along_v],
    ),
    Problem(
        "jacobian",
        lambda fn: fn(lambda x: 2 * x, np.ones(2)),
        [matches_the_analytic_jacobian],
    ),
    Problem(
        "Value",
        lambda Value: (Value(2.0) * Value(3.0)).backward(),
        [
            product_rule,
            chains,
            reused_nodes,
            tanh_slope,
            deep_chains,
            random_graphs_against_the_complex_step,
        ],
    ),
]
