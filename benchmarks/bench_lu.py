"""Chapter 5: LU with partial pivoting (blocked and rank-1) and solve, against LAPACK via SciPy."""

import numpy as np
import scipy.linalg

from foundations.linalg import lu_factor, solve

from .harness import Case

EPS = np.finfo(float).eps


def cases():
    rng = np.random.default_rng(0)

    def same_factors(ours, ref):
        (lu, piv), (ref_lu, ref_piv) = ours, ref
        same = "same pivots" if np.array_equal(piv, ref_piv) else "different pivots"
        return f"{same}, max |lu - lu_ref| {np.max(np.abs(lu - ref_lu)):.1e}"

    for n in (500, 1000, 2000):
        A = rng.normal(size=(n, n))
        yield Case(
            workload=f"lu_factor blocked n={n}",
            ours=lambda A=A: lu_factor(A),
            reference=lambda A=A: scipy.linalg.lu_factor(A),
            check=same_factors,
            repeat=3,
            target="within 3x of LAPACK at n=2000" if n == 2000 else "",
        )
    for n in (500, 1000, 2000):
        A = rng.normal(size=(n, n))
        yield Case(
            workload=f"lu_factor rank-1 n={n}",
            ours=lambda A=A: lu_factor(A, method="rank1"),
            reference=lambda A=A: scipy.linalg.lu_factor(A),
            check=same_factors,
            repeat=1 if n == 2000 else 2,
        )
    for n in (500, 1000, 2000):
        A = rng.normal(size=(n, n))
        b = rng.normal(size=n)

        def residuals(x, x_ref, A=A, b=b):
            def backward(x):
                r = np.linalg.norm(b - A @ x, 1)
                return r / (np.linalg.norm(A, 1) * np.linalg.norm(x, 1) * EPS)

            return f"backward error / eps: ours {backward(x):.2f}, ref {backward(x_ref):.2f}"

        yield Case(
            workload=f"solve n={n}",
            ours=lambda A=A, b=b: solve(A, b),
            reference=lambda A=A, b=b: scipy.linalg.solve(A, b),
            check=residuals,
            repeat=3,
        )
