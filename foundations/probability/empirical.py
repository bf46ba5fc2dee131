r"""The empirical distribution of a sample, and how far it is from a model (chapter 19).

For a sample :math:`x_1, \dots, x_n`, the empirical cdf

.. math:: F_n(x) = \frac{1}{n} \#\{i : x_i \le x\}

is a step function that jumps by :math:`1/n` at every sample point. The Glivenko–Cantelli
theorem says :math:`\sup_x |F_n(x) - F(x)| \to 0` when the :math:`x_i` are drawn from
:math:`F`; Kolmogorov showed that :math:`\sqrt{n}\,D_n`, with
:math:`D_n = \sup_x |F_n(x) - F(x)|`, tends in distribution to the Kolmogorov law

.. math:: P(K > \lambda) = 2 \sum_{k\ge1} (-1)^{k-1} e^{-2k^2\lambda^2},

which turns :math:`D_n` into a p-value: the Kolmogorov–Smirnov goodness-of-fit test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_vector

__all__ = ["EmpiricalCDF", "KSResult", "ecdf", "kolmogorov_sf", "ks_statistic", "ks_test"]


class EmpiricalCDF:
    r"""The empirical cdf :math:`F_n` of a 1-D sample, callable on any array of points.

    ``F(x)`` counts the sample points :math:`\le x` with one ``searchsorted`` on the sorted
    sample: :math:`O(\log n)` per point.

    Attributes
    ----------
    x : ndarray, shape (n,)
        The sorted sample (the jump points, repeated where the sample repeats).
    n : int
    """

    def __init__(self, samples):
        self.x = np.sort(as_vector(samples, "samples"))
        self.n = self.x.shape[0]

    def __call__(self, t):
        t = as_float_array(t, "t")
        out = np.searchsorted(self.x, t, side="right") / self.n
        return out.item() if out.ndim == 0 else out


def ecdf(samples) -> EmpiricalCDF:
    """The empirical cdf of ``samples`` (shape ``(n,)``), as a callable :class:`EmpiricalCDF`."""
    return EmpiricalCDF(samples)


def ks_statistic(samples, cdf) -> float:
    r"""The Kolmogorov–Smirnov distance :math:`D_n = \sup_x |F_n(x) - F(x)|`.

    For a continuous :math:`F` the supremum is reached at a sample point, just before or at a
    jump, so with the sorted sample :math:`x_{(1)} \le \dots \le x_{(n)}`

    .. math:: D_n = \max_i \max\Big(\frac{i}{n} - F(x_{(i)}),\; F(x_{(i)}) - \frac{i-1}{n}\Big).

    Parameters
    ----------
    samples : array_like, shape (n,)
    cdf : callable
        The model cdf :math:`F`, applied to an array.
    """
    x = np.sort(as_vector(samples, "samples").astype(np.float64))
    n = x.shape[0]
    if not callable(cdf):
        raise InputError(f"cdf must be a callable, got {type(cdf).__name__}")
    try:
        F = np.asarray(cdf(x), dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"cdf did not return numbers for an array of points: {exc}") from None
    if F.shape != x.shape:
        raise InputError(f"cdf returned shape {F.shape} for {n} points: it must be vectorised")
    if not np.all((F >= 0) & (F <= 1)):
        raise InputError("cdf returned values outside [0, 1] (or NaN)")
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))


def kolmogorov_sf(lam, terms: int = 100):
    r"""The tail of the Kolmogorov distribution, :math:`P(K > \lambda) = 2\sum_{k\ge1}(-1)^{k-1}e^{-2k^2\lambda^2}`.

    That series converges fast for :math:`\lambda \ge 1`. Below, where it converges slowly
    and its terms nearly cancel, Jacobi's form of the same function is used,
    :math:`P(K \le \lambda) = \frac{\sqrt{2\pi}}{\lambda}\sum_{k\ge1} e^{-(2k-1)^2\pi^2/(8\lambda^2)}`
    (a few terms), so that :math:`P(K > 0.2) = 1 - 5.05\cdot10^{-13}` keeps that difference.
    :math:`P(K > \lambda) = 1` for :math:`\lambda \le 0`. ``terms`` bounds both series.
    """
    lam = as_float_array(lam, "lam").astype(np.float64)
    if isinstance(terms, bool) or not isinstance(terms, (int, np.integer)) or terms < 1:
        raise InputError(f"terms must be a positive integer, got {terms!r}")
    k = np.arange(1, terms + 1).reshape((-1,) + (1,) * lam.ndim)
    big = np.clip(lam, 1.0, 30.0)  # beyond 30 the tail is exp(-1800): zero
    tail = 2.0 * np.sum((-1.0) ** (k - 1) * np.exp(-2.0 * k**2 * big**2), axis=0)
    small = np.clip(lam, 1e-3, 1.0)  # below 1e-3 the cdf is exp(-1e6): zero
    odd = (2 * k - 1) ** 2 * (np.pi**2 / 8)
    cdf = np.sqrt(2 * np.pi) / small * np.sum(np.exp(-odd / small**2), axis=0)
    out = np.where(lam < 1.0, 1.0 - cdf, tail)
    out = np.clip(np.where(lam <= 0, 1.0, out), 0.0, 1.0)
    return out.item() if out.ndim == 0 else out


@dataclass(frozen=True)
class KSResult:
    """``statistic`` :math:`D_n` and its asymptotic ``pvalue``."""

    statistic: float
    pvalue: float


def ks_test(samples, cdf) -> KSResult:
    r"""One-sample Kolmogorov–Smirnov test, asymptotic p-value :math:`P(K > \sqrt{n} D_n)`.

    Accurate for large :math:`n` (hundreds of points and more), the regime of sampler checks;
    for small samples ``scipy.stats.kstest`` computes the exact distribution.
    """
    n = as_vector(samples, "samples").shape[0]
    d = ks_statistic(samples, cdf)
    return KSResult(d, float(kolmogorov_sf(np.sqrt(n) * d)))
