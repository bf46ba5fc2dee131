r"""``LinearRegression`` and ``Ridge`` written on ``foundations``, with scikit-learn's API.

Both minimise the (weighted) squared error, ridge with a penalty on the slopes only:

.. math::
    \min_{w,\,b}\; \sum_i s_i\,(y_i - x_i^T w - b)^2 + \alpha \lVert w \rVert^2 ,

whose fitted values :math:`Xw + b` are, for :math:`\alpha = 0`, the orthogonal projection of
:math:`y` onto the span of the columns of :math:`X` and the constant vector. The solvers
(Cholesky on the normal equations, Householder QR, SVD, gradient descent) and the automatic choice
between them live in :mod:`.solvers`.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from foundations.errors import InputError
from foundations.validation import check_sample_weight

from .solvers import SOLVERS, least_squares

__all__ = ["LinearRegression", "Ridge"]

#: Sparse input is accepted and made dense: the solvers here are the dense ones of the book.
_SPARSE_FORMATS = ("csr", "csc", "coo")


def _dense_float64(X) -> np.ndarray:
    """``X`` as a dense float64 array (no copy when it already is one)."""
    if sparse.issparse(X):
        X = X.toarray()
    return np.asarray(X, dtype=np.float64)


class _LeastSquaresRegressor(RegressorMixin, BaseEstimator):
    """The shared fit/predict of the two estimators; subclasses fix the penalty."""

    def _alpha(self) -> float:
        raise NotImplementedError

    def _check_params(self) -> None:
        if self.solver not in SOLVERS:
            raise InputError(f"solver must be one of {', '.join(SOLVERS)}; got {self.solver!r}")
        if not isinstance(self.tol, numbers.Real) or not self.tol > 0:
            raise InputError(f"tol must be a positive number, got {self.tol!r}")
        if self.max_iter is not None and not (
            isinstance(self.max_iter, numbers.Integral) and self.max_iter >= 1
        ):
            raise InputError(f"max_iter must be None or a positive integer, got {self.max_iter!r}")
        if not isinstance(self.momentum, numbers.Real) or not 0 <= self.momentum < 1:
            raise InputError(f"momentum must be in [0, 1), got {self.momentum!r}")

    def fit(self, X, y, sample_weight=None):
        """Fit the coefficients on ``X`` of shape (n_samples, n_features) and ``y``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like, shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array_like, shape (n_samples,), optional
            Non-negative weights; weight 2 is the same as repeating the sample.

        Returns
        -------
        self
        """
        self._check_params()
        alpha = self._alpha()
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=_SPARSE_FORMATS,
            dtype=[np.float64, np.float32],
            y_numeric=True,
            multi_output=True,
        )
        X = _dense_float64(X)
        y = np.asarray(y, dtype=np.float64)
        if sample_weight is not None:  # None stays None: the unweighted formulas are cheaper
            sample_weight = check_sample_weight(sample_weight, X.shape[0])
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        fit, x_offset, y_offset = least_squares(
            X,
            Y,
            alpha=alpha,
            sample_weight=sample_weight,
            fit_intercept=self.fit_intercept,
            solver=self.solver,
            tol=float(self.tol),
            max_iter=self.max_iter,
            momentum=float(self.momentum),
        )
        coef = fit.coef.T  # (n_targets, n_features), scikit-learn's layout
        intercept = y_offset - coef @ x_offset
        if y.ndim == 1:
            self.coef_, self.intercept_ = coef[0], float(intercept[0])
        else:
            self.coef_, self.intercept_ = coef, intercept
        if not self.fit_intercept:
            self.intercept_ = 0.0 if y.ndim == 1 else np.zeros(y.shape[1])
        self.solver_ = fit.solver
        self.condition_number_ = fit.condition_estimate
        self.condition_bound_ = fit.condition_bound
        self.rank_ = fit.rank
        self.n_iter_ = fit.n_iter
        self.converged_ = fit.converged
        if fit.solver == "gd":
            self.loss_history_ = fit.loss_history[0] if y.ndim == 1 else fit.loss_history
        return self

    def predict(self, X):
        """:math:`\\hat y = Xw + b` for each row of ``X``."""
        check_is_fitted(self)
        X = validate_data(
            self, X, reset=False, accept_sparse=_SPARSE_FORMATS, dtype=[np.float64, np.float32]
        )
        return _dense_float64(X) @ self.coef_.T + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.input_tags.sparse = True
        return tags


class LinearRegression(_LeastSquaresRegressor):
    r"""Ordinary least squares, :math:`\min_{w,b} \sum_i s_i (y_i - x_i^T w - b)^2`.

    scikit-learn's ``LinearRegression`` twin, solved with ``foundations`` (see
    :mod:`.solvers`).

    Parameters
    ----------
    fit_intercept : bool, default True
        Fit :math:`b`; otherwise the data are taken as centred.
    solver : {"auto", "cholesky", "qr", "svd", "gd"}, default "auto"
        ``auto`` uses Cholesky on the normal equations when the (column-scaled) Gram matrix has
        condition number :math:`\le 10^8`, Householder QR when it is worse, and the SVD when
        the design is collinear to precision ``tol`` (or has more features than samples), which
        gives the minimum-norm solution.
    tol : float, default 1e-6
        Precision of the solution, as in scikit-learn: for the SVD, singular values below
        ``tol`` times the largest count as zero; for ``gd``, the relative gradient-norm
        tolerance.
    max_iter : int, optional
        Gradient-descent steps (``solver="gd"``; default 10,000).
    momentum : float, default 0.0
        Heavy-ball momentum :math:`\beta \in [0, 1)` for ``solver="gd"``.

    Attributes
    ----------
    coef_ : ndarray, shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray, shape (n_targets,)
    solver_ : str
        The solver actually used.
    condition_number_ : float or None
        Estimated condition number of the scaled Gram matrix (of its kept columns, for the
        pivoted Cholesky), when it was estimated.
    condition_bound_ : float or None
        A guaranteed upper bound on it, when one was computed (ridge's Cholesky: from
        :math:`\lambda_{\min} \ge \alpha/\max_j G_{jj}`).
    rank_ : int or None
        Numerical rank (SVD solver).
    n_iter_ : int
        Gradient steps taken (``gd``); 1 for the direct solvers (one factorization).
    loss_history_ : ndarray
        ``gd`` only: the objective :math:`\frac{1}{2m}\sum_i s_i (y_i - x_i^Tw - b)^2` at every step.
    n_features_in_ : int
    """

    def __init__(self, *, fit_intercept=True, solver="auto", tol=1e-6, max_iter=None, momentum=0.0):
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter
        self.momentum = momentum

    def _alpha(self) -> float:
        return 0.0


class Ridge(_LeastSquaresRegressor):
    r"""Ridge regression, :math:`\min_{w,b} \sum_i s_i (y_i - x_i^T w - b)^2 + \alpha\lVert w\rVert^2`.

    scikit-learn's ``Ridge`` twin; the intercept :math:`b` is never penalised. The penalty
    shrinks every coefficient towards 0 and makes :math:`X^TX + \alpha I` positive definite,
    so collinear designs have one well-conditioned solution.

    Parameters
    ----------
    alpha : float, default 1.0
        :math:`\alpha \ge 0` (0 is ordinary least squares).
    fit_intercept : bool, default True
    solver : {"auto", "cholesky", "qr", "svd", "gd"}, default "auto"
        As for :class:`LinearRegression`, on :math:`X^TX + \alpha I`.
    tol : float, default 1e-4
        Relative gradient-norm tolerance of ``gd`` (scikit-learn's default for its iterative
        solvers); for ``alpha=0`` also the SVD's cutoff.
    max_iter : int, optional
        Gradient-descent steps (``solver="gd"``; default 10,000).
    momentum : float, default 0.0
        Heavy-ball momentum for ``solver="gd"``.

    Attributes
    ----------
    coef_, intercept_, solver_, condition_number_, rank_, n_iter_, loss_history_, n_features_in_
        As for :class:`LinearRegression`.
    """

    def __init__(
        self, alpha=1.0, *, fit_intercept=True, solver="auto", tol=1e-4, max_iter=None, momentum=0.0
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter
        self.momentum = momentum

    def _alpha(self) -> float:
        if (
            isinstance(self.alpha, bool)
            or not isinstance(self.alpha, numbers.Real)
            or not np.isfinite(self.alpha)
            or self.alpha < 0
        ):
            raise InputError(f"alpha must be a finite number >= 0, got {self.alpha!r}")
        return float(self.alpha)
