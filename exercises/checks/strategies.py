"""Hypothesis strategies shared by the chapters' checks: small matrices and vectors."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = ["matrices", "square_matrices", "triangular_systems", "vectors", "well_conditioned"]

ENTRY = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)


def vectors(n: int, elements=ENTRY):
    """Vectors of length ``n``."""
    return hnp.arrays(np.float64, (n,), elements=elements)


def matrices(min_side: int = 1, max_side: int = 5, elements=ENTRY):
    """``(m, n)`` matrices with sides between ``min_side`` and ``max_side``."""
    shapes = st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side))
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=elements))


def square_matrices(min_side: int = 1, max_side: int = 5, elements=ENTRY):
    """Square matrices, singular ones included."""
    sides = st.integers(min_side, max_side)
    return sides.flatmap(lambda n: hnp.arrays(np.float64, (n, n), elements=elements))


def well_conditioned(min_side: int = 1, max_side: int = 5):
    """Square matrices with condition number below about 1e4, with their size's right side."""

    def build(n):
        return st.tuples(hnp.arrays(np.float64, (n, n), elements=ENTRY), vectors(n)).filter(
            lambda ab: np.linalg.cond(ab[0]) < 1e4
        )

    return st.integers(min_side, max_side).flatmap(build)


def triangular_systems(lower: bool, max_side: int = 6):
    """``(T, b)`` with ``T`` triangular, diagonal entries of size 0.5 to 5."""
    diag = st.floats(0.5, 5).flatmap(lambda x: st.sampled_from([x, -x]))

    def build(n):
        return st.tuples(
            hnp.arrays(np.float64, (n, n), elements=ENTRY),
            hnp.arrays(np.float64, (n,), elements=diag),
            vectors(n),
        ).map(lambda t: (_triangle(t[0], t[1], lower), t[2]))

    return st.integers(1, max_side).flatmap(build)


def _triangle(A, d, lower):
    T = np.tril(A, -1) if lower else np.triu(A, 1)
    return T + np.diag(d)
