"""``--rank K --save PATH``: one image compressed at rank K and written as a PNG file.

The image goes through the same bounded-memory path as the study (:mod:`.blocks`): one
channel factored at a time, the stored image rebuilt a block of rows at a time. A short side
above :data:`.study.FULL_SVD_LIMIT` uses a randomized SVD of rank K, and the printed line says
so. With ``--engine dask`` the randomized SVD runs by row chunks on the Dask engine
(:mod:`.distributed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foundations.errors import InputError
from toolkit.datasets import SAMPLE_IMAGES, load_sample_image
from toolkit.output import write_atomically

from . import study as study_module
from .blocks import from_factors, measure
from .compress import factor
from .distributed import DaskSettings
from .images import LoadedImage, downscale, load_image, png_bytes
from .metrics import storage_ratio
from .pipeline import check_ranks, engine
from .study import N_ITER, N_OVERSAMPLES, float_channel

__all__ = ["Saved", "check_destination", "save_compressed"]


@dataclass(frozen=True)
class Saved:
    """What was written: where, from which image, at which rank, by which method, how good."""

    path: Path
    name: str
    rank: int
    method_label: str
    storage_ratio: float
    psnr: float


def check_destination(path: Path, force: bool) -> Path:
    """Refuse a folder, a missing parent folder, or an existing file (unless ``force``)."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise InputError(f"--save {path} is a folder; give a file name ending in .png")
    if not path.parent.is_dir():
        raise InputError(f"--save {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise InputError(f"--save {path} already exists; choose another name or pass --force")
    return path


def save_compressed(
    image_path: Path | None,
    rank: int,
    destination: Path,
    *,
    method: str = "exact",
    seed: int = 0,
    max_side: int | None = None,
    force: bool = False,
    dask: DaskSettings | None = None,
) -> Saved:
    """Compress one image (default: the first sample photo) at ``rank`` and write it as PNG."""
    destination = check_destination(destination, force)
    if image_path is None:
        name = SAMPLE_IMAGES[0]
        image = LoadedImage(load_sample_image(name), name, "RGB")
    else:
        image = load_image(image_path)
    if max_side:
        image = downscale(image, max_side)
    check_ranks([rank], image)
    pixels = image.pixels
    complete = min(pixels.shape[:2]) <= study_module.FULL_SVD_LIMIT
    how = "exact" if complete and method == "exact" else "randomized"
    channels = 1 if pixels.ndim == 2 else pixels.shape[2]
    with engine(dask) as (randomized, chunk_sizes, used):
        factors = [
            factor(float_channel(pixels, j), rank, how, seed)
            if how == "exact"
            else randomized(pixels, j, rank, seed)
            for j in range(channels)
        ]
    measured = measure(pixels, from_factors(factors, rank), with_ssim=False, keep_image=True)
    write_atomically(destination, png_bytes(measured.image))
    if how == "exact":
        label = "exact SVD"
    else:
        label = f"randomized SVD, {N_OVERSAMPLES} oversamples, {N_ITER} power iterations"
        if used.name == "dask":
            label += f", on the Dask engine in {len(chunk_sizes(pixels.shape))} row chunks"
        if method == "exact":
            label += f"; the exact SVD is not run above {study_module.FULL_SVD_LIMIT:,} px"
    return Saved(
        destination, image.name, rank, label, storage_ratio(pixels.shape, rank), measured.psnr
    )
