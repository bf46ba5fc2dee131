r"""A nearest-centroid classifier written on ``foundations``.

Training stores one centroid per class, the mean of its samples,

.. math:: \mu_c = \frac{1}{|S_c|} \sum_{i \in S_c} x_i ,

and prediction picks the class whose centroid is nearest in Euclidean distance,

.. math:: \hat y(x) = \arg\min_c \lVert x - \mu_c \rVert^2 ,

with all distances computed at once by
:func:`foundations.linalg.pairwise_squared_distances` (one matrix product).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from foundations.linalg import pairwise_squared_distances

__all__ = ["NearestCentroidClassifier"]


class NearestCentroidClassifier(ClassifierMixin, BaseEstimator):
    """Classify each sample by the nearest class mean (scikit-learn's ``NearestCentroid`` twin).

    Attributes
    ----------
    classes_ : ndarray, shape (n_classes,)
    centroids_ : ndarray, shape (n_classes, n_features)
    n_features_in_ : int
    """

    def fit(self, X, y):
        """Compute the class centroids from ``X`` of shape (n_samples, n_features) and labels ``y``."""
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32])
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        if self.classes_.size < 2:
            raise ValueError(
                f"The number of classes has to be greater than one; got {self.classes_.size} class"
            )
        counts = np.bincount(codes, minlength=self.classes_.size)
        # One-hot membership matrix (n_classes, n_samples) times X sums each class at once.
        membership = np.zeros((self.classes_.size, X.shape[0]), dtype=X.dtype)
        membership[codes, np.arange(X.shape[0])] = 1.0
        self.centroids_ = (membership @ X) / counts[:, None]
        return self

    def predict(self, X):
        """The class of the nearest centroid for each row of ``X``."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        distances = pairwise_squared_distances(X, self.centroids_)
        return self.classes_[np.argmin(distances, axis=1)]
