"""ML Math Bridge toolkit: what every project shares that is not mathematics.

- :mod:`toolkit.cli` — the command-line runner (:func:`~toolkit.cli.run_cli`: one ``error:``
  line and exit code 2 for bad input) and the flags every project has (``--out``, ``--seed``,
  ``--threads``).
- :mod:`toolkit.reporting` — ``report.md``, ``metrics.json``, ``figures/*.png`` and the
  side-by-side table.
- :mod:`toolkit.timing` — best-of-n wall times and step-by-step progress.
- :mod:`toolkit.parallel` — BLAS thread limits, the cores this process may use, and a map over
  row blocks on a thread pool.
- :mod:`toolkit.tables` — reading a user's CSV file with one clear error.
- :mod:`toolkit.datasets` — the shipped datasets, checked against their SHA-256.
- :mod:`toolkit.scaffold` — forking a project (``nox -s new-project``).
- :mod:`toolkit.partitions` — data in many Parquet/CSV files: finding them, checking their
  columns, reading one partition where a task needs it.
- :mod:`toolkit.distributed` — the Dask engine (``--engine dask``): clusters, the held and
  the streaming chunk engines.
- :mod:`toolkit.scale_data` — the scale data set (``nox -s make-scale-data``).

The package imports nothing at load time, so the noxfile can use :mod:`toolkit.scaffold`
with a bare Python.
"""

__version__ = "0.1.0"
