"""The tooling's own errors: a data file that is missing, unreadable or altered; a cluster
that cannot finish the work.

Bad arguments raise :class:`foundations.errors.InputError`, the same error the mathematics
raises, so one ``except`` in :func:`toolkit.cli.run_cli` covers both.
"""

__all__ = ["ClusterError", "DataFileError"]


class DataFileError(OSError):
    """A data file that is missing, unreadable, or whose checksum does not match."""


class ClusterError(RuntimeError):
    """The Dask cluster could not run the work: its workers died on a task (out of memory)."""
