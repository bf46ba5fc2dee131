r"""Lloyd's algorithm for k-means, written on matrix products.

k-means looks for centres :math:`c_1, \dots, c_k` and labels :math:`a_i` minimising the
weighted within-cluster sum of squares (the *inertia*)

.. math:: J(a, c) = \sum_{i=1}^{n} w_i \, \lVert x_i - c_{a_i} \rVert^2 .

Lloyd's iteration alternates two exact minimisations, so :math:`J` can never rise:

1. **assignment** (E-step, :mod:`.assignment`): with the centres fixed, each point goes to its
   nearest centre, :math:`a_i = \arg\min_j \lVert x_i - c_j \rVert^2`, through the expansion
   :math:`\lVert x - c \rVert^2 = \lVert x \rVert^2 - 2\, x^\top c + \lVert c \rVert^2` (one
   matrix product per chunk of rows, :mod:`foundations.linalg.distances`);
2. **update** (M-step): with the labels fixed, each centre moves to its cluster's weighted
   mean, :math:`c_j = \sum_{a_i = j} w_i x_i \,/\, \sum_{a_i = j} w_i`. With the sparse
   membership matrix :math:`M_{ij} = w_i [a_i = j]`, the cluster sums are :math:`M^\top X`.

Two exact identities make the objective cheap to track after every iteration:

- moving a centre from :math:`c` to its cluster's mean :math:`\bar x` lowers :math:`J` by
  exactly :math:`W_j \lVert \bar x - c \rVert^2` (:math:`W_j` the cluster's weight), and
- relabelling point :math:`i` from centre :math:`p` to a nearer centre :math:`q` lowers it
  by :math:`w_i (\lVert x_i - c_p\rVert^2 - \lVert x_i - c_q\rVert^2) \ge 0`,

so the history is a running total of non-negative decreases, monotone by construction (the
tests check it against the inertia computed from scratch).

The rows are split into one contiguous block per CPU core (:func:`toolkit.parallel.row_blocks`);
the blocks run on a thread pool with BLAS kept on one thread, the same layout as
scikit-learn's OpenMP loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse

from foundations.linalg.distances import nearest_centers, row_norms_squared
from toolkit.parallel import map_row_blocks, single_threaded_blas

from .assignment import ASSIGNMENTS, BlockedAssignment, blocks_of

__all__ = [
    "FEATURE_MAJOR_UP_TO",
    "FULL_UPDATE_SHARE",
    "REFRESH_EVERY",
    "LloydResult",
    "Points",
    "cluster_sums",
    "inertia",
    "lloyd",
    "lloyd_points",
    "nearest_centers_blocked",
    "relocate_empty_clusters",
]

#: Above this share of relabelled points the cluster sums are recomputed from scratch;
#: below it they are updated point by point (add to the new cluster, subtract from the old).
FULL_UPDATE_SHARE = 0.1

#: The incremental sums are also refreshed from scratch every this many iterations, so
#: rounding cannot accumulate.
REFRESH_EVERY = 10

_NO_POINTS = np.empty(0, dtype=np.intp)


#: Rows per chunk of the inertia's differences (many features).
_INERTIA_ROWS = 4096

#: Up to this many features, cluster sums and the inertia are taken feature by feature
#: (``np.bincount`` over contiguous rows of ``XT``); above it, row by row.
FEATURE_MAJOR_UP_TO = 8


@dataclass
class Points:
    r"""The data of a run, in both layouts, with what every iteration reuses.

    ``X`` is ``(n_samples, n_features)``; ``XT`` the same numbers feature by feature
    (contiguous rows of length ``n_samples``); ``wXT`` is ``XT`` times the weights (the same
    array when every weight is 1); ``x_sq`` holds :math:`\lVert x_i \rVert^2`.
    """

    X: np.ndarray
    XT: np.ndarray
    w: np.ndarray
    x_sq: np.ndarray
    wXT: np.ndarray
    unit_weights: bool
    cache: dict = field(default_factory=dict, repr=False)  # the assignment's buffers

    @classmethod
    def of(cls, X, sample_weight, x_sq=None, XT=None) -> Points:
        """The points ``X`` (``XT``: the same numbers feature by feature, if at hand)."""
        XT = np.ascontiguousarray(X.T) if XT is None else XT
        unit = bool(np.all(sample_weight == 1))
        if x_sq is None:
            x_sq = np.einsum("ij,ij->j", XT, XT)
        wXT = XT if unit else XT * sample_weight.astype(X.dtype, copy=False)
        return cls(X, XT, sample_weight, x_sq, wXT, unit)

    @property
    def feature_major(self) -> bool:
        return self.X.shape[1] <= FEATURE_MAJOR_UP_TO


def nearest_centers_blocked(X, centers) -> tuple[np.ndarray, np.ndarray]:
    """:func:`foundations.linalg.distances.nearest_centers`, one block of rows per core."""
    parts = map_row_blocks(lambda b: nearest_centers(X[b], centers), blocks_of(X.shape[0]))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def inertia(points: Points, centers, labels) -> float:
    r"""``Σ_i w_i ||x_i − c_{a_i}||²`` from the differences themselves (no expansion)."""

    def block(b):
        if points.feature_major:
            total = np.zeros(b.stop - b.start, dtype=points.X.dtype)
            for f in range(points.XT.shape[0]):
                diff = points.XT[f, b] - np.take(centers[:, f], labels[b], mode="clip")
                total += diff * diff
        else:  # chunks of rows, so that the differences stay in the cache
            total = 0.0
            for start in range(b.start, b.stop, _INERTIA_ROWS):
                rows = slice(start, min(start + _INERTIA_ROWS, b.stop))
                diff = points.XT[:, rows] - np.take(centers_t, labels[rows], axis=1)
                total += float(np.einsum("ij,ij->j", diff, diff) @ points.w[rows])
            return total
        return float(total @ points.w[b])

    centers_t = np.ascontiguousarray(centers.T)
    return float(sum(map_row_blocks(block, blocks_of(points.X.shape[0]))))


def cluster_sums(points: Points, labels, n_clusters) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Weighted sums, weights and point counts per cluster: :math:`M^\top X`, :math:`M^\top
    \mathbf 1` and the number of points with each label.

    :math:`M` is the ``(n_samples, n_clusters)`` membership matrix with :math:`M_{ij} = w_i`
    if :math:`a_i = j` and 0 otherwise. For few features each column of :math:`M^\top X` is
    one ``np.bincount`` of a row of ``wXT``; for many, :math:`M` is stored sparse (one entry
    per row) and multiplied.
    """
    X, w = points.X, points.w
    if points.feature_major:
        sums = np.empty((n_clusters, X.shape[1]))
        for f in range(X.shape[1]):
            sums[:, f] = np.bincount(labels, weights=points.wXT[f], minlength=n_clusters)
    else:

        def block(b):
            m = labels[b].size
            membership = scipy.sparse.csr_matrix(
                (w[b], labels[b], np.arange(m + 1)), shape=(m, n_clusters)
            )
            return np.asarray(membership.T @ X[b])

        sums = sum(map_row_blocks(block, blocks_of(X.shape[0])))
    counts = np.bincount(labels, minlength=n_clusters)
    if points.unit_weights:
        weights = counts.astype(X.dtype)
    else:
        weights = np.bincount(labels, weights=w, minlength=n_clusters).astype(X.dtype, copy=False)
    return sums.astype(X.dtype, copy=False), weights, counts


