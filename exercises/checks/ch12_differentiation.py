"""Checks for chapter 12: forward, central and second differences; dual numbers."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..grading import Failed, Problem, close, for_all
from .strategies import log_uniform, polynomials

__all__ = ["PROBLEMS"]

EPS = np.finfo(float).eps


def _inv(x):
    return 1.0 / (1.0 + x * x)


#: name, f, (f', f'', f''', f''''), points (a strategy)
FUNCTIONS = {
    "sin": (np.sin, (np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x), np.sin)),
    "exp": (np.exp, (np.exp, np.exp, np.exp, np.exp)),
    "log": (
        np.log,
        (lambda x: 1 / x, lambda x: -1 / x**2, lambda x: 2 / x**3, lambda x: -6 / x**4),
    ),
    "x³ − 2x": (
        lambda x: x**3 - 2 * x,
        (lambda x: 3 * x**2 - 2, lambda x: 6 * x, lambda x: 6 + 0 * x, lambda x: 0 * x),
    ),
    "1/(1 + x²)": (
        _inv,
        (
            lambda x: -2 * x * _inv(x) ** 2,
            lambda x: (6 * x**2 - 2) * _inv(x) ** 3,
            lambda x: 24 * x * (1 - x**2) * _inv(x) ** 4,
            lambda x: 24 * (5 * x**4 - 10 * x**2 + 1) * _inv(x) ** 5,
        ),
    ),
}
POINTS = {
    "sin": st.floats(-10, 10) | log_uniform(1, 8),
    "exp": st.floats(-20, 20),
    "log": log_uniform(-2, 8),
    "x³ − 2x": st.floats(-10, 10) | log_uniform(1, 8) | log_uniform(1, 8).map(lambda x: -x),
    "1/(1 + x²)": st.floats(-10, 10) | log_uniform(1, 6),
}
CASES = st.sampled_from(sorted(FUNCTIONS)).flatmap(lambda n: st.tuples(st.just(n), POINTS[n]))


def _value(value, x, what: str) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if v.shape != np.shape(x):
        raise Failed(f"{what} must return a value shaped like x {np.shape(x)}, got {v.shape}")
    return v


def _tolerance(name: str, x: float, order: int, rate: float, truncation: tuple) -> float:
    """50 × (the Taylor terms the difference leaves + rounding), for the step ``rate·max(1, |x|)``.

    ``truncation`` lists the derivatives j whose terms |f⁽ʲ⁾(x)| h^(j − order) remain.
    """
    f, ds = FUNCTIONS[name]
    h = rate * max(1.0, abs(x))
    trunc = sum(abs(ds[j - 1](x)) * h ** (j - order) for j in truncation)
    values = np.abs(f(np.array([x - h, x, x + h])))  # (x − h > 0 for log: x ≥ 0.01)
    rounding = EPS * (np.max(values) + abs(x * ds[0](x))) / h**order
    return 50 * (trunc + rounding)


def _derivative_check(order: int, rate: float, truncation: tuple, what: str, hint: str):
    @for_all(CASES, max_examples=50)
    def matches_the_closed_form(fn, case):
        name, x = case
        f, ds = FUNCTIONS[name]
        got = float(_value(fn(f, x), x, what))
        want = ds[order - 1](x)
        tol = _tolerance(name, x, order, rate, truncation)
        if not abs(got - want) <= tol:
            raise Failed(
                f"{what} of {name} at x = {x!r} is {got:.10g}, expected {want:.10g} "
                f"(error {abs(got - want):.2g} > {tol:.2g}): {hint}"
            )

    return matches_the_closed_form


def _works_on_arrays(what: str):
    def works_on_arrays(fn):
        x = np.array([0.5, 1.0, 2.0])
        got = _value(fn(np.exp, x), x, what)
        if not close(got, np.exp(x), rtol=1e-5, atol=0):
            raise Failed(f"{what} of exp at the array [0.5, 1, 2] should be exp(x), got {got}")

    return works_on_arrays


def _explicit_step(what, f, x, h, want, formula):
    def uses_the_given_step(fn):
        got = float(_value(fn(f, x, h=h), x, what))
        if not np.isclose(got, want, rtol=1e-12, atol=0):
            raise Failed(f"{what} with h = {h} should be {formula} = {want:g}, got {got:.10g}")

    return uses_the_given_step


# --- Dual --------------------------------------------------------------------------------------


def _parts(d, what: str) -> tuple[float, float]:
    try:
        return float(d.value), float(d.deriv)
    except AttributeError:
        raise Failed(f"{what} must be a Dual with .value and .deriv, got {d!r}") from None


def _expect(got, want, what: str, rule: str) -> None:
    value, deriv = _parts(got, what)
    scale = 1e-12 * (1 + abs(want[0])), 1e-12 * (1 + abs(want[1]))
    if not (abs(value - want[0]) <= scale[0] and abs(deriv - want[1]) <= scale[1]):
        raise Failed(
            f"{what} = ({value:.6g}, {deriv:.6g}ε), expected ({want[0]:.6g}, {want[1]:.6g}ε): "
            f"{rule}"
        )


def _apply(op, what: str):
    try:
        return op()
    except (TypeError, AttributeError) as exc:
        raise Failed(f"{what} fails ({type(exc).__name__}: {exc})") from None


PARTS = st.floats(-10, 10)
DIVISOR = st.floats(0.1, 10) | st.floats(-10, -0.1)


@for_all(PARTS, PARTS, DIVISOR, PARTS)
def arithmetic_rules(Dual, a, b, c, d):
    x, y = Dual(a, b), Dual(c, d)
    rules = [
        ("x + y", lambda: x + y, (a + c, b + d), "(a + bε) + (c + dε) = (a + c) + (b + d)ε"),
        ("x − y", lambda: x - y, (a - c, b - d), "(a + bε) − (c + dε) = (a − c) + (b − d)ε"),
        ("−x", lambda: -x, (-a, -b), "−(a + bε) = −a − bε"),
        ("x · y", lambda: x * y, (a * c, a * d + b * c), "the product rule: ac + (ad + bc)ε"),
        ("x / y", lambda: x / y, (a / c, (b * c - a * d) / c**2), "the quotient rule"),
    ]
    for what, op, want, rule in rules:
        _expect(_apply(op, what), want, f"{what} for x = {a} + {b}ε, y = {c} + {d}ε", rule)


def mixes_with_numbers(Dual):
    x = Dual(3.0, 2.0)
    for what, op, want in [
        ("2 · x", lambda: 2 * x, (6.0, 4.0)),
        ("x · 2", lambda: x * 2, (6.0, 4.0)),
        ("2 + x", lambda: 2 + x, (5.0, 2.0)),
        ("x + 2", lambda: x + 2, (5.0, 2.0)),
        ("1 − x", lambda: 1 - x, (-2.0, -2.0)),
        ("x − 1", lambda: x - 1, (2.0, 2.0)),
        ("6 / x", lambda: 6 / x, (2.0, -6 * 2 / 9)),
        ("x / 2", lambda: x / 2, (1.5, 1.0)),
    ]:
        got = _apply(op, f"{what} for x = 3 + 2ε")
        _expect(got, want, f"{what} for x = 3 + 2ε", "a number c is the dual c + 0ε")


@for_all(st.floats(0.1, 5), PARTS)
def powers_and_functions(Dual, a, b):
    x = Dual(a, b)
    rules = [
        ("x³", lambda: x**3, (a**3, 3 * a**2 * b)),
        ("x⁻¹", lambda: x**-1, (1 / a, -b / a**2)),
        ("√x", lambda: x**0.5, (np.sqrt(a), 0.5 * b / np.sqrt(a))),
        ("sin x", lambda: x.sin(), (np.sin(a), np.cos(a) * b)),
        ("cos x", lambda: x.cos(), (np.cos(a), -np.sin(a) * b)),
        ("exp x", lambda: x.exp(), (np.exp(a), np.exp(a) * b)),
        ("log x", lambda: x.log(), (np.log(a), b / a)),
    ]
    for what, op, want in rules:
        where = f"{what} for x = {a} + {b}ε"
        _expect(_apply(op, where), want, where, "the chain rule: g(a) + g'(a) b ε")


# --- derivative_dual ---------------------------------------------------------------------------


def _number(value, what: str) -> float:
    if np.ndim(value) != 0:
        raise Failed(f"{what} must return a number, got shape {np.shape(value)}")
    return float(value)


def constant_and_identity(fn):
    got = _number(fn(lambda x: 3.0, 1.5), "derivative_dual")
    if got != 0.0:
        raise Failed(f"f(x) = 3 does not use x: its derivative is 0, got {got!r}")
    got = _number(fn(lambda x: x, 1.5), "derivative_dual")
    if got != 1.0:
        raise Failed(f"the derivative of f(x) = x is 1, got {got!r}: seed the ε part with 1")


@for_all(polynomials(5), st.floats(-3, 3))
def polynomials_exactly(fn, c, x):
    def horner(t):
        acc = float(c[-1])
        for coef in c[-2::-1]:
            acc = acc * t + float(coef)
        return acc

    P = np.polynomial.Polynomial(c)
    got = _number(fn(horner, x), "derivative_dual")
    want = P.deriv()(x)
    scale = 1e-12 * (1 + np.sum(np.abs(c) * max(1.0, abs(x)) ** np.arange(len(c))))
    if abs(got - want) > scale:
        raise Failed(f"the derivative of P(x) = Σ cₖ xᵏ at {x!r} is {want:.12g}, got {got:.12g}")


COMPOSITIONS = [
    (
        "exp(x sin x)/(1 + x²)",
        lambda x: (x.sin() * x).exp() / (1 + x * x),
        lambda x: (
            np.exp(x * np.sin(x))
            * ((np.sin(x) + x * np.cos(x)) * (1 + x**2) - 2 * x)
            / (1 + x**2) ** 2
        ),
    ),
    (
        "log(x² + 1) − cos²x",
        lambda x: (x * x + 1).log() - x.cos() ** 2,
        lambda x: 2 * x / (x**2 + 1) + 2 * np.cos(x) * np.sin(x),
    ),
    ("1/(x³ + 2)", lambda x: 1 / (x**3 + 2), lambda x: -3 * x**2 / (x**3 + 2) ** 2),
]


def compositions(fn):
    for name, f, df in COMPOSITIONS:
        for x in (-0.7, 0.3, 1.9):
            got = _number(fn(f, x), "derivative_dual")
            if not np.isclose(got, df(x), rtol=1e-13, atol=1e-15):
                raise Failed(f"the derivative of {name} at {x} is {df(x):.15g}, got {got:.15g}")


PROBLEMS = [
    Problem(
        "forward_difference",
        lambda fn: fn(np.sin, 1.0),
        [
            _explicit_step("the forward difference", np.square, 3.0, 0.5, 6.5, "2x + h"),
            _works_on_arrays("forward_difference"),
            _derivative_check(
                1, np.sqrt(EPS), (2, 3, 4), "forward_difference", "scale h with max(1, |x|)"
            ),
        ],
    ),
    Problem(
        "central_difference",
        lambda fn: fn(np.sin, 1.0),
        [
            _explicit_step("the central difference", lambda x: x**3, 2.0, 0.5, 12.25, "3x² + h²"),
            _works_on_arrays("central_difference"),
            _derivative_check(
                1, np.cbrt(EPS), (3, 4), "central_difference", "h ≈ ε^(1/3) max(1, |x|)"
            ),
        ],
    ),
    Problem(
        "second_derivative",
        lambda fn: fn(np.sin, 1.0),
        [
            _explicit_step("the second difference", lambda x: x**4, 1.0, 0.5, 12.5, "12x² + 2h²"),
            _derivative_check(2, EPS**0.25, (4,), "second_derivative", "h ≈ ε^(1/4) max(1, |x|)"),
        ],
    ),
    Problem(
        "Dual",
        lambda Dual: Dual(2.0, 1.0) * Dual(3.0, 0.0),
        [arithmetic_rules, mixes_with_numbers, powers_and_functions],
    ),
    Problem(
        "derivative_dual",
        lambda fn: fn(lambda x: x * x, 3.0),
        [constant_and_identity, compositions, polynomials_exactly],
    ),
]
