"""Data in partition files: which files, their columns, and reading one where it is used.

A data set that outgrows one machine arrives as many files (Parquet or CSV), each a
*partition* of the rows. :func:`find_partitions` turns ``--data`` (a file, a folder or a glob)
into :class:`Partition` descriptions after checking that every file has the columns the run
needs (one clear error naming the file otherwise). A :class:`Partition` is only a file name
and columns, so it travels to a worker for free; :func:`read_partition` reads it there.

A :class:`Derived` chunk is a per-partition transformation not yet applied (standardising,
dropping incomplete rows): ``Derived(fn, (a, b), {"mean": m})`` stands for
``fn(a, b, mean=m)``. :func:`materialize` reads and applies such descriptions inside one task,
reading each file once however many of the task's arguments come from it. The streaming engine
of :mod:`toolkit.distributed` is built on these: a pass over the data holds one partition per
worker instead of all of them.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import DataFileError

__all__ = [
    "Derived",
    "Partition",
    "estimated_bytes",
    "find_partitions",
    "materialize",
    "partition_files",
    "read_partition",
]

_SUFFIXES = (".parquet", ".pq", ".csv")


@dataclass(frozen=True)
class Partition:
    """The ``columns`` of the partition file ``path``, in that order (not read yet); ``rows``
    from a Parquet file's footer (None for CSV, whose rows are known only once read)."""

    path: str
    columns: tuple[str, ...]
    rows: int | None = None


@dataclass(frozen=True, eq=False)
class Derived:
    """``fn(*args, **shared)`` for one chunk, where ``args`` may be partitions or ``Derived``."""

    fn: Callable
    args: tuple
    shared: dict = field(default_factory=dict)


def partition_files(source) -> list[Path]:
    """The partition files named by ``source``: a file, a folder (its .parquet/.csv files) or a glob."""
    text = str(source)
    path = Path(text)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
    elif any(ch in text for ch in "*?["):
        files = sorted(Path(p) for p in glob.glob(text))
    else:
        files = [path]
    if not files:
        raise DataFileError(f"no .parquet or .csv partitions in {text}")
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise DataFileError(f"{missing[0]}: no such file")
    kinds = {f.suffix.lower() == ".csv" for f in files}
    if len(kinds) > 1:
        raise DataFileError(f"{text}: mixes CSV and Parquet partitions; use one format")
    return files


def _is_csv(path) -> bool:
    return str(path).lower().endswith(".csv")


def _describe(file: Path) -> tuple[list[str], int | None]:
    """The column names of a partition file and, for Parquet, its row count (one footer read)."""
    if _is_csv(file):
        with file.open(encoding="utf-8", errors="replace") as handle:
            header = handle.readline().rstrip("\r\n")
        return [name.strip().strip('"') for name in header.split(",")], None
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(file)
    except Exception as exc:  # pyarrow raises its own error types for a broken file
        raise DataFileError(f"{file}: not a readable Parquet file ({exc})") from None
    return list(meta.schema.to_arrow_schema().names), meta.num_rows


def find_partitions(source, columns: Sequence[str]) -> list[Partition]:
    """One :class:`Partition` of ``columns`` per file of ``source``, every file checked first.

    Raises
    ------
    DataFileError
        No partition files, a missing or unreadable file, CSV mixed with Parquet, or a
        partition lacking one of ``columns`` (the message names the file and the columns).
    """
    columns = tuple(columns)
    files = partition_files(source)
    parts = []
    for file in files:
        names, rows = _describe(file)
        absent = [c for c in columns if c not in set(names)]
        if absent:
            raise DataFileError(
                f"{file}: partition lacks column(s) {', '.join(absent)} "
                f"(every partition needs {', '.join(columns)})"
            )
        parts.append(Partition(str(file), columns, rows))
    return parts


def read_partition(part: Partition) -> np.ndarray:
    """The partition's columns as a float64 array of shape (rows, len(columns)), missing values
    as NaN. Column-major, filled from the file batch by batch (Parquet) or column by column
    (CSV), so reading holds little more than the result, not the two or three copies of a
    data frame in between.

    Raises
    ------
    DataFileError
        The file cannot be read, or a column holds values that are not numbers.
    """
    from pyarrow import ArrowException

    try:
        return _read_csv(part) if _is_csv(part.path) else _read_parquet(part)
    except DataFileError:
        raise
    except (OSError, ValueError, ArrowException) as exc:  # a bad file, as pandas or pyarrow say
        raise DataFileError(f"{part.path}: cannot be read ({exc})") from None


def _not_numbers(part: Partition, name: str) -> DataFileError:
    return DataFileError(f"{part.path}: column {name} holds values that are not numbers")


def _read_csv(part: Partition) -> np.ndarray:
    import pandas as pd

    frame = pd.read_csv(part.path, usecols=list(part.columns))
    out = np.empty((len(frame), len(part.columns)), order="F")
    for j, name in enumerate(part.columns):
        column = frame[name]
        if not (pd.api.types.is_numeric_dtype(column) or column.isna().all()):
            raise _not_numbers(part, name)
        out[:, j] = column.to_numpy(dtype=np.float64, na_value=np.nan)
    return out


def _read_parquet(part: Partition, batch_rows: int = 65_536) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = pq.ParquetFile(part.path)
    schema = file.schema_arrow
    for name in part.columns:
        kind = schema.field(name).type
        if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)
                or pa.types.is_boolean(kind) or pa.types.is_null(kind)
                or pa.types.is_decimal(kind)):  # fmt: skip
            raise _not_numbers(part, name)
    out = np.empty((file.metadata.num_rows, len(part.columns)), order="F")
    row = 0
    for batch in file.iter_batches(batch_size=batch_rows, columns=list(part.columns)):
        rows = slice(row, row + batch.num_rows)
        for j, name in enumerate(part.columns):
            column = batch.column(name).cast(pa.float64())
            out[rows, j] = column.to_numpy(zero_copy_only=False)
        row += batch.num_rows
    return out


def estimated_bytes(parts: Sequence[Partition]) -> int:
    """The size of the partitions once read as float64: rows times columns times 8 where the
    rows are known (Parquet), else the file size (a number's text is about as long as its 8
    bytes)."""
    return sum(
        Path(p.path).stat().st_size if p.rows is None else p.rows * len(p.columns) * 8
        for p in parts
    )


def materialize(chunk, cache: dict):
    """The value a chunk description stands for, inside one task; other values pass through.

    ``cache`` maps each :class:`Partition` read in this task to its array, so a file is read
    once per task however many arguments derive from it.
    """
    if isinstance(chunk, Partition):
        if chunk not in cache:
            cache[chunk] = read_partition(chunk)
        return cache[chunk]
    if isinstance(chunk, Derived):
        return chunk.fn(*(materialize(a, cache) for a in chunk.args), **chunk.shared)
    return chunk
