r"""k-means by chunks: Lloyd's iteration and k-means|| seeding as per-chunk sums (chapter 2).

A Lloyd iteration is a sum over points. Each chunk :math:`X_c` (rows where they live) assigns its
points to the nearest centre (:func:`~foundations.linalg.nearest_centers`) and returns, per
cluster :math:`j`, the weight :math:`n_j^{(c)} = \sum_{i \in c,\,a_i = j} s_i`, the weighted sum
:math:`\sum_{i \in c,\,a_i = j} s_i x_i` and its share of the inertia
:math:`\sum_{i \in c} s_i d_i^2`; the new centres are the totals' ratios. The engines of
:mod:`.chunked` run the same code in memory (:class:`~.chunked.LocalChunks`, one chunk or many)
or on a cluster.

k-means|| (Bahmani, Moseley, Vattani, Kumar, Vassilvitskii 2012) seeds by chunks too: start from
one point drawn by weight; in each of a few rounds every point is kept independently with
probability :math:`\min(1, \ell\, s_i d^2(x_i, C) / \phi)` (:math:`\phi = \sum_i s_i d^2(x_i, C)`,
:math:`\ell` the oversampling factor, about :math:`\ell` points a round); each candidate is then
weighted by the total weight of the points nearest to it and the :math:`k` centres are chosen
from the weighted candidates in memory: weighted k-means++, then Lloyd on the candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..validation import check_rng
from .chunked import LocalChunks
from .distances import nearest_centers

__all__ = [
    "ChunkedKMeans",
    "KMeansStatistics",
    "kmeans_chunk_statistics",
    "kmeans_lloyd_chunks",
    "kmeans_parallel_init",
    "weighted_kmeans_plusplus",
]


@dataclass(frozen=True)
class KMeansStatistics:
    r"""Per-cluster weights ``counts`` (k,), weighted sums ``sums`` (k, d) and the ``inertia``."""

    counts: np.ndarray
    sums: np.ndarray
    inertia: float

    def __add__(self, other: KMeansStatistics) -> KMeansStatistics:
        if not isinstance(other, KMeansStatistics):
            return NotImplemented
        return KMeansStatistics(
            self.counts + other.counts, self.sums + other.sums, self.inertia + other.inertia
        )


def _weights(X: np.ndarray, sample_weight) -> np.ndarray:
    if sample_weight is None:
        return np.ones(X.shape[0], dtype=X.dtype)
    return np.asarray(sample_weight, dtype=X.dtype)


def kmeans_chunk_statistics(X, centers, sample_weight=None, *, labels_only: bool = False):
    r"""One chunk's share of a Lloyd step: ``(KMeansStatistics, labels)``.

    Parameters
    ----------
    X : ndarray, shape (m, d)
        Any number of rows, 0 included (then zero counts and sums).
    centers : ndarray, shape (k, d)
    sample_weight : ndarray, shape (m,), optional
    labels_only : bool
        Return the labels alone (the final assignment pass).

    Returns
    -------
    stats : KMeansStatistics
        ``counts[j]`` = :math:`\sum_{a_i = j} s_i`, ``sums[j]`` = :math:`\sum_{a_i = j} s_i x_i`,
        ``inertia`` = :math:`\sum_i s_i \lVert x_i - c_{a_i}\rVert^2`.
    labels : ndarray of intp, shape (m,)
    """
    X = np.asarray(X)
    centers = np.asarray(centers, dtype=X.dtype if X.dtype.kind == "f" else np.float64)
    k, d = centers.shape
    if X.ndim != 2 or X.shape[1] != d:
        raise InputError(f"X must have shape (m, {d}) like the centres, got {X.shape}")
    X = X.astype(centers.dtype, copy=False)
    labels, sq = nearest_centers(X, centers) if X.shape[0] else (np.zeros(0, np.intp), X[:, 0])
    if labels_only:
        return labels
    w = _weights(X, sample_weight)
    counts = np.bincount(labels, weights=w, minlength=k).astype(X.dtype)
    Xw = X if sample_weight is None else X * w[:, None]
    # one bincount per feature: much faster than np.add.at, no (m, k) one-hot matrix
    sums = np.empty((k, d), dtype=X.dtype)
    for j in range(d):
        sums[:, j] = np.bincount(labels, weights=Xw[:, j], minlength=k)
    return KMeansStatistics(counts, sums, float(w @ sq)), labels


def _statistics_only(X, sample_weight=None, *, centers):
    return kmeans_chunk_statistics(X, centers, sample_weight)[0]


def _labels(X, *, centers):
    return kmeans_chunk_statistics(X, centers, labels_only=True)


@dataclass(frozen=True)
class ChunkedKMeans:
    """The outcome of :func:`kmeans_lloyd_chunks`: ``labels`` are the engine's per-chunk handles."""

    centers: np.ndarray
    labels: list
    inertia: float
    n_iter: int
    converged: bool


