r"""The special functions the distributions need: :math:`\operatorname{erf}`, :math:`\operatorname{erfc}`, :math:`\ln\Gamma`, :math:`\ln B`.

The normal cdf is :math:`\Phi(x) = \tfrac12 \operatorname{erfc}(-x/\sqrt2)`, and the binomial
and Poisson probabilities need :math:`\ln k! = \ln\Gamma(k+1)` without overflowing :math:`k!`.
All are evaluated elementwise on arrays with a fixed number of vector operations.

* :math:`\operatorname{erf}(x) = \frac{2}{\sqrt\pi} e^{-x^2} \sum_{n\ge0} \frac{2^n x^{2n+1}}{1\cdot3\cdots(2n+1)}`
  for :math:`|x| < 1.5` (all terms have the sign of :math:`x`: no cancellation);
* :math:`\operatorname{erfc}(x) = \frac{x e^{-x^2}}{\sqrt\pi}\cfrac{1}{x^2+\frac12-\cfrac{1\cdot2/4}{x^2+\frac52-\cfrac{3\cdot4/4}{x^2+\frac92-\cdots}}}`
  for :math:`x \ge 1.5` (Laplace's continued fraction, evaluated backwards from a fixed depth),
  which keeps full *relative* accuracy far in the tail, where :math:`1-\operatorname{erf}`
  would be all rounding error;
* :math:`\ln\Gamma(x)`: a table of :math:`\ln (k-1)!` at the integers up to 171 (so
  :math:`\ln\Gamma(1) = \ln\Gamma(2) = 0` exactly), the Taylor series of
  :math:`\ln\Gamma(2 + t)` near its zero at 2 (and :math:`\ln\Gamma(1+t) = \ln\Gamma(2+t) - \ln(1+t)`
  near the zero at 1), downward recurrence to :math:`[1.5, 2.5)` below 15, Stirling's series above.

The array kernels, and Loader's saddle-point terms that give the binomial, Poisson, gamma
and beta densities without the cancellation of
:math:`\ln\Gamma(n+1) - \ln\Gamma(k+1) - \ln\Gamma(n-k+1)` (which loses :math:`10^{-8}`
relative accuracy at :math:`n = 10^7`), live in the private ``_loggamma``.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ._checks import finish, points, result_dtype
from ._loggamma import _betaln, _gammaln

__all__ = ["betaln", "erf", "erfc", "gammaln"]

_SERIES_TERMS = 50
_CF_DEPTH = 60
_SWITCH = 1.5
_Z_CAP = 1.3e154  # z * z stays finite below


def erf(x):
    r"""The error function :math:`\operatorname{erf}(x) = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}\,dt`.

    Parameters
    ----------
    x : array_like
        Any real values, :math:`\pm\infty` included (:math:`\operatorname{erf}(\pm\infty) = \pm1`).

    Returns
    -------
    ndarray or float
        Same shape as ``x`` (``float32`` for ``float32`` input); about 1e-15 relative error
        (tested against ``scipy.special.erf``).
    """
    x, dtype = points(x)
    out = np.empty_like(x)
    small = np.abs(x) < _SWITCH
    out[small] = _erf_series(x[small])
    big = ~small
    out[big] = np.sign(x[big]) * (1.0 - _erfc_continued_fraction(np.abs(x[big])))
    return finish(out, dtype)


def erfc(x):
    r"""The complementary error function :math:`\operatorname{erfc}(x) = 1 - \operatorname{erf}(x)`.

    Computed directly for :math:`x \ge 1.5` (continued fraction), so that tiny values such as
    :math:`\operatorname{erfc}(10) \approx 2\cdot10^{-45}` keep their relative accuracy; and
    :math:`\operatorname{erfc}(-x) = 2 - \operatorname{erfc}(x)`. Beyond :math:`x \approx 27.2`
    the value is below the smallest double and is 0.
    """
    x, dtype = points(x)
    return finish(_erfc(x), dtype)


def gammaln(x):
    r"""The logarithm of the gamma function, :math:`\ln\Gamma(x)`, for :math:`x > 0`.

    * at the integers :math:`k \le 171`, the correctly rounded :math:`\ln (k-1)!` (so
      ``gammaln(k + 1)`` is :math:`\ln k!`, and :math:`\ln\Gamma(1) = \ln\Gamma(2) = 0` exactly);
    * on :math:`[1.5, 2.5)`, the Taylor series
      :math:`\ln\Gamma(2+t) = (1-\gamma)t + \sum_{k\ge2} (-1)^k (\zeta(k)-1)\, t^k/k`,
      which keeps *relative* accuracy near the zero at 2; on :math:`[0.5, 1.5)`
      :math:`\ln\Gamma(1+t) = \ln\Gamma(2+t) - \operatorname{log1p}(t)` (the zero at 1), and
      below :math:`\frac12`, :math:`\ln\Gamma(x) = \ln\Gamma(1+x) - \ln x`;
    * on :math:`[2.5, 15)`, :math:`\ln\Gamma(x) = \ln\Gamma(y) + \ln\big(y(y+1)\cdots(x-1)\big)`
      with :math:`y \in [1.5, 2.5)` (a sum of positive terms: no cancellation);
    * from 15 on, Stirling's series

      .. math:: \ln\Gamma(x) = (x - \tfrac12)\ln x - x + \tfrac12\ln(2\pi)
                + \sum_{k=1}^{8} \frac{B_{2k}}{2k(2k-1)\,x^{2k-1}},

      whose first omitted term is below :math:`10^{-17}` there. ``inf`` above about
      :math:`2.5\cdot10^{305}` (the value overflows) and at ``inf``.

    Raises
    ------
    InputError
        If some ``x <= 0``.
    """
    x, dtype = points(x)
    if np.any(x <= 0):
        raise InputError("gammaln is defined here for x > 0 only")
    return finish(_gammaln(x), dtype)


def betaln(a, b):
    r"""The logarithm of the beta function, :math:`\ln B(a, b) = \ln\Gamma(a) + \ln\Gamma(b) - \ln\Gamma(a+b)`.

    For large arguments the three logarithms are huge and nearly cancel (at
    :math:`a = b = 10^7` they are :math:`1.5\cdot10^8` and the result :math:`-1.4\cdot10^7`),
    so from 10 on Stirling's form is used with the corrections
    :math:`\delta(z) = \ln\Gamma(z) - (z-\tfrac12)\ln z + z - \tfrac12\ln 2\pi`:

    .. math:: \ln B(a, b) = \tfrac12\ln 2\pi - \tfrac12\ln(a+b) + (a-\tfrac12)\ln\tfrac{a}{a+b}
              + (b-\tfrac12)\ln\tfrac{b}{a+b} + \delta(a) + \delta(b) - \delta(a+b),

    and, when only :math:`L = \max(a, b)` is large (:math:`s = \min(a, b)`),
    :math:`\ln\Gamma(L) - \ln\Gamma(L+s) = -(L+s-\tfrac12)\operatorname{log1p}(s/L) - s\ln L + s + \delta(L) - \delta(L+s)`.

    Parameters
    ----------
    a, b : array_like
        Positive; broadcast together.
    """
    dtype = result_dtype(a, b)
    a, _ = points(a, "a")
    b, _ = points(b, "b")
    try:
        a, b = np.broadcast_arrays(a, b)
    except ValueError:
        raise InputError(f"a and b cannot be broadcast together: {a.shape} and {b.shape}") from None
    if np.any(a <= 0) or np.any(b <= 0):
        raise InputError("betaln needs a > 0 and b > 0")
    return finish(_betaln(a, b), dtype)


# --- kernels on float64 arrays (no checks) --------------------------------------------------


def _erf_series(x: np.ndarray) -> np.ndarray:
    two_x2 = 2.0 * x * x
    term = x.copy()
    total = x.copy()
    for n in range(1, _SERIES_TERMS):
        term *= two_x2 / (2 * n + 1)
        total += term
    return 2.0 / np.sqrt(np.pi) * np.exp(-x * x) * total


def _erfc_cf_parts(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""For :math:`z \ge 1.5`: the continued fraction ``f`` and :math:`z^2` split as ``s², (z-s)(z+s)``.

    ``s`` is ``z`` rounded down to a multiple of 1/16, so :math:`s^2` is exact and the
    rounding error of :math:`z^2` (absolute 1e-13 at :math:`z = 26`) does not become a
    1e-13 relative error of :math:`e^{-z^2}`. Arguments are capped at :data:`_Z_CAP`
    (where :math:`e^{-z^2}` is long zero) so that no square overflows.
    """
    z = np.minimum(z, _Z_CAP)
    z2 = z * z
    f = z2 + (4 * _CF_DEPTH + 1) / 2
    for n in range(_CF_DEPTH, 0, -1):
        f = z2 + (4 * n - 3) / 2 - ((2 * n - 1) * (2 * n) / 4) / f
    s = np.floor(z * 16.0) / 16.0
    return f, s * s, (z - s) * (z + s)


