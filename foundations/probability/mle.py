r"""Maximum likelihood estimation, in closed form and numerically (chapter 20).

Given independent observations :math:`x_1, \dots, x_n` from a model :math:`p(x \mid \theta)`,
the maximum likelihood estimate maximises :math:`\prod_i p(x_i \mid \theta)`, i.e. minimises
the mean negative log-likelihood

.. math:: \ell(\theta) = -\frac{1}{n} \sum_{i=1}^{n} \log p(x_i \mid \theta).

Setting :math:`\nabla \ell = 0` gives closed forms for the classics:

* Bernoulli: :math:`\hat p = \bar x`;  Poisson: :math:`\hat\mu = \bar x`;
  exponential: :math:`\hat\lambda = 1/\bar x`;
* normal: :math:`\hat\mu = \bar x`, :math:`\hat\sigma^2 = \frac1n\sum_i (x_i - \bar x)^2`
  (the biased :math:`1/n`, not :math:`1/(n-1)`).

Otherwise — and to check those — :math:`\ell` is minimised numerically with chapter 17's
optimiser (:func:`foundations.multivariable.minimize`). Constrained parameters are
optimised in unconstrained coordinates (:math:`\log\sigma`, :math:`\log\mu`,
:math:`\operatorname{logit} p`), where the optimiser may step anywhere. Least squares is
the normal case: maximising a Gaussian likelihood of residuals is minimising their squares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ..errors import InputError, LinAlgError
from ..multivariable import OptimizeResult, minimize
from ..validation import as_vector
from ._checks import power_of_two_scale
from .special import gammaln

__all__ = [
    "FAMILIES",
    "MLEResult",
    "mle_bernoulli",
    "mle_exponential",
    "mle_normal",
    "mle_numerical",
    "mle_poisson",
    "negative_log_likelihood",
]

# --- closed forms ----------------------------------------------------------------------------


def _binary(x) -> np.ndarray:
    x = as_vector(x, "x")
    if np.any((x != 0) & (x != 1)):
        raise InputError("Bernoulli observations must be 0 or 1")
    return x


def _counts(x) -> np.ndarray:
    x = as_vector(x, "x")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise InputError("Poisson observations must be non-negative integers")
    return x


def _positive(x) -> np.ndarray:
    x = as_vector(x, "x")
    if np.any(x <= 0):
        raise InputError("exponential observations must be positive")
    return x


def mle_bernoulli(x) -> float:
    r""":math:`\hat p = \frac1n\sum_i x_i`, the fraction of ones (``x`` holds 0s and 1s)."""
    return float(np.mean(_binary(x), dtype=np.float64))


def mle_poisson(x) -> float:
    r""":math:`\hat\mu = \bar x` for non-negative integer counts."""
    return _scaled_mean(_counts(x).astype(np.float64))


def _scaled_mean(x: np.ndarray) -> float:
    """The mean, computed on ``x / 2^k`` (exact) so that values near 1e308 do not overflow the sum."""
    scale = power_of_two_scale(x)
    return scale * float(np.mean(x / scale))


def mle_exponential(x) -> float:
    r""":math:`\hat\lambda = 1/\bar x` (the rate) for positive waiting times.

    Raises
    ------
    InputError
        If :math:`1/\bar x` overflows (a mean below about :math:`5.6\cdot10^{-309}`).
    """
    mean = _scaled_mean(_positive(x))
    with np.errstate(over="ignore", divide="ignore"):
        rate = 1.0 / np.float64(mean)
    if not np.isfinite(rate):
        raise InputError(f"the estimated rate 1/mean overflows (mean {mean:g})")
    return float(rate)


def mle_normal(x) -> tuple[float, float]:
    r""":math:`(\hat\mu, \hat\sigma)` with :math:`\hat\sigma^2 = \frac1n \sum_i (x_i - \bar x)^2`.

    Returns
    -------
    mu, sigma : float
        ``sigma`` is the maximum-likelihood standard deviation (``numpy.std(x, ddof=0)``).
    """
    x = as_vector(x, "x").astype(np.float64)
    mu = _scaled_mean(x)
    centred = x - mu
    scale = power_of_two_scale(centred)
    return mu, scale * float(np.sqrt(np.mean((centred / scale) ** 2)))


# --- numerical -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Family:
    """A model in unconstrained coordinates θ: the mean negative log-likelihood and its derivatives."""

    check: Callable[[np.ndarray], np.ndarray]
    nll: Callable[[np.ndarray, np.ndarray], float]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    hess: Callable[[np.ndarray, np.ndarray], np.ndarray] | None
    start: Callable[[np.ndarray], np.ndarray]
    params: Callable[[np.ndarray], dict]
    # the expected (Fisher) information per observation, diagonal in these coordinates, and
    # the natural unit of each coordinate (the scale for a location, 1 for a log or logit)
    fisher: Callable[[np.ndarray], np.ndarray]
    units: Callable[[np.ndarray], np.ndarray]


def _softplus(t):
    return np.logaddexp(0.0, t)


def _sigmoid(t):
    """1/(1 + e^-t) without cancellation for t << 0 (a rare event's p = 1e-10 keeps its digits)."""
    t = np.asarray(t, dtype=float)
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _normal_nll(theta, x):
    mu, s = theta
    return float(s + 0.5 * np.log(2 * np.pi) + np.mean((x - mu) ** 2) * np.exp(-2 * s) / 2)


def _normal_grad(theta, x):
    mu, s = theta
    inv_var = np.exp(-2 * s)
    return np.array([-(x.mean() - mu) * inv_var, 1.0 - np.mean((x - mu) ** 2) * inv_var])


def _normal_hess(theta, x):
    mu, s = theta
    inv_var = np.exp(-2 * s)
    off = 2.0 * (x.mean() - mu) * inv_var
    return np.array([[inv_var, off], [off, 2.0 * np.mean((x - mu) ** 2) * inv_var]])


def _robust_start(x):
    """Median and log of a scaled median absolute deviation: a start that outliers cannot spoil."""
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    scale = mad if mad > 0 else np.std(x)
    return np.array([med, np.log(scale if scale > 0 else 1.0)])


def _cauchy_nll(theta, x):
    loc, s = theta
    z = (x - loc) * np.exp(-s)
    return float(np.log(np.pi) + s + np.mean(np.log1p(z * z)))


def _cauchy_grad(theta, x):
    loc, s = theta
    gamma = np.exp(s)
    z = (x - loc) / gamma
    w = 2.0 * z / (1.0 + z * z)
    return np.array([-np.mean(w) / gamma, 1.0 - np.mean(w * z)])


def _boundary(what: str):
    raise InputError(
        f"the maximum-likelihood estimate is on the boundary ({what}): use the closed form"
    )


def _check_bernoulli(x):
    x = _binary(x)
    if x.min() == x.max():
        _boundary("all observations equal, p = 0 or 1")
    return x


def _check_poisson(x):
    x = _counts(x)
    if x.max() == 0:
        _boundary("all counts zero, mu = 0")
    return x


def _check_spread(x):
    x = as_vector(x, "x")
    if x.min() == x.max():
        _boundary("all observations equal, zero spread")
    return x


FAMILIES: dict[str, _Family] = {
    # θ = logit p:  ℓ = softplus(θ) - x̄ θ
    "bernoulli": _Family(
        check=_check_bernoulli,
        nll=lambda t, x: float(_softplus(t[0]) - x.mean() * t[0]),
        grad=lambda t, x: np.array([_sigmoid(t[0]) - x.mean()]),
        hess=lambda t, x: np.array([[_sigmoid(t[0]) * _sigmoid(-t[0])]]),
        start=lambda x: np.zeros(1),
        params=lambda t: {"p": float(_sigmoid(t[0]))},
        fisher=lambda t: np.array([_sigmoid(t[0]) * _sigmoid(-t[0])]),
        units=lambda t: np.ones(1),
    ),
    # θ = log μ:  ℓ = e^θ - x̄ θ + mean(log x!)
    "poisson": _Family(
        check=_check_poisson,
        nll=lambda t, x: float(np.exp(t[0]) - x.mean() * t[0] + np.mean(gammaln(x + 1.0))),
        grad=lambda t, x: np.array([np.exp(t[0]) - x.mean()]),
        hess=lambda t, x: np.array([[np.exp(t[0])]]),
        start=lambda x: np.zeros(1),
        params=lambda t: {"mu": float(np.exp(t[0]))},
        fisher=lambda t: np.array([np.exp(t[0])]),
        units=lambda t: np.ones(1),
    ),
    # θ = log λ:  ℓ = -θ + e^θ x̄
    "exponential": _Family(
        check=_positive,
        nll=lambda t, x: float(-t[0] + np.exp(t[0]) * x.mean()),
        grad=lambda t, x: np.array([-1.0 + np.exp(t[0]) * x.mean()]),
        hess=lambda t, x: np.array([[np.exp(t[0]) * x.mean()]]),
        start=lambda x: np.zeros(1),
        params=lambda t: {"rate": float(np.exp(t[0]))},
        fisher=lambda t: np.ones(1),
        units=lambda t: np.ones(1),
    ),
    # θ = (μ, log σ):  ℓ = log σ + ½ log 2π + mean((x - μ)²) / (2σ²)
    "normal": _Family(
        check=_check_spread,
        nll=_normal_nll,
        grad=_normal_grad,
        hess=_normal_hess,
        start=_robust_start,
        params=lambda t: {"mu": float(t[0]), "sigma": float(np.exp(t[1]))},
        fisher=lambda t: np.array([np.exp(-2 * t[1]), 2.0]),
        units=lambda t: np.array([np.exp(t[1]), 1.0]),
    ),
    # θ = (x₀, log γ):  ℓ = log π + log γ + mean(log(1 + ((x - x₀)/γ)²)); no closed form
    "cauchy": _Family(
        check=_check_spread,
        nll=_cauchy_nll,
        grad=_cauchy_grad,
        hess=None,
        start=_robust_start,
        params=lambda t: {"loc": float(t[0]), "scale": float(np.exp(t[1]))},
        fisher=lambda t: np.array([0.5 * np.exp(-2 * t[1]), 0.5]),
        units=lambda t: np.array([np.exp(t[1]), 1.0]),
    ),
}


@dataclass(frozen=True)
class MLEResult:
    r"""The fitted parameters (by name) and the optimiser's record of how it got there.

    ``step`` is the Fisher-scoring step :math:`I(\theta)^{-1}\nabla\ell(\theta)` at the
    returned θ, in natural units (relative for a rate, scale or odds; in units of the scale
    for a location): the estimate's distance to the optimum, computed afresh at the end.
    ``converged`` says it is at most ``tol``.
    """

    params: dict
    neg_log_likelihood: float
    optimize_result: OptimizeResult
    converged: bool = True
    step: float = 0.0


def _theta(family: str, theta, n_params: int) -> np.ndarray:
    theta = as_vector(theta, "theta").astype(np.float64)
    if theta.shape[0] != n_params:
        raise InputError(
            f"the {family} family has {n_params} parameter(s), got theta of length {theta.shape[0]}"
        )
    return theta


def negative_log_likelihood(family: str, theta, x) -> float:
    r"""The mean negative log-likelihood :math:`\ell(\theta)` of ``family`` in its unconstrained coordinates."""
    fam = _family(family)
    x = fam.check(x)
    return fam.nll(_theta(family, theta, fam.start(x).shape[0]), x)


def _family(name: str) -> _Family:
    if name not in FAMILIES:
        raise InputError(f"family must be one of {sorted(FAMILIES)}, got {name!r}")
    return FAMILIES[name]


_LOCATION_SCALE = ("normal", "cauchy")


def _natural_step(fam: _Family, theta: np.ndarray, x: np.ndarray) -> float:
    """max_j |(I^-1 grad)_j| / unit_j at theta: the remaining distance to the optimum."""
    return float(np.max(np.abs(fam.grad(theta, x) / fam.fisher(theta)) / fam.units(theta)))


def mle_numerical(
    family: str,
    x,
    *,
    method: str | None = None,
    theta0=None,
    tol: float = 1e-8,
    max_iter: int = 2000,
) -> MLEResult:
    r"""Fit ``family`` to ``x`` by minimising :math:`\ell(\theta)` with chapter 17's optimiser.

    Parameters
    ----------
    family : {"bernoulli", "poisson", "exponential", "normal", "cauchy"}
        Coordinates θ: :math:`\operatorname{logit} p`; :math:`\log\mu`; :math:`\log\lambda`;
        :math:`(\mu, \log\sigma)`; :math:`(x_0, \log\gamma)`. The Cauchy location–scale model
        has no closed-form estimate.
    x : array_like, shape (n_samples,)
    method : {"gd", "momentum", "newton"}, optional
        Passed to :func:`foundations.multivariable.minimize`. Default: ``"newton"`` where the
        family provides a Hessian (all but Cauchy), else ``"gd"``.
    theta0 : array_like, optional
        Start, in θ coordinates. Default: 0 for the one-parameter families (their
        :math:`\ell` is convex in θ, any start works), the median and the log of the median
        absolute deviation for the location–scale ones. The start matters there: in
        :math:`(\mu, \log\sigma)` the landscape is not convex, and from a start many
        standard deviations away the descent first inflates :math:`\sigma`, where the slope
        in :math:`\mu`, :math:`(\bar x - \mu)/\sigma^2`, all but vanishes.
    tol : float
        Converged when the Fisher-scoring step :math:`\delta = I(\theta)^{-1}\nabla\ell(\theta)`
        is at most ``tol`` in natural units: a relative error of :math:`p/(1-p)`,
        :math:`\mu`, :math:`\lambda`, :math:`\sigma`, :math:`\gamma`, and a location error in
        units of the scale. An absolute bound on :math:`\|\nabla\ell\|` would not do: for a
        rare event (:math:`\hat p = 10^{-5}`) the gradient :math:`p - \hat p` is below
        :math:`10^{-8}` while :math:`p` is still :math:`10^{-3}` off in relative terms. The
        optimiser runs in coordinates scaled by :math:`\sqrt{I}` (so its Hessian is near the
        identity) with a gradient tolerance that implies the bound, and the step is
        recomputed at the end from the gradient at the returned θ.
    max_iter : int

    Returns
    -------
    MLEResult
        ``params`` (e.g. ``{"mu": ..., "sigma": ...}``), the minimal ``neg_log_likelihood``,
        the ``OptimizeResult`` of the last round (its ``x``, ``fun`` and ``history`` in θ
        coordinates; ``grad_norm`` in the optimiser's scaled ones), and the final ``step``.

    Raises
    ------
    InputError
        An unknown family or method, a bad ``theta0``, ``tol`` or ``max_iter``; data outside
        the model's support; data whose estimate lies on the boundary (all zeros for Poisson,
        all equal for Bernoulli/normal), where θ would run off to infinity.
    LinAlgError
        If the optimiser does not reach the tolerance within ``max_iter`` steps.
    """
    fam = _family(family)
    x = fam.check(x).astype(np.float64)
    if method is None:
        method = "gd" if fam.hess is None else "newton"
    if method == "newton" and fam.hess is None:
        raise InputError(
            f"method='newton' needs a Hessian, which the {family} family does not provide"
        )
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not 0 < tol < 1:
        raise InputError(f"tol must be a number in (0, 1), got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InputError(f"max_iter must be a positive integer, got {max_iter!r}")
    default = fam.start(x)
    theta = default if theta0 is None else _theta(family, theta0, default.shape[0])
    # location-scale families are fitted to (x - c) / d (d a power of two: exact), so that
    # data at 1e-200 or 1e200 neither underflows nor overflows exp(-2 log sigma)
    shift, scale = 0.0, 1.0
    if family in _LOCATION_SCALE:
        shift = float(np.median(x))
        scale = power_of_two_scale(x - shift)
        x = (x - shift) / scale
        theta = np.array([(theta[0] - shift) / scale, theta[1] - np.log(scale)])
    used = 0
    for _ in range(5):  # rescale at the current point, minimise, check; rarely more than 2
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):  # trial steps: inf
            result = _minimize_scaled(fam, x, theta, method, tol, max_iter - used)
        theta, used = result.x, used + max(result.n_iter, 1)
        step = _natural_step(fam, theta, x)
        if step <= tol:
            nll, history = fam.nll(theta, x), result.history
            if family in _LOCATION_SCALE:
                theta = np.array([shift + scale * theta[0], theta[1] + np.log(scale)])
                nll, history = nll + np.log(scale), history + np.log(scale)
            result = replace(result, x=theta, fun=nll, history=history)
            return MLEResult(fam.params(theta), nll, result, True, step)
        if used >= max_iter or not np.all(np.isfinite(theta)):
            break
    raise LinAlgError(
        f"the {family} likelihood did not converge in {max_iter} iterations "
        f"(Fisher step {step:.2e} > tol {tol:g})"
    )


def _minimize_scaled(fam: _Family, x: np.ndarray, ref: np.ndarray, method, tol, max_iter):
    r"""Minimise in :math:`\phi = \sqrt{I(\theta_0)}\,(\theta - \theta_0)`, then map back.

    :math:`|\nabla_\phi\ell| \le` ``tol`` :math:`\cdot\min_j u_j\sqrt{I_j}` implies the
    natural step :math:`|g_j / I_j| / u_j \le` ``tol`` at :math:`\theta_0`'s information.
    """
    c = np.sqrt(fam.fisher(ref))
    grad_tol = tol * float(np.min(fam.units(ref) * c))
    hess = fam.hess
    result = minimize(
        lambda phi: fam.nll(ref + phi / c, x),
        np.zeros_like(ref),
        jac=lambda phi: fam.grad(ref + phi / c, x) / c,
        hess=(lambda phi: hess(ref + phi / c, x) / np.outer(c, c)) if hess is not None else None,
        method=method,
        tol=grad_tol,
        max_iter=max(max_iter, 1),
    )
    return replace(result, x=ref + result.x / c)
