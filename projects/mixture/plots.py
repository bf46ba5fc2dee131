r"""The report's figures (matplotlib, Agg backend); each function returns a Figure.

An ellipse of Mahalanobis radius :math:`r` around :math:`\mu` is the curve
:math:`\{\mu + r L u : \lVert u\rVert = 1\}` with :math:`\Sigma = LL^\top` (Cholesky): it is the
set :math:`(x-\mu)^\top\Sigma^{-1}(x-\mu) = r^2`, drawn here for :math:`r = 1, 2` ("1 and 2
standard deviations" along every direction).
"""

from __future__ import annotations

import numpy as np

from foundations.linalg import cholesky

__all__ = [
    "criteria_figure",
    "ellipse_points",
    "log_likelihood_figure",
    "mixture_1d_figure",
    "plane_figure",
    "soft_assignment_figure",
]

MARKERS = "o^sDvP*Xh<>p"


def ellipse_points(mean, cov, radius: float, n: int = 120) -> np.ndarray:
    """``(n, 2)`` points of the ellipse :math:`(x-\\mu)^\\top\\Sigma^{-1}(x-\\mu) = r^2`."""
    t = np.linspace(0.0, 2.0 * np.pi, n)
    circle = np.stack([np.cos(t), np.sin(t)])
    return (np.asarray(mean)[:, None] + radius * cholesky(cov) @ circle).T


def _colors(k):
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab10" if k <= 10 else "tab20")
    return [cmap(j % cmap.N) for j in range(k)]


def plane_figure(plane, predicted, labels, title: str):
    """Points coloured by component (markers by label), with 1- and 2-sd ellipses."""
    import matplotlib.pyplot as plt

    k = plane.means.shape[0]
    colors = _colors(k)
    fig, ax = plt.subplots(figsize=(7, 5.5))
    groups = [None] if labels is None else sorted({str(v) for v in labels if v is not None})
    for g, name in enumerate(groups):
        if name is None:
            mask = np.ones(len(predicted), bool)
        else:
            mask = np.array([str(v) == name for v in labels])
        ax.scatter(
            plane.points[mask, 0],
            plane.points[mask, 1],
            c=[colors[j] for j in predicted[mask]],
            marker=MARKERS[g % len(MARKERS)],
            s=18,
            alpha=0.75,
            linewidths=0,
            label=name,
        )
    for j in range(k):
        for radius, style in ((1, "-"), (2, "--")):
            pts = ellipse_points(plane.means[j], plane.covariances[j], radius)
            ax.plot(pts[:, 0], pts[:, 1], style, c=colors[j], lw=1.6)
        ax.annotate(
            str(j), plane.means[j], ha="center", va="center", fontweight="bold", fontsize=11
        )
    ax.set(xlabel=plane.axes[0], ylabel=plane.axes[1], title=title)
    if labels is not None:
        ax.legend(title="marker: label", fontsize=8, loc="best")
    ax.grid(alpha=0.3)
    return fig


