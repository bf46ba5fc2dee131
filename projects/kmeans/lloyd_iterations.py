r"""Lloyd's algorithm for k-means, written on matrix products.

k-means looks for centres :math:`c_1, \dots, c_k` and labels :math:`a_i` minimising the
weighted within-cluster sum of squares (the *inertia*)

.. math:: J(a, c) = \sum_{i=1}^{n} w_i \, \lVert x_i - c_{a_i} \rVert^2 .

Lloyd's iteration alternates two exact minimisations, so :math:`J` can never rise:

1. **assignment** (E-step): with the centres fixed, each point goes to its nearest centre,
   :math:`a_i = \arg\min_j \lVert x_i - c_j \rVert^2`;
2. **update** (M-step): with the labels fixed, each centre moves to its cluster's weighted
   mean, :math:`c_j = \sum_{a_i = j} w_i x_i \,/\, \sum_{a_i = j} w_i`.

The assignment needs the ``(n, k)`` table of squared distances. Expanding

.. math:: \lVert x - c \rVert^2 = \lVert x \rVert^2 - 2\, x^\top c + \lVert c \rVert^2

turns it into one matrix product per chunk of rows (``||x||²`` is the same for every
centre, so the argmin can skip it). The update is one product too: with the sparse
membership matrix :math:`M_{ij} = w_i [a_i = j]`, the cluster sums are :math:`M^\top X`.

Two exact identities make the objective cheap to track after every iteration:

- moving a centre from :math:`c` to its cluster's mean :math:`\bar x` lowers :math:`J` by
  exactly :math:`W_j \lVert \bar x - c \rVert^2` (:math:`W_j` the cluster's weight), and
- relabelling point :math:`i` from centre :math:`p` to a nearer centre :math:`q` lowers it
  by :math:`w_i (\lVert x_i - c_p\rVert^2 - \lVert x_i - c_q\rVert^2) \ge 0`,

so the history is a running total of non-negative decreases, monotone by construction (the
tests check it against the inertia computed from scratch).

Two assignment strategies give the same iterates:

- ``"lloyd"``: every distance, every iteration (the textbook version);
- ``"hamerly"``: Hamerly's (2010) triangle-inequality bounds. Each point keeps an upper bound
  :math:`u_i \ge \lVert x_i - c_{a_i}\rVert` and a lower bound :math:`\ell_i` on the distance
  to every other centre. If :math:`u_i < \max(\ell_i, \tfrac12 \min_{j \ne a_i}\lVert c_{a_i}
  - c_j\rVert)` no other centre can be nearer, so the point is skipped. When a centre moves by
  :math:`p_j`, the bounds follow from the triangle inequality: :math:`u_i \mathrel{+}=
  p_{a_i}`, :math:`\ell_i \mathrel{-}= \max_{j \ne a_i} p_j`. The bounds are set up once
  fewer than 5% of the points change label in an iteration (before that most points are in
  doubt anyway); from then on almost every point is skipped.

The rows are split into one contiguous block per CPU core; the blocks run on a thread pool
(NumPy releases the interpreter lock inside its array operations) with BLAS kept on one
thread, the same layout as scikit-learn's OpenMP loop.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse
from threadpoolctl import ThreadpoolController

__all__ = [
    "ASSIGNMENTS",
    "BOUNDS_FROM_SHARE",
    "CHUNK_BYTES",
    "DENSE_SHARE",
    "FULL_UPDATE_SHARE",
    "MIN_BLOCK_ROWS",
    "REFRESH_EVERY",
    "BlockedAssignment",
    "HamerlyAssignment",
    "LloydAssignment",
    "LloydResult",
    "center_distances",
    "chunk_rows",
    "cluster_sums",
    "inertia",
    "lloyd",
    "map_blocks",
    "n_threads",
    "nearest_centers",
    "relocate_empty_clusters",
    "row_blocks",
    "row_norms_squared",
    "single_threaded_blas",
]

#: Bytes of the ``(rows, k)`` distance block per chunk: small enough to stay in the L2 cache.
CHUNK_BYTES = 1 << 20

#: Above this share of relabelled points the cluster sums are recomputed from scratch;
#: below it they are updated point by point (add to the new cluster, subtract from the old).
FULL_UPDATE_SHARE = 0.1

#: Above this share of points whose bounds cannot settle them, the assignment recomputes
#: every point in contiguous slices rather than gathering the doubtful ones.
DENSE_SHARE = 0.3

#: Hamerly's bounds are set up once fewer than this share of the points changed label in an
#: iteration; before that, most points move anyway and plain assignments are cheaper.
BOUNDS_FROM_SHARE = 0.05

#: The incremental sums are also refreshed from scratch every this many iterations, so
#: rounding cannot accumulate.
REFRESH_EVERY = 10


def chunk_rows(n_clusters: int, itemsize: int = 8) -> int:
    """Rows per chunk so that a chunk's ``(rows, n_clusters)`` distances fit ``CHUNK_BYTES``."""
    return max(256, CHUNK_BYTES // (max(n_clusters, 1) * itemsize))


#: Fewest rows worth a thread of their own.
MIN_BLOCK_ROWS = 20_000

_POOL: ThreadPoolExecutor | None = None
_BLAS: ThreadpoolController | None = None


def single_threaded_blas():
    """Context manager keeping BLAS on one thread (its small products do not pay for more).

    The products here are a chunk of rows times ``k`` centres: a multi-threaded BLAS spends
    more time waking its threads than computing, and the row blocks already run on every
    core. scikit-learn's k-means does the same.
    """
    global _BLAS
    if _BLAS is None:
        _BLAS = ThreadpoolController()  # finds the loaded BLAS libraries once
    return _BLAS.limit(limits=1, user_api="blas")


def n_threads() -> int:
    """CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def row_blocks(n_rows: int) -> list[slice]:
    """Contiguous blocks of rows, one per thread (one block for small data)."""
    count = max(1, min(n_threads(), n_rows // MIN_BLOCK_ROWS))
    edges = np.linspace(0, n_rows, count + 1).astype(int)
    return [slice(a, b) for a, b in itertools.pairwise(edges)]


def map_blocks(fn, blocks) -> list:
    """``[fn(b) for b in blocks]``, on a thread pool when there is more than one block.

    NumPy releases the interpreter lock inside its array operations, so the blocks really
    run at the same time, one core each (like scikit-learn's OpenMP loop over chunks).
    """
    global _POOL
    blocks = list(blocks)
    if len(blocks) == 1:
        return [fn(blocks[0])]
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=n_threads(), thread_name_prefix="kmeans")
    return list(_POOL.map(fn, blocks))


def row_norms_squared(X: np.ndarray) -> np.ndarray:
    r"""``||x_i||²`` for every row, shape ``(n_samples,)``."""
    return np.einsum("ij,ij->i", X, X)


def nearest_centers(X: np.ndarray, centers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""The assignment step: nearest centre and squared distance for every row of ``X``.

    .. math:: a_i = \arg\min_j \bigl(\lVert c_j \rVert^2 - 2\, x_i^\top c_j\bigr), \qquad
              d_i = \lVert x_i \rVert^2 + \lVert c_{a_i} \rVert^2 - 2\, x_i^\top c_{a_i}

    computed chunk by chunk (one matrix product each), ties going to the lowest index.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    centers : ndarray, shape (n_clusters, n_features)

    Returns
    -------
    labels : ndarray of intp, shape (n_samples,)
    sq_distances : ndarray, shape (n_samples,)
        Clipped at 0 (the expansion can round slightly below).
    """
    x_sq = row_norms_squared(X)
    with single_threaded_blas():
        parts = map_blocks(lambda b: _nearest(X[b], centers, x_sq[b]), row_blocks(X.shape[0]))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _nearest(X, centers, x_sq):
    """:func:`nearest_centers` on one block of rows, serially."""
    n = X.shape[0]
    labels = np.empty(n, dtype=np.intp)
    sq_dist = np.empty(n, dtype=X.dtype)
    minus_2c_t = (-2.0 * centers).T
    c_sq = row_norms_squared(centers)
    step = chunk_rows(centers.shape[0], X.itemsize)
    for start in range(0, n, step):
        rows = slice(start, start + step)
        scores = X[rows] @ minus_2c_t  # -2 x·c, shape (m, k)
        scores += c_sq
        best = scores.argmin(axis=1)
        labels[rows] = best
        sq_dist[rows] = np.take_along_axis(scores, best[:, None], axis=1)[:, 0]
    sq_dist += x_sq
    np.maximum(sq_dist, 0.0, out=sq_dist)
    return labels, sq_dist


def inertia(X, sample_weight, centers, labels) -> float:
    r"""``Σ_i w_i ||x_i − c_{a_i}||²`` from the differences themselves (no expansion)."""

    def block(b):
        diff = X[b] - centers[labels[b]]
        return float(np.einsum("ij,ij->i", diff, diff) @ sample_weight[b])

    return float(sum(map_blocks(block, row_blocks(X.shape[0]))))


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

    sums = sum(map_blocks(block, row_blocks(X.shape[0])))
    weights = np.bincount(labels, weights=sample_weight, minlength=n_clusters)
    return sums.astype(X.dtype, copy=False), weights.astype(X.dtype, copy=False)


def center_distances(centers: np.ndarray) -> np.ndarray:
    """``(k, k)`` Euclidean distances between the centres (the diagonal is ``inf``)."""
    c_sq = row_norms_squared(centers)
    d2 = c_sq[:, None] + c_sq[None, :] - 2.0 * (centers @ centers.T)
    dist = np.sqrt(np.maximum(d2, 0.0))
    np.fill_diagonal(dist, np.inf)
    return dist


# --- the two assignment strategies ---------------------------------------------------------


class LloydAssignment:
    """Assignment by computing every distance (the textbook E-step), for a block of rows.

    ``update(centers, shifts)`` relabels the points and returns the relabelled ones (indices
    within the block), their old labels and the drop in the objective that relabelling
    brought. ``labels`` is written in place (it may be a view of a larger array).
    """

    def __init__(self, X, sample_weight, x_sq, labels):
        self.X, self.w, self.x_sq, self.labels = X, sample_weight, x_sq, labels

    def first(self, centers) -> float:
        """First assignment; returns the objective :math:`J(a, c)` it reaches."""
        self.labels[:], sq_dist = _nearest(self.X, centers, self.x_sq)
        return float(sq_dist @ self.w)

    def update(self, centers, shifts):
        new, sq_dist = _nearest(self.X, centers, self.x_sq)
        changed = np.flatnonzero(new != self.labels)
        old = self.labels[changed]
        self.labels[:] = new
        return changed, old, _drop(self, centers, changed, old, sq_dist[changed])

    def relabel(self, idx, labels):
        """Points moved by hand (empty-cluster repair)."""
        self.labels[idx] = labels


class HamerlyAssignment:
    r"""Assignment with Hamerly's bounds, for a block of rows: same labels, fewer distances.

    Each point has an upper bound :math:`u_i \ge \lVert x_i - c_{a_i}\rVert` and a lower
    bound :math:`\ell_i \le \min_{j \ne a_i} \lVert x_i - c_j\rVert`. When the centres move
    by :math:`p_j`, the triangle inequality gives :math:`u_i \mathrel{+}= p_{a_i}` and
    :math:`\ell_i \mathrel{-}= \max_{j \ne a_i} p_j`. Rather than touching every bound every
    iteration, the moves are summed per cluster, :math:`P_j = \sum p_j` and
    :math:`Q_j = \sum \max_{i \ne j} p_i`, and the bounds are stored relative to them (a
    point keeps its label between two recomputations):

    .. math:: u_i = \hat u_i + P_{a_i}, \qquad \ell_i = \hat\ell_i - Q_{a_i} .

    A point can only change label if :math:`u_i \ge \ell_i`, i.e. if its stored gap
    :math:`\hat\ell_i - \hat u_i \le P_{a_i} + Q_{a_i}`: one gather and one comparison per
    point and iteration. The few points that fail are then tested against the second, centre-based
    bound :math:`\tfrac12 \min_{j \ne a_i} \lVert c_{a_i} - c_j \rVert`, their upper bound is
    tightened to the exact distance, and only those still in doubt get all ``k`` distances.
    """

    def __init__(self, X, sample_weight, x_sq, labels):
        self.X, self.w, self.x_sq, self.labels = X, sample_weight, x_sq, labels
        self.n_clusters = 0

    def _two_nearest(self, idx, centers):
        """Nearest label, nearest and second-nearest squared distance of the points ``idx``.

        ``idx=None`` means every point (read in slices, no copy).
        """
        k = centers.shape[0]
        size = self.X.shape[0] if idx is None else idx.size
        minus_2c_t = (-2.0 * centers).T
        c_sq = row_norms_squared(centers)
        labels = np.empty(size, dtype=np.intp)
        d1 = np.empty(size)
        d2 = np.full(size, np.inf)
        step = chunk_rows(k, self.X.itemsize)
        for start in range(0, size, step):
            out = slice(start, min(start + step, size))
            xs = self.X[out] if idx is None else self.X[idx[out]]
            scores = xs @ minus_2c_t
            scores += c_sq
            rows = np.arange(scores.shape[0])
            best = scores.argmin(axis=1)
            labels[out] = best
            d1[out] = scores[rows, best]
            if k > 1:  # the runner-up: hide the winner, take the minimum again
                scores[rows, best] = np.inf
                d2[out] = scores[rows, scores.argmin(axis=1)]
        x_sq = self.x_sq if idx is None else self.x_sq[idx]
        d1 += x_sq
        d2 += x_sq
        return labels, np.maximum(d1, 0.0), np.maximum(d2, 0.0)

    def first(self, centers) -> float:
        self.bounded = False  # early iterations: plain assignments, no bounds yet
        self.last_changed = self.X.shape[0]
        self.labels[:], sq_dist = _nearest(self.X, centers, self.x_sq)
        return float(sq_dist @ self.w)

    def _reset_bounds(self, n_clusters, d1, d2):
        """Fresh bounds from the squared distances to the nearest and second-nearest centre."""
        self.moved = np.zeros(n_clusters)  # P_j
        self.moved_others = np.zeros(n_clusters)  # Q_j
        self.upper = np.sqrt(d1)  # û (= u while P = 0)
        self.lower = np.sqrt(d2)  # ℓ̂ (= ℓ while Q = 0)
        self.gap = self.lower - self.upper

    def update(self, centers, shifts):
        if not self.bounded:
            return self._plain_update(centers)
        shifts = shifts.astype(np.float64)
        others_max = np.zeros_like(shifts)  # max_{i != j} p_i for every j
        if shifts.size > 1:
            order = np.argsort(shifts)
            others_max[:] = shifts[order[-1]]
            others_max[order[-1]] = shifts[order[-2]]
        self.moved += shifts
        self.moved_others += others_max
        # 1. the lower bound: only points with u >= ℓ can change label
        allowance = np.take(self.moved + self.moved_others, self.labels)
        idx = np.flatnonzero(self.gap <= allowance)
        if idx.size > DENSE_SHARE * self.X.shape[0]:  # most points in doubt: one plain pass
            return self._full_update(centers)
        labels = self.labels[idx]
        upper = self.upper[idx] + self.moved[labels]
        lower = self.lower[idx] - self.moved_others[labels]
        # 2. the centres' bound: no other centre is nearer than half the gap between centres
        half_gap = 0.5 * center_distances(centers).min(axis=1).astype(np.float64)
        bound = np.maximum(lower, half_gap[labels])
        # ">=": an exact tie is recomputed, so it goes to the lowest index as in Lloyd
        doubt = upper >= bound
        idx, labels, bound = idx[doubt], labels[doubt], bound[doubt]
        # 3. tighten the upper bound to the exact distance and test again
        diff = self.X[idx] - centers[labels]
        tight = np.sqrt(np.einsum("ij,ij->i", diff, diff))
        self.upper[idx] = tight - self.moved[labels]
        self.gap[idx] = self.lower[idx] - self.upper[idx]
        idx = idx[tight >= bound]
        if idx.size == 0:
            return idx, idx, 0.0
        # 4. all k distances for the points still in doubt
        old = self.labels[idx]
        new, d1, d2 = self._two_nearest(idx, centers)
        self.labels[idx] = new
        self.upper[idx] = np.sqrt(d1) - self.moved[new]
        self.lower[idx] = np.sqrt(d2) + self.moved_others[new]
        self.gap[idx] = self.lower[idx] - self.upper[idx]
        moved = new != old
        changed = idx[moved]
        return changed, old[moved], _drop(self, centers, changed, old[moved], d1[moved])

    def _plain_update(self, centers):
        """Every point recomputed; once few points moved last time, with the bounds set up."""
        if self.last_changed < BOUNDS_FROM_SHARE * self.X.shape[0]:  # settling: set the bounds
            return self._full_update(centers)
        new, sq_dist = _nearest(self.X, centers, self.x_sq)
        changed = np.flatnonzero(new != self.labels)
        old = self.labels[changed]
        self.labels[:] = new
        self.last_changed = changed.size
        return changed, old, _drop(self, centers, changed, old, sq_dist[changed])

    def _full_update(self, centers):
        """Every point recomputed, in contiguous slices (cheaper than gathering most of them)."""
        labels, d1, d2 = self._two_nearest(None, centers)
        changed = np.flatnonzero(labels != self.labels)
        old = self.labels[changed]
        self.labels[:] = labels
        self._reset_bounds(centers.shape[0], d1, d2)
        self.bounded = True
        return changed, old, _drop(self, centers, changed, old, d1[changed])

    def relabel(self, idx, labels):
        """Points moved by hand (empty-cluster repair): their bounds are recomputed next time."""
        self.labels[idx] = labels
        if not self.bounded:
            return
        self.upper[idx] = np.inf
        self.lower[idx] = 0.0
        self.gap[idx] = -np.inf


def _drop(assign, centers, changed, old_labels, new_sq) -> float:
    r"""Objective decrease from relabelling: :math:`\sum w_i (\lVert x_i - c_{old}\rVert^2
    - \lVert x_i - c_{new}\rVert^2)`, each term clipped at 0 against rounding."""
    diff = assign.X[changed] - centers[old_labels]
    old_sq = np.einsum("ij,ij->i", diff, diff)
    return float(np.maximum(old_sq - new_sq, 0.0) @ assign.w[changed])


class BlockedAssignment:
    """One assignment per block of rows, the blocks run on the thread pool.

    Same interface as the per-block classes, with indices over all rows.
    """

    def __init__(self, kind, X, sample_weight, x_sq):
        self.labels = np.full(X.shape[0], -1, dtype=np.intp)
        self.blocks = row_blocks(X.shape[0])
        self.parts = [kind(X[b], sample_weight[b], x_sq[b], self.labels[b]) for b in self.blocks]

    def _each(self, method, *args):
        return map_blocks(lambda i: getattr(self.parts[i], method)(*args), range(len(self.parts)))

    def first(self, centers) -> float:
        return float(sum(self._each("first", centers)))

    def update(self, centers, shifts):
        results = self._each("update", centers, shifts)
        changed = np.concatenate(
            [r[0] + b.start for r, b in zip(results, self.blocks, strict=True)]
        )
        old = np.concatenate([r[1] for r in results])
        return changed, old, float(sum(r[2] for r in results))

    def relabel(self, idx, labels):
        for part, b in zip(self.parts, self.blocks, strict=True):
            mine = (idx >= b.start) & (idx < b.stop)
            if mine.any():
                part.relabel(idx[mine] - b.start, np.asarray(labels)[mine])


ASSIGNMENTS = {"lloyd": LloydAssignment, "hamerly": HamerlyAssignment}


@dataclass
class LloydResult:
    """What one run of Lloyd's algorithm returns."""

    centers: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int
    history: np.ndarray = field(repr=False)
    n_relocated: int = 0


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
    BLAS (:func:`single_threaded_blas`).
    """
    with single_threaded_blas():
        return _lloyd(X, sample_weight, centers_init, max_iter, tol, algorithm, x_sq)


def _lloyd(X, sample_weight, centers_init, max_iter, tol, algorithm, x_sq) -> LloydResult:
    n, k = X.shape[0], centers_init.shape[0]
    x_sq = row_norms_squared(X) if x_sq is None else x_sq
    assign = BlockedAssignment(ASSIGNMENTS[algorithm], X, sample_weight, x_sq)
    centers = np.array(centers_init, dtype=X.dtype, copy=True)
    history = []
    shift = np.zeros(k, dtype=X.dtype)
    counts = np.zeros(k, dtype=np.intp)  # points per cluster (exact, unlike float weights)
    n_relocated = 0
    strict = relocated_last = False
    for iteration in range(max_iter):
        # assignment step: labels for the current centres
        if iteration == 0:
            objective = assign.first(centers)
            changed = np.arange(n)
        else:
            changed, old_labels, drop = assign.update(centers, shift)
            objective -= drop
        # update step: cluster sums, from scratch or point by point
        if iteration > 0 and changed.size:
            counts += np.bincount(assign.labels[changed], minlength=k)
            counts -= np.bincount(old_labels, minlength=k)
        if (
            iteration == 0
            or relocated_last
            or changed.size > FULL_UPDATE_SHARE * n
            or iteration % REFRESH_EVERY == 0
            or not counts.all()  # a cluster emptied: its weight must be exactly 0
        ):
            sums, weights = cluster_sums(X, sample_weight, assign.labels, k)
            counts = np.bincount(assign.labels, minlength=k)
        elif changed.size:
            moving = sample_weight[changed, None] * X[changed]
            np.add.at(sums, assign.labels[changed], moving)
            np.subtract.at(sums, old_labels, moving)
            w = sample_weight[changed]
            weights += np.bincount(assign.labels[changed], w, minlength=k)
            weights -= np.bincount(old_labels, w, minlength=k)
        empty = np.flatnonzero(weights == 0)
        moved = relocate_empty_clusters(X, sample_weight, centers, sums, weights, assign.labels)
        new_centers = np.empty_like(centers)
        nonempty = weights > 0
        new_centers[nonempty] = sums[nonempty] / weights[nonempty, None]
        new_centers[~nonempty] = new_centers[np.argmax(weights)]
        shift = np.sqrt(row_norms_squared(new_centers - centers))
        centers = new_centers
        if moved.size:  # the repair moved points by hand: take the objective from scratch
            assign.relabel(moved, empty[: moved.size])
            n_relocated += moved.size
            objective = inertia(X, sample_weight, centers, assign.labels)
        else:  # each centre moved to its cluster's mean: J drops by W_j ||shift_j||²
            objective -= float(weights @ shift**2)
        history.append(objective)
        if iteration > 0 and changed.size == 0 and not relocated_last:
            strict = True
            break
        relocated_last = moved.size > 0
        if float(shift @ shift) <= tol:
            break
    if not strict:  # one more assignment, so that the labels belong to the final centres
        assign.update(centers, shift)
    labels = assign.labels.astype(np.int32)
    return LloydResult(
        centers=centers,
        labels=labels,
        inertia=inertia(X, sample_weight, centers, labels),
        n_iter=iteration + 1,
        history=np.asarray(history),
        n_relocated=n_relocated,
    )
