"""The run's figures (matplotlib, Agg): loss curves, the same start, confusion, digits, weights."""

from __future__ import annotations

import numpy as np

__all__ = [
    "confusion_figure",
    "first_layer_figure",
    "loss_curves_figure",
    "misclassified_figure",
    "same_start_figure",
]


def _plt():
    import matplotlib.pyplot as plt

    return plt


def loss_curves_figure(result):
    """Training and validation loss per epoch, ours and scikit-learn's."""
    plt = _plt()
    ours, ref = result.ours, result.reference
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    epochs = np.arange(1, len(ours.loss_curve_) + 1)
    ax.plot(epochs, ours.loss_curve_, color="C0", label="ours, training")
    ax.plot(epochs, ours.validation_loss_curve_, color="C0", ls="--", label="ours, validation")
    ref_epochs = np.arange(1, len(ref.train_loss) + 1)
    ax.plot(ref_epochs, ref.train_loss, color="C1", label="scikit-learn, training")
    ax.plot(ref_epochs, ref.validation_loss, color="C1", ls="--", label="scikit-learn, validation")
    ax.axvline(result.best_epoch, color="0.5", lw=0.8)
    ax.annotate(
        f"best validation loss\n(epoch {result.best_epoch}, weights kept)",
        (result.best_epoch, ours.best_validation_loss_),
        xytext=(10, 30),
        textcoords="offset points",
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": "0.4"},
    )
    ax.set(
        xlabel="epoch",
        ylabel="cross-entropy",
        yscale="log",
        title="Loss per epoch (training: penalised mean over the epoch's batches)",
    )
    ax.legend(fontsize=8)
    return fig


def same_start_figure(result):
    """Full-batch gradient descent from identical weights: both losses and their relative gap."""
    plt = _plt()
    same = result.same
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5), sharex=True)
    epochs = np.arange(1, same.epochs + 1)
    top.plot(epochs, same.ours, label="ours", lw=2.5, alpha=0.6)
    top.plot(epochs, same.sklearn, label="scikit-learn", lw=1, ls="--", color="k")
    top.set(ylabel="loss J", title="Same start, full-batch gradient descent")
    top.legend(fontsize=8)
    gap = np.abs(same.ours - same.sklearn) / np.abs(same.sklearn)
    bottom.semilogy(epochs, np.maximum(gap, 1e-18), ".", ms=3)
    bottom.axhline(1e-10, color="C3", lw=0.8, ls=":", label="1e-10")
    bottom.set(xlabel="epoch", ylabel="relative gap", ylim=(1e-18, 1e-6))
    bottom.legend(fontsize=8)
    return fig


def confusion_figure(result):
    """Counts of (true, predicted) classes on the test split, ours."""
    plt = _plt()
    counts, classes = result.confusion, result.classes
    size = 2.5 + 0.45 * classes.size
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(counts, cmap="Blues")
    for (i, j), c in np.ndenumerate(counts):
        if c:
            ax.text(j, i, str(c), ha="center", va="center", fontsize=8,
                    color="white" if c > counts.max() / 2 else "black")  # fmt: skip
    ticks = range(classes.size)
    ax.set_xticks(ticks, [str(c) for c in classes], rotation=90 if classes.size > 12 else 0)
    ax.set_yticks(ticks, [str(c) for c in classes])
    ax.set(xlabel="predicted", ylabel="true", title="Confusion matrix (test split, ours)")
    return fig


def misclassified_figure(result, limit: int = 24):
    """The misclassified test digits, each titled with its three most probable classes."""
    plt = _plt()
    y = result.labels(result.test)
    wrong = np.flatnonzero(result.classes[result.proba.argmax(axis=1)] != y)[:limit]
    cols = 6
    rows = max(1, -(-wrong.size // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.7, rows * 2.5), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, i in zip(axes.ravel(), wrong, strict=False):
        ax.imshow(result.encoded.X_test[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        top = np.argsort(result.proba[i])[::-1][:3]
        lines = [f"true {y[i]}"] + [f"{result.classes[k]}: {result.proba[i, k]:.2f}" for k in top]
        ax.set_title("\n".join(lines), fontsize=7)
    fig.suptitle(f"Misclassified test digits ({wrong.size} shown)", fontsize=10)
    fig.tight_layout()
    return fig


def first_layer_figure(result, limit: int = 100):
    """Each hidden unit's incoming weights :math:`W_1[:, j]` as an 8×8 image (red +, blue −)."""
    plt = _plt()
    W = result.ours.coefs_[0][:, :limit]
    units = W.shape[1]
    cols = min(10, units)
    rows = -(-units // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 0.9, rows * 0.9), squeeze=False)
    bound = float(np.max(np.abs(W))) or 1.0
    for ax in axes.ravel():
        ax.axis("off")
    for j, ax in zip(range(units), axes.ravel(), strict=False):
        ax.imshow(W[:, j].reshape(8, 8), cmap="RdBu_r", vmin=-bound, vmax=bound)
    fig.suptitle(f"First layer: the weights into {units} hidden units, as 8×8 images", fontsize=10)
    return fig
