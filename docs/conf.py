"""Sphinx configuration of the study site (``nox -s docs``).

The sources are assembled by ``docs/build_site.py`` into ``build/docs-src/`` (the chapter notes,
the notebooks, the project pages with a sample report each, and API stubs), so nothing here is a
second copy of the notes.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import mathjax

ROOT = Path(os.environ.get("MLMB_ROOT", Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(ROOT))

project = "ML Math Bridge"
author = "ML Math Bridge contributors"
copyright = "2026, ML Math Bridge contributors"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
]

# Markdown: the notes' $...$ and $$...$$ math, tables, and colon fences.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}

# Notebooks run during the build; their outputs and figures appear on the site.
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_execution_show_tb = True

# The API reference: numpydoc docstrings, members in the order of the source.
autodoc_default_options = {"members": True, "member-order": "bysource", "show-inheritance": True}
autodoc_typehints = "none"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False

# MathJax 3 ships with the build (no network at run time): the copy in django-static-mathjax
# (a plain copy of MathJax's files; Django itself is not needed).
_MATHJAX = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    # A TeX error or an undefined macro must show as an error element (mjx-merror), not as
    # red text or the raw TeX, so that the browser test can find it.
    "tex": {"packages": {"[-]": ["noundefined", "noerrors"]}},
}

html_theme = "sphinx_book_theme"
html_title = "ML Math Bridge"
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
}
html_last_updated_fmt = None
# The theme reads its light/dark mode from here (an empty mode logs a console error).
html_context = {"default_mode": "light"}

# Warnings are errors (the build runs with -W): broken links and missing references fail it.
nitpicky = False
suppress_warnings = ["myst.header"]
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]

GITHUB_INLINE_MATH = re.compile(r"\$`([^`\n]+)`\$")
GITHUB_MATH_FENCE = re.compile(r"^([ \t]*)```math[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.M | re.S)


def _github_math_to_myst(app, docname, source):
    """GitHub's math syntax becomes MyST's: $`...`$ inline, ```math fences as $$ blocks."""
    text = GITHUB_INLINE_MATH.sub(lambda m: "$" + m.group(1) + "$", source[0])
    source[0] = GITHUB_MATH_FENCE.sub(lambda m: f"{m.group(1)}$$\n{m.group(2)}{m.group(1)}$$", text)


def _copy_mathjax(app, exception):
    if exception is None:
        import shutil

        target = Path(app.outdir) / "_static" / "mathjax"
        if not target.exists():
            shutil.copytree(_MATHJAX, target)


def setup(app):
    app.connect("source-read", _github_math_to_myst)
    app.connect("build-finished", _copy_mathjax)
