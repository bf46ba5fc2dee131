"""ML Math Bridge foundations: the mathematics of machine learning, from scratch in NumPy.

Chapters follow Tivadar Danka's *Mathematics of Machine Learning*; ``foundations/README.md``
maps each chapter to its module, functions, tests and notes.
"""

from .errors import InputError, LinAlgError

__all__ = ["InputError", "LinAlgError"]
__version__ = "0.1.0"
