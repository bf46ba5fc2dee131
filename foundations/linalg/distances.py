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

import numpy as np

from ..errors import InputError
from ..validation import as_float_array

__all__ = [
    "CHUNK_BYTES",
    "RUNNING_MIN_MAX_K",
    "chunk_rows",
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
    D = Xs @ Ys.T
    D *= -2.0
    D += x_sq[:, None]
    D += y_sq[None, :]
    _recompute_near_pairs(D, X, Y, x_sq, y_sq)
    np.maximum(D, 0.0, out=D)
    if same:
        np.fill_diagonal(D, 0.0)
    return D


def _recompute_near_pairs(D, X, Y, x_sq, y_sq, block: int = 1 << 16) -> None:
    """Overwrite the entries of ``D`` lost to cancellation with the direct formula."""
    tau = _cancellation_floor(D.dtype)
    for start in range(0, D.shape[0], max(1, block // max(D.shape[1], 1))):
        rows = slice(start, start + max(1, block // max(D.shape[1], 1)))
        part = D[rows]
        i, j = np.nonzero(part <= tau * (x_sq[rows, None] + y_sq[None, :]))
        if i.size:
            diff = X[rows][i] - Y[j]
            part[i, j] = row_norms_squared(diff)


def chunk_rows(n_clusters: int, itemsize: int = 8) -> int:
    """Rows per chunk so that a chunk's ``(rows, n_clusters)`` products fit :data:`CHUNK_BYTES`."""
    return max(256, CHUNK_BYTES // (max(n_clusters, 1) * itemsize))


#: Up to this many centres the nearest is found by a running minimum over the centres (k
#: passes over contiguous rows of scores); beyond, by one arg min per point.
RUNNING_MIN_MAX_K = 32


def nearest_centers(
    X: np.ndarray, centers: np.ndarray, x_sq: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""The nearest centre and its squared distance for every row of ``X``.

    .. math:: a_i = \arg\min_j \bigl(\lVert c_j \rVert^2 - 2\, x_i^\top c_j\bigr), \qquad
              d_i = \lVert x_i \rVert^2 + \lVert c_{a_i} \rVert^2 - 2\, x_i^\top c_{a_i}

    computed chunk by chunk (one matrix product each, :func:`chunk_rows` rows at a time), ties
    going to the lowest index. :math:`\lVert x_i \rVert^2` does not change the arg min, so it
    is added only to the winning score. For up to :data:`RUNNING_MIN_MAX_K` centres the scores
    are laid out centre by centre (:math:`k \times m`) and the minimum is kept in one pass per
    centre — about three times faster than an arg min along each row for small :math:`k`.

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
    step = chunk_rows(k, X.itemsize)
    for start in range(0, n, step):
        rows = slice(start, start + step)
        scores = minus_2c @ X[rows].T  # -2 c·x, shape (k, m), one row per centre
        if k > RUNNING_MIN_MAX_K:
            scores += c_sq[:, None]
            best = scores.argmin(axis=0)
            labels[rows] = best
            sq_dist[rows] = np.take_along_axis(scores, best[None, :], axis=0)[0]
            continue
        best = sq_dist[rows]
        np.add(scores[0], c_sq[0], out=best)
        lab = labels[rows]
        lab[:] = 0
        for j in range(1, k):
            score = scores[j]
            score += c_sq[j]
            np.copyto(lab, j, where=score < best)  # strict: ties stay with the lower index
            np.minimum(best, score, out=best)
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
