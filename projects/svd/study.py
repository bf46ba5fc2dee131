r"""The measurements of one image: its factorization, quality at each rank, the rank a target
PSNR needs, and the quality curves (the libraries side by side are in :mod:`.comparison`, RGB
against YCbCr in :mod:`.colorspaces`).

Everything that depends on rank is computed from one SVD per channel,
:math:`A = U\Sigma V^\top`: the rank-k image is :math:`U_{:, :k}\Sigma_k V_{:k}^\top`, so trying
another k costs one matrix product, not another factorization. For an image whose short side
is at most :data:`FULL_SVD_LIMIT` that is the exact, full SVD; above it, a randomized SVD of
rank :func:`spectrum_rank` (the exact one would take minutes per channel), and every label
says so (:attr:`Study.method_label`). Channels are factored one at a time and every rank-k
image is measured a block of rows at a time (:mod:`.blocks`), so a 24-megapixel photo never
exists as a floating-point array.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import blocks
from .blocks import Measured
from .compress import ChannelSVD, factor, to_float
from .images import value_range
from .metrics import storage_ratio
from .results import ColorStudy, ComparisonRow, Curve, RankResult, TargetRank

__all__ = [
    "FULL_SVD_LIMIT",
    "LARGE_GRID_POINTS",
    "N_ITER",
    "N_OVERSAMPLES",
    "Randomized",
    "Study",
    "float_channel",
    "measure_curves",
    "measure_ranks",
    "randomized_channel",
    "rank_grid",
    "reconstruct",
    "smallest_rank_for_psnr",
    "spectrum_rank",
    "start",
    "tail_energy",
    "timed",
]

#: Settings shared by our randomized SVD and scikit-learn's, so the two do the same work.
N_OVERSAMPLES = 10
N_ITER = 4
#: Above this many pixels on the short side the from-scratch full SVD would take minutes per
#: channel; the study then rests on a randomized SVD of rank :func:`spectrum_rank` instead.
FULL_SVD_LIMIT = 1000
#: Log-spaced ranks on a large image's quality curves (12 for a small one): each point costs a
#: rebuild of the whole image.
LARGE_GRID_POINTS = 5


def float_channel(pixels: np.ndarray, j: int) -> np.ndarray:
    """Channel ``j`` of the image as a float64 matrix (h, w): one channel's copy at a time."""
    return np.array(blocks.channel(pixels, j), dtype=np.float64)


#: How the study's randomized SVDs are computed: ``randomized(pixels, j, rank, seed)`` is the
#: rank-``rank`` randomized SVD of channel ``j`` (in memory, or on the Dask engine).
Randomized = Callable[[np.ndarray, int, int, int], ChannelSVD]


def randomized_channel(pixels: np.ndarray, j: int, rank: int, seed: int) -> ChannelSVD:
    """The in-memory randomized SVD of channel ``j`` at ``rank`` (``--engine numpy``)."""
    return factor(float_channel(pixels, j), rank, "randomized", seed)


def spectrum_rank(ranks: list[int], min_side: int) -> int:
    """How many singular values a large image's study computes: enough for every requested rank."""
    return min(min_side, max(2 * max(ranks), 300))


def timed(fn: Callable[[], object], budget: float = 0.5) -> tuple[object, float]:
    """Run ``fn``; when it is quick (under ``budget`` seconds) take the best of three runs."""
    start = time.perf_counter()
    result = fn()
    best = time.perf_counter() - start
    if best < budget:
        for _ in range(2):
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
    return result, best


def reconstruct(factors: list[ChannelSVD], ranks) -> np.ndarray:
    """Stack the rank-``ranks[c]`` reconstructions of every channel into (h, w, c)."""
    ranks = np.broadcast_to(np.asarray(ranks), (len(factors),))
    return np.stack([f.reconstruct(int(k)) for f, k in zip(factors, ranks, strict=True)], axis=2)


