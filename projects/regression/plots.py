"""The report's figures; each function draws one and saves it through a ``Report``."""

from __future__ import annotations

import numpy as np

__all__ = [
    "cv_curve",
    "gd_loss",
    "largest_coefficients",
    "predicted_vs_actual",
    "residual_distribution",
    "residuals_vs_fitted",
]


def _plt():
    import matplotlib.pyplot as plt

    return plt


def predicted_vs_actual(report, actual, predicted, *, unit: str, log_scale: bool) -> None:
    """Test-set predictions against the truth; the diagonal is a perfect prediction."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.scatter(actual, predicted, s=8, alpha=0.5, color="tab:blue", edgecolor="none")
    low, high = float(min(actual.min(), predicted.min())), float(max(actual.max(), predicted.max()))
    ax.plot([low, high], [low, high], color="black", lw=1, label="perfect prediction")
    if log_scale:
        from matplotlib.ticker import NullFormatter

        ax.set(xscale="log", yscale="log")
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_minor_formatter(NullFormatter())  # the minor labels overlap
    ax.set(
        xlabel=f"actual ({unit})",
        ylabel=f"predicted ({unit})",
        title="Ridge on the test split: predicted vs actual",
    )
    ax.legend(loc="upper left")
    report.save_figure(fig, "predicted_vs_actual")


def residuals_vs_fitted(report, fitted, residuals, *, scale: str) -> None:
    """Residuals against fitted values: no pattern is what a good linear fit leaves."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(fitted, residuals, s=8, alpha=0.5, color="tab:blue", edgecolor="none")
    ax.axhline(0, color="black", lw=1)
    ax.set(
        xlabel=f"fitted value ({scale})",
        ylabel=f"residual ({scale})",
        title="Residuals vs fitted (test split)",
    )
    report.save_figure(fig, "residuals_vs_fitted")


def residual_distribution(report, residuals, *, scale: str) -> None:
    """Histogram of the test residuals with the normal density of the same mean and spread."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist(residuals, bins=50, density=True, color="tab:blue", alpha=0.7, label="residuals")
    mu, sd = float(residuals.mean()), float(residuals.std())
    grid = np.linspace(residuals.min(), residuals.max(), 300)
    if sd > 0:
        density = np.exp(-0.5 * ((grid - mu) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
        ax.plot(grid, density, color="black", lw=1.5, label=f"normal, sd {sd:.3g}")
    ax.set(xlabel=f"residual ({scale})", ylabel="density", title="Distribution of test residuals")
    ax.legend()
    report.save_figure(fig, "residual_distribution")


def cv_curve(report, cv, sklearn_alpha: float) -> None:
    """Mean validation MSE over the folds for every alpha, ± one standard deviation."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    mean, std = cv.mean_mse, cv.std_mse
    ax.plot(cv.alphas, mean, color="tab:blue", label="mean over folds")
    ax.fill_between(cv.alphas, mean - std, mean + std, color="tab:blue", alpha=0.2, label="± 1 sd")
    ax.axvline(cv.best_alpha, color="tab:red", lw=1.5, label=f"ours: α = {cv.best_alpha:.4g}")
    ax.axvline(
        sklearn_alpha, color="black", lw=1, ls="--", label=f"RidgeCV: α = {sklearn_alpha:.4g}"
    )
    ax.set(
        xscale="log",
        xlabel="α (ridge penalty)",
        ylabel="validation MSE",
        title=f"{cv.mse.shape[0]}-fold cross-validation of ridge's α",
    )
    ax.legend()
    report.save_figure(fig, "cv_curve")


def gd_loss(report, histories: dict, optimum: float) -> None:
    """Objective minus its minimum at every gradient step (log scale), one line per variant."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    floor = 1e-16 * max(1.0, abs(optimum))
    for label, history in histories.items():
        gap = np.maximum(np.asarray(history) - optimum, floor)
        ax.plot(np.arange(gap.size), gap, label=f"{label} ({gap.size - 1} steps)")
    ax.set(
        yscale="log",
        xlabel="iteration",
        ylabel="f(w_k) − f(w*)",
        title="Gradient descent on ridge: distance to the optimum",
    )
    ax.legend()
    report.save_figure(fig, "gd_loss")


def largest_coefficients(report, names, coef, k: int = 20) -> None:
    """The ``k`` largest coefficients in absolute value (standardized features)."""
    plt = _plt()
    order = np.argsort(-np.abs(coef))[:k][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.28 * len(order) + 1.2))
    colors = np.where(coef[order] > 0, "tab:blue", "tab:red")
    ax.barh(np.arange(order.size), coef[order], color=colors)
    ax.set_yticks(np.arange(order.size), [names[i] for i in order], fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.set(
        xlabel="coefficient (change in the target per standard deviation of the feature)",
        title=f"Ridge: the {order.size} largest coefficients",
    )
    report.save_figure(fig, "largest_coefficients")
