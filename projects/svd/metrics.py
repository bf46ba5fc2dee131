r"""How much a rank-k image costs and how good it looks, written from the definitions.

For one channel, an :math:`m \times n` matrix :math:`A` with singular values
:math:`\sigma_1 \ge \sigma_2 \ge \dots \ge \sigma_r > 0`:

- **storage**: the rank-k factors :math:`U_k` (m × k), :math:`\sigma_1..\sigma_k` and
  :math:`V_k^\top` (k × n) hold :math:`k(m + n + 1)` numbers instead of :math:`mn`;
- **relative error** :math:`\lVert A - A_k\rVert_F / \lVert A\rVert_F`, which by Eckart–Young is
  at least :math:`\sqrt{\sum_{i>k}\sigma_i^2} / \sqrt{\sum_i \sigma_i^2}` for every rank-k
  matrix, with equality for the truncated SVD;
- **energy captured** :math:`\sum_{i\le k}\sigma_i^2 / \sum_i \sigma_i^2 = 1 - \text{error}^2`;
- **PSNR** :math:`10 \log_{10}(L^2 / \text{MSE})` in decibels, :math:`L` the pixel range;
- **SSIM** (Wang, Bovik, Sheikh & Simoncelli, 2004), which compares local means, contrasts and
  correlations instead of raw differences and so tracks what the eye sees better than PSNR.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from foundations.errors import InputError
from foundations.validation import as_float_array
from toolkit.parallel import available_cores, map_row_blocks

from .images import value_range

__all__ = [
    "SSIM_STRIP_ROWS",
    "break_even_rank",
    "eckart_young_error",
    "energy_captured",
    "psnr",
    "relative_frobenius_error",
    "ssim",
    "storage_ratio",
    "window_means",
]


def storage_ratio(shape: Sequence[int], ranks: int | Sequence[int]) -> float:
    r"""Numbers stored by the rank-k factors over numbers in the image, :math:`\sum_c k_c(m+n+1) / (cmn)`.

    Parameters
    ----------
    shape : (m, n) or (m, n, c)
        The image's shape.
    ranks : int or sequence of int
        One rank for every channel, or one per channel.

    Returns
    -------
    float
        Below 1 the factors are smaller than the image; the break-even rank is
        :math:`mn / (m + n + 1)`.
    """
    if len(shape) not in (2, 3):
        raise InputError(f"shape must be (m, n) or (m, n, c), got {tuple(shape)}")
    m, n = int(shape[0]), int(shape[1])
    c = int(shape[2]) if len(shape) == 3 else 1
    ks = np.broadcast_to(np.asarray(ranks, dtype=np.int64), (c,))
    return float(ks.sum() * (m + n + 1) / (c * m * n))


def break_even_rank(m: int, n: int) -> int:
    """The largest rank whose factors are no bigger than the ``m × n`` matrix itself."""
    return (m * n) // (m + n + 1)


def relative_frobenius_error(original, approximation) -> float:
    r""":math:`\lVert A - B\rVert_F / \lVert A\rVert_F` over every entry (all channels together).

    Zero when both are zero; ``inf`` when only the original is.
    """
    a = as_float_array(original, "original").astype(np.float64)
    b = as_float_array(approximation, "approximation").astype(np.float64)
    _same_shape(a, b)
    num = np.linalg.norm((a - b).ravel())
    den = np.linalg.norm(a.ravel())
    if den == 0:
        return 0.0 if num == 0 else math.inf
    return float(num / den)


def energy_captured(singular_values) -> np.ndarray:
    r"""Cumulative energy :math:`\sum_{i \le k} \sigma_i^2 / \sum_i \sigma_i^2` for k = 1, 2, …, r."""
    s2 = as_float_array(singular_values, "singular_values", ndim=1).astype(np.float64) ** 2
    total = s2.sum()
    return np.cumsum(s2) / total if total > 0 else np.ones_like(s2)


def eckart_young_error(singular_values, k: int | np.ndarray) -> float | np.ndarray:
    r"""The smallest relative error any rank-k matrix can reach:
    :math:`\sqrt{\sum_{i>k}\sigma_i^2} / \sqrt{\sum_i\sigma_i^2}` (vectorised over ``k``).

    The tail sums are computed from the small end (a reversed cumulative sum), so the error of a
    rank close to full is accurate even when it is far below the rounding error of the total.
    """
    s2 = as_float_array(singular_values, "singular_values", ndim=1).astype(np.float64) ** 2
    tails = np.append(np.cumsum(s2[::-1])[::-1], 0.0)  # tails[k] = sum_{i >= k} s_i^2 (0-based)
    total = tails[0]
    k_arr = np.clip(np.asarray(k), 0, s2.size)
    out = np.sqrt(tails[k_arr] / total) if total > 0 else np.zeros(k_arr.shape)
    return float(out) if np.ndim(out) == 0 else out


def psnr(reference, test, data_range: float | None = None) -> float:
    r"""Peak signal-to-noise ratio :math:`10 \log_{10}(L^2 / \text{MSE})` in dB (``inf`` if equal).

    Parameters
    ----------
    reference, test : array_like, same shape
    data_range : float, optional
        :math:`L`, the pixel range; by default that of ``reference``'s dtype (255 for uint8,
        65535 for uint16, 1 for floats).
    """
    L = _data_range(reference, data_range)
    a = as_float_array(reference, "reference").astype(np.float64)
    b = as_float_array(test, "test").astype(np.float64)
    _same_shape(a, b)
    mse = float(np.mean((a - b) ** 2))
    return math.inf if mse == 0 else 10.0 * math.log10(L**2 / mse)


def window_means(x: np.ndarray, size: int) -> np.ndarray:
    r"""The mean over every ``size × size`` window that fits inside ``x`` (axes 0 and 1).

    A summed-area table :math:`S_{ij} = \sum_{p<i,\,q<j} x_{pq}` gives each window sum from
    four corners, :math:`S_{i+s,j+s} - S_{i,j+s} - S_{i+s,j} + S_{i,j}`, so the cost does not
    depend on the window size. Output shape: ``(h - size + 1, w - size + 1, ...)``.
    """
    table = np.zeros((x.shape[0] + 1, x.shape[1] + 1, *x.shape[2:]), dtype=np.float64)
    table[1:, 1:] = np.cumsum(np.cumsum(x, axis=0), axis=1)
    s = size
    sums = table[s:, s:] - table[:-s, s:] - table[s:, :-s] + table[:-s, :-s]
    return sums / (s * s)


def ssim(
    reference,
    test,
    *,
    data_range: float | None = None,
    win_size: int = 7,
    k1: float = 0.01,
    k2: float = 0.03,
) -> float:
    r"""Mean structural similarity of two images (Wang et al., 2004), channels averaged.

    In every ``win_size × win_size`` window (uniform weights, as scikit-image's default) with
    local means :math:`\mu_x, \mu_y`, sample variances :math:`\sigma_x^2, \sigma_y^2` and
    covariance :math:`\sigma_{xy}`,

    .. math::

        \operatorname{SSIM} = \frac{(2\mu_x\mu_y + C_1)(2\sigma_{xy} + C_2)}
                                   {(\mu_x^2 + \mu_y^2 + C_1)(\sigma_x^2 + \sigma_y^2 + C_2)},
        \qquad C_1 = (k_1 L)^2,\ C_2 = (k_2 L)^2 ;

    the result is the mean over all windows that fit inside the image (and over channels).
    It is 1 only for identical images, symmetric in its two arguments, and at most 1.

    Parameters
    ----------
    reference, test : array_like, shape (h, w) or (h, w, c)
    data_range : float, optional
        :math:`L`; by default that of ``reference``'s dtype.
    win_size : int
        Odd window side, at most ``min(h, w)``.
    """
    L = _data_range(reference, data_range)
    x, y = _pixels(reference, "reference"), _pixels(test, "test")
    _same_shape(x, y)
    if not (isinstance(win_size, int) and win_size >= 2):
        raise InputError(f"win_size must be an integer >= 2, got {win_size!r}")
    if min(x.shape[:2]) < win_size:
        raise InputError(f"SSIM needs an image of at least {win_size}×{win_size} pixels")
    if x.ndim == 2:
        x, y = x[..., None], y[..., None]
    channels = [_ssim_channel(x[..., j], y[..., j], L, win_size, k1, k2) for j in range(x.shape[2])]
    return float(np.mean(channels))


#: Rows of SSIM windows computed at once: the strips stay small (a few MB), whatever the image.
SSIM_STRIP_ROWS = 64


def _box_sums(a: np.ndarray, size: int) -> np.ndarray:
    """Sums over every ``size × size`` window of the 2-D integer array ``a``, exactly (int64).

    Running sums with a zero row (column) in front, so each window sum is one difference.
    """
    r, w = a.shape
    v = np.zeros((r + 1, w), dtype=np.int64)
    np.cumsum(a, axis=0, out=v[1:])
    rows = v[size:] - v[:-size]
    h = np.zeros((rows.shape[0], w + 1), dtype=np.int64)
    np.cumsum(rows, axis=1, out=h[:, 1:])
    return h[:, size:] - h[:, :-size]


def _ssim_strip_integer(x, y, L: float, win_size: int, k1: float, k2: float) -> np.ndarray:
    r"""The SSIM map of one strip of integer pixels, from exact integer window sums.

    With :math:`S_x = \sum x`, :math:`S_{xx} = \sum x^2`, … over a window of :math:`n` pixels,
    :math:`\mu_x = S_x/n`, :math:`\sigma_x^2 + \sigma_y^2 = (nS_{xx} + nS_{yy} - S_x^2 -
    S_y^2)/(n(n-1))` and :math:`\sigma_{xy} = (nS_{xy} - S_xS_y)/(n(n-1))`: the numerators are
    integers, computed without rounding, so no digit is lost to cancellation.
    """
    xs, ys = x.astype(np.int64), y.astype(np.int64)
    n = win_size * win_size
    sx, sy = _box_sums(xs, win_size), _box_sums(ys, win_size)
    spread = n * _box_sums(xs * xs + ys * ys, win_size) - sx * sx - sy * sy
    cov = n * _box_sums(xs * ys, win_size) - sx * sy
    scale = 1.0 / (n * (n - 1))  # sample (not population) statistics, as scikit-image's default
    mu_x, mu_y = sx / n, sy / n
    c1, c2 = (k1 * L) ** 2, (k2 * L) ** 2
    return ((2 * mu_x * mu_y + c1) * (2 * scale * cov + c2)) / (
        (mu_x**2 + mu_y**2 + c1) * (scale * spread + c2)
    )


def _ssim_strip_float(x, y, means, L: float, win_size: int, k1: float, k2: float) -> np.ndarray:
    """The SSIM map of one strip of floating-point pixels, from summed-area tables.

    Variances and covariance do not change under a shift; the channel's global means are
    removed first, so the running sums stay small and :math:`E[x^2] - E[x]^2` loses no digits.
    """
    mean_x, mean_y = means
    xc = np.asarray(x, dtype=np.float64) - mean_x
    yc = np.asarray(y, dtype=np.float64) - mean_y
    mu_xc, mu_yc = window_means(xc, win_size), window_means(yc, win_size)
    n = win_size * win_size
    bessel = n / (n - 1)  # sample (not population) variance, as scikit-image's default
    spread = bessel * (window_means(xc * xc + yc * yc, win_size) - mu_xc**2 - mu_yc**2)
    cov_xy = bessel * (window_means(xc * yc, win_size) - mu_xc * mu_yc)
    mu_x, mu_y = mu_xc + mean_x, mu_yc + mean_y
    c1, c2 = (k1 * L) ** 2, (k2 * L) ** 2
    return ((2 * mu_x * mu_y + c1) * (2 * cov_xy + c2)) / ((mu_x**2 + mu_y**2 + c1) * (spread + c2))


def _ssim_channel(x, y, L: float, win_size: int, k1: float, k2: float) -> float:
    """Mean SSIM of one channel pair, strip by strip of :data:`SSIM_STRIP_ROWS` window rows.

    The strips are spread over the available cores (:func:`toolkit.parallel.map_row_blocks`).
    """
    integer = np.issubdtype(x.dtype, np.integer) and np.issubdtype(y.dtype, np.integer)
    means = (float(np.mean(x, dtype=np.float64)), float(np.mean(y, dtype=np.float64)))
    tops = range(0, x.shape[0] - win_size + 1, SSIM_STRIP_ROWS)

    def strip(top: int) -> tuple[float, int]:
        rows = slice(top, min(x.shape[0], top + SSIM_STRIP_ROWS + win_size - 1))
        if integer:
            ssim_map = _ssim_strip_integer(x[rows], y[rows], L, win_size, k1, k2)
        else:
            ssim_map = _ssim_strip_float(x[rows], y[rows], means, L, win_size, k1, k2)
        return float(ssim_map.sum()), ssim_map.size

    def strips(tops_block: range) -> tuple[float, int]:
        parts = [strip(top) for top in tops_block]
        return sum(p[0] for p in parts), sum(p[1] for p in parts)

    n_blocks = max(1, min(available_cores(), len(tops) // 8))
    edges = np.linspace(0, len(tops), n_blocks + 1).astype(int)
    blocks = [tops[a:b] for a, b in itertools.pairwise(edges)]
    parts = map_row_blocks(strips, blocks)
    return sum(p[0] for p in parts) / sum(p[1] for p in parts)


def _pixels(image, name: str) -> np.ndarray:
    """``image`` as an array of 2 or 3 dimensions: integers as they are (no float copy of a
    large photo), anything else as a finite float array."""
    arr = np.asarray(image)
    if np.issubdtype(arr.dtype, np.integer) and not np.issubdtype(arr.dtype, np.bool_):
        if arr.ndim not in (2, 3):
            raise InputError(f"{name} must be 2-D or 3-D, got an array of shape {arr.shape}")
        return arr
    return as_float_array(arr, name, ndim=(2, 3))


def _data_range(reference, data_range: float | None) -> float:
    if data_range is None:
        lo, hi = value_range(np.asarray(reference).dtype)
        return hi - lo
    if not (np.isfinite(data_range) and data_range > 0):
        raise InputError(f"data_range must be a positive number, got {data_range}")
    return float(data_range)


def _same_shape(a: np.ndarray, b: np.ndarray) -> None:
    if a.shape != b.shape:
        raise InputError(f"the two images differ in shape: {a.shape} and {b.shape}")
