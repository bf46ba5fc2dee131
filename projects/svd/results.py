"""The typed results the study's steps hand to each other and to the write-up.

Each is a plain dataclass; ``as_dict`` gives the JSON form ``metrics.json`` records (arrays and
images stay out of it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["ColorRow", "ColorStudy", "ComparisonRow", "Curve", "RankResult", "TargetRank"]


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
class TargetRank:
    """The smallest rank reaching a PSNR target: predicted from the spectrum, then measured.

    ``rank`` is ``None`` when no rank up to ``searched_up_to`` reaches it.
    """

    target_psnr_db: float
    predicted_rank: int | None
    rank: int | None
    searched_up_to: int
    psnr_db: float | None
    storage_ratio: float | None


@dataclass
class Curve:
    """Error, PSNR, SSIM and storage on a grid of ranks, and the spectrum's bound at every rank."""

    ranks: np.ndarray
    relative_error: np.ndarray
    psnr: np.ndarray
    ssim: np.ndarray
    storage_ratio: np.ndarray
    all_ranks: np.ndarray
    eckart_young_error: np.ndarray
    eckart_young_psnr: np.ndarray
    energy: list[np.ndarray]


@dataclass
class ComparisonRow:
    """One method of the side-by-side table: its relative error at each requested rank.

    The optimum row (``optimum=True``) has no ratio and no time; a method that was not run has
    ``None`` errors (the table shows "—" and the name says why).
    """

    method: str
    errors: list[float | None]
    worst_ratio: float | None = None
    seconds: float | None = None
    optimum: bool = False

    def as_dict(self, ranks: list[int]) -> dict:
        """The table row: ``method``, ``error k=…`` per rank, ``worst / optimum``, ``time (s)``."""
        row = {"method": self.method}
        row |= {
            f"error k={k}": None if e is None else float(e)
            for k, e in zip(ranks, self.errors, strict=True)
        }
        if not self.optimum:
            row |= {"worst / optimum": self.worst_ratio, "time (s)": self.seconds}
        return row


@dataclass
class ColorRow:
    """YCbCr at the storage of RGB rank k; for the requested ranks also RGB and pooled RGB."""

    rank: int
    storage_ratio: float
    ycbcr_ranks: list[int]
    ycbcr_psnr: float
    ycbcr_ssim: float
    rgb_psnr: float | None = None
    rgb_ssim: float | None = None
    rgb_pooled_ranks: list[int] | None = None
    rgb_pooled_psnr: float | None = None
    image: np.ndarray | None = field(default=None, repr=False)

    @property
    def detailed(self) -> bool:
        """Whether RGB was measured beside it (the requested ranks)."""
        return self.rgb_psnr is not None

    def as_dict(self) -> dict:
        row = {
            "rank": self.rank,
            "storage_ratio": self.storage_ratio,
            "ycbcr_ranks": self.ycbcr_ranks,
            "ycbcr_psnr": self.ycbcr_psnr,
            "ycbcr_ssim": self.ycbcr_ssim,
        }
        if self.detailed:
            row |= {
                "rgb_psnr": self.rgb_psnr,
                "rgb_ssim": self.rgb_ssim,
                "rgb_pooled_ranks": self.rgb_pooled_ranks,
                "rgb_pooled_psnr": self.rgb_pooled_psnr,
            }
        return row


@dataclass
class ColorStudy:
    """RGB against YCbCr at equal storage (see :func:`.colorspaces.compare_color_spaces`)."""

    rows: list[ColorRow]
    curve: list[ColorRow]
    seconds: float
    variance_share_rgb: list[float]
    variance_share_ycbcr: list[float]
    weights: list[float]

    def as_dict(self) -> dict:
        return {
            "seconds": self.seconds,
            "variance_share_rgb": self.variance_share_rgb,
            "variance_share_ycbcr": self.variance_share_ycbcr,
            "weights": self.weights,
            "rows": [row.as_dict() for row in self.rows],
        }