def _chunk_weights(sample_weight, chunks):
    return [None] * len(chunks) if sample_weight is None else list(sample_weight)


def kmeans_lloyd_chunks(
    chunks: Sequence,
    centers,
    *,
    engine=None,
    sample_weight: Sequence | None = None,
    max_iter: int = 300,
    tol: float = 0.0,
) -> ChunkedKMeans:
    r"""Lloyd's algorithm from ``centers`` over row chunks.

    Each iteration is one :func:`kmeans_chunk_statistics` pass and one reduction; the new
    centre of cluster :math:`j` is :math:`\sum_c \text{sums}_j^{(c)} / \sum_c n_j^{(c)}` (an
    empty cluster keeps its centre). Stops when :math:`\sum_j\lVert c_j^{new} - c_j\rVert^2 \le`
    ``tol`` (absolute; 0 means until the centres stop moving) or after ``max_iter`` passes; a
    final pass gives the labels and inertia of the returned centres.

    Parameters
    ----------
    chunks : sequence of (m_c, d) arrays (or an engine's handles)
    centers : array_like, shape (k, d)
    engine : optional
        :class:`~.chunked.LocalChunks` by default.
    sample_weight : sequence of (m_c,) arrays, optional
        One per chunk.
    """
    engine = LocalChunks() if engine is None else engine
    centers = np.array(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[0] < 1:
        raise InputError(f"centers must be a non-empty (k, d) array, got shape {centers.shape}")
    if not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InputError(f"max_iter must be a positive integer, got {max_iter!r}")
    if not tol >= 0:
        raise InputError(f"tol must be >= 0, got {tol!r}")
    weights = _chunk_weights(sample_weight, chunks)
    converged, n_iter = False, 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (n_iter is reported)
        stats = engine.total(engine.map(_statistics_only, chunks, weights, centers=centers))
        moved = stats.counts > 0
        new = centers.copy()
        new[moved] = stats.sums[moved] / stats.counts[moved, None]
        shift = float(np.sum((new - centers) ** 2))
        centers = new
        if shift <= tol:
            converged = True
            break
    final = engine.total(engine.map(_statistics_only, chunks, weights, centers=centers))
    labels = engine.map(_labels, chunks, centers=centers)
    return ChunkedKMeans(centers, labels, final.inertia, n_iter, converged)


def weighted_kmeans_plusplus(points, weights, n_clusters: int, rng=None) -> np.ndarray:
    r"""k-means++ on weighted points (in memory): the first centre by weight, then each next
    one with probability :math:`\propto s_i\, d^2(x_i, C)`.

    Returns ``(n_clusters, d)`` centres (indices into ``points`` are distinct as long as
    enough points have positive weight and distance).
    """
    rng = check_rng(rng)
    X = np.asarray(points, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if np.count_nonzero(w > 0) < n_clusters:
        raise InputError(f"{np.count_nonzero(w > 0)} weighted candidates for {n_clusters} clusters")
    chosen = [int(rng.choice(X.shape[0], p=w / w.sum()))]
    d2 = np.sum((X - X[chosen[0]]) ** 2, axis=1)
    for _ in range(1, n_clusters):
        p = w * d2
        total = p.sum()
        if total > 0:
            j = int(rng.choice(X.shape[0], p=p / total))
        else:  # every weighted point sits on a centre already: any unused one
            j = int(np.flatnonzero((w > 0) & ~np.isin(np.arange(X.shape[0]), chosen))[0])
        chosen.append(j)
        np.minimum(d2, np.sum((X - X[j]) ** 2, axis=1), out=d2)
    return X[chosen].copy()


def _cost(X, sample_weight=None, *, centers):
    if X.shape[0] == 0:
        return 0.0
    return float(_weights(X, sample_weight) @ nearest_centers(X, centers)[1])


def _oversample(X, sample_weight, seed, *, centers, factor):
    r"""The rows kept with probability :math:`\min(1, \text{factor}\cdot s_i d_i^2)`."""
    if X.shape[0] == 0:
        return X[:0]
    d2 = nearest_centers(X, centers)[1] * _weights(X, sample_weight)
    keep = np.random.default_rng(seed).random(X.shape[0]) < np.minimum(1.0, factor * d2)
    return X[keep]


def _candidate_weights(X, sample_weight=None, *, centers):
    if X.shape[0] == 0:
        return np.zeros(centers.shape[0])
    labels = nearest_centers(X, centers)[0]
    return np.bincount(labels, weights=_weights(X, sample_weight), minlength=centers.shape[0])


def kmeans_parallel_init(
    chunks: Sequence,
    n_clusters: int,
    *,
    engine=None,
    sample_weight: Sequence | None = None,
    oversampling: float = 2.0,
    rounds: int = 5,
    random_state=None,
    lloyd_iter: int = 100,
):
    r"""k-means|| seeding over chunks (Bahmani et al. 2012, Algorithm 2), ``(k, d)`` centres.

    ``rounds`` passes each keep about :math:`\ell = ` ``oversampling`` :math:`\times k` points
    (each row independently, with probability :math:`\min(1, \ell s_i d_i^2/\phi)`, from a seed
    per chunk and round drawn from ``random_state``); the candidates are weighted by the weight
    of the rows nearest to them and reduced to :math:`k` by :func:`weighted_kmeans_plusplus` and
    at most ``lloyd_iter`` weighted Lloyd iterations in memory.
    """
    engine = LocalChunks() if engine is None else engine
    rng = check_rng(random_state)
    if not isinstance(n_clusters, (int, np.integer)) or n_clusters < 1:
        raise InputError(f"n_clusters must be a positive integer, got {n_clusters!r}")
    if not oversampling > 0 or not isinstance(rounds, (int, np.integer)) or rounds < 0:
        raise InputError("oversampling must be > 0 and rounds a non-negative integer")
    weights = _chunk_weights(sample_weight, chunks)
    sizes = np.array(engine.gather(engine.map(_chunk_weight, chunks, weights)), dtype=float)
    if not sizes.sum() > 0:
        raise InputError("no rows with positive weight to seed from")
    first = int(rng.choice(len(sizes), p=sizes / sizes.sum()))
    seed = int(rng.integers(2**63))
    C = engine.gather(engine.map(_one_row, [chunks[first]], [weights[first]], [seed]))[0]
    ell = oversampling * n_clusters
    for _ in range(rounds):
        phi = engine.total(engine.map(_cost, chunks, weights, centers=C))
        if phi == 0:
            break
        seeds = [int(s) for s in rng.integers(2**63, size=len(chunks))]
        new = engine.gather(
            engine.map(_oversample, chunks, weights, seeds, centers=C, factor=ell / phi)
        )
        C = np.vstack([C, *new])
    C = np.unique(C, axis=0)
    w = engine.total(engine.map(_candidate_weights, chunks, weights, centers=C))
    if np.count_nonzero(w > 0) < n_clusters:
        raise InputError(
            f"only {np.count_nonzero(w > 0)} distinct points for {n_clusters} clusters"
        )
    start = weighted_kmeans_plusplus(C, w, n_clusters, rng)
    return kmeans_lloyd_chunks([C], start, sample_weight=[w], max_iter=lloyd_iter).centers


def _chunk_weight(X, sample_weight=None) -> float:
    return float(X.shape[0] if sample_weight is None else np.sum(sample_weight))


def _one_row(X, sample_weight, seed) -> np.ndarray:
    w = _weights(X, sample_weight).astype(np.float64)
    i = int(np.random.default_rng(seed).choice(X.shape[0], p=w / w.sum()))
    return np.array(X[i : i + 1], dtype=np.float64)
