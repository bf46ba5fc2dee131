"""A project run's outputs: ``report.md``, ``metrics.json``, ``figures/*.png``, and the table.

A run writes its folder through :class:`Report` and prints a :func:`side_by_side` table of
ours against the reference.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from foundations.errors import InputError

from .output import write_atomically

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
    """Writes one run's ``report.md``, ``metrics.json``, ``figures/*.png`` and per-row outputs.

    ``out_dir`` should come from :func:`toolkit.output.prepare_out_dir`, which checks it before
    the run computes anything. Every file is written atomically (a temporary name, then a
    rename), so an interrupted run leaves the previous file intact. Only files this class
    writes are touched: they are overwritten by name, nothing else in the folder is deleted.
    ``written`` lists every file in the order written, for the report to name them.
    """

    def __init__(self, out_dir: Path | str):
        self.out_dir = Path(out_dir)
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise InputError(f"--out {self.out_dir} exists and is not a folder")
        self.figures_dir = self.out_dir / "figures"
        self.figures_dir.mkdir(parents=True, exist_ok=True)
        self.figures: list[Path] = []
        self.written: list[Path] = []

    def _write(self, path: Path, data: str | bytes) -> Path:
        write_atomically(path, data)
        self.written.append(path)
        return path

    def save_figure(self, fig, name: str) -> Path:
        """Save a matplotlib figure as ``figures/<name>.png`` and close it."""
        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        plt.close(fig)
        path = self._write(self.figures_dir / f"{name}.png", buffer.getvalue())
        self.figures.append(path)
        return path

    def write_metrics(self, metrics: dict) -> Path:
        """``metrics.json``: the run's numbers as plain JSON (NaN and inf become ``null``)."""
        text = json.dumps(to_jsonable(metrics), indent=2, sort_keys=False) + "\n"
        return self._write(self.out_dir / "metrics.json", text)

    def write_markdown(self, text: str) -> Path:
        """``report.md``."""
        return self._write(self.out_dir / "report.md", text.rstrip() + "\n")

    def write_table(self, frame, name: str) -> Path:
        """A per-row output: the DataFrame ``frame`` as ``<name>`` (CSV, no index column)."""
        return self._write(self.out_dir / name, frame.to_csv(index=False))

    def write_file(self, name: str, data: bytes | str) -> Path:
        """Any other output file (an image, say) at ``<out>/<name>``; sub-folders are created."""
        path = self.out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return self._write(path, data)
