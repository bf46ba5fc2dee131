"""The numbers quoted in the notes of chapters 9-14 are what the code measures now.

Each test recomputes a quoted number and requires its printed form in the note (spaces ignored,
so ``2.8\\cdot 10^{-9}`` matches ``2.8\\cdot10^{-9}``). That the notes use only math GitHub
renders is checked for every chapter in ``tests/foundations/test_notes.py``.
"""

import re
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate

from foundations.calculus import (
    adaptive_simpson,
    bisect,
    epsilon_delta,
    finite_difference_errors,
    fixed_quad,
    golden_section_search,
    gradient_descent_1d,
    harmonic_numbers,
    newton_1d,
    numerical_limit,
    observed_order,
    quad,
    ratio_test,
    root_test,
    roots_legendre,
    simpson_rule,
)

NOTES = Path(__file__).resolve().parents[3] / "foundations" / "notes"
CHAPTERS = {
    9: "ch09_functions.md",
    10: "ch10_sequences_and_series.md",
    11: "ch11_limits_and_continuity.md",
    12: "ch12_differentiation.md",
    13: "ch13_optimization.md",
    14: "ch14_integration.md",
}


def note(chapter: int) -> str:
    return (NOTES / CHAPTERS[chapter]).read_text(encoding="utf-8")


def sci(x: float, digits: int = 1) -> str:
    r"""``x`` as the notes print it: ``2.8\cdot10^{-9}`` (``digits`` significant digits)."""
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return rf"{mantissa}\cdot10^{{{int(exponent)}}}"


def assert_quoted(chapter: int, *texts: str) -> None:
    squeezed = re.sub(r"\s+", "", note(chapter))
    for text in texts:
        assert re.sub(r"\s+", "", text) in squeezed, f"ch{chapter} should quote {text!r}"


def test_ch09_log1p_in_logsumexp():
    from foundations.calculus import logsumexp

    x = np.array([0.0, -40.0])
    assert np.log(np.sum(np.exp(x - x.max()))) == 0.0  # the naive remainder: relative error 1
    true = np.log1p(np.exp(-40.0))
    assert logsumexp(x) == pytest.approx(true, rel=1e-15)
    assert_quoted(9, rf"\approx {sci(true, 2)}", "8, 20, 40 and 700")


def test_ch10_series_numbers():
    H = harmonic_numbers(10**6)
    res = ratio_test(lambda k: np.log(k) - k * np.log(2), log=True)
    root = root_test(lambda k: k**-2.0)
    assert res.verdict == "converges" and root.verdict == "inconclusive"
    assert_quoted(
        10,
        f"H_{{10^6}} = {H[-1]:.4f}",
        rf"\rho = {res.statistic:.1f}",
        f"error estimate of $`{sci(res.error)}`$",
        rf"{root.statistic:.4f} \pm {root.error:.4f}",
        rf"e^{{20 - \gamma}} \approx {sci(np.exp(20 - np.euler_gamma), 2)}",
    )


def test_ch11_numbers():
    delta = epsilon_delta(lambda x: x**2, 1.0, 0.1).delta
    assert delta == pytest.approx(np.sqrt(1.1) - 1, rel=1e-12)
    resolution = epsilon_delta(np.sign, 0.0, 0.5).resolution
    value, err = numerical_limit(lambda x: (1 - np.cos(x)) / x**2, 0.0)
    root_value, root_err = numerical_limit(np.sqrt, 0.0, side="right")
    res = bisect(lambda x: np.cos(x) - x, 0.0, 2.0)
    assert_quoted(
        11,
        rf"\delta = {delta:.7f}",
        rf"\delta \ge {sci(resolution, 2)}",
        f"to $`{sci(abs(value - 0.5), 2)}`$ with an estimate of $`{sci(err, 2)}`$",
        f"error $`{sci(abs(root_value))}`$, estimate $`{sci(root_err)}`$",
        f"takes {res.n_iter} halvings",
        f"(error bound $`{sci(res.error_bound, 2)}`$",
    )


def test_ch12_step_size_numbers():
    steps = np.logspace(-15, 0, 151)
    quoted = []
    for method in ("forward", "central"):
        err = finite_difference_errors(np.sin, np.cos, 1.0, steps, method)
        i = int(np.argmin(err))
        quoted.append(f"error $`{sci(err[i], 2)}`$ at $`h = {sci(steps[i], 2)}`$")
    assert_quoted(12, *quoted)


