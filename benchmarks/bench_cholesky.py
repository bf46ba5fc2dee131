"""Chapters 5 and 7: Cholesky and triangular solves, against LAPACK via SciPy.

The regression project's ridge solve is one Cholesky of a p x p Gram matrix and two triangular
solves; p = 200 is its Ames workload. One BLAS thread on both sides (``blas_threads(1)`` is held while the harness times the cases).
"""

import numpy as np
import scipy.linalg

from foundations.linalg import cholesky, solve_triangular
from toolkit.parallel import blas_threads

from .harness import Case

EPS = np.finfo(float).eps


def _spd(rng, n):
    X = rng.normal(size=(2 * n, n))
    return X.T @ X


def cases():
    with blas_threads(1):
        yield from _cases(np.random.default_rng(0))


def _cases(rng):
    for n in (200, 1000):
        A = _spd(rng, n)
        b = rng.normal(size=n)

        def backward(L, L_ref, A=A):
            def err(L):
                return np.linalg.norm(L @ L.T - A) / (np.linalg.norm(A) * EPS)

            return f"|LL^T - A| / (|A| eps): ours {err(L):.1f}, ref {err(L_ref):.1f}"

        yield Case(
            workload=f"cholesky n={n}",
            ours=lambda A=A: cholesky(A),
            reference=lambda A=A: scipy.linalg.cholesky(A, lower=True),
            check=backward,
            repeat=5,
        )

        def ours_solve(A=A, b=b):
            L = cholesky(A)
            return solve_triangular(L.T, solve_triangular(L, b, lower=True))

        def ref_solve(A=A, b=b):
            return scipy.linalg.cho_solve(scipy.linalg.cho_factor(A, lower=True), b)

        yield Case(
            workload=f"cholesky + 2 triangular solves n={n}",
            ours=ours_solve,
            reference=ref_solve,
            check=lambda x, r: f"max rel diff {np.max(np.abs(x - r)) / np.max(np.abs(r)):.1e}",
            repeat=5,
            target="within 3x of LAPACK" if n == 1000 else "",
        )
        L = np.linalg.cholesky(A)
        B = rng.normal(size=(n, n))
        yield Case(
            workload=f"solve_triangular n={n}, {n} right-hand sides",
            ours=lambda L=L, B=B: solve_triangular(L, B, lower=True),
            reference=lambda L=L, B=B: scipy.linalg.solve_triangular(L, B, lower=True),
            check=lambda x, r: f"max rel diff {np.max(np.abs(x - r)) / np.max(np.abs(r)):.1e}",
            repeat=3,
        )