def _erfc_continued_fraction(z: np.ndarray) -> np.ndarray:
    """erfc(z) for z >= 1.5 (about 1e-16 relative error at depth 60)."""
    f, s2, rest = _erfc_cf_parts(z)
    z = np.minimum(z, _Z_CAP)
    return (z / f) * np.exp(-s2) * np.exp(-rest) / np.sqrt(np.pi)


def _erfc(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    small = np.abs(x) < _SWITCH
    out[small] = 1.0 - _erf_series(x[small])
    pos = x >= _SWITCH
    out[pos] = _erfc_continued_fraction(x[pos])
    neg = x <= -_SWITCH
    out[neg] = 2.0 - _erfc_continued_fraction(-x[neg])
    return out


def _log_erfc(x: np.ndarray) -> np.ndarray:
    r""":math:`\ln\operatorname{erfc}(x)`, finite far beyond the underflow of ``erfc``.

    :math:`\ln z - z^2 - \ln(\sqrt\pi f)` from the continued fraction for :math:`x \ge 1.5`
    (``-inf`` once :math:`z^2` overflows, above :math:`1.3\cdot10^{154}`); the logarithm of
    ``erfc`` below.
    """
    out = np.empty_like(x)
    pos = x >= _SWITCH
    z = np.minimum(x[pos], _Z_CAP)
    f, s2, rest = _erfc_cf_parts(z)
    out[pos] = np.where(
        x[pos] > _Z_CAP, -np.inf, np.log(z) - s2 - rest - np.log(f) - 0.5 * np.log(np.pi)
    )
    out[~pos] = np.log(_erfc(x[~pos]))
    return out
