"""The built site, opened page by page in a real browser (run by ``nox -s docs``).

Needs ``build/site/`` (``python docs/build_site.py``) and the system Chromium.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from site_check import browser, check_page, search, serve, site_pages

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "site"
SHOTS = ROOT / "build" / "site-screenshots"


@pytest.fixture(scope="module")
def live_site():
    assert (SITE / "index.html").is_file(), "build the site first: python docs/build_site.py"
    with serve(SITE) as base, browser() as context:
        yield base, context


def test_the_site_has_every_chapter_notebook_api_and_project_page():
    pages = set(site_pages(SITE))
    chapters = [p for p in pages if p.startswith("chapters/ch")]
    notebooks = [p for p in pages if p.startswith("notebooks/ch")]
    assert len(chapters) == 20, chapters
    assert len(notebooks) == 20, notebooks
    assert {"api/linalg.html", "api/calculus.html", "api/multivariable.html"} <= pages
    assert "api/probability.html" in pages
    projects = {p for p in pages if p.startswith("projects/") and p.count("/") == 1}
    reports = {p for p in pages if p.startswith("projects/") and p.endswith("/report.html")}
    assert len(projects) >= 3 and len(reports) == len(projects), (projects, reports)


def test_every_page_renders_cleanly(live_site):
    base, context = live_site
    failures = {}
    for page in site_pages(SITE):
        problems = check_page(context, base, SITE, page)
        if problems:
            failures[page] = problems[:5]
    assert not failures, failures


def test_notebook_pages_show_their_executed_figures():
    for page in [p for p in site_pages(SITE) if p.startswith("notebooks/")]:
        html = (SITE / page).read_text(encoding="utf-8")
        assert "cell_output" in html and "<img" in html, f"{page} shows no executed figure"


def test_search_finds_the_chapter_for_cholesky(live_site):
    base, context = live_site
    results = search(context, base, "Cholesky")
    assert any("chapters/ch07_factorizations.html" in href for href in results), results


def test_screenshots_of_a_few_pages(live_site):
    base, context = live_site
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page_path in ["index.html", "chapters/ch07_factorizations.html", "api/linalg.html"]:
        page = context.new_page()
        page.goto(base + page_path, wait_until="load")
        page.screenshot(path=str(SHOTS / (page_path.replace("/", "_") + ".png")), full_page=False)
        page.close()
        assert (SHOTS / (page_path.replace("/", "_") + ".png")).stat().st_size > 10_000


BROKEN_PAGE = """<!DOCTYPE html><html><head>
<script>window.MathJax = {tex: {packages: {"[-]": ["noundefined", "noerrors"]}}};</script>
<script async src="_static/mathjax/tex-chtml.js"></script>
</head><body>
<p><span class="math">\\(\\frac{1}{2} \\undefinedmacro{x}\\)</span></p>
<img src="missing.png" alt="gone">
<a href="nowhere.html">a dead link</a>
</body></html>"""


FINE_PAGE = """<html><head><link rel="icon" href="data:,"></head><body><p>plain</p></body></html>"""


def test_the_checker_catches_a_broken_page(live_site, tmp_path):
    _, context = live_site
    site = tmp_path / "site"
    site.mkdir()
    shutil.copytree(SITE / "_static" / "mathjax", site / "_static" / "mathjax")
    (site / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (site / "fine.html").write_text(FINE_PAGE, encoding="utf-8")
    with serve(site) as base:
        problems = check_page(context, base, site, "broken.html")
        assert check_page(context, base, site, "fine.html") == []
    kinds = {p.split(":")[0] for p in problems}
    assert {"math error", "image not loaded", "broken link"} <= kinds, problems
    assert any(p.startswith("console error") for p in problems), problems


def test_each_notebook_has_its_colab_copy_in_step():
    """``notebooks/*.ipynb`` (what the Colab badge opens) is jupytext's rendering of the .md."""
    import jupytext

    for text in sorted((ROOT / "notebooks").glob("ch*.md")):
        paired = text.with_suffix(".ipynb")
        assert paired.is_file(), f"run: jupytext --to ipynb {text.relative_to(ROOT)}"
        want = [(c.cell_type, c.source) for c in jupytext.read(text).cells]
        have = [(c.cell_type, c.source) for c in jupytext.read(paired).cells]
        assert have == want, f"{paired.name} is out of step with {text.name}: re-run jupytext"
        assert f"notebooks/{paired.name}" in text.read_text(encoding="utf-8"), "Colab badge"
