r"""``KMeans``: k-means clustering with scikit-learn's interface, written on ``foundations``.

The estimator minimises the weighted within-cluster sum of squares

.. math:: J = \sum_{i=1}^{n} w_i \, \min_j \lVert x_i - c_j \rVert^2

by Lloyd's iteration (:mod:`.lloyd_iterations`, :mod:`.assignment`) from k-means++ seeds (:mod:`.seeding`), restarted
``n_init`` times, keeping the run with the lowest :math:`J`. Like scikit-learn it works on
centred data (:math:`x_i - \bar x`; the expansion
:math:`\lVert x\rVert^2 - 2x^\top c + \lVert c\rVert^2` loses fewer digits near the origin)
and declares convergence when the centres move by at most ``tol`` times the mean feature
variance.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted, validate_data

from foundations.errors import InputError
from foundations.linalg.distances import pairwise_squared_distances
from foundations.validation import check_rng, check_sample_weight
from toolkit.parallel import single_threaded_blas

from .lloyd_iterations import Points, nearest_centers_blocked
from .restarts import best_run, run_restarts
from .seeding import kmeans_plusplus, random_seeding

__all__ = ["ALGORITHMS", "KMeans"]

ALGORITHMS = ("hamerly", "lloyd")


def _centred_points(X, w, tol):
    r"""The centred data in both layouts, the mean, and ``tol`` times the mean feature variance.

    Like scikit-learn, k-means runs on :math:`x_i - \bar x` (the expansion
    :math:`\lVert x\rVert^2 - 2x^\top c + \lVert c\rVert^2` loses fewer digits near the
    origin). The points are kept feature by feature (``XT``, one copy of the data);
    ``points.X`` is its transposed view. The mean is summed along each contiguous feature row in
    float64 (numpy's pairwise summation).
    """
    n = X.shape[0]
    XT = np.ascontiguousarray(X.T)
    mean = (XT.sum(axis=1, dtype=np.float64) / n).astype(X.dtype)
    XT -= mean[:, None]
    variances = np.einsum("ij,ij->i", XT, XT) / n  # of the centred features
    points = Points.of(XT.T, w, XT=XT)
    return points, mean, float(np.mean(variances)) * tol


class KMeans(ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator):
    r"""k-means clustering (scikit-learn's ``KMeans`` twin).

    Parameters
    ----------
    n_clusters : int, default 8
        The number of clusters :math:`k`.
    init : {"k-means++", "random"} or array of shape (n_clusters, n_features)
        Greedy k-means++ seeding, ``n_clusters`` distinct random samples, or given centres.
    n_init : "auto" or int, default "auto"
        Runs from different seeds; the lowest inertia wins. "auto" is 1 for k-means++ and
        given centres, 10 for random seeding.
    max_iter : int, default 300
        Lloyd iterations per run.
    tol : float, default 1e-4
        Stop when :math:`\sum_j \lVert c_j^{new} - c_j^{old}\rVert^2 \le` ``tol`` times the
        mean variance of the features.
    random_state : None, int, numpy Generator or RandomState
        Seeds the initialisation.
    algorithm : {"hamerly", "lloyd"}, default "hamerly"
        How each assignment step finds the nearest centres: ``"lloyd"`` computes every
        distance; ``"hamerly"`` skips the points whose triangle-inequality bounds prove their
        centre cannot change. Both produce the same iterates.

    Attributes
    ----------
    cluster_centers_ : ndarray, shape (n_clusters, n_features)
    labels_ : ndarray of int32, shape (n_samples,)
    inertia_ : float
        :math:`\sum_i w_i \lVert x_i - c_{a_i}\rVert^2` of the final labels and centres.
    n_iter_ : int
        Iterations of the winning run.
    inertia_history_ : ndarray, shape (n_iter_,)
        The objective after every iteration of the winning run (non-increasing).
    n_features_in_ : int
    """

    def __init__(
        self,
        n_clusters=8,
        *,
        init="k-means++",
        n_init="auto",
        max_iter=300,
        tol=1e-4,
        random_state=None,
        algorithm="hamerly",
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.algorithm = algorithm

    # --- checks -------------------------------------------------------------------------

    def _check_params(self, X) -> tuple[int, np.ndarray | None]:
        n_samples, n_features = X.shape
        k = self.n_clusters
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
            raise InputError(f"n_clusters must be a positive integer, got {k!r}")
        if n_samples < k:
            raise InputError(
                f"n_samples={n_samples} should be >= n_clusters={k}: "
                "there are fewer samples than clusters"
            )
        if not isinstance(self.max_iter, numbers.Integral) or self.max_iter < 1:
            raise InputError(f"max_iter must be a positive integer, got {self.max_iter!r}")
        if not isinstance(self.tol, numbers.Real) or not self.tol >= 0:
            raise InputError(f"tol must be a non-negative number, got {self.tol!r}")
        if self.algorithm not in ALGORITHMS:
            raise InputError(f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}")
        init_array = None
        if isinstance(self.init, str):
            if self.init not in ("k-means++", "random"):
                raise InputError(
                    f"init must be 'k-means++', 'random' or an array, got {self.init!r}"
                )
        else:
            init_array = np.array(self.init, dtype=X.dtype)  # a copy: centred below
            if init_array.shape != (k, n_features):
                raise InputError(
                    f"init has shape {init_array.shape}, expected ({k}, {n_features}) "
                    "(n_clusters, n_features)"
                )
            if not np.all(np.isfinite(init_array)):
                raise InputError("init contains NaN or inf")
        if self.n_init == "auto":
            n_init = 10 if isinstance(self.init, str) and self.init == "random" else 1
        elif isinstance(self.n_init, numbers.Integral) and self.n_init >= 1:
            n_init = int(self.n_init)
        else:
            raise InputError(f"n_init must be 'auto' or a positive integer, got {self.n_init!r}")
        if init_array is not None and n_init != 1:
            warnings.warn(
                f"Explicit initial center position passed: performing only one init instead "
                f"of n_init={n_init}.",
                RuntimeWarning,
                stacklevel=3,
            )
            n_init = 1
        return n_init, init_array

    # --- fitting ------------------------------------------------------------------------

    def fit(self, X, y=None, sample_weight=None):
        """Cluster ``X`` of shape (n_samples, n_features); ``y`` is ignored."""
        X = validate_data(self, X, dtype=[np.float64, np.float32], order="C")
        n_init, init_array = self._check_params(X)
        w = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        rng = check_rng(self.random_state)
        points, mean, tol = _centred_points(X, w, self.tol)
        if init_array is not None:
            init_array -= mean
        with single_threaded_blas():
            best = self._best_of_runs(points, n_init, init_array, tol, rng)
        if best.n_nonempty < self.n_clusters:
            warnings.warn(
                f"Number of distinct clusters ({best.n_nonempty}) found smaller than n_clusters "
                f"({self.n_clusters}). Possibly due to duplicate points in X.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.cluster_centers_ = best.centers + mean
        self.labels_ = best.labels
        self.inertia_ = best.inertia
        self.n_iter_ = best.n_iter
        self.inertia_history_ = best.history
        self._n_features_out = self.n_clusters
        return self

    def _best_of_runs(self, points: Points, n_init, init_array, tol, rng):
        """``n_init`` seedings, each followed by Lloyd's iteration; the lowest inertia wins."""
        X, k = points.X, self.n_clusters
        w = None if points.unit_weights else points.w  # the seedings skip unit weights

        def seeding():
            if init_array is not None:
                return init_array
            if self.init == "random":
                return random_seeding(X, k, sample_weight=w, random_state=rng)[0]
            return kmeans_plusplus(
                X, k, sample_weight=w, random_state=rng, x_squared_norms=points.x_sq
            )[0]

        runs = run_restarts(
            points, n_init, seeding, max_iter=self.max_iter, tol=tol, algorithm=self.algorithm
        )
        return best_run(runs, k)

    # --- using a fitted model -------------------------------------------------------------

    def _validate_new(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False, dtype=[np.float64, np.float32], order="C")

    def predict(self, X):
        """Index of the nearest centre for every row of ``X``."""
        X = self._validate_new(X)
        labels, _ = nearest_centers_blocked(X, self.cluster_centers_.astype(X.dtype, copy=False))
        return labels.astype(np.int32)

    def transform(self, X):
        """Distances from every row of ``X`` to every centre, shape (n_samples, n_clusters)."""
        X = self._validate_new(X)
        centers = self.cluster_centers_.astype(X.dtype, copy=False)
        return np.sqrt(pairwise_squared_distances(X, centers))

    def fit_transform(self, X, y=None, sample_weight=None):
        """``fit(X).transform(X)``."""
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X, y=None, sample_weight=None):
        """Minus the k-means objective of ``X``: :math:`-\\sum_i w_i \\min_j ||x_i - c_j||^2`."""
        X = self._validate_new(X)
        w = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        _, sq_dist = nearest_centers_blocked(X, self.cluster_centers_.astype(X.dtype, copy=False))
        return -float(sq_dist @ w)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
