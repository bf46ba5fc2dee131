"""Chapter 7: factorizations against LAPACK (through NumPy/SciPy) and scikit-learn.

Randomized SVD is compared at equal work (same oversampling and power iterations) and its error
reported next to the time; Cholesky against the library routine of the same job. The dense
``eigh``/``svd`` cases (n = 256, 512, 1024, with vectors) run with one BLAS thread on both sides
(``toolkit.parallel.blas_threads(1)`` is held while the harness times them) and report our
backward error and orthogonality in units of :math:`n\varepsilon` next to the ratio.
"""

import numpy as np
import scipy.linalg
from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

from foundations.linalg import cholesky, eigh, eigvalsh, randomized_svd, svd
from toolkit.parallel import blas_threads

from .harness import Case

EPS = np.finfo(float).eps


def _matrix_with_spectrum(rng, n, s):
    U, _ = np.linalg.qr(rng.normal(size=(n, n)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (U * s) @ V.T


def cases():
    rng = np.random.default_rng(0)

    # randomized SVD: rank 50 of a 2048 x 2048 matrix with a slowly decaying spectrum
    n, k = 2048, 50
    s = 1.0 / np.sqrt(np.arange(1, n + 1))
    A = _matrix_with_spectrum(rng, n, s)
    optimum = np.sqrt(np.sum(s[k:] ** 2))

    def error_ratio(ours, ref):
        def err(f):
            return np.linalg.norm(A - (f[0] * f[1]) @ f[2]) / optimum

        return f"error/optimum: ours {err(ours):.4f}, sklearn {err(ref):.4f}"

    yield Case(
        workload="randomized SVD rank 50 of 2048x2048 (p=10, q=4) vs sklearn",
        ours=lambda: randomized_svd(A, k, n_oversamples=10, n_iter=4, random_state=0),
        reference=lambda: sk_randomized_svd(A, k, n_oversamples=10, n_iter=4, random_state=0),
        check=error_ratio,
        target="<= 1.0x at equal error",
    )

    # blocked Cholesky, n = 2000
    X = rng.normal(size=(2000, 2000))
    S = X @ X.T / 2000 + np.eye(2000)

    def factor_agree(ours, ref):
        return f"max |L - L_ref| {np.max(np.abs(ours - ref)):.1e}"

    yield Case(
        workload="blocked Cholesky n=2000 vs scipy.linalg.cholesky",
        ours=lambda: cholesky(S),
        reference=lambda: scipy.linalg.cholesky(S, lower=True),
        check=factor_agree,
        target="<= 3x",
    )

    with blas_threads(1):
        yield from dense_cases(rng)


def _accuracy(A, U, s, Vt, ref_s) -> str:
    """Backward error and orthogonality in units of n eps, and the distance to the reference."""
    n = A.shape[0]
    backward = np.linalg.norm(A - (U * s) @ Vt) / (np.linalg.norm(A) * n * EPS)
    orth = max(np.linalg.norm(U.T @ U - np.eye(n)), np.linalg.norm(Vt @ Vt.T - np.eye(n))) / (
        n * EPS
    )
    spread = np.max(np.abs(np.sort(s) - np.sort(ref_s))) / np.max(np.abs(ref_s))
    return f"backward {backward:.2f} n eps, orthogonality {orth:.2f} n eps, |values - ref| {spread:.0e}"


def dense_cases(rng):
    """Dense eigh and SVD with vectors at n = 256, 512, 1024 against NumPy (LAPACK)."""
    for n in (256, 512, 1024):
        M = rng.normal(size=(n, n))
        H = M + M.T
        target = "<= 3x" if n >= 512 else "record the ratio"
        yield Case(
            workload=f"eigh {n}x{n} (vectors) vs numpy.linalg.eigh, 1 thread",
            ours=lambda H=H: eigh(H),
            reference=lambda H=H: np.linalg.eigh(H),
            check=lambda ours, ref, H=H: _accuracy(H, ours[1], ours[0], ours[1].T, ref[0]),
            repeat=5,
            target=target,
        )
        yield Case(
            workload=f"svd {n}x{n} (vectors) vs numpy.linalg.svd, 1 thread",
            ours=lambda M=M: svd(M),
            reference=lambda M=M: np.linalg.svd(M),
            check=lambda ours, ref, M=M: _accuracy(M, ours[0], ours[1], ours[2], ref[1]),
            repeat=5,
            target=target,
        )
    yield Case(
        workload=f"eigvalsh {n}x{n} vs numpy.linalg.eigvalsh, 1 thread",
        ours=lambda H=H: eigvalsh(H),
        reference=lambda H=H: np.linalg.eigvalsh(H),
        check=lambda ours, ref: (
            f"|w - w_ref| / |w|_max {np.max(np.abs(ours - ref)) / np.max(np.abs(ref)):.0e}"
        ),
        repeat=5,
        target="record the ratio",
    )
