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


def pairwise_squared_distances(X, Y=None) -> np.ndarray:
    r"""Squared Euclidean distances between the rows of ``X`` and the rows of ``Y``.

    .. math:: D_{ij} = \lVert x_i \rVert^2 - 2\, x_i^\top y_j + \lVert y_j \rVert^2

    computed with one matrix product, and clipped at 0 (rounding can make the expansion
    slightly negative for nearly equal points).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    Y : array_like, shape (m_samples, n_features), optional
        Defaults to ``X``.

    Returns
    -------
    D : ndarray, shape (n_samples, m_samples)
    """
    X = as_float_array(X, "X", ndim=2)
    Y = X if Y is None else as_float_array(Y, "Y", ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise InputError(
            f"X and Y must have the same number of features, got {X.shape[1]} and {Y.shape[1]}"
        )
    x_sq = row_norms_squared(X)
    y_sq = x_sq if Y is X else row_norms_squared(Y)
    D = X @ Y.T
    D *= -2.0
    D += x_sq[:, None]
    D += y_sq[None, :]
    np.maximum(D, 0.0, out=D)
    if Y is X:
        np.fill_diagonal(D, 0.0)
    return D


def chunk_rows(n_clusters: int, itemsize: int = 8) -> int:
    """Rows per chunk so that a chunk's ``(rows, n_clusters)`` products fit :data:`CHUNK_BYTES`."""
    return max(256, CHUNK_BYTES // (max(n_clusters, 1) * itemsize))


def nearest_centers(
    X: np.ndarray, centers: np.ndarray, x_sq: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""The nearest centre and its squared distance for every row of ``X``.

    .. math:: a_i = \arg\min_j \bigl(\lVert c_j \rVert^2 - 2\, x_i^\top c_j\bigr), \qquad
              d_i = \lVert x_i \rVert^2 + \lVert c_{a_i} \rVert^2 - 2\, x_i^\top c_{a_i}

    computed chunk by chunk (one matrix product each, :func:`chunk_rows` rows at a time), ties
    going to the lowest index. :math:`\lVert x_i \rVert^2` does not change the arg min, so it
    is added only to the winning score.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
        Floating point, already validated (this is an inner kernel: callers check once).
    centers : ndarray, shape (n_clusters, n_features)
    x_sq : ndarray, shape (n_samples,), optional
        :func:`row_norms_squared` of ``X``, when the caller keeps it between calls.

    Returns
    -------
    labels : ndarray of intp, shape (n_samples,)
    sq_distances : ndarray, shape (n_samples,)
        Clipped at 0 (the expansion can round slightly below).
    """
    n = X.shape[0]
    if x_sq is None:
        x_sq = row_norms_squared(X)
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
