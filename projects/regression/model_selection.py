r"""Train/test split, k-fold cross-validation, and ridge's :math:`\alpha` chosen by k-fold CV.

Choosing :math:`\alpha` naively refits ridge for every (fold, :math:`\alpha`) pair. One
eigendecomposition per fold serves every :math:`\alpha` instead: with the centred training part
of a fold, its Gram matrix :math:`\tilde X^T\tilde X = V\Lambda V^T` (:math:`\lambda_i =
\sigma_i^2`, the squared singular values of :math:`\tilde X`, and :math:`V` its right singular
vectors),

.. math::
    w(\alpha) = V\,(\Lambda + \alpha I)^{-1}\,V^T\tilde X^T\tilde y,
    \qquad
    \hat y_{\text{val}}(\alpha) = (X_{\text{val}} - \mu)\,V\;
        (\Lambda + \alpha I)^{-1}\,V^T\tilde X^T\tilde y + \bar y ,

so after the Gram matrix (:math:`O(np^2)`), its eigendecomposition (:math:`O(p^3)`, chapter 6's
symmetric eigensolver) and the two products :math:`V^T\tilde X^T\tilde y` and
:math:`(X_{\text{val}}-\mu)V` (both independent of :math:`\alpha`), the predictions for all the
:math:`\alpha`'s are one :math:`n_{\text{val}} \times p` by :math:`p \times n_\alpha` product.
This is the SVD formula :math:`w(\alpha) = V\,\mathrm{diag}(\sigma_i/(\sigma_i^2+\alpha))U^T\tilde y`
without ever forming :math:`U` — a :math:`p \times p` problem instead of :math:`n \times p`.

Accuracy: the eigenvalues of the Gram matrix carry an absolute error of about
:math:`p\varepsilon\lambda_{\max}`, so :math:`(\lambda_i + \alpha)^{-1}` is accurate to
:math:`p\varepsilon\lambda_{\max}/(\lambda_i+\alpha)` — :math:`10^{-9}` or better for the
penalties of a ridge grid on standardized features. For :math:`\alpha = 0` (plain least squares
inside the grid) the eigenvalues below :math:`\max(n, p)\,\varepsilon\,\lambda_{\max}` are
rounding noise and count as zero: the minimum-norm solution of the numerically
rank-deficient fold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from foundations.errors import InputError
from foundations.linalg import eigh
from foundations.validation import as_float_array, check_rng

from .gram import normal_equations

__all__ = ["RidgeCVResult", "kfold_indices", "ridge_cv", "train_test_split"]


def train_test_split(n_samples: int, test_size: float = 0.25, *, seed=None):
    """Indices of a seeded random train/test split of ``range(n_samples)``.

    Parameters
    ----------
    n_samples : int
    test_size : float
        Share of samples held out, strictly between 0 and 1 (rounded; at least one sample on
        each side).
    seed : None, int or numpy Generator

    Returns
    -------
    train, test : ndarray of int
        Disjoint, together ``range(n_samples)``; each sorted.
    """
    if not 0 < test_size < 1:
        raise InputError(f"test_size must be strictly between 0 and 1, got {test_size}")
    if n_samples < 2:
        raise InputError(f"need at least 2 samples to split, got {n_samples}")
    order = check_rng(seed).permutation(n_samples)
    n_test = min(max(1, round(test_size * n_samples)), n_samples - 1)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def kfold_indices(n_samples: int, n_splits: int = 5, *, shuffle: bool = True, seed=None):
    """The ``(train, validation)`` index pairs of k-fold cross-validation.

    The (optionally shuffled) samples are cut into ``n_splits`` consecutive folds whose sizes
    differ by at most one (the first ``n_samples % n_splits`` folds get one extra sample, as in
    scikit-learn's ``KFold``); each fold is the validation set once.

    Returns
    -------
    list of (ndarray, ndarray)
        ``n_splits`` pairs of sorted index arrays.
    """
    if not isinstance(n_splits, (int, np.integer)) or n_splits < 2:
        raise InputError(f"n_splits must be an integer >= 2, got {n_splits!r}")
    if n_splits > n_samples:
        raise InputError(f"n_splits={n_splits} is more than the {n_samples} samples")
    order = check_rng(seed).permutation(n_samples) if shuffle else np.arange(n_samples)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    folds = []
    for k in range(n_splits):
        validation = np.sort(order[bounds[k] : bounds[k + 1]])
        train = np.sort(np.concatenate([order[: bounds[k]], order[bounds[k + 1] :]]))
        folds.append((train, validation))
    return folds


@dataclass
class RidgeCVResult:
    """Cross-validated mean squared error of ridge for every :math:`\\alpha`.

    Attributes
    ----------
    alphas : ndarray, shape (n_alphas,)
    mse : ndarray, shape (n_splits, n_alphas)
        Validation MSE of each fold (rows) for each alpha (columns).
    best_alpha : float
        The alpha with the least mean validation MSE (the first one on a tie).
    """

    alphas: np.ndarray
    mse: np.ndarray
    best_alpha: float

    @property
    def mean_mse(self) -> np.ndarray:
        return self.mse.mean(axis=0)

    @property
    def std_mse(self) -> np.ndarray:
        return self.mse.std(axis=0)


def _fold_mse(X_train, y_train, X_val, y_val, alphas) -> np.ndarray:
    """Validation MSE of one fold for every alpha, from one eigendecomposition (module docstring)."""
    x_mean, y_mean, G, B = normal_equations(X_train, y_train[:, None])
    lam, V = eigh(G)
    lam = np.maximum(lam, 0.0)  # G is positive semi-definite: negative values are rounding
    VtB = V.T @ B[:, 0]  # (p,)
    XvV = (X_val - x_mean) @ V  # (n_val, p)
    with np.errstate(divide="ignore"):
        filters = 1.0 / (lam[:, None] + alphas[None, :])  # (p, n_alphas)
    noise = max(X_train.shape) * np.finfo(np.float64).eps * lam[-1] if lam.size else 0.0
    filters[(lam <= noise)[:, None] & (alphas[None, :] == 0)] = 0.0  # alpha = 0: minimum norm
    predictions = XvV @ (filters * VtB[:, None]) + y_mean[0]  # (n_val, n_alphas)
    residuals = predictions - y_val[:, None]
    return np.mean(residuals**2, axis=0)


def ridge_cv(X, y, alphas, folds) -> RidgeCVResult:
    r"""Validation MSE of ridge (with an unpenalised intercept) for every alpha and fold.

    One eigendecomposition per fold serves all the alphas (see the module docstring).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
    alphas : array_like, shape (n_alphas,)
        Penalties :math:`\alpha \ge 0`.
    folds : sequence of (train_indices, validation_indices)
        For example from :func:`kfold_indices`.

    Returns
    -------
    RidgeCVResult
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    alphas = as_float_array(alphas, "alphas", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise InputError(f"X has {X.shape[0]} rows but y has {y.shape[0]}")
    if alphas.size == 0 or np.any(alphas < 0):
        raise InputError("alphas must be a non-empty list of numbers >= 0")
    folds = list(folds)
    if not folds:
        raise InputError("folds is empty")
    mse = np.empty((len(folds), alphas.size))
    for k, (train, validation) in enumerate(folds):
        mse[k] = _fold_mse(X[train], y[train], X[validation], y[validation], alphas)
    best = int(np.argmin(mse.mean(axis=0)))
    return RidgeCVResult(alphas=alphas, mse=mse, best_alpha=float(alphas[best]))
