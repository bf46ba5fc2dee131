"""The notes stay in step with the code: every figure is rendered, every link resolves, and the
math is written in the forms GitHub renders.

GitHub runs Markdown before MathJax: inside plain ``$...$`` a backslash before punctuation is
eaten (``\\{ \\}`` vanish, ``\\\\`` collapses, ``\\,`` becomes ``,``) and ``|`` splits a table cell.
So inline math is written ``$`...`$`` (a code span: backslashes survive), display math in
``math`` fences, and a table row uses ``\\vert``/``\\lVert`` instead of ``|`` inside math.
"""

import re
from pathlib import Path

import pytest

from foundations import chapter_figures as figures

NOTES = Path(figures.__file__).resolve().parent / "notes"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)#\s]+)\)")
SAFE_INLINE = re.compile(r"\$`([^`]*)`\$")


def github_math_problems(text: str) -> list[str]:
    """What GitHub would break in a note: one line per problem (empty when it renders)."""
    problems = []
    fences = re.findall(r"^[ \t]*```(\w*)", text, flags=re.M)
    if len(fences) % 2:
        problems.append("an unclosed ``` fence")
    prose = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", text, flags=re.M | re.S)
    for number, line in enumerate(prose.splitlines(), start=1):
        rest = re.sub(r"`[^`]*`", "", SAFE_INLINE.sub("", line))
        if "$" in rest:
            problems.append(f"line {number}: $ outside $`...`$ and ```math: {line.strip()[:60]}")
        if line.lstrip().startswith("|"):
            for math in SAFE_INLINE.findall(line):
                if "|" in math:
                    problems.append(f"line {number}: | inside math in a table row: {math}")
    for block in re.findall(r"(?:^\|.*\n?)+", prose, flags=re.M):
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in block.strip().splitlines()}
        if len(counts) > 1:
            problems.append("a table whose rows have different numbers of cells")
    return problems


ROOT = NOTES.parents[1]
# What GitHub renders as Markdown: the notes, the chapter map, the READMEs of the repository and of
# every project. (The notebooks' Markdown is Jupyter's, where plain $...$ is right.)
GITHUB_PAGES = [
    *sorted(NOTES.glob("*.md")),
    ROOT / "README.md",
    ROOT / "foundations" / "README.md",
    *sorted(ROOT.glob("projects/*/README.md")),
]


@pytest.mark.parametrize("page", GITHUB_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_use_only_math_that_github_renders(page):
    assert github_math_problems(page.read_text(encoding="utf-8")) == []


def test_every_project_readme_is_checked():
    assert len([p for p in GITHUB_PAGES if p.parent.parent.name == "projects"]) >= 6


@pytest.mark.parametrize(
    "broken",
    [
        "the set $\\{x : x > 0\\}$",
        "$$x^2$$",
        "| a | b |\n|---|---|\n| $`|x|`$ | 1 |",
        "| a | b |\n|---|---|\n| 1 | 2 | 3 |",
        "```math\nx\n",
    ],
)
def test_the_math_check_finds_what_github_breaks(broken):
    assert github_math_problems(broken)
    assert not github_math_problems("the set $`\\lbrace x\\rbrace`$\n\n```math\nx^2\n```\n")


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
