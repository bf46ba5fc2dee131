"""Where a run may write: the ``--out`` folder, checked before any computing.

A run's folder is refused when it is

- the repository root, its ``data/`` folder, or a folder inside ``foundations/``, ``toolkit/``
  or a project's sources (a project's own ``reports/`` folder is fine);
- an existing file, or below one;
- not empty and not an earlier report of the same project (recognised by the marker file
  :data:`MARKER` the project writes there), unless ``force`` is given.

Files are written by :func:`write_atomically`: to a temporary name in the destination, then
renamed into place, so an interrupted run leaves the previous report intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from foundations.errors import InputError

__all__ = ["MARKER", "prepare_out_dir", "write_atomically"]

#: The file that marks a folder as a report of one project (its content: the project's name).
MARKER = ".ml-math-bridge-report"

REPO_ROOT = Path(__file__).resolve().parent.parent
_SOURCE_FOLDERS = ("foundations", "toolkit", "projects", "tests", "benchmarks", "data", ".git")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _refuse_sources(path: Path, repo_root: Path) -> None:
    if path == repo_root:
        raise InputError(f"--out {path} is the repository root; choose a folder of its own")
    for name in _SOURCE_FOLDERS:
        folder = repo_root / name
        if not _inside(path, folder):
            continue
        if name == "projects":
            rel = path.relative_to(folder).parts
            if len(rel) >= 2 and rel[1] == "reports":
                return  # projects/<name>/reports[/...] is where reports belong
        raise InputError(
            f"--out {path} is inside the repository's {name}/ folder; reports go elsewhere "
            "(the default is the project's reports/ folder)"
        )


def _marked_by(path: Path) -> str | None:
    marker = path / MARKER
    try:
        return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None
    except OSError:
        return None


def prepare_out_dir(
    out: Path | str, *, project: str, force: bool = False, repo_root: Path = REPO_ROOT
) -> Path:
    """Check ``out`` for a run of ``project``, create it, mark it; return its resolved path.

    Raises
    ------
    InputError
        For a folder the run must not write into (see the module docstring), with the reason.
    """
    if str(out).strip() == "":
        raise InputError("--out is empty; give a folder for the report")
    path = Path(out).expanduser().resolve()
    _refuse_sources(path, Path(repo_root).resolve())
    for parent in [path, *path.parents]:
        if parent.exists() and not parent.is_dir():
            what = "is a file" if parent == path else f"is below the file {parent}"
            raise InputError(f"--out {path} {what}, not a folder")
        if parent.exists():
            break
    if path.is_dir() and any(path.iterdir()):
        owner = _marked_by(path)
        if owner != project and not force:
            why = (
                f"holds a report of the project {owner!r}"
                if owner
                else "is not empty and holds no earlier report of this project"
            )
            raise InputError(f"--out {path} {why}; choose another folder or pass --force")
    try:
        path.mkdir(parents=True, exist_ok=True)
        write_atomically(path / MARKER, project + "\n")
    except OSError as exc:
        raise InputError(f"--out {path} cannot be written: {exc.strerror or exc}") from None
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
