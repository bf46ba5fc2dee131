r"""A rank-k SVD transformer on ``foundations``, the twin of scikit-learn's ``TruncatedSVD``.

Fitting factors the data matrix :math:`X` (n_samples × n_features) as
:math:`X \approx U_k \Sigma_k V_k^\top` and keeps the right singular vectors as
``components_`` :math:`= V_k^\top` (k × n_features). Then

- ``transform`` projects onto them: :math:`Z = X V_k` (n_samples × k), which for the training
  data equals :math:`U_k \Sigma_k`;
- ``inverse_transform`` maps back: :math:`\hat X = Z V_k^\top`, so
  ``inverse_transform(transform(X))`` :math:`= X V_k V_k^\top` is the best rank-k approximation
  of X (Eckart–Young) — for an image, its compressed version.

Like ``TruncatedSVD`` (and unlike PCA) the data are not centred, which is what compression
wants: the mean is part of the picture.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted, validate_data

from foundations.linalg import randomized_svd, truncated_svd

__all__ = ["ALGORITHMS", "LowRankSVD"]

ALGORITHMS = ("exact", "randomized")


class LowRankSVD(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Rank-k truncated SVD with scikit-learn's transformer API (``TruncatedSVD``'s twin).

    Parameters
    ----------
    n_components : int, default 2
        The rank k, at most ``min(n_samples, n_features)``.
    algorithm : {"exact", "randomized"}, default "exact"
        :func:`foundations.linalg.truncated_svd` or :func:`foundations.linalg.randomized_svd`.
    n_oversamples, n_iter : int
        Passed to the randomized SVD (scikit-learn's meaning).
    random_state : None or int
        Seed of the randomized SVD.

    Attributes
    ----------
    components_ : ndarray, shape (n_components, n_features)
        :math:`V_k^\\top`, orthonormal rows.
    singular_values_ : ndarray, shape (n_components,)
        :math:`\\sigma_1 \\ge \\dots \\ge \\sigma_k`.
    energy_ratio_ : ndarray, shape (n_components,)
        :math:`\\sigma_i^2 / \\lVert X\\rVert_F^2`, each component's share of the squared
        Frobenius norm; their sum is ``1 - relative error²`` of the rank-k approximation.
    explained_variance_, explained_variance_ratio_ : ndarray, shape (n_components,)
        The variance of each column of ``transform(X)`` and its share of the total variance of
        X, as ``TruncatedSVD`` reports them.
    n_features_in_ : int
    """

    def __init__(
        self, n_components=2, *, algorithm="exact", n_oversamples=10, n_iter=4, random_state=None
    ):
        self.n_components = n_components
        self.algorithm = algorithm
        self.n_oversamples = n_oversamples
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y=None):
        """Factor ``X`` of shape (n_samples, n_features); ``y`` is ignored."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        r"""Fit and return :math:`U_k \Sigma_k` (= ``transform(X)``), shape (n_samples, k)."""
        X = validate_data(self, X, dtype=[np.float64, np.float32])
        k = self._check_params(X.shape)
        if self.algorithm == "exact":
            U, s, Vt = truncated_svd(X, k)
        else:
            U, s, Vt = randomized_svd(
                X,
                k,
                n_oversamples=self.n_oversamples,
                n_iter=self.n_iter,
                random_state=self.random_state,
            )
        Z = (np.asarray(U) * s).astype(X.dtype, copy=False)
        self.components_ = np.asarray(Vt).astype(X.dtype, copy=False)
        self.singular_values_ = np.asarray(s).astype(X.dtype, copy=False)
        total_energy = float(np.sum(X.astype(np.float64) ** 2))
        self.energy_ratio_ = (
            self.singular_values_**2 / total_energy
            if total_energy > 0
            else np.zeros_like(self.singular_values_)
        )
        self.explained_variance_ = np.var(Z, axis=0)
        total_variance = float(np.sum(np.var(X, axis=0)))
        self.explained_variance_ratio_ = (
            self.explained_variance_ / total_variance
            if total_variance > 0
            else np.zeros_like(self.explained_variance_)
        )
        self._n_features_out = k
        return Z

    def transform(self, X):
        r"""Coordinates in the rank-k basis, :math:`X V_k`, shape (n_samples, k)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        return X @ self.components_.T.astype(X.dtype, copy=False)

    def inverse_transform(self, X):
        r"""Back to feature space, :math:`Z V_k^\top`, shape (n_samples, n_features)."""
        check_is_fitted(self)
        Z = check_array(X, dtype=[np.float64, np.float32])
        if Z.shape[1] != self.components_.shape[0]:
            raise ValueError(
                f"X has {Z.shape[1]} columns; the model has {self.components_.shape[0]} components"
            )
        return Z @ self.components_.astype(Z.dtype, copy=False)

    def _check_params(self, shape) -> int:
        n_samples, n_features = shape
        if self.algorithm not in ALGORITHMS:
            raise ValueError(
                f"algorithm must be one of {', '.join(ALGORITHMS)}, got {self.algorithm!r}"
            )
        k = self.n_components
        if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"n_components must be a positive integer, got {k!r}")
        if k > min(n_samples, n_features):
            raise ValueError(
                f"n_components={k} is more than min(n_samples={n_samples}, "
                f"n_features={n_features}), the largest possible rank"
            )
        return int(k)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