def tail_energy(s: np.ndarray, total: float, ranks, complete: bool) -> np.ndarray:
    r"""The energy a rank-k approximation leaves out, :math:`\sum_{i>k}\sigma_i^2`, for each k.

    With the whole spectrum the tail is summed from the small end (a reversed cumulative sum),
    accurate even far below the rounding error of the total; with only the leading singular
    values it is :math:`\lVert A\rVert_F^2 - \sum_{i\le k}\sigma_i^2`.
    """
    s2 = np.asarray(s, dtype=np.float64) ** 2
    ranks = np.clip(np.asarray(ranks), 0, s2.size)
    if complete:
        tails = np.append(np.cumsum(s2[::-1])[::-1], 0.0)
    else:
        tails = np.maximum(total - np.concatenate([[0.0], np.cumsum(s2)]), 0.0)
    return tails[ranks]


@dataclass
class Study:
    """Everything measured on one image."""

    name: str
    pixels: np.ndarray
    mode: str
    ranks: list[int]
    method: str
    factors: list[ChannelSVD]
    svd_seconds: float
    energies: list[float]
    complete: bool
    results: list[RankResult] = field(default_factory=list)
    outputs: dict[int, np.ndarray] = field(default_factory=dict)
    comparison: list[ComparisonRow] = field(default_factory=list)
    target: TargetRank | None = None
    curve: Curve | None = None
    color: ColorStudy | None = None
    color_skipped: str | None = None
    rank_factors: dict[int, list[ChannelSVD]] = field(default_factory=dict)
    measured: dict[int, Measured] = field(default_factory=dict)
    seed: int = 0
    randomized: Randomized = randomized_channel
    #: Seconds the per-rank randomized SVDs of ``--method randomized`` took, all channels.
    rank_svd_seconds: float = 0.0

    @property
    def n_channels(self) -> int:
        return 1 if self.pixels.ndim == 2 else self.pixels.shape[2]

    @property
    def method_label(self) -> str:
        """What produced the rank-k images, in words (the gallery and the tables say it)."""
        if self.method == "randomized":
            return f"randomized SVD at each rank ({N_OVERSAMPLES} oversamples, {N_ITER} power iterations)"
        if self.complete:
            return "exact SVD"
        return (
            f"randomized SVD of rank {self.max_rank}, truncated to each rank "
            f"({N_OVERSAMPLES} oversamples, {N_ITER} power iterations; the exact SVD was not run)"
        )

    def evaluate(self, k: int, with_ssim: bool = True) -> Measured:
        """Error, PSNR (and SSIM) of the study's factors at rank ``k``, remembered."""
        known = self.measured.get(int(k))
        if known is None or (with_ssim and known.ssim is None):
            source = blocks.from_factors(self.factors, int(k))
            known = blocks.measure(self.pixels, source, with_ssim=with_ssim)
            self.measured[int(k)] = known
        return known

    @property
    def spectra(self) -> list[np.ndarray]:
        return [f.s for f in self.factors]

    @property
    def x(self) -> np.ndarray:
        return to_float(self.pixels)

    @property
    def peak(self) -> float:
        lo, hi = value_range(self.pixels.dtype)
        return hi - lo

    @property
    def min_side(self) -> int:
        return min(self.pixels.shape[:2])

    @property
    def max_rank(self) -> int:
        """The largest rank the computed factors can rebuild (min(h, w) for a full SVD)."""
        return int(self.factors[0].s.size)

    def tail(self, ranks) -> np.ndarray:
        """Energy left out when every channel has rank k, summed over channels."""
        return sum(
            tail_energy(f.s, e, ranks, self.complete)
            for f, e in zip(self.factors, self.energies, strict=True)
        )

    def eckart_young(self, ranks) -> np.ndarray:
        r"""The least relative error of any image with rank k in every channel:
        :math:`\sqrt{\sum_c\sum_{i>k}\sigma_{c,i}^2} / \sqrt{\sum_c\lVert A_c\rVert_F^2}`."""
        total = float(np.sum(self.energies))
        return np.sqrt(self.tail(ranks) / total) if total > 0 else np.zeros(np.shape(ranks))

    def eckart_young_psnr(self, ranks) -> np.ndarray:
        r"""PSNR of the unrounded rank-k image, :math:`\text{MSE} = \sum_c\sum_{i>k}\sigma_{c,i}^2/(mnc)`."""
        mse = self.tail(ranks) / self.pixels.size
        with np.errstate(divide="ignore"):
            return 10.0 * np.log10(self.peak**2 / mse)


