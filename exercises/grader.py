"""Grade a chapter's exercises: ``python -m exercises.grader chNN [PATH]`` or ``--solutions``.

Prints one line per problem — ``passed``, ``not attempted`` (the body still raises
``NotImplementedError``) or ``FAILED`` with the first property that does not hold and the
smallest input hypothesis found — and exits with 0 only when every attempted problem passes
(and at least one was attempted). An exception raised by the learner's code is shown as one
short message with the learner's own file and line, not a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

from .grading import Failed, Problem

__all__ = ["Grade", "chapter_names", "grade_chapter", "grade_file", "main"]

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Grade:
    """The outcome for one problem: ``status`` is "passed", "not attempted" or "failed"."""

    problem: str
    status: str
    message: str = ""


def chapter_names() -> dict[str, str]:
    """``"ch05"`` -> ``"ch05_matrices_and_equations"``: every chapter that has checks."""
    return {p.stem[:4]: p.stem for p in sorted((HERE / "checks").glob("ch[0-9][0-9]_*.py"))}


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"learner_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _where(exc: BaseException, path: Path) -> str:
    """``file:line`` of the deepest frame of the learner's own file in the traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (at {path.name}:{frame.lineno}: {(frame.line or '').strip()})"


def _grade_problem(problem: Problem, fn, path: Path) -> Grade:
    """Run the smoke call, then the checks, with the learner's NumPy warnings silenced."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return _run_checks(problem, fn, path)


def _run_checks(problem: Problem, fn, path: Path) -> Grade:
    try:
        problem.smoke(fn)
    except NotImplementedError:
        return Grade(problem.name, "not attempted")
    except Failed as exc:
        return Grade(problem.name, "failed", str(exc))
    except Exception as exc:  # the learner's code raised: show it short, with their line
        return Grade(
            problem.name, "failed", f"raised {type(exc).__name__}: {exc}{_where(exc, path)}"
        )
    for check in problem.checks:
        try:
            check(fn)
        except Failed as exc:
            return Grade(problem.name, "failed", str(exc))
        except NotImplementedError:
            return Grade(problem.name, "failed", "raised NotImplementedError on some inputs")
        except Exception as exc:
            detail = f"raised {type(exc).__name__}: {exc}{_where(exc, path)}"
            return Grade(problem.name, "failed", f"{check.__name__}: {detail}")
    return Grade(problem.name, "passed")


def grade_file(chapter: str, path: Path) -> list[Grade]:
    """Grade the learner's file ``path`` against the checks of ``chapter`` ("ch05")."""
    names = chapter_names()
    if chapter not in names:
        raise ValueError(f"no exercises for {chapter!r}; chapters: {', '.join(names)}")
    checks = importlib.import_module(f"exercises.checks.{names[chapter]}")
    path = Path(path).resolve()
    try:
        learner = _load(path)
    except FileNotFoundError:
        raise ValueError(f"{path} does not exist") from None
    except Exception as exc:  # a syntax error or an import-time failure in the learner's file
        return [
            Grade(p.name, "failed", f"the file does not load: {type(exc).__name__}: {exc}")
            for p in checks.PROBLEMS
        ]
    grades = []
    for problem in checks.PROBLEMS:
        fn = getattr(learner, problem.name, None)
        if fn is None:
            grades.append(Grade(problem.name, "failed", f"{path.name} defines no {problem.name}"))
        else:
            grades.append(_grade_problem(problem, fn, path))
    return grades


def grade_chapter(chapter: str, *, solutions: bool = False) -> list[Grade]:
    """Grade the chapter's exercise file (or its reference solution)."""
    stem = chapter_names()[chapter]
    folder = HERE / "solutions" if solutions else HERE
    return grade_file(chapter, folder / f"{stem}.py")


def _print(chapter: str, grades: list[Grade]) -> bool:
    width = max(len(g.problem) for g in grades)
    for g in grades:
        mark = {"passed": "passed", "not attempted": "not attempted", "failed": "FAILED"}[g.status]
        print(f"{chapter}  {g.problem:<{width}}  {mark}{': ' + g.message if g.message else ''}")
    attempted = [g for g in grades if g.status != "not attempted"]
    return bool(attempted) and all(g.status == "passed" for g in attempted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s grade --", description=__doc__.splitlines()[0])
    parser.add_argument("chapter", nargs="?", help="ch01 ... ch20")
    parser.add_argument(
        "path", nargs="?", type=Path, help="your file (default: exercises/chNN_*.py)"
    )
    parser.add_argument("--solutions", action="store_true", help="grade the reference solutions")
    args = parser.parse_args(argv)
    chapters = chapter_names()
    if args.chapter is None and not args.solutions:
        parser.error("name a chapter (e.g. ch05) or pass --solutions")
    wanted = [args.chapter] if args.chapter else list(chapters)
    ok = True
    for chapter in wanted:
        if chapter not in chapters:
            parser.error(f"no exercises for {chapter!r}; chapters: {', '.join(chapters)}")
        try:
            if args.path is not None:
                grades = grade_file(chapter, args.path)
            else:
                grades = grade_chapter(chapter, solutions=args.solutions)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        ok = _print(chapter, grades) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
