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
  p_j`. Once the clustering settles almost every point is skipped.

Hamerly's bounds need the nearest *and* the second-nearest centre of a point
(:func:`two_nearest`). It works on the points stored feature by feature (``XT``, shape
``(n_features, n_samples)``): the scores :math:`\lVert c_j\rVert^2 - 2 c_j^\top x_i` form a
``(k, rows)`` block with one matrix product, and for few centres the smallest of each column,
its row and the runner-up come from one running tournament down the ``k`` contiguous rows
(:func:`foundations.linalg.distances.column_argmin`), several times faster than a per-row
``argmin`` over ``k`` numbers.

Each strategy works on one block of rows; :class:`BlockedAssignment` runs one per block on the
shared thread pool (:func:`toolkit.parallel.map_row_blocks`, BLAS on one thread meanwhile), the
layout of scikit-learn's OpenMP loop.
"""

from __future__ import annotations

import numpy as np

from foundations.linalg.distances import (
    chunk_rows,
    column_argmin,
    column_scratch,
    nearest_centers,
    row_norms_squared,
)
from toolkit.parallel import map_row_blocks, row_blocks

__all__ = [
    "ASSIGNMENTS",
    "COLUMN_MINIMA_UP_TO",
    "DENSE_SHARE",
    "MIN_BLOCK_ROWS",
    "BlockedAssignment",
    "HamerlyAssignment",
    "LloydAssignment",
    "TwoNearestWork",
    "blocks_of",
    "center_distances",
    "two_nearest",
]

#: Above this share of points whose bounds cannot settle them, the assignment recomputes
#: every point in contiguous slices rather than gathering the doubtful ones.
DENSE_SHARE = 0.3

#: Fewest rows worth a thread of their own.
MIN_BLOCK_ROWS = 20_000

#: Up to this many centres the two nearest are found by a running tournament down the
#: ``(k, rows)`` block of scores; above it by a per-row ``argmin`` of the ``(rows, k)`` block.
COLUMN_MINIMA_UP_TO = 24

_NONE = np.empty(0, dtype=np.intp)


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


def _two_smallest_by_row(scores, best, first, second):
    """The same for a ``(rows, k)`` block (many centres): ``argmin``, hide it, ``min`` again."""
    rows = np.arange(scores.shape[0])
    best[:] = scores.argmin(axis=1)
    first[:] = scores[rows, best]
    if scores.shape[1] == 1:
        second[:] = np.inf
        return
    scores[rows, best] = np.inf
    second[:] = scores.min(axis=1)


class TwoNearestWork:
    """The buffers of :func:`two_nearest`, kept from call to call (and from run to run).

    Fresh arrays of a few hundred kilobytes each call cost more than the arithmetic on them:
    the allocator hands back new pages, and the first touch of each page is a page fault.
    """

    def __init__(self, n_clusters: int, n_features: int, n_points: int, dtype):
        self.k, self.d, self.n, self.dtype = n_clusters, n_features, n_points, np.dtype(dtype)
        self.step = chunk_rows(n_clusters, self.dtype.itemsize)
        m = max(1, min(self.step, n_points))
        self.scores = np.empty(n_clusters * m, dtype=self.dtype)
        self.gathered = np.empty(n_features * m, dtype=self.dtype)
        self.first = np.empty(m, dtype=self.dtype)
        self.second = np.empty(m, dtype=self.dtype)
        self.scratch = column_scratch(m, self.dtype)
        self.offsets = np.arange(m, dtype=np.intp)
        self.labels = np.empty(n_points, dtype=np.intp)
        self.d1 = np.empty(n_points)
        self.d2 = np.empty(n_points)
        self.rise = np.empty(n_points)

    def fits(self, centers, n_points, dtype) -> bool:
        return (self.k, self.d, self.n, self.dtype) == (*centers.shape, n_points, np.dtype(dtype))


def two_nearest(XT, x_sq, centers, cols=None, work: TwoNearestWork | None = None, old=None):
    r"""Nearest centre, and squared distances to the nearest and the second-nearest centre.

    .. math:: a_i = \arg\min_j s_{ji}, \quad s_{ji} = \lVert c_j\rVert^2 - 2\,c_j^\top x_i,
              \qquad d_{1,i} = \lVert x_i\rVert^2 + s_{a_i i}, \quad
              d_{2,i} = \lVert x_i\rVert^2 + \min_{j \ne a_i} s_{ji}

    Parameters
    ----------
    XT : ndarray, shape (n_features, n_samples)
        The points, feature by feature.
    x_sq : ndarray, shape (n_samples,)
        :math:`\lVert x_i \rVert^2`.
    centers : ndarray, shape (n_clusters, n_features)
    cols : ndarray of int, optional
        Only these points (default: every point, read in slices without a copy).
    work : TwoNearestWork, optional
        Buffers to reuse; the results are then views into it, valid until the next call.
    old : ndarray of int, optional
        The points' previous labels: then also return :math:`s_{\text{old}, i} - s_{a_i i}
        \ge 0`, how much nearer the new centre is (exactly 0 for an unchanged label).

    Returns
    -------
    labels : ndarray of intp
    d1, d2 : ndarray of float64
        Clipped at 0; ``d2`` is ``inf`` for a single centre.
    rise : ndarray of float64
        Only when ``old`` is given.
    """
    k, d = centers.shape
    size = XT.shape[1] if cols is None else cols.size
    if work is None:
        work = TwoNearestWork(k, d, size, XT.dtype)
    minus_2c = -2.0 * centers
    c_sq = row_norms_squared(centers)[:, None]
    labels, d1, d2, rise = work.labels[:size], work.d1[:size], work.d2[:size], work.rise[:size]
    same = work.dtype == d1.dtype
    for start in range(0, size, work.step):
        out = slice(start, min(start + work.step, size))
        m = out.stop - out.start
        if cols is None:
            xs = XT[:, out]
        else:
            xs = work.gathered[: d * m].reshape(d, m)
            np.take(XT, cols[out], axis=1, out=xs)
        first = d1[out] if same else work.first[:m]
        second = d2[out] if same else work.second[:m]
        if k <= COLUMN_MINIMA_UP_TO:
            scores = work.scores[: k * m].reshape(k, m)
            np.matmul(minus_2c, xs, out=scores)
            scores += c_sq
            column_argmin(scores, labels[out], first, work.scratch, second)
            if old is not None:  # the previous centre's score
                rise[out] = np.take(scores.ravel(), old[out] * m + work.offsets[:m])
        else:
            scores = work.scores[: k * m].reshape(m, k)
            np.matmul(xs.T, minus_2c.T, out=scores)
            scores += c_sq[:, 0]
            if old is not None:
                rise[out] = np.take(scores.ravel(), old[out] + work.offsets[:m] * k)
            _two_smallest_by_row(scores, labels[out], first, second)
        if old is not None:
            rise[out] -= first
        if not same:
            d1[out], d2[out] = first, second
    x_sq = x_sq if cols is None else x_sq[cols]
    d1 += x_sq
    d2 += x_sq
    np.maximum(d1, 0.0, out=d1)
    np.maximum(d2, 0.0, out=d2)
    return (labels, d1, d2) if old is None else (labels, d1, d2, rise)


def _sq_distances_to_own(XT, centers, labels, cols):
    """``||x_i - c_{labels_i}||²`` for the points ``cols``, from the differences."""
    diff = XT[:, cols] - centers.T[:, labels]
    return np.einsum("ij,ij->j", diff, diff)


def _drop(assign, centers, changed, old_labels, new_sq) -> float:
    r"""Objective decrease from relabelling: :math:`\sum w_i (\lVert x_i - c_{old}\rVert^2
    - \lVert x_i - c_{new}\rVert^2)`, each term clipped at 0 against rounding."""
    if changed.size == 0:
        return 0.0
    old_sq = _sq_distances_to_own(assign.XT, centers, old_labels, changed)
    return float(np.maximum(old_sq - new_sq, 0.0) @ assign.w[changed])


class LloydAssignment:
    """Assignment by computing every distance (the textbook E-step), for a block of rows.

    ``update(centers, shifts)`` relabels the points and returns the relabelled ones (indices
    within the block), their old labels and the drop in the objective that relabelling
    brought. ``labels`` is written in place (it may be a view of a larger array).
    """

    def __init__(self, X, XT, sample_weight, x_sq, labels, cache=None):
        self.X, self.XT, self.w, self.x_sq, self.labels = X, XT, sample_weight, x_sq, labels

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
    bound :math:`\ell_i \le \min_{j \ne a_i} \lVert x_i - c_j\rVert`; while :math:`u_i <
    \ell_i` its nearest centre cannot have changed. When the centres move by :math:`p_j`, the
    triangle inequality gives :math:`u_i \mathrel{+}= p_{a_i}` and :math:`\ell_i
    \mathrel{-}= \max_{j \ne a_i} p_j`. Rather than touching every bound every iteration,
    the moves are summed per cluster, :math:`P_j = \sum p_j` and :math:`Q_j = \sum \max_{i
    \ne j} p_i`, and only the gap between the two bounds is stored, relative to those sums
    (a point keeps its label between two recomputations):

    .. math:: \ell_i - u_i = \hat g_i - (P_{a_i} + Q_{a_i}), \qquad
              \hat g_i = \sqrt{d_{2,i}} - \sqrt{d_{1,i}} + P_{a_i} + Q_{a_i}
              \ \text{(at its last recomputation)} .

    So a point can only change label if :math:`\hat g_i \le P_{a_i} + Q_{a_i}`: one gather
    and one comparison per point and iteration. The points that fail get all ``k``
    distances (:func:`two_nearest`) and a fresh gap; when most points fail (the first
    iterations), every point is recomputed in one contiguous pass and the sums start afresh.
    (Hamerly's second test, half the distance to the nearest other centre, and tightening
    :math:`u_i` to the exact distance before recomputing, cost more numpy passes over the
    doubtful points than the ``k`` distances they would save.)
    """

    def __init__(self, X, XT, sample_weight, x_sq, labels, cache=None):
        self.XT, self.w, self.x_sq, self.labels = XT, sample_weight, x_sq, labels
        n = labels.size
        # buffers reused from run to run (``cache`` lives as long as the data)
        cache = {} if cache is None else cache
        if "gap" not in cache:
            cache.update(gap=np.empty(n), allowed=np.empty(n), doubtful=np.empty(n, bool))
        self.cache = cache
        self.gap = cache["gap"]  # ĝ
        self.allowed = cache["allowed"]  # P + Q of each point's cluster
        self.doubtful = cache["doubtful"]
        self.work = cache.get("work")  # buffers of two_nearest

    def _two_nearest(self, idx, centers, old=None):
        """:func:`two_nearest` of the points ``idx`` (``None``: every point), buffers reused."""
        if self.work is None or not self.work.fits(centers, self.labels.size, self.XT.dtype):
            self.work = TwoNearestWork(*centers.shape, self.labels.size, self.XT.dtype)
            self.cache["work"] = self.work
        return two_nearest(self.XT, self.x_sq, centers, idx, self.work, old)

    def first(self, centers) -> float:
        """First assignment, with fresh bounds; returns the objective it reaches."""
        labels, d1, d2 = self._two_nearest(None, centers)
        self.labels[:] = labels
        objective = float(d1 @ self.w)
        self._reset_bounds(centers.shape[0], d1, d2)
        return objective

    def _reset_bounds(self, n_clusters, d1, d2):
        """Fresh gaps from the squared distances to the nearest and second-nearest centre."""
        self.moved = np.zeros(n_clusters)  # P_j + Q_j since the last reset
        np.sqrt(d2, out=self.gap)
        np.sqrt(d1, out=d1)
        self.gap -= d1

    def _add_shifts(self, shifts):
        r"""Add this iteration's :math:`p_j + \max_{i \ne j} p_i` to every cluster's sum."""
        values = shifts.tolist()  # k numbers: plain Python is quicker than numpy calls
        top = max(range(len(values)), key=values.__getitem__)
        others = values[:top] + values[top + 1 :]
        self.moved += shifts
        if others:
            self.moved += values[top]
            self.moved[top] += max(others) - values[top]

    def update(self, centers, shifts):
        self._add_shifts(shifts)
        np.take(self.moved, self.labels, out=self.allowed, mode="clip")  # labels are valid
        # "<=": an exact tie is recomputed, so it goes to the lowest index as in Lloyd
        np.less_equal(self.gap, self.allowed, out=self.doubtful)
        idx = np.flatnonzero(self.doubtful)
        if idx.size == 0:
            return _NONE, _NONE, 0.0
        if idx.size > DENSE_SHARE * self.labels.size:  # most points in doubt: one plain pass
            return self._full_update(centers)
        old = self.labels[idx]
        new, d1, d2, rise = self._two_nearest(idx, centers, old)
        self.labels[idx] = new
        moved = new != old
        changed = idx[moved]
        drop = float(rise[moved] @ self.w[changed])  # relabelling lowers J by w (s_old - s_new)
        self.gap[idx] = np.sqrt(d2) - np.sqrt(d1) + self.moved[new]
        return changed, old[moved], drop

    def _full_update(self, centers):
        """Every point recomputed, in contiguous slices (cheaper than gathering most of them)."""
        labels, d1, d2, rise = self._two_nearest(None, centers, self.labels)
        changed = np.flatnonzero(labels != self.labels)
        old = self.labels[changed]
        self.labels[:] = labels
        drop = float(rise @ self.w)  # 0 for every unchanged point
        self._reset_bounds(centers.shape[0], d1, d2)
        return changed, old, drop

    def relabel(self, idx, labels):
        """Points moved by hand (empty-cluster repair): their bounds are recomputed next time."""
        self.labels[idx] = labels
        self.gap[idx] = -np.inf


class BlockedAssignment:
    """One assignment per block of rows, the blocks run on the shared thread pool.

    Same interface as the per-block classes, with indices over all rows.
    """

    def __init__(self, kind, X, XT, sample_weight, x_sq, cache=None):
        self.labels = np.full(X.shape[0], -1, dtype=np.intp)
        self.blocks = blocks_of(X.shape[0])
        cache = {} if cache is None else cache  # per block: buffers kept from run to run
        self.parts = [
            kind(
                X[b],
                XT[:, b],
                sample_weight[b],
                x_sq[b],
                self.labels[b],
                cache.setdefault((b.start, b.stop), {}),
            )
            for b in self.blocks
        ]

    def _each(self, method, *args):
        if len(self.parts) == 1:
            return [getattr(self.parts[0], method)(*args)]
        return map_row_blocks(
            lambda i: getattr(self.parts[i], method)(*args), range(len(self.parts))
        )

    def first(self, centers) -> float:
        return float(sum(self._each("first", centers)))

    def update(self, centers, shifts):
        results = self._each("update", centers, shifts)
        if len(results) == 1:
            return results[0]
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
