"""The chapter figures of ``foundations.probability``, rendered by ``python -m foundations.chapter_figures``.

Each ``figure_chNN_<slug>`` takes no argument and returns a matplotlib ``Figure``; the notes
link it as ``figures/chNN_<slug>.png``. Plotting lives here, apart from the mathematics.
"""

from __future__ import annotations

import numpy as np

from .distributions import Binomial, Exponential, Geometric, Normal, Poisson, Uniform
from .expectation import running_mean, standardized_sample_means
from .spaces import diagnostic_test_posterior, simulate_diagnostic_test

__all__ = [
    "figure_ch18_bayes_diagnostic",
    "figure_ch19_histograms_vs_densities",
    "figure_ch20_central_limit_theorem",
    "figure_ch20_law_of_large_numbers",
]


def figure_ch19_histograms_vs_densities():
    """Histograms of 20,000 draws from each hand-written sampler against the exact pmf/pdf."""
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(19)
    n = 20_000
    discrete = [
        (Binomial(20, 0.35), "Binomial(20, 0.35)"),
        (Geometric(0.25), "Geometric(0.25)"),
        (Poisson(4.5), "Poisson(4.5)"),
    ]
    continuous = [
        (Uniform(-1.0, 3.0), "Uniform(-1, 3): inverse transform", (-1.5, 3.5)),
        (Normal(1.0, 2.0), "Normal(1, 2): Box–Muller", (-7.0, 9.0)),
        (Exponential(0.5), "Exponential(0.5): inverse transform", (0.0, 14.0)),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(11, 5.6))
    for ax, (dist, title) in zip(axes[0], discrete, strict=True):
        draws = dist.rvs(n, rng=rng)
        k = np.arange(0, int(dist.mean() + 5 * dist.std()) + 1)
        freq = np.bincount(draws, minlength=k.size)[: k.size] / n
        ax.bar(k, freq, width=0.8, alpha=0.6, label="sample frequency")
        ax.plot(k, dist.pmf(k), "ko", ms=3, label="pmf")
        ax.set_title(
            title + ": cdf table"
            if not isinstance(dist, Geometric)
            else title + ": closed-form inverse"
        )
        ax.title.set_fontsize(9)
    axes[0, 0].legend(fontsize=8)
    for ax, (dist, title, (lo, hi)) in zip(axes[1], continuous, strict=True):
        draws = dist.rvs(n, rng=rng)
        grid = np.linspace(lo, hi, 400)
        ax.hist(
            draws, bins=np.linspace(lo, hi, 50), density=True, alpha=0.6, label="sample histogram"
        )
        ax.plot(grid, dist.pdf(grid), "k", lw=1.2, label="pdf")
        ax.set_title(title, fontsize=9)
    axes[1, 0].legend(fontsize=8)
    fig.suptitle(
        "Samplers built on uniform numbers, 20,000 draws each, against the exact distributions"
    )
    fig.tight_layout()
    return fig


def figure_ch20_law_of_large_numbers():
    """Running means of die rolls and of exponential waiting times settle on the expectation."""
    import matplotlib.pyplot as plt

    from .distributions import Exponential
    from .sampling import weighted_sample

    rng = np.random.default_rng(20)
    n = 5000
    steps = np.arange(1, n + 1)
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.6), sharex=True)
    dice = 1 + weighted_sample(np.ones(6), (n, 6), rng=rng)
    waits = np.asarray(Exponential(0.5).rvs((n, 6), rng=rng))
    for ax, draws, mu, title in [
        (axes[0], dice, 3.5, "fair die, E[X] = 3.5"),
        (axes[1], waits, 2.0, "Exponential(rate 0.5), E[X] = 2"),
    ]:
        ax.semilogx(steps, running_mean(draws), lw=0.9, alpha=0.8)
        sd = np.sqrt(np.mean((draws - mu) ** 2))
        ax.fill_between(
            steps,
            mu - 2 * sd / np.sqrt(steps),
            mu + 2 * sd / np.sqrt(steps),
            color="grey",
            alpha=0.25,
            label=r"$\mu \pm 2\sigma/\sqrt{n}$",
        )
        ax.axhline(mu, color="k", lw=1)
        ax.set_title(title)
        ax.set_xlabel("n (number of draws)")
        ax.set_ylim(mu - 3 * sd / np.sqrt(4), mu + 3 * sd / np.sqrt(4))
    axes[0].set_ylabel("running mean")
    axes[0].legend(loc="upper right")
    fig.suptitle("Law of large numbers: six independent runs each")
    fig.tight_layout()
    return fig


def figure_ch20_central_limit_theorem():
    """Standardized means of exponential draws approach the normal density as n grows."""
    import matplotlib.pyplot as plt

    from .distributions import Exponential, Normal

    rng = np.random.default_rng(2020)
    sizes = (1, 2, 10, 100)
    grid = np.linspace(-4, 4, 400)
    fig, axes = plt.subplots(1, len(sizes), figsize=(11, 2.9), sharey=True)
    for ax, n in zip(axes, sizes, strict=True):
        z = standardized_sample_means(Exponential(1.0), n, 20_000, rng)
        ax.hist(z, bins=np.linspace(-4, 4, 61), density=True, alpha=0.6)
        ax.plot(grid, Normal().pdf(grid), "k", lw=1.2)
        ax.set_title(f"n = {n}")
        ax.set_xlabel(r"$\sqrt{n}(\bar X_n - \mu)/\sigma$")
    axes[0].set_ylabel("density")
    fig.suptitle("Central limit theorem: means of Exponential(1) draws, 20,000 repeats each")
    fig.tight_layout()
    return fig


def figure_ch18_bayes_diagnostic():
    """P(disease | positive) against prevalence: Bayes' formula and simulated screenings."""
    import matplotlib.pyplot as plt

    sensitivity, specificity = 0.99, 0.95
    prevalence = np.logspace(-4, -0.3, 200)
    exact = diagnostic_test_posterior(prevalence, sensitivity, specificity)
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.semilogx(prevalence, exact, label="Bayes' theorem (exact)")
    rng = np.random.default_rng(18)
    points = np.logspace(-3.5, -0.5, 8)
    estimates, errors = [], []
    for prev in points:
        sim = simulate_diagnostic_test(prev, sensitivity, specificity, 200_000, rng)
        q = sim.posterior_estimate
        estimates.append(q)
        errors.append(2 * np.sqrt(q * (1 - q) / sim.n_positive))
    ax.errorbar(
        points,
        estimates,
        yerr=errors,
        fmt="o",
        capsize=3,
        label="simulated, 200,000 people (±2 s.e.)",
    )
    ax.set_xlabel("prevalence P(D)")
    ax.set_ylabel("P(D | positive test)")
    ax.set_title("Sensitivity 99%, specificity 95%: a positive test on a rare disease")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left")
    return fig
