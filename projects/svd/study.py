r"""The measurements of one image: its factorization, quality at each rank, the rank a target
PSNR needs, and the quality curves (the libraries side by side are in :mod:`.comparison`, RGB
against YCbCr in :mod:`.colorspaces`).

Everything that depends on rank is computed from one full SVD per channel,
:math:`A = U\Sigma V^\top`: the rank-k image is :math:`U_{:, :k}\Sigma_k V_{:k}^\top`, so trying
another k costs one matrix product, not another factorization.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .compress import ChannelSVD, factor, from_float, to_float
from .images import value_range
from .metrics import psnr, relative_frobenius_error, ssim, storage_ratio
from .results import ColorStudy, ComparisonRow, Curve, RankResult, TargetRank

__all__ = [
    "FULL_SVD_LIMIT",
    "N_ITER",
    "N_OVERSAMPLES",
    "Study",
    "measure_curves",
    "measure_ranks",
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
        mse = self.tail(ranks) / math.prod(to_float(self.pixels).shape)
        with np.errstate(divide="ignore"):
            return 10.0 * np.log10(self.peak**2 / mse)


def start(
    name: str, pixels: np.ndarray, mode: str, ranks: list[int], method: str, seed: int
) -> Study:
    """Factor every channel: one full SVD each, or for a large image a randomized SVD of
    rank :func:`spectrum_rank` (the full from-scratch SVD would take minutes per channel)."""
    x = to_float(pixels)
    m, n, c = x.shape
    complete = min(m, n) <= FULL_SVD_LIMIT
    if complete:
        factors, seconds = timed(lambda: [factor(x[..., j]) for j in range(c)])
    else:
        K = spectrum_rank(ranks, min(m, n))
        factors, seconds = timed(
            lambda: [factor(x[..., j], K, "randomized", seed) for j in range(c)], budget=0
        )
    energies = [float(np.sum(x[..., j] ** 2)) for j in range(c)]
    return Study(name, pixels, mode, ranks, method, factors, seconds, energies, complete)


def measure_ranks(study: Study, seed: int) -> None:
    """Compress at each requested rank with the chosen method; storage, errors, PSNR, SSIM.

    The exact method rebuilds from the study's factors (a full SVD, truncated: the same as
    :func:`foundations.linalg.truncated_svd`); the randomized one calls
    :func:`foundations.linalg.randomized_svd` at each rank.
    """
    x = study.x
    total = float(np.sum(study.energies))
    optimum = study.eckart_young(study.ranks)
    for k, best in zip(study.ranks, optimum, strict=True):
        if study.method == "exact":
            approx = reconstruct(study.factors, k)
        else:
            channels = range(x.shape[2])
            approx = np.stack(
                [factor(x[..., j], k, "randomized", seed).reconstruct() for j in channels], axis=2
            )
        out = from_float(approx, study.pixels)
        study.outputs[k] = out
        study.results.append(
            RankResult(
                rank=k,
                storage_ratio=storage_ratio(study.pixels.shape, k),
                energy_captured=1.0 - float(best) ** 2 if total > 0 else 1.0,
                eckart_young_error=float(best),
                relative_error=relative_frobenius_error(x, approx),
                psnr=psnr(study.pixels, out),
                ssim=ssim(study.pixels, out),
            )
        )


def smallest_rank_for_psnr(study: Study, target_db: float) -> None:
    r"""The smallest rank whose stored image (rounded, clipped) reaches ``target_db``.

    The spectrum predicts it first: the unrounded rank-k image has
    :math:`\text{MSE}_k = \sum_c\sum_{i>k}\sigma_{c,i}^2/(mnc)`, decreasing in k. The stored
    image is then measured, by bisection over the ranks the factors can rebuild (clipping only
    brings pixels closer to the original; rounding adds about 1/12 to the MSE).
    """
    K = study.max_rank
    all_ranks = np.arange(1, K + 1)
    reach = np.flatnonzero(study.eckart_young_psnr(all_ranks) >= target_db)
    predicted = int(all_ranks[reach[0]]) if reach.size else None

    def measured_psnr(k: int) -> float:
        return psnr(study.pixels, from_float(reconstruct(study.factors, k), study.pixels))

    found = None
    if measured_psnr(K) >= target_db:
        lo, hi = 0, K  # rank lo misses the target (0: nothing stored), rank hi reaches it
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if measured_psnr(mid) >= target_db else (mid, hi)
        found = hi
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
    """Error, PSNR and SSIM on a log-spaced grid of ranks, and the bound at every rank."""
    grid = rank_grid(study)
    x = study.x
    errors, psnrs, ssims = [], [], []
    for k in grid:
        approx = reconstruct(study.factors, k)
        out = from_float(approx, study.pixels)
        errors.append(relative_frobenius_error(x, approx))
        psnrs.append(psnr(study.pixels, out))
        ssims.append(ssim(study.pixels, out))
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