def relocate_empty_clusters(X, sample_weight, centers_old, sums, weights, labels) -> np.ndarray:
    r"""Give every empty cluster the point farthest from its own centre (scikit-learn's rule).

    The farthest points are the ones the current centres explain worst; each moves into an
    empty cluster (taken out of its old cluster's sums), so every centre keeps at least one
    point. Modifies ``sums`` and ``weights`` in place; returns the moved points' indices.
    """
    empty = np.flatnonzero(weights == 0)
    if empty.size == 0:
        return empty
    diff = X - centers_old[labels]
    sq = np.einsum("ij,ij->i", diff, diff)
    if sq.max() == 0:  # fewer distinct points than clusters: nothing to gain
        return empty[:0]
    far = np.argpartition(sq, -empty.size)[: -empty.size - 1 : -1]
    for new_id, i in zip(empty, far, strict=True):
        old_id = labels[i]
        sums[old_id] -= X[i] * sample_weight[i]
        sums[new_id] = X[i] * sample_weight[i]
        weights[new_id] = sample_weight[i]
        weights[old_id] -= sample_weight[i]
    return far


@dataclass
class LloydResult:
    """What one run of Lloyd's algorithm returns."""

    centers: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int
    history: np.ndarray = field(repr=False)
    n_relocated: int = 0
    n_nonempty: int = 0  # clusters that kept at least one point