def start(
    name: str,
    pixels: np.ndarray,
    mode: str,
    ranks: list[int],
    method: str,
    seed: int,
    randomized: Randomized = randomized_channel,
) -> Study:
    """Factor every channel, one at a time: a full SVD each, or for a large image a randomized
    SVD of rank :func:`spectrum_rank` (the full from-scratch SVD would take minutes per channel).

    ``randomized`` computes the randomized SVDs, here and in :func:`measure_ranks`."""
    m, n = pixels.shape[:2]
    c = 1 if pixels.ndim == 2 else pixels.shape[2]
    complete = min(m, n) <= FULL_SVD_LIMIT
    K = min(m, n) if complete else spectrum_rank(ranks, min(m, n))

    def one(j: int) -> ChannelSVD:
        return factor(float_channel(pixels, j)) if complete else randomized(pixels, j, K, seed)

    if complete:
        factors, seconds = timed(lambda: [one(j) for j in range(c)])
    else:
        factors, seconds = timed(lambda: [one(j) for j in range(c)], budget=0)
    energies = blocks.sum_of_squares(pixels)
    return Study(
        name, pixels, mode, ranks, method, factors, seconds, energies, complete, seed=seed,
        randomized=randomized,
    )  # fmt: skip


def measure_ranks(study: Study, seed: int) -> None:
    """Compress at each requested rank with the chosen method; storage, errors, PSNR, SSIM.

    The exact method rebuilds from the study's factors (a full SVD, truncated: the same as
    :func:`foundations.linalg.truncated_svd`; for a large image the randomized rank-K factors,
    truncated); the randomized one calls ``study.randomized`` (in memory
    :func:`foundations.linalg.randomized_svd`) at each rank, channel by channel.
    The stored images are kept (``study.outputs``) for the gallery and the PNG files.
    """
    total = float(np.sum(study.energies))
    optimum = study.eckart_young(study.ranks)
    if study.method != "exact":
        begin = time.perf_counter()
        per_channel = [
            [study.randomized(study.pixels, j, k, seed) for k in study.ranks]
            for j in range(study.n_channels)
        ]
        study.rank_svd_seconds = time.perf_counter() - begin
        for i, k in enumerate(study.ranks):
            study.rank_factors[k] = [factors[i] for factors in per_channel]
    for k, best in zip(study.ranks, optimum, strict=True):
        factors = study.factors if study.method == "exact" else study.rank_factors[k]
        measured = blocks.measure(study.pixels, blocks.from_factors(factors, k), keep_image=True)
        study.outputs[k] = measured.image
        if study.method == "exact":
            study.measured[k] = Measured(measured.relative_error, measured.psnr, measured.ssim)
        study.results.append(
            RankResult(
                rank=k,
                storage_ratio=storage_ratio(study.pixels.shape, k),
                energy_captured=1.0 - float(best) ** 2 if total > 0 else 1.0,
                eckart_young_error=float(best),
                relative_error=measured.relative_error,
                psnr=measured.psnr,
                ssim=measured.ssim,
            )
        )


