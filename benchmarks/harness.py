"""The benchmark runner: best-of-N wall time for ours and the reference, and their ratio."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import pkgutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.cli import run_cli
from toolkit.reporting import side_by_side
from toolkit.timing import best_time


@dataclass
class Case:
    """One workload timed twice.

    ``ours`` and ``reference`` are zero-argument callables (build the inputs before, outside
    the timing). ``check(ours_result, reference_result)`` may return a short note such as
    ``"error ratio 1.0000"``; ``reference=None`` times ours alone (an end-to-end run).
    ``setup`` runs once before the timing, and only when the case is selected (a cluster, data
    too large to build for every ``-k``).
    """

    workload: str
    ours: Callable[[], object]
    reference: Callable[[], object] | None = None
    check: Callable[[object, object], str] | None = None
    repeat: int = 3
    target: str = ""
    setup: Callable[[], object] | None = None


def project_run(main: Callable, argv: list[str] | None = None) -> Callable[[], int]:
    """A zero-argument callable running a project's ``main`` end to end, quietly, into a
    throw-away report folder (for an end-to-end ``Case`` with no reference)."""

    def run() -> int:
        quiet = io.StringIO()
        with (
            tempfile.TemporaryDirectory() as out,
            contextlib.redirect_stdout(quiet),
            contextlib.redirect_stderr(quiet),
        ):
            return run_cli(main, ["--out", out, *(argv or [])])

    return run


def discover() -> list[str]:
    folder = Path(__file__).resolve().parent
    return sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )


def run_case(case: Case) -> dict:
    """Time ours and the reference alternately, ``repeat`` calls each: best and median.

    Alternating keeps a passing load on the machine from landing on one side only. The
    ``ratio`` is best over best; ``median ratio`` median over median (the noise on a shared
    machine shows in the gap between them).
    """
    row = {"workload": case.workload, "ours (s)": None, "reference (s)": None, "ratio": None,
           "median ratio": None}  # fmt: skip
    if case.setup is not None:
        case.setup()
    ours_times, ref_times = [], []
    ours_result = ref_result = None
    for _ in range(max(1, case.repeat)):
        ours_result, t = best_time(case.ours, 1)
        ours_times.append(t)
        if case.reference is not None:
            ref_result, t = best_time(case.reference, 1)
            ref_times.append(t)
    row["ours (s)"] = min(ours_times)
    if case.reference is not None:
        row["reference (s)"] = min(ref_times)
        row["ratio"] = min(ours_times) / min(ref_times)
        row["median ratio"] = statistics.median(ours_times) / statistics.median(ref_times)
        if case.check is not None:
            row["check"] = case.check(ours_result, ref_result)
    row["target"] = case.target or None
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("-k", dest="pattern", default="", help="run cases whose name has this word")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    rows = []
    for name in discover():
        module = importlib.import_module(f"benchmarks.{name}")
        for case in module.cases():
            if args.pattern.lower() not in case.workload.lower():
                continue
            print(f"timing: {case.workload}", file=sys.stderr, flush=True)
            rows.append(run_case(case))
    columns = ["workload", "ours (s)", "reference (s)", "ratio", "median ratio", "check", "target"]
    print(side_by_side(rows, columns) if rows else "no benchmark case matched")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0
