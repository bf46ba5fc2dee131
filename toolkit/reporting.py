"""A project run's outputs: ``report.md``, ``metrics.json``, ``figures/*.png``, and the table.

A run writes its folder through :class:`Report` and prints a :func:`side_by_side` table of
ours against the reference.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from foundations.errors import InputError

__all__ = ["Report", "side_by_side", "to_jsonable"]


def _format_cell(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            return str(v)
        if v == 0:
            return "0"
        if abs(v) >= 1e5 or abs(v) < 1e-3:
            return f"{v:.4g}"
        return f"{v:.4f}".rstrip("0").rstrip(".") if abs(v) < 1 else f"{v:,.4g}"
    return "—" if value is None else str(value)


def side_by_side(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    """A Markdown table (which also reads well in a terminal) from a list of dicts.

    Parameters
    ----------
    rows : sequence of dict
        One dict per row; missing keys print as "—".
    columns : sequence of str, optional
        Column order; defaults to the keys of the first row.
    """
    if not rows:
        return ""
    keys = list(columns) if columns is not None else list(rows[0])
    # A "|" inside a cell would split it into two Markdown columns: escape it.
    columns = [str(c).replace("|", "\\|") for c in keys]
    cells = [[_format_cell(row.get(c)).replace("|", "\\|") for c in keys] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]

    def line(values):
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(columns), sep, *(line(r) for r in cells)])


def to_jsonable(obj):
    """Convert NumPy scalars/arrays, paths and nested containers to plain JSON types."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, (np.bool_, bool)):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return v if math.isfinite(v) else None
    if isinstance(obj, Path):
        return str(obj)
    return obj


class Report:
    """Writes one run's ``report.md``, ``metrics.json`` and ``figures/*.png`` under ``out_dir``.

    Only files this class writes are touched: figures are overwritten by name, nothing else in
    the folder is deleted.
    """

    def __init__(self, out_dir: Path | str):
        self.out_dir = Path(out_dir)
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise InputError(f"--out {self.out_dir} exists and is not a folder")
        self.figures_dir = self.out_dir / "figures"
        self.figures_dir.mkdir(parents=True, exist_ok=True)
        self.figures: list[Path] = []

    def save_figure(self, fig, name: str) -> Path:
        """Save a matplotlib figure as ``figures/<name>.png`` and close it."""
        import matplotlib.pyplot as plt

        path = self.figures_dir / f"{name}.png"
        fig.savefig(path, dpi=110, bbox_inches="tight")
        plt.close(fig)
        self.figures.append(path)
        return path

    def write_metrics(self, metrics: dict) -> Path:
        path = self.out_dir / "metrics.json"
        path.write_text(json.dumps(to_jsonable(metrics), indent=2, sort_keys=False) + "\n")
        return path

    def write_markdown(self, text: str) -> Path:
        path = self.out_dir / "report.md"
        path.write_text(text.rstrip() + "\n")
        return path
