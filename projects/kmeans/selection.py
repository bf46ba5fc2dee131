r"""Choosing :math:`k`: the elbow of the inertia curve and the silhouette.

**Silhouette** (Rousseeuw, 1987). For a point :math:`i` in cluster :math:`A`, let
:math:`a(i)` be its mean distance to the other points of :math:`A` and :math:`b(i)` the
smallest mean distance to the points of another cluster. Then

.. math:: s(i) = \frac{b(i) - a(i)}{\max(a(i), b(i))} \in [-1, 1],

near 1 when the point sits well inside its cluster, near 0 on a border, negative when it
would rather belong elsewhere (and 0 by convention in a cluster of one). The mean of
:math:`s(i)` scores a clustering; the :math:`k` with the highest mean is the silhouette's
choice.

All the mean distances come from matrix products: with the one-hot membership matrix
:math:`M` (``(n, k)``) and the distance block :math:`D` from some points to all points,
:math:`D M` holds each point's summed distance to every cluster. For large :math:`n` the
scores are computed for a random sample of points (each against *all* points), which costs
``sample_size × n`` distances instead of :math:`n^2`.

**Elbow.** Inertia always falls as :math:`k` grows; the elbow is where the fall slows down.
We take the :math:`k` farthest below the straight line joining the curve's two ends (the
"kneedle" rule), on the curve normalised to the unit square.
"""

from __future__ import annotations

import numpy as np

from foundations.errors import InputError
from foundations.linalg import pairwise_squared_distances
from foundations.validation import check_rng

__all__ = ["BLOCK_ROWS", "elbow", "silhouette_samples", "silhouette_score"]

#: rows of the ``(rows, n)`` distance block computed at once (~32 MiB for n = 23,570)
BLOCK_ROWS = 170


def silhouette_samples(X, labels, *, sample_size=None, random_state=None):
    r"""Silhouette :math:`s(i)` of every point (or of a random sample of points).

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    labels : array of int, shape (n_samples,)
        At least 2 and at most ``n_samples - 1`` distinct labels.
    sample_size : int, optional
        Score only this many points drawn without replacement (each against all points).
    random_state : None, int or Generator

    Returns
    -------
    scores : ndarray, shape (n_scored,)
    index : ndarray of int, shape (n_scored,)
        Which points were scored.
    """
    X = np.asarray(X, dtype=float)
    _, codes = np.unique(np.asarray(labels), return_inverse=True)
    n, k = X.shape[0], int(codes.max()) + 1
    if not 2 <= k <= n - 1:
        raise InputError(f"the silhouette needs 2 to n_samples - 1 clusters, got {k}")
    if sample_size is None or sample_size >= n:
        index = np.arange(n)
    else:
        index = np.sort(check_rng(random_state).choice(n, size=sample_size, replace=False))
    membership = np.zeros((n, k))
    membership[np.arange(n), codes] = 1.0
    sizes = membership.sum(axis=0)
    scores = np.empty(index.size)
    for start in range(0, index.size, BLOCK_ROWS):
        rows = index[start : start + BLOCK_ROWS]
        dist = np.sqrt(pairwise_squared_distances(X[rows], X))
        totals = dist @ membership  # (rows, k): summed distance to each cluster
        own = codes[rows]
        r = np.arange(rows.size)
        own_size = sizes[own]
        a = totals[r, own] / np.maximum(own_size - 1, 1)
        means = totals / sizes
        means[r, own] = np.inf
        b = means.min(axis=1)
        spread = np.maximum(a, b)
        s = np.divide(b - a, spread, out=np.zeros_like(spread), where=spread > 0)  # a = b = 0: 0
        s[own_size == 1] = 0.0
        scores[start : start + rows.size] = s
    return scores, index


def silhouette_score(X, labels, *, sample_size=None, random_state=None) -> float:
    """Mean silhouette (over a random sample of points when ``sample_size`` is given)."""
    scores, _ = silhouette_samples(X, labels, sample_size=sample_size, random_state=random_state)
    return float(scores.mean())


def elbow(ks, inertias) -> int:
    r"""The :math:`k` of largest gap below the chord from the first to the last point.

    Both axes are scaled to :math:`[0, 1]`; with a decreasing convex curve, the gap
    :math:`\text{chord}(k) - \text{inertia}(k)` is largest where the curve bends most.
    """
    ks = np.asarray(ks, dtype=float)
    y = np.asarray(inertias, dtype=float)
    if ks.size < 3:
        return int(ks[0])
    x = (ks - ks[0]) / (ks[-1] - ks[0])
    span = y[0] - y[-1]
    y = (y - y[-1]) / span if span > 0 else np.zeros_like(y)
    chord = 1.0 - x  # from (0, 1) to (1, 0)
    return int(ks[np.argmax(chord - y)])