def lloyd(
    X, sample_weight, centers_init, *, max_iter=300, tol=0.0, algorithm="hamerly", x_sq=None
) -> LloydResult:
    r"""One run of Lloyd's algorithm from ``centers_init``.

    Stops when no label changes (strict convergence) or when the squared centre movement
    :math:`\sum_j \lVert c_j^{new} - c_j^{old}\rVert^2` is at most ``tol`` (an absolute
    value; :class:`KMeans` scales it by the data's variance), or after ``max_iter``
    iterations. The same stopping rule and empty-cluster repair as scikit-learn's ``lloyd``,
    so from the same centres both reach the same optimum.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    sample_weight : ndarray, shape (n_samples,)
    centers_init : ndarray, shape (n_clusters, n_features)
    max_iter : int
    tol : float
    algorithm : {"hamerly", "lloyd"}
        How labels are recomputed; both give the same iterates.
    x_sq : ndarray, shape (n_samples,), optional
        Precomputed ``||x_i||²``.

    Returns
    -------
    LloydResult
        ``history[t]`` is the objective after iteration ``t`` (its update step).

    Notes
    -----
    The rows are split in blocks that run on a thread pool, each with a single-threaded
    BLAS (:func:`toolkit.parallel.single_threaded_blas`). :class:`KMeans` prepares the
    :class:`Points` once for all its runs and calls :func:`lloyd_points`.
    """
    with single_threaded_blas():
        points = Points.of(X, sample_weight, x_sq)
        return lloyd_points(points, centers_init, max_iter=max_iter, tol=tol, algorithm=algorithm)


def lloyd_points(
    points: Points, centers_init, *, max_iter, tol, algorithm, cache: dict | None = None
) -> LloydResult:
    """:func:`lloyd` on prepared :class:`Points` (BLAS already held to one thread).

    ``cache`` keeps the assignment's buffers for the next run (default ``points.cache``; runs
    going on at the same time need one each).
    """
    cache = points.cache if cache is None else cache
    return _Run(points, centers_init, algorithm, cache).iterate(max_iter, tol)