def smallest_rank_for_psnr(study: Study, target_db: float) -> None:
    r"""The smallest rank whose stored image (rounded, clipped) reaches ``target_db``.

    The spectrum predicts it first: the unrounded rank-k image has
    :math:`\text{MSE}_k = \sum_c\sum_{i>k}\sigma_{c,i}^2/(mnc)`, decreasing in k. The stored
    image is then measured, by bisection over the ranks the factors can rebuild (clipping only
    brings pixels closer to the original; rounding adds about 1/12 to the MSE), starting from
    a bracket around the prediction so that a large image is rebuilt only a few times.
    """
    K = study.max_rank
    all_ranks = np.arange(1, K + 1)
    reach = np.flatnonzero(study.eckart_young_psnr(all_ranks) >= target_db)
    predicted = int(all_ranks[reach[0]]) if reach.size else None

    def measured_psnr(k: int) -> float:
        return study.evaluate(k, with_ssim=False).psnr

    def reaches(k: int) -> bool:
        return k > 0 and measured_psnr(k) >= target_db  # rank 0: nothing stored

    found = _first_reaching(reaches, predicted or K, K)
    study.target = TargetRank(
        target_psnr_db=target_db,
        predicted_rank=predicted,
        rank=found,
        searched_up_to=K,
        psnr_db=measured_psnr(found) if found else None,
        storage_ratio=storage_ratio(study.pixels.shape, found) if found else None,
    )


def rank_grid(study: Study, n_points: int = 12) -> np.ndarray:
    """Log-spaced ranks from 1 to the largest the factors rebuild, plus the requested ones."""
    extra = [study.target.rank] if study.target is not None and study.target.rank else []
    spaced = np.rint(np.geomspace(1, study.max_rank, n_points)).astype(int)
    return np.unique(np.concatenate([spaced, study.ranks, extra]).astype(int))


def measure_curves(study: Study) -> None:
    """Error, PSNR and SSIM on a log-spaced grid of ranks, and the bound at every rank.

    On a large image SSIM is measured only at the ranks where it already was (the requested
    ones; NaN elsewhere): each SSIM of a 24-megapixel image costs seconds.
    """
    grid = rank_grid(study, 12 if study.complete else LARGE_GRID_POINTS)
    if not study.complete:  # every new point rebuilds the whole image: add what is known
        known = [k for k in study.measured if k <= study.max_rank]
        grid = np.unique(np.concatenate([grid[grid < study.max_rank], known]).astype(int))
    errors, psnrs, ssims = [], [], []
    for k in grid:
        measured = study.evaluate(int(k), with_ssim=study.complete)
        errors.append(measured.relative_error)
        psnrs.append(measured.psnr)
        ssims.append(math.nan if measured.ssim is None else measured.ssim)
    every = np.arange(1, study.max_rank + 1)
    study.curve = Curve(
        ranks=grid,
        relative_error=np.array(errors),
        psnr=np.array(psnrs),
        ssim=np.array(ssims),
        storage_ratio=np.array([storage_ratio(study.pixels.shape, k) for k in grid]),
        all_ranks=every,
        eckart_young_error=study.eckart_young(every),
        eckart_young_psnr=study.eckart_young_psnr(every),
        energy=[
            np.cumsum(f.s**2) / e if e > 0 else np.ones(f.s.size)
            for f, e in zip(study.factors, study.energies, strict=True)
        ],
    )


def _first_reaching(reaches: Callable[[int], bool], guess: int, K: int) -> int | None:
    """The rank ``k <= K`` with ``reaches(k)`` and not ``reaches(k - 1)``; ``None`` if ``K`` misses.

    Brackets the answer by steps doubling away from ``guess``, then bisects; ``K`` itself is
    tried only when the steps get there (on a large image each try rebuilds the whole image).
    For a ``reaches`` that is monotone in k this is the smallest rank reaching the target.
    """
    guess = min(max(int(guess), 1), K)
    step = 1
    if reaches(guess):
        lo, hi = guess - 1, guess
        while lo > 0 and reaches(lo):
            hi, lo = lo, max(0, lo - step)
            step *= 2
    else:
        lo, hi = guess, min(K, guess + 1)
        while not reaches(hi):
            if hi == K:
                return None
            lo, hi = hi, min(K, hi + step)
            step *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if reaches(mid) else (mid, hi)
    return hi
