"""The report's figures (matplotlib, Agg backend; each saved through ``Report``)."""

from __future__ import annotations

import numpy as np

__all__ = ["elbow", "profile_heatmap", "segments_2d", "silhouette", "sse_per_iteration"]


def sse_per_iteration(report, history, title):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    it = np.arange(1, history.size + 1)
    ax.plot(it, history, marker="o", ms=3)
    ax.set(xlabel="iteration", ylabel="inertia (SSE)", title=title)
    ax.grid(alpha=0.3)
    return report.save_figure(fig, "sse_per_iteration")


def elbow(report, ks, inertias, chosen):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(ks, inertias, marker="o")
    ax.plot([ks[0], ks[-1]], [inertias[0], inertias[-1]], ls="--", c="grey", lw=1, label="chord")
    ax.scatter(
        [chosen],
        [inertias[list(ks).index(chosen)]],
        s=150,
        facecolors="none",
        edgecolors="C3",
        lw=2,
        label=f"elbow: k = {chosen}",
        zorder=3,
    )
    ax.set(
        xlabel="k (number of segments)", ylabel="inertia (SSE)", title="Elbow: inertia against k"
    )
    ax.legend()
    ax.grid(alpha=0.3)
    return report.save_figure(fig, "elbow")


def silhouette(report, ks, scores, chosen):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(ks, scores, marker="o", c="C2")
    ax.axvline(chosen, c="C3", ls="--", lw=1, label=f"chosen k = {chosen}")
    ax.set(
        xlabel="k (number of segments)",
        ylabel="mean silhouette",
        title="Silhouette against k (higher is better)",
    )
    ax.legend()
    ax.grid(alpha=0.3)
    return report.save_figure(fig, "silhouette")


def segments_2d(report, points, centres, labels, names, explained):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 5.5))
    rng = np.random.default_rng(0)
    show = rng.permutation(points.shape[0])[:8000]  # enough points to see the shapes
    for j, name in enumerate(names):
        mine = show[labels[show] == j]
        ax.scatter(
            points[mine, 0],
            points[mine, 1],
            s=4,
            alpha=0.35,
            color=f"C{j % 10}",
            label=f"{j}: {name}",
        )
    ax.scatter(
        centres[:, 0],
        centres[:, 1],
        marker="X",
        s=160,
        c="k",
        edgecolors="w",
        lw=1.5,
        label="centres",
    )
    ax.set(
        xlabel=f"PC 1 ({explained[0]:.0%} of the variance)",
        ylabel=f"PC 2 ({explained[1]:.0%} of the variance)",
        title="Segments in the plane of the first two principal components",
    )
    legend = ax.legend(fontsize=7, loc="best")
    for handle in legend.legend_handles:  # readable markers in the legend
        handle.set_sizes([30 if handle.get_label() != "centres" else 80])
        handle.set_alpha(1)
    return report.save_figure(fig, "segments_pca")


def profile_heatmap(report, centres_z, table, feature_names, names):
    import matplotlib.pyplot as plt

    k = centres_z.shape[0]
    fig, ax = plt.subplots(figsize=(1.8 + 1.6 * len(feature_names), 1 + 0.55 * k))
    lim = max(1.0, float(np.abs(centres_z).max()))
    im = ax.imshow(centres_z, cmap="RdBu_r", vmin=-lim, vmax=lim, aspect="auto")
    for (i, j), _ in np.ndenumerate(centres_z):
        value = table[feature_names[j]].iloc[i]
        dark = abs(centres_z[i, j]) > 0.6 * lim
        ax.text(j, i, f"{value:,.3g}", ha="center", va="center", fontsize=8, c="w" if dark else "k")
    ax.set_xticks(range(len(feature_names)), [f"mean {f}" for f in feature_names])
    ax.set_yticks(range(k), [f"{j}: {n}" for j, n in enumerate(names)])
    ax.set_title("Segment profiles (colour: standardised centre; text: original units)")
    fig.colorbar(im, ax=ax, label="standardised value")
    return report.save_figure(fig, "profiles")
