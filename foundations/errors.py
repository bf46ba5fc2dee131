"""The errors that ``foundations`` (and the projects, for bad input) raise.

Every error carries one sentence that names the problem, so a command-line run can print it
as it is, without a traceback.
"""

import numpy as np

__all__ = ["InputError", "LinAlgError"]


class InputError(ValueError):
    """Input that cannot be used: a wrong shape, NaN or inf, a missing column, a bad parameter."""


class LinAlgError(np.linalg.LinAlgError):
    """A linear-algebra failure: a singular or numerically singular matrix, no convergence.

    It subclasses :class:`numpy.linalg.LinAlgError` (itself a ``ValueError``), so code written
    against NumPy catches it unchanged.
    """
