r"""``GaussianMixture``: a Gaussian mixture fitted by EM, with scikit-learn's interface.

The mixture density is :math:`p(x) = \sum_j \pi_j \mathcal N(x\mid\mu_j,\Sigma_j)`; EM
(:mod:`.em_steps`) climbs the mean log-likelihood
:math:`\frac1n \sum_i \log p(x_i)` from a start given by :mod:`.initialization` or by the user
(``weights_init``, ``means_init``, ``precisions_init``), restarts ``n_init`` times and keeps
the run with the highest final value. Iteration :math:`t` records
:math:`\ell_t = \frac1n\sum_i\log p(x_i\mid\theta_{t-1})` (the parameters *before* its M step,
scikit-learn's ``lower_bound_`` convention) and stops once :math:`|\ell_t - \ell_{t-1}| <`
``tol``.

**Working frame.** The fit runs on :math:`x' = (x - \bar x)/s` with :math:`s` a power of two
near the data's spread, ``reg_covar`` becoming :math:`\varepsilon/s^2`. Every step of EM is
equivariant under this map (the means shift and scale, the covariances scale by :math:`s^2`,
the log-likelihood moves by :math:`d\log s`), and dividing by a power of two is exact, so the
iterates are the same — but data centred far from the origin loses no digits, and huge or tiny
units neither overflow nor underflow. Everything is computed in float64; float32 input gives
float32 attributes and outputs.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, DensityMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted, validate_data

from foundations.errors import InputError
from foundations.probability import MultivariateNormal
from foundations.validation import as_float_array, check_rng

from .covariances import (
    COVARIANCE_TYPES,
    covariances_from_cholesky,
    dense_covariances,
    n_parameters,
    precision_cholesky_from_precisions,
    precisions_from_cholesky,
    precisions_shape,
)
from .em_steps import Params, em_iteration, estimate_parameters, log_prob_resp
from .initialization import INIT_METHODS, initial_responsibilities

__all__ = ["GaussianMixture", "working_frame"]


def working_frame(X: np.ndarray) -> tuple[np.ndarray, float]:
    """The shift :math:`\\bar x` and the power-of-two scale :math:`s` of the working frame
    (:math:`s \\le \\max |x - \\bar x| < 2s`)."""
    shift = X.mean(axis=0)
    spread = float(np.max(np.abs(X - shift))) if X.size else 0.0  # no square: cannot overflow
    if not (spread > 0 and math.isfinite(spread)):
        return shift, 1.0
    return shift, math.ldexp(1.0, math.frexp(spread)[1] - 1)


def _integer(value, name: str, low: int) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < low:
        raise InputError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _number(value, name: str) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not value >= 0:
        raise InputError(f"{name} must be a number >= 0, got {value!r}")
    if not math.isfinite(value):
        raise InputError(f"{name} must be finite, got {value!r}")
    return float(value)


class GaussianMixture(DensityMixin, BaseEstimator):
    r"""Gaussian mixture by expectation–maximization (``sklearn.mixture.GaussianMixture``'s twin).

    Parameters
    ----------
    n_components : int, default 1
        The number of components :math:`k`.
    covariance_type : {"full", "tied", "diag", "spherical"}, default "full"
        See :mod:`.covariances`.
    tol : float, default 1e-3
        Stop when the mean log-likelihood gains less than ``tol`` in one iteration.
    reg_covar : float, default 1e-6
        :math:`\varepsilon` added to every covariance's diagonal (keeps them positive definite).
    max_iter : int, default 100
        EM iterations per run (0: only the initialization).
    n_init : int, default 1
        Runs from different starts; the highest final mean log-likelihood wins.
    init_params : {"kmeans", "k-means++", "random", "random_from_data"}, default "kmeans"
        How the starting responsibilities are drawn (:mod:`.initialization`).
    weights_init : array of shape (k,), optional
    means_init : array of shape (k, d), optional
    precisions_init : array, optional
        Given starting parameters (shapes as ``precisions_``); they replace the ones
        ``init_params`` would give. With all three, ``init_params`` is not used.
    random_state : None, int, numpy Generator or RandomState
    warm_start : bool, default False
        Start a new ``fit`` from the current parameters (one run).

    Attributes
    ----------
    weights_ : ndarray, shape (k,)
    means_ : ndarray, shape (k, d)
    covariances_, precisions_, precisions_cholesky_ : ndarray
        Shapes by ``covariance_type``: (k, d, d) full, (d, d) tied, (k, d) diag, (k,) spherical.
        ``precisions_cholesky_`` is upper triangular with ``precisions_ = U @ U.T``.
    converged_ : bool
    n_iter_ : int
    lower_bound_ : float
        The last :math:`\ell_t` of the winning run.
    lower_bounds_ : ndarray, shape (n_iter_,)
        :math:`\ell_1, \dots, \ell_T` of the winning run.
    n_features_in_ : int
    """

    def __init__(
        self,
        n_components=1,
        *,
        covariance_type="full",
        tol=1e-3,
        reg_covar=1e-6,
        max_iter=100,
        n_init=1,
        init_params="kmeans",
        weights_init=None,
        means_init=None,
        precisions_init=None,
        random_state=None,
        warm_start=False,
    ):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start

    # --- checks ---------------------------------------------------------------------------

    def _check_settings(self, n: int, d: int) -> None:
        k = _integer(self.n_components, "n_components", 1)
        _integer(self.max_iter, "max_iter", 0)
        _integer(self.n_init, "n_init", 1)
        _number(self.tol, "tol")
        _number(self.reg_covar, "reg_covar")
        if self.covariance_type not in COVARIANCE_TYPES:
            raise InputError(
                f"covariance_type must be one of {COVARIANCE_TYPES}, got {self.covariance_type!r}"
            )
        if self.init_params not in INIT_METHODS:
            raise InputError(f"init_params must be one of {INIT_METHODS}, got {self.init_params!r}")
        if n < k:
            raise InputError(
                f"Expected n_samples >= n_components but got n_components = {k}, n_samples = {n}"
            )

    def _given_inits(self, d: int):
        """``weights_init``, ``means_init`` and the precision factor of ``precisions_init``."""
        k, ct = self.n_components, self.covariance_type
        weights = means = prec_chol = None
        if self.weights_init is not None:
            weights = as_float_array(self.weights_init, "weights_init", ndim=1).astype(float)
            if weights.shape != (k,):
                raise InputError(f"weights_init must have shape ({k},), got {weights.shape}")
            if np.any(weights < 0) or np.any(weights > 1):
                raise InputError("weights_init must lie in [0, 1]")
            if abs(1.0 - weights.sum()) > 1e-8:
                raise InputError(f"weights_init must sum to 1, got {weights.sum():.10g}")
        if self.means_init is not None:
            means = as_float_array(self.means_init, "means_init").astype(float)
            if means.shape != (k, d):
                raise InputError(f"means_init must have shape ({k}, {d}), got {means.shape}")
        if self.precisions_init is not None:
            P = as_float_array(self.precisions_init, "precisions_init").astype(float)
            if P.shape != precisions_shape(ct, k, d):
                raise InputError(
                    f"precisions_init for '{ct}' must have shape {precisions_shape(ct, k, d)}, "
                    f"got {P.shape}"
                )
            if ct in ("diag", "spherical") and np.any(P <= 0):
                raise InputError(f"'{ct} precision' should be positive")
            prec_chol = precision_cholesky_from_precisions(P, ct)
        return weights, means, prec_chol

    # --- fitting --------------------------------------------------------------------------

    def _start(self, X, rng, given, shift, scale) -> Params:
        """Starting parameters in the working frame."""
        weights, means, prec_chol = given
        ct = self.covariance_type
        means = None if means is None else (means - shift) / scale
        prec_chol = None if prec_chol is None else prec_chol * scale
        if weights is None or means is None or prec_chol is None:
            resp = initial_responsibilities(X, self.n_components, self.init_params, rng)
            p = estimate_parameters(X, resp, self.reg_covar / scale**2, ct)
            weights = p.weights if weights is None else weights
            means = p.means if means is None else means
            if prec_chol is None:
                return Params(weights, means, p.covariances, p.prec_chol, ct)
        return Params(weights, means, covariances_from_cholesky(prec_chol, ct), prec_chol, ct)

    def _current(self, shift, scale) -> Params:
        """The fitted parameters in a working frame (for warm starts and predictions)."""
        f = np.float64
        cov = getattr(self, "covariances_", None)
        return Params(
            np.asarray(self.weights_, f),
            (np.asarray(self.means_, f) - shift) / scale,
            None if cov is None else np.asarray(cov, f) / scale**2,
            np.asarray(self.precisions_cholesky_, f) * scale,
            self.covariance_type,
        )

    def _run(self, X, params: Params, lower_bound: float, resp):
        reg = self.reg_covar / self._scale**2
        history, converged = [], False
        for _ in range(self.max_iter):
            previous = lower_bound
            lower_bound, params = em_iteration(X, params, reg, resp)
            history.append(lower_bound)
            if abs(lower_bound - previous) < self.tol:
                converged = True
                break
        return params, history, converged

    def fit(self, X, y=None):
        """Fit the mixture to ``X`` of shape (n_samples, n_features) by EM; returns ``self``."""
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=2)
        n, d = X.shape
        self._check_settings(n, d)
        given = self._given_inits(d)
        dtype = X.dtype
        X = np.asarray(X, dtype=np.float64)
        shift, scale = working_frame(X)
        Xf = (X - shift) / scale
        warm = self.warm_start and hasattr(self, "converged_")
        first_bound = -np.inf
        if warm:
            warm_start = self._current(shift, scale)
            first_bound = float(self.lower_bound_) + d * math.log(scale)
        rng = check_rng(self.random_state)
        self._shift, self._scale = shift, scale
        resp = np.empty((n, self.n_components))
        best, best_bound = None, -np.inf
        for _ in range(1 if warm else self.n_init):
            start = warm_start if warm else self._start(Xf, rng, given, shift, scale)
            if self.max_iter == 0:
                best = (start, [], False)
                continue
            run = self._run(Xf, start, first_bound, resp)
            if run[1][-1] > best_bound or best_bound == -np.inf:
                best, best_bound = run, run[1][-1]
        params, history, self.converged_ = best
        if not self.converged_ and self.max_iter > 0:
            warnings.warn(
                "Best performing initialization did not converge. Try different init "
                "parameters, or increase max_iter, tol, or check for degenerate data.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self._publish(params, history, shift, scale, d, dtype)
        return self

    def _publish(self, params: Params, history, shift, scale, d, dtype) -> None:
        """Set the public attributes from working-frame parameters (original units)."""
        ct = self.covariance_type
        cov = params.covariances
        if cov is None:
            cov = covariances_from_cholesky(params.prec_chol, ct)
        offset = d * math.log(scale)
        self.weights_ = params.weights.astype(dtype)
        self.means_ = (shift + scale * params.means).astype(dtype)
        self.covariances_ = (cov * scale**2).astype(dtype)
        self.precisions_cholesky_ = (params.prec_chol / scale).astype(dtype)
        self.precisions_ = precisions_from_cholesky(params.prec_chol / scale, ct).astype(dtype)
        self.lower_bounds_ = np.asarray(history, dtype=np.float64) - offset
        self.lower_bound_ = float(self.lower_bounds_[-1]) if history else -np.inf
        self.n_iter_ = len(history)

    def fit_predict(self, X, y=None):
        """``fit(X)`` and the most probable component of every row of ``X``."""
        return self.fit(X).predict(X)

    # --- using a fitted model -------------------------------------------------------------

    def _log_prob_resp(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        shift, scale = self._shift, self._scale
        Xf = (np.asarray(X, dtype=np.float64) - shift) / scale
        log_p, log_resp = log_prob_resp(Xf, self._current(shift, scale))
        return log_p - X.shape[1] * math.log(scale), log_resp, X.dtype

    def score_samples(self, X):
        r""":math:`\log p(x_i)` for every row, shape (n_samples,)."""
        log_p, _, dtype = self._log_prob_resp(X)
        return log_p.astype(dtype)

    def score(self, X, y=None):
        r"""The mean log-likelihood :math:`\frac1n\sum_i \log p(x_i)`."""
        return float(np.mean(self._log_prob_resp(X)[0]))

    def predict_proba(self, X):
        r"""Responsibilities :math:`r_{ij} = P(\text{component } j \mid x_i)`, shape (n, k)."""
        _, log_resp, dtype = self._log_prob_resp(X)
        return np.exp(log_resp).astype(dtype)

    def predict(self, X):
        """The most probable component of every row (ties to the lowest index)."""
        return np.argmax(self._log_prob_resp(X)[1], axis=1)

    def _n_parameters(self) -> int:
        k, d = np.shape(self.means_)
        return n_parameters(k, d, self.covariance_type)

    def bic(self, X) -> float:
        r"""Bayesian information criterion :math:`-2\log L + p\log n` (lower is better)."""
        n = np.shape(X)[0]
        return -2.0 * self.score(X) * n + self._n_parameters() * math.log(n)

    def aic(self, X) -> float:
        r"""Akaike information criterion :math:`-2\log L + 2p` (lower is better)."""
        return -2.0 * self.score(X) * np.shape(X)[0] + 2 * self._n_parameters()

    def sample(self, n_samples=1):
        r"""``n_samples`` draws: counts per component multinomial in :math:`\pi`, then
        :math:`\mu_j + L_jz` with :math:`\Sigma_j = L_jL_j^\top`, :math:`z` standard normal.

        Returns
        -------
        X : ndarray, shape (n_samples, d)
        labels : ndarray of int, shape (n_samples,)
            The component of each draw (draws are grouped by component).
        """
        check_is_fitted(self)
        n_samples = _integer(n_samples, "n_samples", 1)
        rng = check_rng(self.random_state)
        k, d = np.shape(self.means_)
        weights = np.asarray(self.weights_, np.float64)
        counts = rng.multinomial(n_samples, weights / weights.sum())
        covs = dense_covariances(
            np.asarray(self.covariances_, np.float64), self.covariance_type, k, d
        )
        means = np.asarray(self.means_, np.float64)
        draws = [
            MultivariateNormal(means[j], covs[j]).rvs(int(c), rng=rng)
            for j, c in enumerate(counts)
            if c > 0
        ]
        return np.vstack(draws), np.repeat(np.arange(k), counts)
