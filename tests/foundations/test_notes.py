"""The notes stay in step with the code: every figure is rendered, every link resolves."""

import re
from pathlib import Path

import pytest

from foundations import chapter_figures as figures

NOTES = Path(figures.__file__).resolve().parent / "notes"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)#\s]+)\)")


def test_every_figure_function_has_its_png():
    missing = [
        slug for slug in figures.discover() if not (figures.FIGURES_DIR / f"{slug}.png").is_file()
    ]
    assert not missing, f"run `python -m foundations.chapter_figures` to render: {missing}"


@pytest.mark.parametrize("note", sorted(NOTES.glob("*.md")), ids=lambda p: p.name)
def test_relative_links_in_notes_resolve(note):
    for target in LINK.findall(note.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (note.parent / target).exists(), f"{note.name} links to missing {target}"