def mixture_1d_figure(x, model_means, model_vars, weights, name: str, title: str):
    """One feature: its histogram and each weighted component density."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist(x, bins=40, density=True, color="0.8")
    grid = np.linspace(x.min(), x.max(), 400)
    colors = _colors(len(weights))
    total = np.zeros_like(grid)
    for j, (m, v, w) in enumerate(zip(model_means, model_vars, weights, strict=True)):
        dens = w * np.exp(-0.5 * (grid - m) ** 2 / v) / np.sqrt(2 * np.pi * v)
        total += dens
        ax.plot(grid, dens, c=colors[j], lw=2.5, label=f"component {j} (weighted)", zorder=2)
    ax.plot(grid, total, c="k", lw=1, ls="--", label="mixture", zorder=1)
    ax.set(xlabel=name, ylabel="density", title=title)
    ax.legend(fontsize=8)
    return fig


def log_likelihood_figure(main_bounds, same_ours, same_sklearn, final_score: float):
    """The mean log-likelihood per iteration, and the same-start gap to scikit-learn."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    it = np.arange(1, len(main_bounds) + 1)
    left.plot(it, main_bounds, marker="o", ms=3, label="ours, best of the own starts")
    left.plot(
        np.arange(1, len(same_ours) + 1), same_ours, marker="s", ms=3, label="ours, same start"
    )
    left.plot(
        np.arange(1, len(same_sklearn) + 1),
        same_sklearn,
        ls="none",
        marker="x",
        ms=6,
        label="scikit-learn, same start",
    )
    left.axhline(final_score, c="grey", ls=":", lw=1, label="final model's mean log-likelihood")
    left.set(xlabel="iteration t", ylabel=r"$\ell_t$ (mean log-likelihood)", title="EM climbs")
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    m = min(len(same_ours), len(same_sklearn))
    gap = np.abs(np.asarray(same_ours[:m]) - same_sklearn[:m]) / np.abs(same_sklearn[:m])
    right.semilogy(np.arange(1, m + 1), np.maximum(gap, 1e-18), marker="o", ms=3)
    right.axhline(1e-10, c="C3", ls="--", lw=1, label="1e-10 (the required agreement)")
    right.axhline(np.finfo(float).eps, c="grey", ls=":", lw=1, label="machine epsilon")
    right.set(
        xlabel="iteration t",
        ylabel="relative gap (0 drawn at 1e-18)",
        title="same start: ours vs scikit-learn",
    )
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    return fig


def criteria_figure(criteria, chosen_type: str, chosen_k: int):
    """BIC and AIC against k for every covariance type."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    for ax, name, table in ((axes[0], "BIC", criteria.bic), (axes[1], "AIC", criteria.aic)):
        for r, ct in enumerate(criteria.types):
            ax.plot(criteria.ks, table[r], marker="o", ms=3, label=ct)
            best = int(np.nanargmin(table[r])) if np.isfinite(table[r]).any() else None
            if best is not None:
                ax.scatter(
                    [criteria.ks[best]],
                    [table[r, best]],
                    s=70,
                    facecolors="none",
                    edgecolors="k",
                    zorder=3,
                )
        if chosen_k in criteria.ks:
            ax.axvline(chosen_k, c="grey", ls=":", lw=1)
        ax.set(xlabel="k (components)", ylabel=f"{name} (lower is better)", title=name)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, title="covariance")
    fig.suptitle(
        f"circles: the minimum of each type; dotted: the k used ({chosen_type}, k = {chosen_k})"
    )
    return fig


def soft_assignment_figure(plane, proba, uncertain, threshold: float):
    """Points coloured by their mixed responsibilities; uncertain ones ringed; max-r histogram."""
    import matplotlib.pyplot as plt

    k = proba.shape[1]
    colors = np.array([c[:3] for c in _colors(k)])
    mixed = np.clip(proba @ colors, 0, 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), width_ratios=[3, 2])
    left.scatter(plane.points[:, 0], plane.points[:, 1], c=mixed, s=20, linewidths=0)
    left.scatter(
        plane.points[uncertain, 0],
        plane.points[uncertain, 1],
        s=80,
        facecolors="none",
        edgecolors="k",
        lw=1,
        label=f"uncertain: max r < {threshold:g} ({int(uncertain.sum())})",
    )
    left.set(
        xlabel=plane.axes[0],
        ylabel=plane.axes[1] if len(plane.axes) > 1 else "",
        title="soft assignments: colour = responsibility-weighted mix",
    )
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    top = proba.max(axis=1)
    right.hist(top, bins=np.linspace(1.0 / k, 1.0, 30), color="C0")
    right.axvline(threshold, c="C3", ls="--", lw=1)
    right.set_yscale("log")
    right.set(xlabel=r"$\max_j r_{ij}$", ylabel="rows (log scale)", title="how sure each row is")
    return fig
