r"""A scale data set for the Dask engine: N customers and N houses as Parquet partitions.

``python -m toolkit.scale_data N --out DIR`` (or ``nox -s make-scale-data -- N --out DIR``)
writes

- ``DIR/customers/part-*.parquet``: an RFM table (``customer_id``, ``recency``, ``frequency``,
  ``monetary``) bootstrapped from the CDNOW customers — rows drawn with replacement, then
  jittered: recency by a uniform integer shift of at most ±3 days (kept >= 1), spend by a
  log-normal factor :math:`e^{\varepsilon},\ \varepsilon \sim N(0, 0.05^2)`; frequency is kept
  (a count);
- ``DIR/houses/part-*.parquet``: Ames houses bootstrapped the same way, every numeric column
  with more than 20 distinct values (areas, prices, years stay integers) multiplied by
  :math:`e^{\varepsilon},\ \varepsilon \sim N(0, 0.02^2)`; categorical columns and missing cells
  are copied as they are, so the big runs look like the real ones.

Each partition is drawn from its own generator spawned from ``--seed`` (deterministic, and no
partition needs another in memory). The folder is checked by
:func:`toolkit.output.prepare_out_dir` (never ``data/`` or the sources).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .cli import run_cli
from .output import prepare_out_dir, write_atomically

__all__ = ["cdnow_rfm", "jittered_customers", "jittered_houses", "main", "write_scale_data"]

PROJECT = "scale-data"


def cdnow_rfm() -> pd.DataFrame:
    """The CDNOW customers as recency (days, from 1), frequency (purchases) and spend."""
    from .datasets import load_cdnow

    log = load_cdnow()
    reference = log["date"].max() + pd.Timedelta(days=1)
    grouped = log.groupby("customer_id")
    return pd.DataFrame(
        {
            "recency": (reference - grouped["date"].max()).dt.days.to_numpy(),
            "frequency": grouped.size().to_numpy(),
            "monetary": grouped["amount"].sum().to_numpy(),
        }
    )


def jittered_customers(rfm: pd.DataFrame, n: int, rng, first_id: int = 1) -> pd.DataFrame:
    """``n`` customers bootstrapped from ``rfm`` with jitter (see the module docstring)."""
    rows = rfm.iloc[rng.integers(len(rfm), size=n)].reset_index(drop=True)
    return pd.DataFrame(
        {
            "customer_id": np.arange(first_id, first_id + n, dtype=np.int64),
            "recency": np.maximum(1, rows["recency"] + rng.integers(-3, 4, size=n)),
            "frequency": rows["frequency"].to_numpy(),
            "monetary": rows["monetary"].to_numpy() * np.exp(rng.normal(0, 0.05, size=n)),
        }
    )


def jittered_houses(ames: pd.DataFrame, n: int, rng) -> pd.DataFrame:
    """``n`` houses bootstrapped from ``ames``, continuous columns jittered (module docstring)."""
    rows = ames.iloc[rng.integers(len(ames), size=n)].reset_index(drop=True)
    for column in rows.columns:
        values = rows[column]
        if column in ("Order", "PID") or not pd.api.types.is_numeric_dtype(values):
            continue
        if ames[column].nunique() <= 20:
            continue
        jittered = values.to_numpy(dtype=float) * np.exp(rng.normal(0, 0.02, size=n))
        integer = pd.api.types.is_integer_dtype(values) or np.all(
            np.isnan(ames[column]) | (ames[column] == np.round(ames[column]))
        )
        rows[column] = np.round(jittered) if integer else jittered
    return rows


def _write(frame: pd.DataFrame, path: Path) -> None:
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, buffer.getvalue())


def write_scale_data(n: int, out: Path, *, seed: int = 0, rows_per_part: int = 1_000_000):
    """Write ``n`` customers and ``n`` houses under ``out``; the partition files written."""
    from .datasets import load_ames

    rfm, ames = cdnow_rfm(), load_ames()
    sizes = [min(rows_per_part, n - start) for start in range(0, n, rows_per_part)]
    streams = np.random.SeedSequence(seed).spawn(2 * len(sizes))
    written, first = [], 1
    for i, size in enumerate(sizes):
        customers = jittered_customers(rfm, size, np.random.default_rng(streams[2 * i]), first)
        houses = jittered_houses(ames, size, np.random.default_rng(streams[2 * i + 1]))
        first += size
        for name, frame in [("customers", customers), ("houses", houses)]:
            path = out / name / f"part-{i:05d}.parquet"
            _write(frame, path)
            written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.scale_data",
        description="N customers (RFM) and N houses as Parquet partitions, bootstrapped from "
        "the CDNOW and Ames data with jitter.",
    )
    parser.add_argument("n", type=int, help="rows of each table")
    parser.add_argument("--out", type=Path, default=Path("scale-data"), help="(./scale-data)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rows-per-part", type=int, default=1_000_000)
    parser.add_argument("--force", action="store_true", help="write into a non-empty folder")
    args = parser.parse_args(argv)
    if args.n < 1 or args.rows_per_part < 1:
        parser.error("N and --rows-per-part must be positive")
    out = prepare_out_dir(args.out, project=PROJECT, force=args.force)
    files = write_scale_data(args.n, out, seed=args.seed, rows_per_part=args.rows_per_part)
    print(f"{args.n:,} customers and {args.n:,} houses in {len(files)} partitions under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
