r"""The measurements of one run, image by image: spectrum, quality at each rank, the libraries
side by side, the rank a target PSNR needs, and RGB against YCbCr.

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

from foundations.linalg import randomized_svd

from .color import rgb_to_ycbcr, ycbcr_error_weights, ycbcr_to_rgb
from .compress import ChannelSVD, allocate_ranks, factor, from_float, to_float
from .images import value_range
from .metrics import psnr, relative_frobenius_error, ssim, storage_ratio

__all__ = [
    "FULL_SVD_LIMIT",
    "N_ITER",
    "N_OVERSAMPLES",
    "RankResult",
    "Study",
    "compare_color_spaces",
    "compare_libraries",
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
class RankResult:
    """Quality and cost of the image stored at one rank (every channel at that rank)."""

    rank: int
    storage_ratio: float
    energy_captured: float
    eckart_young_error: float
    relative_error: float
    psnr: float
    ssim: float


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
    comparison: list[dict] = field(default_factory=list)
    target: dict = field(default_factory=dict)
    curve: dict = field(default_factory=dict)
    color: dict | None = None

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


def compare_libraries(study: Study, seed: int) -> None:
    """Our SVDs beside NumPy's and scikit-learn's, at the same ranks: error and time.

    The time is what it takes to produce the rank-k images for every requested k on every
    channel: one full factorization then products for the full SVDs (our ``svd`` is the study's
    own factorization, timed once), one call per rank for the randomized ones. For an image
    above :data:`FULL_SVD_LIMIT` the two full SVDs are left out.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

    x = study.x
    channels = range(x.shape[2])
    ranks = study.ranks

    def per_rank(rank_k_channel):
        def run():
            return [
                np.stack([rank_k_channel(x[..., j], k) for j in channels], axis=2) for k in ranks
            ]

        return run

    def from_full(decompose_channel):
        def run():
            parts = [decompose_channel(x[..., j]) for j in channels]
            return [np.stack([(U[:, :k] * s[:k]) @ Vt[:k] for U, s, Vt in parts], 2) for k in ranks]

        return run

    def product(U, s, Vt):
        return (U * s) @ Vt

    def ours_randomized(A, k):
        return product(
            *randomized_svd(A, k, n_oversamples=N_OVERSAMPLES, n_iter=N_ITER, random_state=seed)
        )

    def sk_randomized(A, k):
        return product(
            *sk_randomized_svd(A, k, n_oversamples=N_OVERSAMPLES, n_iter=N_ITER, random_state=seed)
        )

    def sk_truncated(A, k):
        model = TruncatedSVD(k, random_state=seed)
        return model.inverse_transform(model.fit_transform(A))

    optimum = study.eckart_young(ranks)
    rows = [{"method": "Eckart–Young optimum", **_by_rank(ranks, optimum)}]

    def add(name: str, approximations: list[np.ndarray], seconds: float) -> None:
        errors = [relative_frobenius_error(x, a) for a in approximations]
        ratios = [e / o for e, o in zip(errors, optimum, strict=True) if o > 0]
        rows.append(
            {
                "method": name,
                **_by_rank(ranks, errors),
                "worst / optimum": max(ratios) if ratios else None,
                "time (s)": seconds,
            }
        )

    if study.complete:
        rebuilt, seconds = timed(lambda: [reconstruct(study.factors, k) for k in ranks])
        add("ours: svd", rebuilt, study.svd_seconds + seconds)
    add("ours: randomized_svd", *timed(per_rank(ours_randomized)))
    if study.complete:
        numpy_svd = from_full(lambda A: np.linalg.svd(A, full_matrices=False))
        add("NumPy linalg.svd", *timed(numpy_svd))
    add("scikit-learn TruncatedSVD", *timed(per_rank(sk_truncated)))
    add("scikit-learn randomized_svd", *timed(per_rank(sk_randomized)))
    study.comparison = rows


def _by_rank(ranks, values) -> dict:
    return {f"error k={k}": float(v) for k, v in zip(ranks, values, strict=True)}


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
    study.target = {
        "target_psnr_db": target_db,
        "predicted_rank": predicted,
        "rank": found,
        "searched_up_to": K,
        "psnr_db": measured_psnr(found) if found else None,
        "storage_ratio": storage_ratio(study.pixels.shape, found) if found else None,
    }


