"""The pieces of a problem's grading: what a check is, and how a failure is reported.

A chapter's check module (``exercises/checks/chNN_<topic>.py``) defines ``PROBLEMS``, a list of
:class:`Problem`. Each problem names the function the learner writes and lists its checks: plain
functions ``check(fn)`` that call the learner's ``fn`` and raise :class:`Failed` with one
sentence saying which property does not hold, and for which input. :func:`for_all` turns a
hypothesis property into such a check, reporting the smallest input hypothesis found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Failed", "Problem", "close", "for_all"]


class Failed(AssertionError):
    """A property of the problem that the learner's function does not have."""


@dataclass(frozen=True)
class Problem:
    """One problem: the function's name in the chapter file, and the checks it must pass.

    ``smoke`` is a call with a typical input: an untouched stub raises ``NotImplementedError``
    there, which the grader reports as "not attempted".
    """

    name: str
    smoke: Callable[[Callable], object]
    checks: list[Callable[[Callable], None]] = field(default_factory=list)


def close(actual, expected, *, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    """``actual`` has ``expected``'s shape and is within the tolerances of it."""
    try:
        a = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return False
    e = np.asarray(expected, dtype=float)
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol))


def for_all(*strategies, max_examples: int = 60):
    """Decorate ``property(fn, *example)`` (raising :class:`Failed`) into a check ``check(fn)``.

    Hypothesis runs the property on ``max_examples`` inputs drawn from ``strategies``, with a
    fixed seed, and shrinks a failure to the smallest input; the check then raises
    :class:`Failed` with the property's message and that input.
    """
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from hypothesis.reporting import with_reporter

    def decorate(prop):
        def check(fn):
            messages: list[str] = []

            @settings(
                max_examples=max_examples,
                derandomize=True,
                database=None,
                deadline=None,
                print_blob=False,
                report_multiple_bugs=False,  # the first failure, not an ExceptionGroup
                suppress_health_check=list(HealthCheck),
            )
            @given(st.tuples(*strategies))
            def run(example):
                prop(fn, *example)

            try:
                with with_reporter(lambda text: messages.append(str(text))):
                    run()
            except Failed as exc:
                # Older hypothesis reports the shrunk input through the reporter ("Falsifying
                # example: ..."), newer versions attach it to the exception ("Failing test case").
                reports = [*messages, *getattr(exc, "__notes__", [])]
                shown = [m for m in reports if m.startswith(_REPORT_STARTS)]
                where = _example_text(shown[-1]) if shown else ""
                raise Failed(
                    f"{exc}{' — smallest failing input: ' + where if where else ''}"
                ) from None

        check.__name__ = prop.__name__
        check.__doc__ = prop.__doc__
        return check

    return decorate


_REPORT_STARTS = ("Falsifying example", "Failing test case")


def _example_text(report: str) -> str:
    """The inputs from hypothesis's "Falsifying example: run(example=(...))", on one line."""
    body = report.split("example=", 1)[1] if "example=" in report else report
    lines = (line.split("  # ", 1)[0].strip() for line in body.splitlines())  # drop comments
    text = " ".join(line for line in lines if line)
    if text.endswith(")"):  # the parenthesis closing run(
        text = text[:-1].rstrip().rstrip(",")
    return text
