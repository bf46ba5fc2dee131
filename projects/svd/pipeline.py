"""The run, image by image: load → factor → compress at each rank → compare with NumPy and
scikit-learn → the rank a target PSNR needs and the quality curves → RGB against YCbCr.

:func:`run` takes the :class:`Options` the command line parsed and returns a :class:`Result`
holding one :class:`~.study.Study` per image; the write-up (:mod:`.writeup`) turns it into
files. The steps hand typed values to each other (:mod:`.results`), never dictionaries keyed
by strings.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from foundations.errors import InputError
from toolkit.datasets import SAMPLE_IMAGES, load_sample_image
from toolkit.timing import Progress

from . import study
from .colorspaces import compare_color_spaces
from .comparison import compare_libraries
from .distributed import DaskSettings, dask_svd
from .images import LoadedImage, downscale, load_image

__all__ = [
    "DEFAULT_RANKS",
    "STEPS_PER_IMAGE",
    "EngineRun",
    "Options",
    "Result",
    "StudiedImage",
    "check_ranks",
    "engine",
    "load_all",
    "run",
    "slugs",
    "steps",
]

DEFAULT_RANKS = (5, 20, 50, 100)
#: Progress steps :func:`run` shows for each image (one more loads the images).
STEPS_PER_IMAGE = 5


@dataclass(frozen=True)
class Options:
    """What the user chose (see ``python -m svd --help``)."""

    images: list[Path] | None = None
    ranks: list[int] = field(default_factory=lambda: list(DEFAULT_RANKS))
    target_psnr: float = 30.0
    method: str = "exact"
    seed: int = 0
    threads: int = 0
    max_side: int | None = None
    #: ``None``: the numpy engine (in memory); else ``--engine dask`` and how it runs.
    dask: DaskSettings | None = None


@dataclass(frozen=True)
class EngineRun:
    """Which engine computed the randomized SVDs: ``numpy`` (in memory) or ``dask``."""

    name: str = "numpy"
    workers: int | None = None
    scheduler: str | None = None


@dataclass(frozen=True)
class StudiedImage:
    """One image's measurements and the file-name-safe label of its figures."""

    study: study.Study
    slug: str
    original_shape: tuple[int, ...] | None = None
    #: ``--engine dask``: the rows of each chunk every channel was split into.
    row_chunks: list[int] | None = None


@dataclass(frozen=True)
class Result:
    """Everything one run measured."""

    options: Options
    images: list[StudiedImage]
    engine: EngineRun = field(default_factory=EngineRun)


def load_all(paths: list[Path] | None) -> list[LoadedImage]:
    """The images named on the command line, or scikit-learn's two sample photos."""
    if not paths:
        return [LoadedImage(load_sample_image(name), name, "RGB") for name in SAMPLE_IMAGES]
    return [load_image(path) for path in paths]


def check_ranks(ranks: list[int], image: LoadedImage) -> None:
    """Refuse a rank above ``min(height, width)`` of ``image`` (one :class:`InputError`)."""
    h, w = image.pixels.shape[:2]
    too_big = [k for k in ranks if k > min(h, w)]
    if too_big:
        raise InputError(
            f"rank {too_big[0]} is out of range for {image.name}: a {h}×{w} image has rank at "
            f"most min(height, width) = {min(h, w)}"
        )


def slugs(names: list[str]) -> list[str]:
    """File-name-safe, distinct labels for the figures of each image."""
    out: list[str] = []
    for name in names:
        base = re.sub(r"[^a-z0-9]+", "_", Path(name).stem.lower()).strip("_") or "image"
        slug, n = base, 2
        while slug in out:
            slug, n = f"{base}_{n}", n + 1
        out.append(slug)
    return out


def steps(options: Options) -> int:
    """How many progress steps :func:`run` shows."""
    return 1 + STEPS_PER_IMAGE * max(1, len(options.images or SAMPLE_IMAGES))


def _listing(values) -> str:
    return ", ".join(str(v) for v in values)


def study_image(
    image: LoadedImage,
    options: Options,
    progress: Progress,
    randomized: study.Randomized = study.randomized_channel,
) -> study.Study:
    """Every measurement of one image (see the module docstring); ``randomized`` computes our
    randomized SVDs (:func:`engine`)."""
    h, w = image.pixels.shape[:2]
    what = (
        "full SVD"
        if min(h, w) <= study.FULL_SVD_LIMIT
        else f"randomized SVD (rank {study.spectrum_rank(options.ranks, min(h, w))})"
    )
    seed = options.seed
    with progress.step(f"{image.name}: {what} of each {h}×{w} channel (foundations)"):
        s = study.start(
            image.name, image.pixels, image.mode, options.ranks, options.method, seed, randomized
        )
    with progress.step(f"{image.name}: compressing at ranks {_listing(options.ranks)}"):
        study.measure_ranks(s, seed)
    with progress.step(f"{image.name}: side by side with NumPy and scikit-learn"):
        compare_libraries(s, seed)
    with progress.step(f"{image.name}: rank for {options.target_psnr:g} dB, quality curves"):
        study.smallest_rank_for_psnr(s, options.target_psnr)
        study.measure_curves(s)
    with progress.step(f"{image.name}: RGB against YCbCr at equal storage"):
        compare_color_spaces(s, seed)
    return s


@contextmanager
def engine(settings: DaskSettings | None):
    """``(randomized, chunk_sizes, EngineRun)`` of the engine: in memory for ``None``, else
    the Dask one on its cluster (open until the block ends)."""
    if settings is None:
        yield study.randomized_channel, lambda shape: None, EngineRun()
        return
    with dask_svd(settings) as svd:
        yield svd, svd.chunk_sizes, EngineRun("dask", svd.workers, settings.scheduler)


def run(options: Options, progress: Progress | None = None) -> Result:
    """The whole study; ``progress`` (optional) shows :func:`steps` steps."""
    progress = progress or Progress(total=steps(options), enabled=False)
    with progress.step("loading the images"):
        images = load_all(options.images)
        if options.max_side:
            images = [downscale(image, options.max_side) for image in images]
        for image in images:
            check_ranks(options.ranks, image)
    labels = slugs([im.name for im in images])
    with engine(options.dask) as (randomized, chunk_sizes, used):
        studied = [
            StudiedImage(
                study_image(image, options, progress, randomized),
                slug,
                image.original_shape,
                chunk_sizes(image.pixels.shape),
            )
            for image, slug in zip(images, labels, strict=True)
        ]
    return Result(options, studied, used)