class _Run:
    """The state of one run: labels (in the assignment), centres, cluster sums, objective."""

    def __init__(self, points: Points, centers_init, algorithm, cache):
        self.points = points
        self.k = centers_init.shape[0]
        self.assign = BlockedAssignment(
            ASSIGNMENTS[algorithm], points.X, points.XT, points.w, points.x_sq, cache
        )
        self.centers = np.array(centers_init, dtype=points.X.dtype, copy=True)
        self.shift = np.zeros(self.k, dtype=points.X.dtype)
        self.counts = np.zeros(self.k, dtype=np.intp)  # exact points per cluster
        self.sums = self.weights = None
        self.objective = 0.0
        self.n_relocated = 0

    def assignment_step(self, iteration):
        """Labels for the current centres; returns the relabelled points and their old labels."""
        if iteration == 0:
            self.objective = self.assign.first(self.centers)
            return np.arange(self.points.X.shape[0]), None
        changed, old_labels, drop = self.assign.update(self.centers, self.shift)
        self.objective -= drop
        return changed, old_labels

    def update_sums(self, iteration, changed, old_labels, relocated_last):
        """Cluster sums and weights, from scratch or point by point."""
        k, labels, n = self.k, self.assign.labels, self.points.X.shape[0]
        full = (
            iteration == 0
            or relocated_last
            or changed.size > FULL_UPDATE_SHARE * n
            or iteration % REFRESH_EVERY == 0
        )
        if not full and changed.size:
            counts, sums, weights = self._moved_points(changed, labels[changed], old_labels)
            if counts.all():
                self.counts, self.sums, self.weights = counts, sums, weights
                return
            full = True  # a cluster emptied: its weight must be exactly 0, not a rounded 0
        if full:
            self.sums, self.weights, self.counts = cluster_sums(self.points, labels, k)

    def _moved_points(self, changed, new_labels, old_labels):
        r"""Counts, sums and weights after the points ``changed`` moved from old to new labels.

        With :math:`D` the ``(k, m)`` matrix holding :math:`+w_i` at (new label, point) and
        :math:`-w_i` at (old label, point), the sums change by :math:`D X_{changed}` and the
        weights by :math:`D \mathbf 1`: one small product.
        """
        points, m = self.points, changed.size
        unit = points.unit_weights
        w = 1.0 if unit else points.w[changed]
        D = np.zeros((self.k, m), dtype=points.X.dtype)
        cols = np.arange(m)
        D[new_labels, cols] = w
        D[old_labels, cols] = -w  # a relabelled point's new label differs from its old one
        sums = self.sums + D @ np.take(points.XT, changed, axis=1).T
        delta = D.sum(axis=1)
        if unit:  # the weights are the counts, and D's row sums are exact small integers
            counts = self.counts + delta.astype(np.intp)
            return counts, sums, counts.astype(points.X.dtype)
        counts = self.counts + np.bincount(new_labels, minlength=self.k)
        counts -= np.bincount(old_labels, minlength=self.k)
        return counts, sums, self.weights + delta

    def move_centers(self) -> int:
        """Centres to their clusters' means (empty clusters repaired); returns points moved."""
        X, w, labels = self.points.X, self.points.w, self.assign.labels
        moved = _NO_POINTS
        nonempty = self.weights > 0
        if not nonempty.all():  # empty clusters (no weight): scikit-learn's repair
            empty = np.flatnonzero(~nonempty)
            moved = relocate_empty_clusters(X, w, self.centers, self.sums, self.weights, labels)
            nonempty = self.weights > 0
        if nonempty.all():
            new_centers = self.sums / self.weights[:, None]
        else:
            new_centers = np.empty_like(self.centers)
            new_centers[nonempty] = self.sums[nonempty] / self.weights[nonempty, None]
            new_centers[~nonempty] = new_centers[np.argmax(self.weights)]
        new_centers = new_centers.astype(X.dtype, copy=False)
        self.shift = np.sqrt(row_norms_squared(new_centers - self.centers))
        self.centers = new_centers
        if moved.size:  # the repair moved points by hand: take the objective from scratch
            self.assign.relabel(moved, empty[: moved.size])
            self.counts = np.bincount(labels, minlength=self.k)
            self.n_relocated += moved.size
            self.objective = inertia(self.points, self.centers, labels)
        else:  # each centre moved to its cluster's mean: J drops by W_j ||shift_j||²
            self.objective -= float(self.weights @ self.shift**2)
        return moved.size

    def iterate(self, max_iter, tol) -> LloydResult:
        history = []
        strict = relocated_last = False
        for iteration in range(max_iter):
            changed, old_labels = self.assignment_step(iteration)
            self.update_sums(iteration, changed, old_labels, relocated_last)
            moved = self.move_centers()
            history.append(self.objective)
            if iteration > 0 and changed.size == 0 and not relocated_last:
                strict = True
                break
            relocated_last = moved > 0
            if float(self.shift @ self.shift) <= tol:
                break
        if not strict:  # one more assignment, so that the labels belong to the final centres
            self.assign.update(self.centers, self.shift)
            self.counts = np.bincount(self.assign.labels, minlength=self.k)
        labels = self.assign.labels.astype(np.int32)
        return LloydResult(
            centers=self.centers,
            labels=labels,
            inertia=inertia(self.points, self.centers, self.assign.labels),
            n_iter=iteration + 1,
            history=np.asarray(history),
            n_relocated=self.n_relocated,
            n_nonempty=int(np.count_nonzero(self.counts)),
        )
