"""The run's figures (matplotlib, drawn off-screen): class centroids and the confusion matrix."""

from __future__ import annotations

import numpy as np

__all__ = ["centroid_figure", "confusion_figure", "confusion_matrix"]


def centroid_figure(centroids: np.ndarray, classes: np.ndarray, feature_names: list[str]):
    """Heat map of each class's standardised centroid, shape (n_classes, n_features)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3 + 0.3 * len(classes)))
    im = ax.imshow(centroids, cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
    ax.set(yticks=range(len(classes)), yticklabels=classes, title="Class centroids")
    ax.set_xticks(range(len(feature_names)), feature_names, rotation=60, ha="right", fontsize=8)
    fig.colorbar(im, ax=ax, label="standardised value")
    return fig


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Counts ``C[i, j]`` of samples of class ``classes[i]`` predicted as ``classes[j]``."""
    true = (np.asarray(y_true)[:, None] == classes).astype(int)
    pred = (np.asarray(y_pred)[:, None] == classes).astype(int)
    return true.T @ pred


def confusion_figure(y_true: np.ndarray, y_pred: np.ndarray, classes: np.ndarray):
    """The confusion matrix of the test split, one annotated cell per (true, predicted) pair."""
    import matplotlib.pyplot as plt

    counts = confusion_matrix(y_true, y_pred, classes)
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.imshow(counts, cmap="Blues")
    for (i, j), count in np.ndenumerate(counts):
        ax.text(j, i, str(count), ha="center", va="center")
    ax.set(xlabel="predicted", ylabel="true", title="Confusion matrix (test split)")
    ax.set_xticks(range(len(classes)), classes)
    ax.set_yticks(range(len(classes)), classes)
    return fig
