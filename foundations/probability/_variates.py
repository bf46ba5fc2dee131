r"""Rejection samplers whose cost does not grow with the parameters (private; the classes call them).

* **Poisson, PTRS** (Hörmann 1993, "transformed rejection with squeeze"), for :math:`\mu \ge 10`:
  a candidate :math:`k = \lfloor (2a/u_s + b)U + \mu + 0.43 \rfloor` from a transformed uniform
  :math:`U`, accepted at once inside a squeeze region (about 90 % of the time) and otherwise
  by comparing :math:`V` with the exact :math:`\ln P(X = k)`. About 1.1 candidates per draw
  whatever :math:`\mu` — not the :math:`O(\mu)` of a cdf table.
* **Binomial, BTRS** (Hörmann 1993), for :math:`n\min(p, 1-p) \ge 10`: the same idea, the
  acceptance comparing :math:`\ln P(X=k) - \ln P(X=m)` at the mode :math:`m`.
* **Gamma, Marsaglia–Tsang** (2000), for shape :math:`a \ge 1`: :math:`X = d(1 + cZ)^3` with
  :math:`d = a - \frac13`, :math:`c = 1/\sqrt{9d}`, :math:`Z` normal, accepted when
  :math:`\ln U < \frac12 Z^2 + d - dV + d\ln V` (:math:`V = (1+cZ)^3`); for :math:`a < 1`,
  :math:`X = Y U^{1/a}` with :math:`Y \sim \mathrm{Gamma}(a+1)`, returned as a logarithm
  because :math:`U^{1/a}` underflows for small :math:`a`.

The exact log-probabilities come from Loader's saddle-point terms (``special``), so the
acceptance test does not lose digits to :math:`-\mu + k\ln\mu - \ln k!` at large :math:`\mu`.
Every loop redraws only the rejected candidates.
"""

from __future__ import annotations

import numpy as np

from ._loggamma import _log_binom_raw, _log_pois_raw
from .sampling import box_muller

__all__: list[str] = []


def poisson_ptrs(mu: float, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` Poisson(``mu``) draws by PTRS (``mu >= 10``), as int64."""
    slam = np.sqrt(mu)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    log_inv_alpha = np.log(1.1239 + 1.1328 / (b - 3.4))
    vr = 0.9277 - 3.6224 / (b - 2.0)
    out = np.empty(count, dtype=np.int64)
    todo = np.arange(count)
    while todo.size:
        u = rng.random(todo.size) - 0.5
        v = rng.random(todo.size)
        us = 0.5 - np.abs(u)
        k = np.floor((2.0 * a / us + b) * u + mu + 0.43)
        quick = (us >= 0.07) & (v <= vr)
        possible = (k >= 0) & ~((us < 0.013) & (v > us))
        with np.errstate(divide="ignore"):
            lhs = np.log(v) + log_inv_alpha - np.log(a / (us * us) + b)
        slow = possible & ~quick
        accept = quick.copy()
        accept[slow] = lhs[slow] <= _log_pois_raw(k[slow], mu)
        out[todo[accept]] = k[accept].astype(np.int64)
        todo = todo[~accept]
    return out


def binomial_btrs(n: int, p: float, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` Binomial(``n``, ``p``) draws by BTRS (``n min(p, 1-p) >= 10``), as int64."""
    flip = p > 0.5
    p_ = 1.0 - p if flip else p
    q_ = p if flip else 1.0 - p
    spq = np.sqrt(n * p_ * q_)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p_
    c = n * p_ + 0.5
    alpha = (2.83 + 5.1 / b) * spq
    vr = 0.92 - 4.2 / b
    mode = np.floor((n + 1) * p_)
    log_at_mode = _log_binom_raw(mode, n - mode, p_, q_)
    out = np.empty(count, dtype=np.int64)
    todo = np.arange(count)
    while todo.size:
        u = rng.random(todo.size) - 0.5
        v = rng.random(todo.size)
        us = 0.5 - np.abs(u)
        k = np.floor((2.0 * a / us + b) * u + c)
        inside = (k >= 0) & (k <= n)
        quick = inside & (us >= 0.07) & (v <= vr)
        slow = inside & ~quick
        accept = quick.copy()
        with np.errstate(divide="ignore"):
            lhs = np.log(v[slow] * alpha / (a / (us[slow] ** 2) + b))
        ks = k[slow]
        accept[slow] = lhs <= _log_binom_raw(ks, n - ks, p_, q_) - log_at_mode
        out[todo[accept]] = k[accept].astype(np.int64)
        todo = todo[~accept]
    return n - out if flip else out


def log_gamma_variates(a: float, count: int, rng: np.random.Generator) -> np.ndarray:
    r"""The logarithms of ``count`` Gamma(``a``, 1) draws (Marsaglia–Tsang; boosted for a < 1)."""
    boost = a < 1.0
    shape = a + 1.0 if boost else a
    d = shape - 1.0 / 3.0
    c = 1.0 / np.sqrt(9.0 * d)
    out = np.empty(count)
    todo = np.arange(count)
    while todo.size:
        z = np.asarray(box_muller(todo.size, rng=rng)).reshape(-1)
        v = (1.0 + c * z) ** 3
        u = 1.0 - rng.random(todo.size)  # (0, 1]
        ok = v > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            log_v = np.log(np.where(ok, v, 1.0))
            accept = ok & (np.log(u) < 0.5 * z * z + d - d * v + d * log_v)
        out[todo[accept]] = np.log(d) + log_v[accept]
        todo = todo[~accept]
    if boost:
        out += np.log(1.0 - rng.random(count)) / a
    return out
