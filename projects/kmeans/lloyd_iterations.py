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
    "FULL_UPDATE_SHARE",
    "REFRESH_EVERY",
    "LloydResult",
    "cluster_sums",
    "inertia",
    "lloyd",
    "nearest_centers_blocked",
    "relocate_empty_clusters",
]

#: Above this share of relabelled points the cluster sums are recomputed from scratch;
#: below it they are updated point by point (add to the new cluster, subtract from the old).
FULL_UPDATE_SHARE = 0.1

#: The incremental sums are also refreshed from scratch every this many iterations, so
#: rounding cannot accumulate.
REFRESH_EVERY = 10


def nearest_centers_blocked(X, centers) -> tuple[np.ndarray, np.ndarray]:
    """:func:`foundations.linalg.distances.nearest_centers`, one block of rows per core."""
    parts = map_row_blocks(lambda b: nearest_centers(X[b], centers), blocks_of(X.shape[0]))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def inertia(X, sample_weight, centers, labels) -> float:
    r"""``Σ_i w_i ||x_i − c_{a_i}||²`` from the differences themselves (no expansion)."""

    def block(b):
        diff = X[b] - centers[labels[b]]
        return float(np.einsum("ij,ij->i", diff, diff) @ sample_weight[b])

    return float(sum(map_row_blocks(block, blocks_of(X.shape[0]))))


def cluster_sums(X, sample_weight, labels, n_clusters) -> tuple[np.ndarray, np.ndarray]:
    r"""Weighted sums and weights per cluster, :math:`M^\top X` and :math:`M^\top \mathbf 1`.

    :math:`M` is the ``(n_samples, n_clusters)`` membership matrix with :math:`M_{ij} = w_i`
    if :math:`a_i = j` and 0 otherwise, stored sparse (one entry per row).
    """

    def block(b):
        m = labels[b].size
        membership = scipy.sparse.csr_matrix(
            (sample_weight[b], labels[b], np.arange(m + 1)), shape=(m, n_clusters)
        )
        return np.asarray(membership.T @ X[b])

    sums = sum(map_row_blocks(block, blocks_of(X.shape[0])))
    weights = np.bincount(labels, weights=sample_weight, minlength=n_clusters)
    return sums.astype(X.dtype, copy=False), weights.astype(X.dtype, copy=False)


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
    BLAS (:func:`toolkit.parallel.single_threaded_blas`).
    """
    with single_threaded_blas():
        x_sq = row_norms_squared(X) if x_sq is None else x_sq
        run = _Run(X, sample_weight, centers_init, algorithm, x_sq)
        return run.iterate(max_iter, tol)


class _Run:
    """The state of one run: labels (in the assignment), centres, cluster sums, objective."""

    def __init__(self, X, sample_weight, centers_init, algorithm, x_sq):
        self.X, self.w = X, sample_weight
        self.k = centers_init.shape[0]
        self.assign = BlockedAssignment(ASSIGNMENTS[algorithm], X, sample_weight, x_sq)
        self.centers = np.array(centers_init, dtype=X.dtype, copy=True)
        self.shift = np.zeros(self.k, dtype=X.dtype)
        self.counts = np.zeros(self.k, dtype=np.intp)  # exact points per cluster
        self.sums = self.weights = None
        self.objective = 0.0
        self.n_relocated = 0

    def assignment_step(self, iteration):
        """Labels for the current centres; returns the relabelled points and their old labels."""
        if iteration == 0:
            self.objective = self.assign.first(self.centers)
            return np.arange(self.X.shape[0]), None
        changed, old_labels, drop = self.assign.update(self.centers, self.shift)
        self.objective -= drop
        return changed, old_labels

    def update_sums(self, iteration, changed, old_labels, relocated_last):
        """Cluster sums and weights, from scratch or point by point."""
        k, labels = self.k, self.assign.labels
        if iteration > 0 and changed.size:
            self.counts += np.bincount(labels[changed], minlength=k)
            self.counts -= np.bincount(old_labels, minlength=k)
        if (
            iteration == 0
            or relocated_last
            or changed.size > FULL_UPDATE_SHARE * self.X.shape[0]
            or iteration % REFRESH_EVERY == 0
            or not self.counts.all()  # a cluster emptied: its weight must be exactly 0
        ):
            self.sums, self.weights = cluster_sums(self.X, self.w, labels, k)
            self.counts = np.bincount(labels, minlength=k)
        elif changed.size:
            moving = self.w[changed, None] * self.X[changed]
            np.add.at(self.sums, labels[changed], moving)
            np.subtract.at(self.sums, old_labels, moving)
            w = self.w[changed]
            self.weights += np.bincount(labels[changed], w, minlength=k)
            self.weights -= np.bincount(old_labels, w, minlength=k)

    def move_centers(self) -> int:
        """Centres to their clusters' means (empty clusters repaired); returns points moved."""
        X, w, labels = self.X, self.w, self.assign.labels
        empty = np.flatnonzero(self.weights == 0)
        moved = relocate_empty_clusters(X, w, self.centers, self.sums, self.weights, labels)
        new_centers = np.empty_like(self.centers)
        nonempty = self.weights > 0
        new_centers[nonempty] = self.sums[nonempty] / self.weights[nonempty, None]
        new_centers[~nonempty] = new_centers[np.argmax(self.weights)]
        self.shift = np.sqrt(row_norms_squared(new_centers - self.centers))
        self.centers = new_centers
        if moved.size:  # the repair moved points by hand: take the objective from scratch
            self.assign.relabel(moved, empty[: moved.size])
            self.n_relocated += moved.size
            self.objective = inertia(X, w, self.centers, labels)
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
        labels = self.assign.labels.astype(np.int32)
        return LloydResult(
            centers=self.centers,
            labels=labels,
            inertia=inertia(self.X, self.w, self.centers, labels),
            n_iter=iteration + 1,
            history=np.asarray(history),
            n_relocated=self.n_relocated,
        )
