"""The chapter figures of ``foundations.calculus``, rendered by ``python -m foundations.chapter_figures``.

Each ``figure_chNN_<slug>`` takes no argument and returns a matplotlib ``Figure``; the notes
link it as ``figures/chNN_<slug>.png``. Plotting lives here, apart from the mathematics.
"""

from __future__ import annotations

import numpy as np

from .continuity import epsilon_delta
from .differentiation import finite_difference_errors
from .dual import derivative_dual
from .functions import RELU, SIGMOID, SOFTPLUS, TANH, logsumexp, logsumexp_naive
from .integration import integrate, monte_carlo_integral
from .limits import bisect
from .optimization import golden_section_search, gradient_descent_1d, newton_1d
from .quadrature import fixed_quad, quad
from .sequences import one_minus_cos, one_minus_cos_naive, taylor_polynomial, taylor_remainder_bound
from .series import harmonic_numbers, ratio_test

__all__ = [
    "figure_ch09_activations",
    "figure_ch10_series",
    "figure_ch10_taylor",
    "figure_ch11_bisection",
    "figure_ch11_epsilon_delta",
    "figure_ch12_step_size",
    "figure_ch13_convergence",
    "figure_ch14_convergence",
    "figure_ch14_gauss_legendre",
]


def figure_ch12_step_size():
    """Error of forward and central differences of sin at x = 1 as the step shrinks."""
    import matplotlib.pyplot as plt

    steps = np.logspace(-15, 0, 151)
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for method, p in (("forward", 1), ("central", 2)):
        err = finite_difference_errors(np.sin, np.cos, 1.0, steps, method)
        ax.loglog(steps, np.maximum(err, 1e-18), label=f"{method} difference")
        ax.axvline(np.finfo(float).eps ** (1 / (p + 1)), ls=":", lw=1, color="grey")
    ax.loglog(steps, 0.5 * np.sin(1.0) * steps, "k--", lw=0.8, label="truncation ½|f''| h")
    ax.loglog(steps, np.finfo(float).eps / steps, "k-.", lw=0.8, label="rounding ε/h")
    dual = abs(float(derivative_dual(np.sin, 1.0)) - np.cos(1.0))
    ax.axhline(max(dual, 1e-17), color="green", lw=1, label=f"dual numbers ({dual:.0e})")
    ax.set_ylim(1e-18, 1)
    ax.set_xlabel("step h")
    ax.set_ylabel("|approximation - cos(1)|")
    ax.set_title("d/dx sin x at x = 1: truncation vs rounding (dotted: ε^½, ε^⅓)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def figure_ch09_activations():
    """The activation functions and their derivatives; naive vs stable log-sum-exp."""
    import matplotlib.pyplot as plt

    x = np.linspace(-5, 5, 401)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    for f in (SIGMOID, TANH, RELU, SOFTPLUS):
        axes[0].plot(x, f(x), label=f.name)
        axes[1].plot(x, f.derivative(x), label=f"{f.name}'")
    axes[0].set_title("activation functions")
    axes[1].set_title("their derivatives")
    for ax in axes[:2]:
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    shifts = np.linspace(0, 1000, 201)
    base = np.array([0.0, 1.0, 2.0])
    with np.errstate(over="ignore"):
        naive = [float(logsumexp_naive(base + s)) for s in shifts]
    stable = [float(logsumexp(base + s)) for s in shifts]
    axes[2].plot(shifts, stable, label="stable: m + log Σ exp(x - m)")
    axes[2].plot(shifts, naive, "--", label="naive: log Σ exp(x)  (inf past 709)")
    axes[2].set_xlabel("shift s, x = (0, 1, 2) + s")
    axes[2].set_title("log-sum-exp")
    axes[2].legend(fontsize=8)
    axes[2].grid(alpha=0.3)
    fig.tight_layout()
    return fig


def figure_ch14_convergence():
    r"""Error against :math:`n` for :math:`\int_0^1 e^x dx = e - 1`, each rule on a log-log plot."""
    import matplotlib.pyplot as plt

    exact = np.e - 1
    ns = 2 ** np.arange(1, 15)
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for rule in ("left", "midpoint", "trapezoid", "simpson"):
        err = [abs(integrate(np.exp, 0.0, 1.0, int(n), rule) - exact) for n in ns]
        ax.loglog(ns, np.maximum(err, 1e-17), "o-", ms=3, label=rule)
    mc = [
        abs(monte_carlo_integral(np.exp, 0.0, 1.0, int(n), random_state=0)[0] - exact) for n in ns
    ]
    ax.loglog(ns, mc, "x", label="Monte Carlo (one run)")
    for p, c in ((1, 0.9), (2, 0.15), (4, 0.01), (0.5, 0.5)):
        ax.loglog(ns, c * ns.astype(float) ** -p, "k:", lw=0.7)
        ax.annotate(f"n^-{p:g}", (ns[-1], c * float(ns[-1]) ** -p), fontsize=7)
    ax.set_xlabel("intervals / samples n")
    ax.set_ylabel("|error|")
    ax.set_title("∫₀¹ eˣ dx: orders 1, 2, 2, 4 and ½")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def figure_ch11_bisection():
    """Bisection on cos x = x: the actual error always under the guaranteed bound."""
    import matplotlib.pyplot as plt

    f = lambda x: np.cos(x) - x  # noqa: E731
    res = bisect(f, 0.0, 2.0, xtol=1e-15)
    root = res.root
    n = np.arange(1, res.n_iter + 1)
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.semilogy(n, np.maximum(np.abs(res.history - root), 1e-17), "o", ms=3, label="|m_n - x*|")
    ax.semilogy(n, 2.0 / 2.0**n, "-", label="bound (b - a) / 2ⁿ")
    ax.set_xlabel("step n")
    ax.set_title("bisection on cos x = x over [0, 2]")
    ax.legend()
    ax.grid(alpha=0.3)
    return fig


def figure_ch13_convergence():
    r"""Error per iteration on :math:`f(x) = e^x - 2x` (minimum at :math:`\ln 2`)."""
    import matplotlib.pyplot as plt

    x_star = np.log(2.0)
    df = lambda x: np.exp(x) - 2  # noqa: E731
    runs = {
        "gradient descent, α = 0.5 (linear)": gradient_descent_1d(df, 2.0, step=0.5).history,
        "golden section on [-1, 3] (linear, 0.618)": golden_section_search(
            lambda x: np.exp(x) - 2 * x, -1.0, 3.0, tol=1e-15
        ).history,
        "Newton (quadratic)": newton_1d(df, np.exp, 2.0).history,
    }
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for label, hist in runs.items():
        err = np.abs(hist - x_star)
        ax.semilogy(np.arange(err.size), np.maximum(err, 1e-17), "o-", ms=3, label=label)
    ax.set_xlabel("iteration k")
    ax.set_ylabel("|x_k - ln 2|")
    ax.set_title("minimising eˣ - 2x")
    ax.set_xlim(0, 60)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def figure_ch10_taylor():
    """Taylor error of exp and log1p vs Lagrange's bound; cancellation in 1 - cos x."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    degrees = np.arange(0, 21)
    for name, x in (("exp", 2.0), ("sin", 3.0), ("log1p", 0.5)):
        true = {"exp": np.exp, "sin": np.sin, "log1p": np.log1p}[name](x)
        err = [abs(float(taylor_polynomial(name, x, n)) - true) for n in degrees]
        bound = [float(taylor_remainder_bound(name, x, n)) for n in degrees]
        (line,) = axes[0].semilogy(
            degrees, np.maximum(err, 1e-17), "o", ms=3, label=f"{name}({x:g})"
        )
        axes[0].semilogy(degrees, bound, "-", color=line.get_color(), lw=1)
    axes[0].set_xlabel("degree n")
    axes[0].set_title("|f(x) - T_n(x)| (dots) under Lagrange's bound (lines)")
    axes[0].legend(fontsize=8)
    axes[0].grid(alpha=0.3)
    x = np.logspace(-10, 0, 200)
    reference = 2.0 * np.sin(x.astype(np.longdouble) / 2) ** 2  # extended precision
    for fn, label in ((one_minus_cos_naive, "1 - cos x"), (one_minus_cos, "2 sin²(x/2)")):
        rel = np.abs(fn(x) - reference) / reference
        axes[1].loglog(x, np.maximum(rel.astype(float), 1e-17), label=label)
    axes[1].loglog(x, np.finfo(float).eps / x**2, "k:", lw=1, label="ε / x²")
    axes[1].set_ylim(1e-17, 10)
    axes[1].set_xlabel("x")
    axes[1].set_title("relative error: cancellation")
    axes[1].legend(fontsize=8)
    axes[1].grid(alpha=0.3)
    fig.tight_layout()
    return fig


def figure_ch10_series():
    """Partial sums of convergent and divergent series; the ratio and root statistics."""
    import matplotlib.pyplot as plt

    n = 10**5
    k = np.arange(1, n + 1, dtype=float)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.9))
    ax = axes[0]
    ax.semilogx(k, harmonic_numbers(n), label="Σ 1/k (diverges, ≈ log n + γ)")
    ax.semilogx(k, np.log(k) + np.euler_gamma, "k:", lw=1)
    ax.semilogx(k, np.cumsum(k**-2.0), label="Σ 1/k² → π²/6")
    ax.semilogx(k, np.cumsum((-1.0) ** (k + 1) / k), label="Σ (-1)^(k+1)/k → log 2")
    ax.semilogx(
        k[:60], np.cumsum((-1.0) ** (k[:60] + 1)), ".", ms=3, label="Σ (-1)^(k+1): oscillates"
    )
    ax.axhline(np.pi**2 / 6, color="grey", lw=0.5)
    ax.set_xlabel("terms n")
    ax.set_title("partial sums")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    ax = axes[1]
    ks = 2.0 ** np.arange(2, 15)
    series = {
        "k 2^-k (ρ = 1/2)": lambda k: np.log(k) - k * np.log(2),
        "k!/k^k (ρ = 1/e)": lambda k: _gammaln(k + 1) - k * np.log(k),
        "1/k² (ρ = 1)": lambda k: -2 * np.log(k),
    }
    for (label, log_a), marker in zip(series.items(), "os^", strict=True):
        ratio = np.exp(log_a(ks + 1) - log_a(ks))
        root = np.exp(log_a(ks) / ks)
        (line,) = ax.semilogx(ks, ratio, marker + "-", ms=3, label=f"ratio, {label}")
        ax.semilogx(ks, root, marker + "--", ms=3, color=line.get_color(), alpha=0.6)
        verdict = ratio_test(log_a, log=True).verdict
        ax.annotate(verdict, (ks[-1], ratio[-1]), fontsize=7, va="bottom", ha="right")
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_xlabel("k")
    ax.set_title("|a_(k+1)/a_k| (solid) and |a_k|^(1/k) (dashed)")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _gammaln(x):
    from scipy.special import gammaln

    return gammaln(x)


def figure_ch11_epsilon_delta():
    """ε–δ made visible: the δ found for x² at 1, and none for sign at 0."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    f, x0, eps = (lambda x: x**2), 1.0, 0.3
    res = epsilon_delta(f, x0, eps)
    x = np.linspace(0.4, 1.6, 400)
    ax = axes[0]
    ax.plot(x, f(x), label="f(x) = x²")
    ax.axhspan(f(x0) - eps, f(x0) + eps, color="C1", alpha=0.2, label=f"f(x0) ± ε, ε = {eps}")
    ax.axvspan(
        x0 - res.delta, x0 + res.delta, color="C2", alpha=0.2, label=f"x0 ± δ, δ = {res.delta:.4f}"
    )
    ax.plot([x0], [f(x0)], "ko", ms=4)
    ax.set_title("continuous at 1: a δ exists (√1.3 - 1)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax = axes[1]
    x = np.linspace(-1, 1, 401)
    sign_res = epsilon_delta(np.sign, 0.0, 0.5)
    ax.plot(x[x < 0], np.sign(x[x < 0]), "C0")
    ax.plot(x[x > 0], np.sign(x[x > 0]), "C0", label="sign x")
    ax.plot([0], [0], "ko", ms=4)
    ax.axhspan(-0.5, 0.5, color="C1", alpha=0.2, label="f(0) ± 0.5")
    ax.set_title(f"sign at 0: no δ ≥ {sign_res.resolution:.0e} works")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def figure_ch14_gauss_legendre():
    """Gauss–Legendre against Simpson per evaluation; an endpoint singularity made smooth."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 3.9))
    ax = axes[0]
    f, exact = (lambda x: 1 / (1 + 25 * x * x)), 2 * np.arctan(5.0) / 5  # Runge, on [-1, 1]
    ns = np.arange(2, 61, 2)
    gauss = [abs(fixed_quad(f, -1.0, 1.0, int(n))[0] - exact) for n in ns]
    simpson = [abs(integrate(f, -1.0, 1.0, int(n), "simpson") - exact) for n in ns]
    trap = [abs(integrate(f, -1.0, 1.0, int(n), "trapezoid") - exact) for n in ns]
    ax.semilogy(ns, np.maximum(gauss, 1e-17), "o-", ms=3, label="Gauss–Legendre, n nodes")
    ax.semilogy(ns + 1, np.maximum(simpson, 1e-17), "s-", ms=3, label="Simpson, n + 1 points")
    ax.semilogy(ns + 1, np.maximum(trap, 1e-17), "^-", ms=3, label="trapezoid, n + 1 points")
    ax.set_xlabel("evaluations of f")
    ax.set_ylabel("|error|")
    ax.set_title("∫ 1/(1 + 25x²) over [-1, 1]")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax = axes[1]
    tau = np.linspace(1e-4, 1 - 1e-4, 400)
    s = tau**4 * (35 - 84 * tau + 70 * tau**2 - 20 * tau**3)
    ds = 140 * (tau * (1 - tau)) ** 3
    ax.plot(tau, 1 / np.sqrt(tau), label="1/√x on [0, 1] (x = τ): infinite at 0")
    ax.plot(tau, ds / np.sqrt(s), label="f(s(τ)) s'(τ) after x = s(τ): bounded, smooth")
    ax.set_ylim(0, 8)
    value, err = quad(lambda x: 1 / np.sqrt(x), 0.0, 1.0)
    ax.set_title(f"quad: ∫ 1/√x = {value:.15f} (estimate {err:.0e})", fontsize=9)
    ax.set_xlabel("τ")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
