r"""RGB ↔ YCbCr, the decorrelating colour transform of JPEG (ITU-R BT.601, full range).

The three channels of a photo are strongly correlated: a bright pixel is bright in red, green and
blue alike. YCbCr separates brightness from colour,

.. math::

    Y   &= K_R R + K_G G + K_B B, \qquad K_R = 0.299,\ K_B = 0.114,\ K_G = 1 - K_R - K_B, \\
    C_b &= o + \frac{B - Y}{2 (1 - K_B)}, \qquad
    C_r  = o + \frac{R - Y}{2 (1 - K_R)},

with the offset :math:`o` half the pixel range (128 for 8-bit images). Luma :math:`Y` carries
nearly all of the image's structure; the chroma channels :math:`C_b, C_r` are smooth and small,
so a low rank reproduces them well and the rank saved there can go to luma.

The inverse follows by solving the same three equations for :math:`R, G, B`, so a round trip is
exact up to floating-point rounding.
"""

from __future__ import annotations

import numpy as np

from foundations.errors import InputError
from foundations.validation import as_float_array

__all__ = [
    "K_B",
    "K_G",
    "K_R",
    "chroma_offset",
    "rgb_to_ycbcr",
    "ycbcr_error_weights",
    "ycbcr_to_rgb",
]

K_R = 0.299
K_B = 0.114
K_G = 1.0 - K_R - K_B


def _split(image: np.ndarray, name: str) -> np.ndarray:
    arr = as_float_array(image, name, ndim=3)
    if arr.shape[2] != 3:
        raise InputError(f"{name} must have 3 channels (last axis), got shape {arr.shape}")
    return arr.astype(np.float64)


def chroma_offset(peak: float) -> float:
    """The offset :math:`o` of the chroma channels: 128 for 8-bit pixels (JPEG's choice)."""
    return 128.0 / 255.0 * peak


def rgb_to_ycbcr(rgb, peak: float = 255.0) -> np.ndarray:
    r"""Convert ``(h, w, 3)`` RGB values in ``[0, peak]`` to YCbCr.

    Parameters
    ----------
    rgb : array_like, shape (h, w, 3)
    peak : float
        The largest pixel value (255 for 8-bit images, 1 for floats).

    Returns
    -------
    ndarray, shape (h, w, 3), float64
        :math:`Y \in [0, \text{peak}]` and :math:`C_b, C_r` centred on :func:`chroma_offset`.
    """
    arr = _split(rgb, "rgb")
    r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
    y = K_R * r + K_G * g + K_B * b
    offset = chroma_offset(peak)
    cb = offset + (b - y) / (2.0 * (1.0 - K_B))
    cr = offset + (r - y) / (2.0 * (1.0 - K_R))
    return np.stack([y, cb, cr], axis=-1)


def ycbcr_to_rgb(ycbcr, peak: float = 255.0) -> np.ndarray:
    r"""Invert :func:`rgb_to_ycbcr`: :math:`R = Y + 2(1-K_R)(C_r - o)`,
    :math:`B = Y + 2(1-K_B)(C_b - o)`, :math:`G = (Y - K_R R - K_B B) / K_G`.

    Values are not clipped: a compressed YCbCr image may map slightly outside ``[0, peak]``.
    """
    arr = _split(ycbcr, "ycbcr")
    offset = chroma_offset(peak)
    y = arr[..., 0]
    r = y + 2.0 * (1.0 - K_R) * (arr[..., 2] - offset)
    b = y + 2.0 * (1.0 - K_B) * (arr[..., 1] - offset)
    g = (y - K_R * r - K_B * b) / K_G
    return np.stack([r, g, b], axis=-1)


def ycbcr_error_weights() -> np.ndarray:
    r"""How much an error in Y, Cb or Cr costs in RGB: the squared column norms of the inverse.

    :func:`ycbcr_to_rgb` is linear, so an error :math:`e_Y` in luma moves R, G and B by
    :math:`e_Y` each (weight :math:`1 + 1 + 1 = 3`), and an error in :math:`C_b` moves B by
    :math:`2(1-K_B) e` and G by :math:`-2(1-K_B) (K_B/K_G) e`. Up to the (small) correlation
    between the channels' errors, the squared RGB error is
    :math:`\sum_c w_c \lVert e_c \rVert_F^2`.

    Returns
    -------
    ndarray, shape (3,)
        :math:`(w_Y, w_{C_b}, w_{C_r})`.
    """
    w_cb = (2.0 * (1.0 - K_B)) ** 2 * (1.0 + (K_B / K_G) ** 2)
    w_cr = (2.0 * (1.0 - K_R)) ** 2 * (1.0 + (K_R / K_G) ** 2)
    return np.array([3.0, w_cb, w_cr])
