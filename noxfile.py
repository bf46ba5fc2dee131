"""Sessions: ``nox -l`` lists them.

- ``tests``: the whole suite (``tests/`` and every ``projects/*/tests``).
- ``lint``: ruff check and ruff format --check.
- ``bench``: every case in ``benchmarks/``, one table of ours vs the reference.
- ``bench-scale -- [--rows N]``: the Dask engine against dask-ml on data larger than a
  worker's memory (20 million rows by default; writes its Parquet under /tmp/mmb-scale).
- ``new-project -- NAME [--from PROJECT]``: fork ``projects/_template`` (or a project).
- ``docs``: build the study site into ``build/site/`` and test it in headless Chromium
  (``-- --serve`` serves it on http://127.0.0.1:8000/ afterwards; ``-- --skip-projects`` skips
  the sample reports for a quick draft).
- ``grade -- chNN [PATH]``: grade a chapter's exercises (``-- --solutions``: every solution).
- ``copy-out``: install the wheel (not the checkout) into a fresh environment, copy every project
  to a folder outside the repository, and run it and its tests there.
- ``project-<name>``: one per folder in ``projects/``, found at load time: runs the project on
  its default data (posargs go to its command line), then its tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint"]

ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
ENV = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}

sys.path.insert(0, str(ROOT))
from toolkit.scaffold import project_folders, session_name  # noqa: E402


def install(session: nox.Session, *groups: str) -> None:
    """The package in editable mode (so ``data/`` is found) plus dependency groups."""
    extra = [req for group in groups for req in nox.project.dependency_groups(PYPROJECT, group)]
    session.install("-e", ".", *extra)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: tests/ and every projects/*/tests."""
    install(session, "test")
    session.run("pytest", *session.posargs, env=ENV)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the repository."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def bench(session: nox.Session) -> None:
    """Time ours against the reference library on every case in benchmarks/ (``-- -k WORD`` filters)."""
    install(session, "bench")
    session.run("python", "-m", "benchmarks", *session.posargs, env=ENV)


@nox.session(name="bench-scale")
def bench_scale(session: nox.Session) -> None:
    """k-means and OLS on 20M-row Parquet: ours vs dask-ml on 2 workers x 1.5 GB (``-- --rows N``)."""
    install(session, "bench")
    session.run("python", "-m", "benchmarks.scale", *session.posargs, env=ENV)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the study site into build/site/ and open every page in headless Chromium."""
    install(session, "docs")
    build_args = [a for a in session.posargs if a != "--serve"]
    session.run("python", "docs/build_site.py", *build_args, env=ENV)
    if "--skip-projects" not in build_args:
        session.run("pytest", "-q", "-p", "no:cacheprovider", "docs/tests", env=ENV)
    if "--serve" in session.posargs:
        session.run("python", "docs/build_site.py", "--serve-only", env=ENV)


@nox.session
def grade(session: nox.Session) -> None:
    """Grade exercises: ``-- ch05 [PATH]``, or ``-- --solutions`` for every reference solution."""
    install(session, "test")
    session.run("python", "-m", "exercises.grader", *session.posargs, env=ENV)


@nox.session(name="new-project", venv_backend="none")
def new_project(session: nox.Session) -> None:
    """Fork a project: ``nox -s new-project -- NAME [--from PROJECT]``."""
    if not session.posargs:
        session.error("usage: nox -s new-project -- NAME [--from PROJECT]")
    session.run(sys.executable, "-m", "toolkit.scaffold", *session.posargs, env=ENV)


@nox.session(name="make-scale-data")
def make_scale_data(session: nox.Session) -> None:
    """N customers and N houses as Parquet partitions: ``nox -s make-scale-data -- N [--out DIR]``."""
    if not session.posargs:
        session.error("usage: nox -s make-scale-data -- N [--out DIR] [--seed S]")
    session.install("-e", ".[dask]")  # pyarrow writes the partitions
    session.run("python", "-m", "toolkit.scale_data", *session.posargs, env=ENV)


@nox.session(name="copy-out")
def copy_out(session: nox.Session) -> None:
    """Each project copied out of the repository runs on the installed wheel (and passes its tests)."""
    import shutil

    session.install(".", *nox.project.dependency_groups(PYPROJECT, "test"))
    outside = Path(session.create_tmp()).resolve() / "outside"
    shutil.rmtree(outside, ignore_errors=True)
    outside.mkdir(parents=True)
    ignore = shutil.ignore_patterns("reports", "__pycache__", "*.pyc", ".pytest_cache")
    wanted = session.posargs or project_folders(ROOT / "projects")
    session.chdir(outside)
    for folder in wanted:
        shutil.copytree(ROOT / "projects" / folder, outside / folder, ignore=ignore)
        session.run("python", "-m", folder, "--out", str(outside / f"{folder}-out"), env=ENV)
        session.run("pytest", "-q", "-p", "no:cacheprovider", folder, env=ENV)


def _register_project(folder: str) -> None:
    def run_project(session: nox.Session) -> None:
        install(session, "test")
        session.run("python", "-m", f"projects.{folder}", *session.posargs, env=ENV)
        session.run("pytest", f"projects/{folder}", env=ENV)

    run_project.__doc__ = f"Run projects/{folder} end to end on its default data, then its tests."
    nox.session(run_project, name=session_name(folder), tags=["projects"])


for _folder in project_folders(ROOT / "projects"):
    _register_project(_folder)
