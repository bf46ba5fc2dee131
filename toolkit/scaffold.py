"""Fork a project: ``nox -s new-project -- NAME [--from PROJECT]`` calls :func:`fork_project`.

The copy is made in a hidden temporary folder next to the destination and renamed into place
only when complete, so a refused or failed fork leaves nothing behind.
"""

from __future__ import annotations

import keyword
import re
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["ForkError", "check_name", "fork_project", "project_folders", "session_name"]

PROJECTS_DIR = Path(__file__).resolve().parent.parent / "projects"
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".cfg", ".ini", ".json", ".yaml", ".yml"}
IGNORED = shutil.ignore_patterns("reports", "__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


class ForkError(ValueError):
    """A fork that cannot be made: a bad or taken name, or a missing source project."""


def session_name(folder: str) -> str:
    """The nox session of a project folder: ``customer_churn`` -> ``project-customer-churn``."""
    return "project-" + folder.replace("_", "-")


def project_folders(projects_dir: Path = PROJECTS_DIR) -> list[str]:
    """Runnable projects: sub-folders with a ``__main__.py`` whose names do not start with ``_``."""
    return sorted(
        p.name
        for p in projects_dir.iterdir()
        if p.is_dir() and not p.name.startswith(("_", ".")) and (p / "__main__.py").is_file()
    )


def check_name(name: str, projects_dir: Path = PROJECTS_DIR) -> str:
    """Return the folder name for ``name`` (dashes become underscores) or raise :class:`ForkError`."""
    folder = name.strip().replace("-", "_")
    if not NAME_PATTERN.fullmatch(folder) or keyword.iskeyword(folder):
        raise ForkError(
            f"{name!r} is not a valid project name: use lowercase letters, digits and "
            "underscores, starting with a letter (e.g. customer_churn)"
        )
    if (projects_dir / folder).exists():
        raise ForkError(f"projects/{folder} already exists; choose another name")
    return folder


def fork_project(name: str, source: str = "_template", projects_dir: Path = PROJECTS_DIR) -> Path:
    """Copy ``projects/<source>`` to ``projects/<name>`` and rename what names the source.

    Renamed in text files: the import path ``projects.<source>`` and the session name
    ``project-<source>``. Inside a project everything else is relative, so nothing more needs
    to change. Generated files (``reports/``, caches) are not copied.
    """
    projects_dir = Path(projects_dir)
    folder = check_name(name, projects_dir)
    src = projects_dir / source.replace("-", "_")
    if not (src / "__main__.py").is_file():
        available = ", ".join(["_template", *project_folders(projects_dir)])
        raise ForkError(f"there is no project {source!r} to fork from (available: {available})")
    old_name = src.name
    replacements = {
        f"projects.{old_name}": f"projects.{folder}",
        session_name(old_name.lstrip("_")): session_name(folder),
    }
    staging = Path(tempfile.mkdtemp(prefix=f".{folder}-", dir=projects_dir))
    try:
        target = staging / folder
        shutil.copytree(src, target, ignore=IGNORED)
        for path in target.rglob("*"):
            if path.is_file() and path.suffix in TEXT_SUFFIXES:
                text = path.read_text(encoding="utf-8")
                new = text
                for old, repl in replacements.items():
                    new = new.replace(old, repl)
                if new != text:
                    path.write_text(new, encoding="utf-8")
        final = projects_dir / folder
        target.rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="nox -s new-project --", description="Fork a project.")
    parser.add_argument("name", help="folder name of the new project, e.g. customer_churn")
    parser.add_argument("--from", dest="source", default="_template", help="project to fork")
    args = parser.parse_args(argv)
    try:
        path = fork_project(args.name, args.source)
    except ForkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"created {path.relative_to(PROJECTS_DIR.parent)}; run it with: nox -s {session_name(path.name)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
