"""Benchmarks: ``nox -s bench`` times ours against the reference library in the same run.

Each ``bench_*.py`` module defines ``cases()``, yielding :class:`benchmarks.harness.Case` objects.
"""
