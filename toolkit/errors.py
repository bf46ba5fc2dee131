"""The tooling's own error: a data file that is missing, unreadable or altered.

Bad arguments raise :class:`foundations.errors.InputError`, the same error the mathematics
raises, so one ``except`` in :func:`toolkit.cli.run_cli` covers both.
"""

__all__ = ["DataFileError"]


class DataFileError(OSError):
    """A data file that is missing, unreadable, or whose checksum does not match."""