def rank_grid(study: Study, n_points: int = 12) -> np.ndarray:
    """Log-spaced ranks from 1 to the largest the factors rebuild, plus the requested ones."""
    extra = [study.target["rank"]] if study.target.get("rank") else []
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
    study.curve = {
        "ranks": grid,
        "relative_error": np.array(errors),
        "psnr": np.array(psnrs),
        "ssim": np.array(ssims),
        "storage_ratio": np.array([storage_ratio(study.pixels.shape, k) for k in grid]),
        "all_ranks": every,
        "eckart_young_error": study.eckart_young(every),
        "eckart_young_psnr": study.eckart_young_psnr(every),
        "energy": [
            np.cumsum(f.s**2) / e if e > 0 else np.ones(f.s.size)
            for f, e in zip(study.factors, study.energies, strict=True)
        ],
    }


def compare_color_spaces(study: Study, seed: int) -> None:
    r"""RGB at rank k against YCbCr with the same storage, at every requested rank and on the grid.

    YCbCr gets :math:`3k` components in total, spread over Y, Cb, Cr by
    :func:`.compress.allocate_ranks` with the weights of :func:`.color.ycbcr_error_weights`;
    "RGB, pooled" spends the same :math:`3k` the same way over R, G, B, which separates the
    gain of the allocation from the gain of the change of colour space. An alpha channel keeps
    rank k in every variant. Nothing is done for images without three colour channels.
    """
    c = study.pixels.shape[2] if study.pixels.ndim == 3 else 1
    if c not in (3, 4):
        return
    x = study.x
    lo, _ = value_range(study.pixels.dtype)
    peak = study.peak
    y = rgb_to_ycbcr(x[..., :3] - lo, peak)
    K = study.max_rank
    if study.complete:
        ycc, seconds = timed(lambda: [factor(y[..., j]) for j in range(3)])
    else:
        ycc, seconds = timed(
            lambda: [factor(y[..., j], K, "randomized", seed) for j in range(3)], budget=0
        )
    weights = ycbcr_error_weights()
    alpha = study.factors[3:]

    def variance_share(channels: np.ndarray, w: np.ndarray) -> list[float]:
        v = w * channels.reshape(-1, 3).var(axis=0)
        return (v / v.sum()).tolist()

    def evaluate(k: int, detailed: bool) -> dict:
        ycc_ranks = allocate_ranks([f.s for f in ycc], 3 * k, weights)
        approx = ycbcr_to_rgb(reconstruct(ycc, ycc_ranks), peak) + lo
        if alpha:
            approx = np.concatenate([approx, reconstruct(alpha, k)], axis=2)
        ycc_out = from_float(approx, study.pixels)
        row = {
            "rank": k,
            "storage_ratio": storage_ratio(study.pixels.shape, k),
            "ycbcr_ranks": list(ycc_ranks),
            "ycbcr_psnr": psnr(study.pixels, ycc_out),
            "ycbcr_ssim": ssim(study.pixels, ycc_out),
        }
        if detailed:  # the requested ranks: RGB beside it, and RGB with pooled ranks
            rgb = study.outputs.get(k) if study.method == "exact" else None
            rgb = (
                rgb if rgb is not None else from_float(reconstruct(study.factors, k), study.pixels)
            )
            pooled_ranks = allocate_ranks(study.spectra[:3], 3 * k)
            pooled = reconstruct(study.factors, (*pooled_ranks, *(k,) * len(alpha)))
            row |= {
                "rgb_psnr": psnr(study.pixels, rgb),
                "rgb_ssim": ssim(study.pixels, rgb),
                "rgb_pooled_ranks": list(pooled_ranks),
                "rgb_pooled_psnr": psnr(study.pixels, from_float(pooled, study.pixels)),
                "_image": ycc_out,
            }
        return row

    rows = [evaluate(k, detailed=True) for k in study.ranks]
    by_rank = {row["rank"]: row for row in rows}
    curve = [by_rank.get(int(k)) or evaluate(int(k), detailed=False) for k in study.curve["ranks"]]
    study.color = {
        "rows": rows,
        "curve": curve,
        "seconds": seconds,
        "variance_share_rgb": variance_share(x[..., :3], np.ones(3)),
        "variance_share_ycbcr": variance_share(y, weights),
        "weights": weights.tolist(),
    }
