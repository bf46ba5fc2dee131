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
    x = np.sort(as_vector(samples, "samples"))
    n = x.shape[0]
    F = np.asarray(cdf(x), dtype=float)
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))


def kolmogorov_sf(lam, terms: int = 100):
    r"""The tail of the Kolmogorov distribution, :math:`P(K > \lambda) = 2\sum_{k\ge1}(-1)^{k-1}e^{-2k^2\lambda^2}`.

    The series converges fast for :math:`\lambda \gtrsim 0.3`; below, the value is 1 to
    double precision (:math:`P(K \le 0.3) \approx 10^{-5}`, and the series is clipped to
    :math:`[0, 1]`).
    """
    lam = as_float_array(lam, "lam")
    k = np.arange(1, terms + 1).reshape((-1,) + (1,) * lam.ndim)
    terms_ = (-1.0) ** (k - 1) * np.exp(-2.0 * k**2 * lam**2)
    out = np.where(lam < 0.2, 1.0, np.clip(2.0 * np.sum(terms_, axis=0), 0.0, 1.0))
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
