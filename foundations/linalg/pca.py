r"""Principal component analysis from the SVD of the centred data (chapter 7).

**The Rayleigh-quotient view.** For centred data :math:`X_c` (:math:`n` samples as rows), the
variance of the projections onto a unit vector :math:`w` is

.. math:: \frac{1}{n-1}\|X_c w\|^2 = w^T C w, \qquad C = \frac{X_c^T X_c}{n - 1},

a Rayleigh quotient of the covariance matrix. It is maximised by the top eigenvector of
:math:`C`; the next direction, orthogonal to the first, by the second; and so on (the spectral
theorem). Those eigenvectors are the right singular vectors of :math:`X_c = U\Sigma V^T`, with
variances :math:`\lambda_i = \sigma_i^2/(n-1)` — so PCA is computed from the SVD of
:math:`X_c`, never forming :math:`C` (which would square the condition number).

**Eckart–Young.** Keeping :math:`k` components gives the rank-:math:`k` reconstruction
:math:`X_c V_k V_k^T` closest to :math:`X_c` among all rank-:math:`k` matrices, with squared
error :math:`\sum_{i>k}\sigma_i^2`: the discarded variance.

**Signs.** Each component is defined up to sign; as in scikit-learn, the entry of largest
magnitude of each component (row of ``components_``) is positive.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_matrix
from .decomp_svd import svd

__all__ = ["PCA"]


class PCA:
    r"""Principal component analysis (``sklearn.decomposition.PCA``'s interface, full SVD).

    Parameters
    ----------
    n_components : int, float or None
        ``None``: keep :math:`\min(n_{samples}, n_{features})` components; an int :math:`k`:
        keep :math:`k`; a float in :math:`(0, 1)`: keep the fewest components whose explained
        variance ratio sums to more than it.
    whiten : bool
        Scale the projections to unit variance (divide by :math:`\sqrt{\lambda_i}`). A
        component of numerically zero variance (:math:`\sigma_i \le \max(n, p)\,\varepsilon\,
        \sigma_1`) gets the coordinate 0, in ``transform`` and ``fit_transform`` alike
        (scikit-learn's ``transform`` gives 0 there too; its ``fit_transform`` returns the
        arbitrary singular vector).

    Attributes
    ----------
    components_ : ndarray, shape (n_components, n_features)
        Principal axes (orthonormal rows), by decreasing variance.
    explained_variance_ : ndarray, shape (n_components,)
        :math:`\lambda_i = \sigma_i^2 / (n_{samples} - 1)`.
    explained_variance_ratio_ : ndarray, shape (n_components,)
        :math:`\lambda_i / \sum_j \lambda_j` (sum over all components).
    singular_values_ : ndarray, shape (n_components,)
    mean_ : ndarray, shape (n_features,)
    n_components_ : int
    n_samples_, n_features_in_ : int
    noise_variance_ : float
        Mean of the discarded variances (0 when none is discarded).
    """

    def __init__(self, n_components=None, *, whiten: bool = False):
        self.n_components = n_components
        self.whiten = whiten

    def _n_kept(self, ratio: np.ndarray, k_max: int) -> int:
        nc = self.n_components
        if nc is None:
            return k_max
        if isinstance(nc, (bool, np.bool_)):
            raise InputError(f"n_components must be None, an int or a float in (0, 1), got {nc!r}")
        if isinstance(nc, (int, np.integer)):
            if not 1 <= nc <= k_max:
                raise InputError(f"n_components={nc} must be between 1 and {k_max}")
            return int(nc)
        if isinstance(nc, (float, np.floating)) and 0.0 < nc < 1.0:
            # The cumulative ratio can end a rounding error short of 1 (or be 0 for constant
            # data): never keep more components than there are.
            return min(int(np.searchsorted(np.cumsum(ratio), nc, side="right") + 1), k_max)
        raise InputError(f"n_components must be None, an int or a float in (0, 1), got {nc!r}")

    def fit(self, X, y=None):
        """Fit the model on ``X`` of shape (n_samples, n_features); returns ``self``."""
        self._fit(X)
        return self

    def _fit(self, X):
        X = as_matrix(X, "X")
        n_samples, n_features = X.shape
        if n_samples < 2:
            raise InputError("PCA needs at least 2 samples")
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        U, s, Vt = svd(Xc, full_matrices=False)  # signs: largest entry of each row of Vt > 0
        variance = s**2 / (n_samples - 1)
        total = variance.sum()
        ratio = variance / total if total > 0 else np.zeros_like(variance)
        k = self._n_kept(ratio, min(n_samples, n_features))
        self.n_components_ = k
        self.n_samples_ = n_samples
        self.n_features_in_ = n_features
        self.components_ = Vt[:k]
        self.explained_variance_ = variance[:k]
        self.explained_variance_ratio_ = ratio[:k]
        self.singular_values_ = s[:k]
        self.noise_variance_ = float(variance[k:].mean()) if k < min(n_samples, n_features) else 0.0
        # Components of numerically zero variance (rank-deficient data) are not whitened:
        # their coordinates are rounding noise, mapped to 0 rather than divided by ~0.
        floor = max(n_samples, n_features) * np.finfo(s.dtype).eps * (s[0] if s.size else 0.0)
        self._whitenable = s[:k] > floor
        return U[:, :k], s[:k]

    def _whiten_scale(self) -> np.ndarray:
        """1/sqrt(lambda_i) for the components of non-zero variance, 0 for the others."""
        scale = np.zeros_like(self.explained_variance_)
        keep = self._whitenable
        scale[keep] = 1.0 / np.sqrt(self.explained_variance_[keep])
        return scale

    def _check_fitted(self):
        if not hasattr(self, "components_"):
            raise InputError("this PCA is not fitted yet: call fit(X) first")

    def transform(self, X) -> np.ndarray:
        r"""Coordinates on the principal axes: :math:`(X - \mu) V_k` (whitened if asked)."""
        self._check_fitted()
        X = as_matrix(X, "X")
        if X.shape[1] != self.n_features_in_:
            raise InputError(
                f"X has {X.shape[1]} features, the PCA was fitted with {self.n_features_in_}"
            )
        Z = (X - self.mean_) @ self.components_.T
        if self.whiten:
            Z *= self._whiten_scale()
        return Z

    def fit_transform(self, X, y=None) -> np.ndarray:
        r"""Fit, then return :math:`U_k \Sigma_k` (the same as ``transform`` of the training data)."""
        U, s = self._fit(X)
        if self.whiten:
            return U * (np.sqrt(self.n_samples_ - 1) * self._whitenable).astype(U.dtype)
        return U * s

    def inverse_transform(self, Z) -> np.ndarray:
        r"""Back to feature space: :math:`Z V_k^T + \mu` (the rank-:math:`k` reconstruction)."""
        self._check_fitted()
        Z = as_matrix(Z, "Z")
        if Z.shape[1] != self.n_components_:
            raise InputError(
                f"Z has {Z.shape[1]} columns, the PCA keeps {self.n_components_} components"
            )
        if self.whiten:
            Z = Z * np.sqrt(self.explained_variance_)
        return Z @ self.components_ + self.mean_
