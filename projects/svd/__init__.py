"""Image compression with the SVD: keep the k largest singular values of every colour channel.

``compress_image(image, rank)`` is the one-call version; ``LowRankSVD`` is the same
factorization as a scikit-learn transformer; ``python -m projects.svd`` runs the whole study
(gallery, spectrum, error vs the Eckart–Young bound, YCbCr, NumPy / scikit-learn side by side).
"""

from .compress import allocate_ranks, compress_image
from .images import load_image
from .metrics import psnr, relative_frobenius_error, ssim, storage_ratio
from .model import LowRankSVD

__all__ = [
    "LowRankSVD",
    "allocate_ranks",
    "compress_image",
    "load_image",
    "psnr",
    "relative_frobenius_error",
    "ssim",
    "storage_ratio",
]
