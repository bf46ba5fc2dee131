r"""Squared Euclidean distances between many points at once, and the nearest-centre kernel (chapter 2).

Both rest on one expansion,

.. math:: \lVert x - y \rVert^2 = \lVert x \rVert^2 - 2\,x^\top y + \lVert y \rVert^2,

so the whole ``(n, m)`` table of squared distances is two row norms and one matrix product.
k-means' assignment step (and k-means++'s seeding, nearest-centroid classification, ...) only
needs the nearest of ``k`` centres for each point, which :func:`nearest_centers` finds chunk by
chunk so the ``(rows, k)`` block of products stays in the cache.

Data are rows: a batch of vectors is an array of shape ``(n_samples, n_features)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..validation import as_float_array

__all__ = [
    "CHUNK_BYTES",
    "RUNNING_MIN_MAX_K",
    "ColumnScratch",
    "chunk_rows",
    "column_argmin",
    "column_scratch",
    "direct_squared_distances",
    "expanded_squared_distances",
    "nearest_centers",
    "pairwise_squared_distances",
    "row_norms_squared",
]

#: Bytes of the ``(rows, k)`` block of products per chunk: small enough to stay in the L2 cache.
CHUNK_BYTES = 1 << 20


def row_norms_squared(X: np.ndarray) -> np.ndarray:
    r""":math:`\lVert x_i \rVert^2` for every row of a 2-D array, shape ``(n_samples,)``."""
    return np.einsum("ij,ij->i", X, X)


def _cancellation_floor(dtype) -> float:
    r""":math:`\tau = \varepsilon^{1/3}`: an expansion :math:`D \le \tau(\lVert x\rVert^2 +
    \lVert y\rVert^2)` has lost more than a third of its digits to cancellation and is
    recomputed as :math:`\lVert x - y\rVert^2`; one above keeps a relative error of at most
    about :math:`4\varepsilon/\tau = 4\varepsilon^{2/3}` (:math:`10^{-10}` in float64)."""
    return float(np.finfo(dtype).eps ** (1.0 / 3.0))


def _norms_argument(norms, X: np.ndarray, name: str) -> np.ndarray:
    sq = as_float_array(norms, name).reshape(-1) if np.ndim(norms) else None
    if sq is None or sq.shape[0] != X.shape[0] or np.any(sq < 0):
        raise InputError(f"{name} must hold {X.shape[0]} non-negative squared row norms")
    return sq.astype(X.dtype, copy=False)


def pairwise_squared_distances(
    X, Y=None, *, X_norm_squared=None, Y_norm_squared=None
) -> np.ndarray:
    r"""Squared Euclidean distances between the rows of ``X`` and the rows of ``Y``.

    .. math:: D_{ij} = \lVert x_i \rVert^2 - 2\, x_i^\top y_j + \lVert y_j \rVert^2

    computed with one matrix product. The expansion cancels when :math:`D_{ij}` is small
    against the norms (points far from the origin, or nearly equal points), so

    * without precomputed norms, both sets are first shifted by the mean of ``Y`` (distances do
      not change; the norms become the spread of the data, as scikit-learn's k-means does);
    * every entry with :math:`D_{ij} \le \varepsilon^{1/3}(\lVert x_i\rVert^2 +
      \lVert y_j\rVert^2)` is recomputed as :math:`\lVert x_i - y_j\rVert^2` directly.

    The result has a relative error of about :math:`4\varepsilon^{2/3}` at worst, is never
    negative, and is exactly 0 on the diagonal when ``Y`` is ``X``.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    Y : array_like, shape (m_samples, n_features), optional
        Defaults to ``X``.
    X_norm_squared, Y_norm_squared : array_like, shape (n_samples,) / (m_samples,), optional
        Precomputed :func:`row_norms_squared` of ``X`` / ``Y`` (scikit-learn's names); the data
        are then not shifted, and the recomputation of near pairs keeps the result accurate.

    Returns
    -------
    D : ndarray, shape (n_samples, m_samples)
        float32 for float32 input.
    """
    X = as_float_array(X, "X", ndim=2)
    same = Y is None
    Y = X if same else as_float_array(Y, "Y", ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise InputError(
            f"X and Y must have the same number of features, got {X.shape[1]} and {Y.shape[1]}"
        )
    dtype = np.result_type(X.dtype, Y.dtype)
    X, Y = X.astype(dtype, copy=False), (X if same else Y.astype(dtype, copy=False))
    if X_norm_squared is None and Y_norm_squared is None:
        if X.size and Y.size:
            shift = Y.mean(axis=0)
            Xs = X - shift
            Ys = Xs if same else Y - shift
        else:
            Xs, Ys = X, Y
        x_sq = row_norms_squared(Xs)
        y_sq = x_sq if same else row_norms_squared(Ys)
    else:
        Xs, Ys = X, Y
        x_sq = (
            row_norms_squared(X)
            if X_norm_squared is None
            else _norms_argument(X_norm_squared, X, "X_norm_squared")
        )
        if same and Y_norm_squared is None:
            y_sq = x_sq
        else:
            y_sq = (
                row_norms_squared(Y)
                if Y_norm_squared is None
                else _norms_argument(Y_norm_squared, Y, "Y_norm_squared")
            )
    D = expanded_squared_distances(Xs, Ys, x_sq, y_sq, X, Y)
    if same:
        np.fill_diagonal(D, 0.0)
    return D


def expanded_squared_distances(X, Y, x_sq, y_sq, X_exact=None, Y_exact=None) -> np.ndarray:
    r""":math:`\lVert x_i\rVert^2 - 2x_i^\top y_j + \lVert y_j\rVert^2`, near pairs recomputed.

    The kernel of :func:`pairwise_squared_distances` without its checks, for callers that
    have validated float arrays of one dtype and keep their norms (k-means++ seeding calls it
    once per step). The entries the expansion may have lost to cancellation are recomputed from
    ``X_exact``/``Y_exact`` (default ``X``/``Y``: the unshifted data, when ``X``/``Y`` were
    shifted); never negative.

    Parameters
    ----------
    X, Y : ndarray, shape (n, d) and (m, d)
    x_sq, y_sq : ndarray, shape (n,) and (m,)
        :func:`row_norms_squared` of ``X`` and ``Y``.
    """
    D = X @ Y.T
    D *= -2.0
    D += x_sq[:, None]
    D += y_sq[None, :]
    _recompute_near_pairs(
        D, X if X_exact is None else X_exact, Y if Y_exact is None else Y_exact, x_sq, y_sq
    )
    np.maximum(D, 0.0, out=D)
    return D


def direct_squared_distances(X, Y) -> np.ndarray:
    r""":math:`\lVert x_i - y_j\rVert^2` from the differences, one feature at a time.

    .. math:: D_{ij} = \sum_{f=1}^{d} (x_{if} - y_{jf})^2

    Exact up to rounding (no cancellation to repair) and, for a few rows of ``X`` against
    many of ``Y`` in few dimensions, faster than the expansion: three passes over the
    ``(n, m)`` block per feature, each reading one column of ``Y`` (contiguous when ``Y`` is a
    transposed view of feature-major data). For many features use
    :func:`expanded_squared_distances` (one matrix product).

    Parameters
    ----------
    X, Y : ndarray, shape (n, d) and (m, d)
        Validated float arrays.

    Returns
    -------
    D : ndarray, shape (n, m)
    """
    D = np.zeros((X.shape[0], Y.shape[0]), dtype=np.result_type(X.dtype, Y.dtype))
    diff = np.empty_like(D)
    for f in range(X.shape[1]):
        np.subtract(Y[:, f], X[:, f, None], out=diff)
        diff *= diff
        D += diff
    return D


def _recompute_near_pairs(D, X, Y, x_sq, y_sq, block: int = 1 << 16) -> None:
    r"""Overwrite the entries of ``D`` lost to cancellation with the direct formula.

    An entry is recomputed when :math:`D_{ij} \le \tau(\lVert x_i\rVert^2 + \lVert y_j\rVert^2)`.
    Each block of rows is screened first against :math:`\tau(\max_i \lVert x_i\rVert^2 +
    \lVert y_j\rVert^2)` (one row of thresholds, not a block of them): rounding is monotone, so
    the screen lets through every entry the exact test would take, and the exact test runs
    only on those.
    """
    tau = _cancellation_floor(D.dtype)
    step = max(1, block // max(D.shape[1], 1))
    for start in range(0, D.shape[0], step):
        rows = slice(start, start + step)
        part = D[rows]
        if part.size == 0:
            continue
        screen = tau * (x_sq[rows].max() + y_sq)
        i, j = np.nonzero(part <= screen[None, :])
        if i.size:
            near = part[i, j] <= tau * (x_sq[rows][i] + y_sq[j])
            i, j = i[near], j[near]
            part[i, j] = row_norms_squared(X[rows][i] - Y[j])


def chunk_rows(n_clusters: int, itemsize: int = 8) -> int:
    """Rows per chunk so that a chunk's ``(rows, n_clusters)`` products fit :data:`CHUNK_BYTES`."""
    return max(256, CHUNK_BYTES // (max(n_clusters, 1) * itemsize))


#: Up to this many centres the nearest is found by a running minimum over the centres (k
#: passes over contiguous rows of scores); beyond, by one arg min per point.
RUNNING_MIN_MAX_K = 32


def column_argmin(scores, labels, minima, scratch, runner_up=None) -> None:
    r"""Index of the smallest entry of every column of a ``(k, m)`` block, and the minima.

    A running tournament down the rows: with :math:`f` the smallest score so far and
    :math:`a` its row, row :math:`j` wins a column where :math:`s_{ji} < f_i` (strictly, so
    ties go to the lowest index, like ``argmin``). Since :math:`j` only grows, the winner is
    the *last* row that won, a maximum that needs no select:

    .. math:: a_i = \max_j\, j\,[s_{ji} < \min_{l < j} s_{li}], \qquad
              r_i \leftarrow \min\bigl(r_i, \max(f_i, s_{ji})\bigr), \quad
              f_i \leftarrow \min(f_i, s_{ji})

    where :math:`r` is the runner-up (the second smallest, equal to :math:`f` on a tie). Each
    row costs a compare, a multiply and a maximum on bytes, and one or three minima/maxima on
    contiguous rows (a masked write ``labels[won] = j`` costs several times more). ``scores``
    is left unchanged. A column holding a NaN (scores overflowed) gets row 0 and a NaN
    minimum, so a label is always a valid row.

    Parameters
    ----------
    scores : ndarray, shape (k, m)
        ``k`` at most 255 (the running index is a byte).
    labels : ndarray of int, shape (m,)
        Receives the indices.
    minima : ndarray, shape (m,)
        Receives the column minima.
    scratch : ColumnScratch
        Work space (:func:`column_scratch`, for at least ``m`` columns).
    runner_up : ndarray, shape (m,), optional
        Receives the second smallest entry of each column (``inf`` for ``k = 1``).
    """
    k, m = scores.shape
    if not 1 <= k <= 255:
        raise InputError(f"column_argmin takes 1 to 255 rows of scores (byte index), got {k}")
    won, best, bid = scratch.won[:m], scratch.best[:m], scratch.bid[:m]
    minima[:] = scores[0]
    best[:] = 0
    if runner_up is not None:
        runner_up[:] = np.inf
        larger = scratch.larger[:m]
    for j in range(1, k):
        row = scores[j]
        np.less(row, minima, out=won)
        if runner_up is not None:
            np.maximum(minima, row, out=larger)
            np.minimum(runner_up, larger, out=runner_up)
        np.minimum(minima, row, out=minima)
        np.multiply(won, np.uint8(j), out=bid)
        np.maximum(best, bid, out=best)
    np.equal(minima, minima, out=won)  # False where a NaN crept in: that column gets row 0
    np.multiply(best, won, out=best)
    labels[:] = best


@dataclass
class ColumnScratch:
    """The work space of :func:`column_argmin`: four rows of ``m`` entries."""

    won: np.ndarray
    best: np.ndarray
    bid: np.ndarray
    larger: np.ndarray


def column_scratch(m: int, dtype=np.float64) -> ColumnScratch:
    """The work space of :func:`column_argmin` for blocks of up to ``m`` columns."""
    return ColumnScratch(
        won=np.empty(m, dtype=bool),
        best=np.empty(m, dtype=np.uint8),
        bid=np.empty(m, dtype=np.uint8),
        larger=np.empty(m, dtype=dtype),
    )


def nearest_centers(
    X: np.ndarray, centers: np.ndarray, x_sq: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""The nearest centre and its squared distance for every row of ``X``.

    .. math:: a_i = \arg\min_j \bigl(\lVert c_j \rVert^2 - 2\, x_i^\top c_j\bigr), \qquad
              d_i = \lVert x_i \rVert^2 + \lVert c_{a_i} \rVert^2 - 2\, x_i^\top c_{a_i}

    computed chunk by chunk (one matrix product each, :func:`chunk_rows` rows at a time), ties
    going to the lowest index. :math:`\lVert x_i \rVert^2` does not change the arg min, so it
    is added only to the winning score. For up to :data:`RUNNING_MIN_MAX_K` centres the scores
    are laid out centre by centre (:math:`k \times m`) and the arg min is taken along the
    columns by :func:`column_argmin` (a running minimum down contiguous rows) — several times
    faster than an arg min along each row for small :math:`k`.

    Accuracy: a distance :math:`d_i \le \varepsilon^{1/3}(\lVert x_i\rVert^2 +
    \lVert c_{a_i}\rVert^2)` has lost digits to cancellation and is recomputed as
    :math:`\lVert x_i - c_{a_i}\rVert^2`, so the distances are accurate even for data far
    from the origin. The *labels* can still flip between two centres whose distances differ by
    less than about :math:`\varepsilon(\lVert x_i\rVert^2 + \lVert c\rVert^2)`: callers that
    care centre the data once (as k-means does) rather than in this inner kernel.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
        Floating point, already validated (this is an inner kernel: callers check once).
        Either memory order; a feature-major ``X`` (a transposed view) is read row block by
        row block without a copy.
    centers : ndarray, shape (n_clusters, n_features)
    x_sq : ndarray, shape (n_samples,), optional
        :func:`row_norms_squared` of ``X``, when the caller keeps it between calls.

    Returns
    -------
    labels : ndarray of intp, shape (n_samples,)
    sq_distances : ndarray, shape (n_samples,)
        Never negative.
    """
    n, k = X.shape[0], centers.shape[0]
    if x_sq is None:
        x_sq = row_norms_squared(X)
    labels = np.empty(n, dtype=np.intp)
    sq_dist = np.empty(n, dtype=X.dtype)
    minus_2c = -2.0 * centers
    c_sq = row_norms_squared(centers)
    step = max(1, min(chunk_rows(k, X.itemsize), n))
    by_column = k <= RUNNING_MIN_MAX_K
    dtype = np.result_type(X.dtype, centers.dtype)
    buffer = np.empty(k * step, dtype=dtype)
    minima = np.empty(step, dtype=dtype)  # the scores' own precision, compared with them
    scratch = column_scratch(step, dtype) if by_column else None
    for start in range(0, n, step):
        rows = slice(start, min(start + step, n))
        m = rows.stop - rows.start
        scores = buffer[: k * m].reshape(k, m)
        np.matmul(minus_2c, X[rows].T, out=scores)  # -2 c·x, one row per centre
        scores += c_sq[:, None]
        if by_column:
            column_argmin(scores, labels[rows], minima[:m], scratch)
            sq_dist[rows] = minima[:m]
        else:
            best = scores.argmin(axis=0)
            labels[rows] = best
            sq_dist[rows] = np.take_along_axis(scores, best[None, :], axis=0)[0]
    sq_dist += x_sq
    tau = _cancellation_floor(sq_dist.dtype)
    # A cheap screen with the largest centre norm first; the exact test only if it fires.
    screen = x_sq * tau
    screen += tau * float(c_sq.max()) if k else 0.0
    doubtful = np.flatnonzero(sq_dist <= screen)
    if doubtful.size:
        own = labels[doubtful]
        doubtful = doubtful[sq_dist[doubtful] <= tau * (x_sq[doubtful] + c_sq[own])]
        diff = X[doubtful] - centers[labels[doubtful]]
        sq_dist[doubtful] = row_norms_squared(diff)
    np.maximum(sq_dist, 0.0, out=sq_dist)
    return labels, sq_dist
