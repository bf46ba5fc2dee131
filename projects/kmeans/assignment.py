r"""The assignment step of Lloyd's iteration: every distance, or Hamerly's bounds.

Both strategies give the same labels:

- :class:`LloydAssignment` computes every distance every iteration (the textbook E-step), with
  the nearest-centre kernel :func:`foundations.linalg.distances.nearest_centers`;
- :class:`HamerlyAssignment` keeps Hamerly's (2010) triangle-inequality bounds. Each point
  has an upper bound :math:`u_i \ge \lVert x_i - c_{a_i}\rVert` and a lower bound
  :math:`\ell_i` on the distance to every other centre. If :math:`u_i < \max(\ell_i,
  \tfrac12 \min_{j \ne a_i}\lVert c_{a_i} - c_j\rVert)` no other centre can be nearer, so the
  point is skipped. When a centre moves by :math:`p_j`, the bounds follow from the triangle
  inequality: :math:`u_i \mathrel{+}= p_{a_i}`, :math:`\ell_i \mathrel{-}= \max_{j \ne a_i}
  p_j`. The bounds are set up once fewer than 5% of the points change label in an iteration
  (before that most points are in doubt anyway); from then on almost every point is skipped.

Each strategy works on one block of rows; :class:`BlockedAssignment` runs one per block on the
shared thread pool (:func:`toolkit.parallel.map_row_blocks`, BLAS on one thread meanwhile), the
layout of scikit-learn's OpenMP loop.
"""

from __future__ import annotations

import numpy as np

from foundations.linalg.distances import chunk_rows, nearest_centers, row_norms_squared
from toolkit.parallel import map_row_blocks, row_blocks

__all__ = [
    "ASSIGNMENTS",
    "BOUNDS_FROM_SHARE",
    "DENSE_SHARE",
    "MIN_BLOCK_ROWS",
    "BlockedAssignment",
    "HamerlyAssignment",
    "LloydAssignment",
    "blocks_of",
    "center_distances",
]

#: Above this share of points whose bounds cannot settle them, the assignment recomputes
#: every point in contiguous slices rather than gathering the doubtful ones.
DENSE_SHARE = 0.3

#: Hamerly's bounds are set up once fewer than this share of the points changed label in an
#: iteration; before that, most points move anyway and plain assignments are cheaper.
BOUNDS_FROM_SHARE = 0.05

#: Fewest rows worth a thread of their own.
MIN_BLOCK_ROWS = 20_000


def blocks_of(n_rows: int) -> list[slice]:
    """The row blocks of ``n_rows`` rows: one per core, none under :data:`MIN_BLOCK_ROWS`."""
    return row_blocks(n_rows, MIN_BLOCK_ROWS)


def center_distances(centers: np.ndarray) -> np.ndarray:
    """``(k, k)`` Euclidean distances between the centres (the diagonal is ``inf``)."""
    c_sq = row_norms_squared(centers)
    d2 = c_sq[:, None] + c_sq[None, :] - 2.0 * (centers @ centers.T)
    dist = np.sqrt(np.maximum(d2, 0.0))
    np.fill_diagonal(dist, np.inf)
    return dist


def _drop(assign, centers, changed, old_labels, new_sq) -> float:
    r"""Objective decrease from relabelling: :math:`\sum w_i (\lVert x_i - c_{old}\rVert^2
    - \lVert x_i - c_{new}\rVert^2)`, each term clipped at 0 against rounding."""
    diff = assign.X[changed] - centers[old_labels]
    old_sq = np.einsum("ij,ij->i", diff, diff)
    return float(np.maximum(old_sq - new_sq, 0.0) @ assign.w[changed])


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
        self.labels[:], sq_dist = nearest_centers(self.X, centers, self.x_sq)
        return float(sq_dist @ self.w)

    def update(self, centers, shifts):
        new, sq_dist = nearest_centers(self.X, centers, self.x_sq)
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
        self.labels[:], sq_dist = nearest_centers(self.X, centers, self.x_sq)
        return float(sq_dist @ self.w)

    def _reset_bounds(self, n_clusters, d1, d2):
        """Fresh bounds from the squared distances to the nearest and second-nearest centre."""
        self.moved = np.zeros(n_clusters)  # P_j
        self.moved_others = np.zeros(n_clusters)  # Q_j
        self.upper = np.sqrt(d1)  # û (= u while P = 0)
        self.lower = np.sqrt(d2)  # ℓ̂ (= ℓ while Q = 0)
        self.gap = self.lower - self.upper

    def _add_shifts(self, shifts):
        """Sum the centres' moves into :math:`P_j` and :math:`Q_j`."""
        shifts = shifts.astype(np.float64)
        others_max = np.zeros_like(shifts)  # max_{i != j} p_i for every j
        if shifts.size > 1:
            order = np.argsort(shifts)
            others_max[:] = shifts[order[-1]]
            others_max[order[-1]] = shifts[order[-2]]
        self.moved += shifts
        self.moved_others += others_max

    def update(self, centers, shifts):
        if not self.bounded:
            return self._plain_update(centers)
        self._add_shifts(shifts)
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
        return self._recompute(idx, centers)

    def _recompute(self, idx, centers):
        """Every distance for the points ``idx``; fresh bounds for them."""
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
        new, sq_dist = nearest_centers(self.X, centers, self.x_sq)
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


class BlockedAssignment:
    """One assignment per block of rows, the blocks run on the shared thread pool.

    Same interface as the per-block classes, with indices over all rows.
    """

    def __init__(self, kind, X, sample_weight, x_sq):
        self.labels = np.full(X.shape[0], -1, dtype=np.intp)
        self.blocks = blocks_of(X.shape[0])
        self.parts = [kind(X[b], sample_weight[b], x_sq[b], self.labels[b]) for b in self.blocks]

    def _each(self, method, *args):
        return map_row_blocks(
            lambda i: getattr(self.parts[i], method)(*args), range(len(self.parts))
        )

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