def test_ch13_numbers():
    df = lambda x: np.exp(x) - 2  # noqa: E731
    small = gradient_descent_1d(df, 2.0, step=1e-6, max_iter=1000)
    assert not small.converged
    newton = newton_1d(df, np.exp, 2.0).n_iter
    gd = gradient_descent_1d(df, 2.0, step=0.5).n_iter
    golden = golden_section_search(lambda x: np.exp(x) - 2 * x, -1.0, 3.0, tol=1e-15).n_iter
    assert_quoted(
        13,
        f"x = {small.x:.4f}",
        small.message,
        f"{newton} iterations",
        rf"\lvert f'\rvert \le 10^{{-10}}`$ in {gd};",
        f"took {golden} steps",
    )


def test_ch14_orders_adaptive_and_gauss_numbers():
    orders = {
        rule: ", ".join(
            f"{v:.4f}" for v in observed_order(np.exp, 0, 1, np.e - 1, rule, [8, 16, 32, 64])
        )
        for rule in ("left", "midpoint", "trapezoid", "simpson")
    }
    # the textbook start on [0, 1] alone: five samples, all zeros of sin²(8πx)
    x = np.linspace(0, 1, 5)
    y = np.sin(8 * np.pi * x) ** 2
    S = (1.0 - 0.0) / 6 * (y[0] + 4 * y[2] + y[4])  # as the old code computed it
    S2 = (0.5 - 0.0) / 6 * (y[0] + 4 * y[1] + y[2]) + (1.0 - 0.5) / 6 * (y[2] + 4 * y[3] + y[4])
    periodic = adaptive_simpson(lambda t: np.sin(8 * np.pi * t) ** 2, 0.0, 1.0)
    kink = adaptive_simpson(lambda t: np.sqrt(np.abs(t - 0.3)), 0.0, 1.0, tol=1e-9)
    assert periodic[0] == pytest.approx(0.5, abs=1e-15)
    xg, wg = roots_legendre(100)
    X, W = np.polynomial.legendre.leggauss(100)
    runge, exact = (lambda t: 1 / (1 + 25 * t * t)), 2 * np.arctan(5.0) / 5
    gain = [
        abs(simpson_rule(runge, -1, 1, n) - exact) / abs(fixed_quad(runge, -1, 1, n)[0] - exact)
        for n in (20, 60)
    ]
    assert 1.5 < gain[0] < 3 and 200 < gain[1] < 400
    assert_quoted(
        14,
        *(f"{rule} {text}" for rule, text in orders.items() if rule != "simpson"),
        f"Simpson {orders['simpson']}",
        f"returned $`{sci(S2 + (S2 - S) / 15)}`$",
        f"estimate of $`{sci(abs(S2 - S) / 15)}`$",
        f"with {periodic[2]} evaluations",
        f"with {kink[2]} evaluations",
        f"within $`{sci(np.max(np.abs(xg - X)), 2)}`$",
        f"within $`{sci(np.max(np.abs(wg - W) / W), 2)}`$ relative",
        "about 300 times more",
    )


IMPROPER_TABLE = [
    (lambda x: 1 / np.sqrt(x), 0, 1, 2.0, (1, 1, 1)),
    (lambda x: x**-0.9, 0, 1, 10.0, (1, 2, 1)),
    (lambda x: np.exp(-x * x), -np.inf, np.inf, np.sqrt(np.pi), (1, 1, 1)),
    (lambda x: np.exp(-x) * np.log(x), 0, np.inf, -np.euler_gamma, (1, 1, 1)),
]


@pytest.mark.parametrize(("f", "a", "b", "exact", "digits"), IMPROPER_TABLE)
def test_ch14_improper_integral_table(f, a, b, exact, digits):
    value, est = quad(f, a, b)
    ref = scipy.integrate.quad(f, a, b)[0]
    cells = [sci(abs(value - exact), digits[0]), sci(est, digits[1])]
    ref_err = abs(ref - exact)
    cells.append(sci(ref_err, digits[2]) if ref_err > 0 else "0")
    rows = [re.sub(r"\s+", "", line) for line in note(14).splitlines() if line.startswith("|")]
    assert any(all(re.sub(r"\s+", "", c) in row for c in cells) for row in rows), cells
    assert abs(value - exact) <= est <= max(1.49e-8, 1.49e-8 * abs(exact))
