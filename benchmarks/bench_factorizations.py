"""Chapter 7: factorizations against LAPACK (through NumPy/SciPy) and scikit-learn.

Randomized SVD is compared at equal work (same oversampling and power iterations) and its error
reported next to the time; Cholesky, SVD and eigh against the library routine of the same job.
"""

import numpy as np
import scipy.linalg
from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

from foundations.linalg import cholesky, eigh, randomized_svd, svd

from .harness import Case


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

    # full SVD and eigh at 512 x 512
    M = rng.normal(size=(512, 512))
    H = M + M.T

    def singular_values_agree(ours, ref):
        return f"max |s - s_ref| / s_1 {np.max(np.abs(ours[1] - ref[1])) / ref[1][0]:.1e}"

    def eigenvalues_agree(ours, ref):
        scale = np.max(np.abs(ref[0]))
        return f"max |w - w_ref| / |w|_max {np.max(np.abs(ours[0] - ref[0])) / scale:.1e}"

    yield Case(
        workload="full SVD 512x512 vs numpy.linalg.svd",
        ours=lambda: svd(M),
        reference=lambda: np.linalg.svd(M),
        check=singular_values_agree,
        repeat=1,
        target="record the ratio",
    )
    yield Case(
        workload="eigh 512x512 vs numpy.linalg.eigh",
        ours=lambda: eigh(H),
        reference=lambda: np.linalg.eigh(H),
        check=eigenvalues_agree,
        repeat=1,
        target="record the ratio",
    )
