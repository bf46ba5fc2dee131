"""Render every chapter figure into ``foundations/notes/figures/``.

Any public function named ``figure_chNN_<slug>`` in a part's ``figures`` module
(``foundations.linalg.figures``, ...) is a chapter figure: it takes no required argument and
returns a matplotlib ``Figure``. Run::

    python -m foundations.chapter_figures            # all of them
    python -m foundations.chapter_figures ch04 ch12  # only those whose name contains a word

and the notes link them as ``figures/chNN_<slug>.png``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

import foundations

__all__ = ["FIGURES_DIR", "discover", "render"]

FIGURES_DIR = Path(__file__).resolve().parent / "notes" / "figures"
PREFIX = "figure_"


def discover() -> dict[str, Callable]:
    """Map ``chNN_<slug>`` to its figure function, across every foundations module."""
    found: dict[str, Callable] = {}
    for info in pkgutil.walk_packages(foundations.__path__, prefix="foundations."):
        if not info.name.endswith(".figures"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith(PREFIX + "ch") and fn.__module__ == module.__name__:
                found[name.removeprefix(PREFIX)] = fn
    return dict(sorted(found.items()))


def render(words: list[str] | None = None, folder: Path = FIGURES_DIR) -> list[Path]:
    """Save the matching figures as PNG files; return their paths."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, fn in discover().items():
        if words and not any(w in slug for w in words):
            continue
        fig = fn()
        path = folder / f"{slug}.png"
        fig.savefig(path, dpi=90, bbox_inches="tight")
        plt.close(fig)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in render(sys.argv[1:]):
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
