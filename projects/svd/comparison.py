"""Our SVDs beside NumPy's and scikit-learn's on one image, at the requested ranks.

Every method produces the rank-k image of every channel for every requested k; the table row
holds its relative Frobenius error at each k, the worst ratio to the Eckart–Young optimum, and
the time it took.
"""

from __future__ import annotations

import numpy as np

from foundations.linalg import randomized_svd

from . import study as study_module
from .blocks import block_rows
from .metrics import relative_frobenius_error
from .results import ComparisonRow
from .study import N_ITER, N_OVERSAMPLES, Study, float_channel, reconstruct, timed

__all__ = ["compare_large", "compare_libraries", "truncation_errors"]


def compare_libraries(study: Study, seed: int) -> None:
    """Our SVDs beside NumPy's and scikit-learn's, at the same ranks: error and time.

    A large image (short side above :data:`~.study.FULL_SVD_LIMIT`) goes to
    :func:`compare_large` instead.

    The time is what it takes to produce the rank-k images for every requested k on every
    channel: one full factorization then products for the full SVDs (our ``svd`` is the study's
    own factorization, timed once), one call per rank for the randomized ones. For an image
    above :data:`FULL_SVD_LIMIT` the two full SVDs are left out.
    """
    if not study.complete:
        compare_large(study, seed)
        return
    from sklearn.decomposition import TruncatedSVD
    from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

    x = study.x
    channels = range(x.shape[2])
    ranks = study.ranks

    def per_rank(rank_k_channel):
        def run():
            return [
                np.stack([rank_k_channel(x[..., j], k) for j in channels], axis=2) for k in ranks
            ]

        return run

    def from_full(decompose_channel):
        def run():
            parts = [decompose_channel(x[..., j]) for j in channels]
            return [np.stack([(U[:, :k] * s[:k]) @ Vt[:k] for U, s, Vt in parts], 2) for k in ranks]

        return run

    def product(U, s, Vt):
        return (U * s) @ Vt

    def ours_randomized(A, k):
        return product(
            *randomized_svd(A, k, n_oversamples=N_OVERSAMPLES, n_iter=N_ITER, random_state=seed)
        )

    def sk_randomized(A, k):
        return product(
            *sk_randomized_svd(A, k, n_oversamples=N_OVERSAMPLES, n_iter=N_ITER, random_state=seed)
        )

    def sk_truncated(A, k):
        model = TruncatedSVD(k, random_state=seed)
        with np.errstate(divide="ignore", invalid="ignore"):  # its variance ratio of a constant
            return model.inverse_transform(model.fit_transform(A))

    optimum = study.eckart_young(ranks)
    rows = [ComparisonRow("Eckart–Young optimum", [float(o) for o in optimum], optimum=True)]

    def add(name: str, approximations: list[np.ndarray], seconds: float) -> None:
        errors = [relative_frobenius_error(x, a) for a in approximations]
        ratios = [e / o for e, o in zip(errors, optimum, strict=True) if o > 0]
        rows.append(ComparisonRow(name, errors, max(ratios) if ratios else None, seconds))

    if study.complete:
        rebuilt, seconds = timed(lambda: [reconstruct(study.factors, k) for k in ranks])
        add("ours: svd", rebuilt, study.svd_seconds + seconds)
    add("ours: randomized_svd", *timed(per_rank(ours_randomized)))
    if study.complete:
        numpy_svd = from_full(lambda A: np.linalg.svd(A, full_matrices=False))
        add("NumPy linalg.svd", *timed(numpy_svd))
    add("scikit-learn TruncatedSVD", *timed(per_rank(sk_truncated)))
    add("scikit-learn randomized_svd", *timed(per_rank(sk_randomized)))
    study.comparison = rows


def truncation_errors(A: np.ndarray, L: np.ndarray, R: np.ndarray, ranks) -> np.ndarray:
    r""":math:`\lVert A - L_{:,:k} R_{:k}\rVert_F^2` for every k in ``ranks``, without forming
    any rank-k matrix.

    With :math:`B_k = L_{:,:k}R_{:k}` (e.g. :math:`L = U\Sigma`, :math:`R = V^\top`),
    :math:`\lVert A - B_k\rVert_F^2 = \lVert A\rVert_F^2 - 2\langle A, B_k\rangle +
    \lVert B_k\rVert_F^2`, where :math:`\langle A, B_k\rangle = \sum_{i\le k}
    (L^\top A)_{i,:}\cdot R_{i,:}` and :math:`\lVert B_k\rVert_F^2 = \sum_{i,j\le k}
    (L^\top L)_{ij}(RR^\top)_{ij}` (no orthogonality assumed): one product :math:`L^\top A`
    for all the ranks. When the error is below :math:`10^{-4}` of :math:`\lVert A\rVert_F`
    the difference loses too many digits, and it is summed directly, a block of rows at a time.
    """
    total = float(np.einsum("ij,ij->", A, A))
    cross = np.einsum("ij,ij->i", L.T @ A, R)
    gram = (L.T @ L) * (R @ R.T)
    out = []
    for k in ranks:
        err2 = total - 2.0 * float(np.sum(cross[:k])) + float(np.sum(gram[:k, :k]))
        if err2 < 1e-8 * total:
            step = block_rows(A)
            err2 = sum(
                float(np.sum((A[r] - L[r, :k] @ R[:k]) ** 2))
                for r in (slice(t, t + step) for t in range(0, A.shape[0], step))
            )
        out.append(max(err2, 0.0))
    return np.array(out)


def compare_large(study: Study, seed: int) -> None:
    """The side by side for a large image: one call per channel at the largest requested rank.

    The exact SVDs (ours and NumPy's) are not run: on a short side above
    :data:`~.study.FULL_SVD_LIMIT` they take minutes per channel; their rows say so. Each
    randomized method is called once per channel at the largest requested rank and truncated
    to the smaller ones (its leading components), and the errors come from
    :func:`truncation_errors`. The reference row is the estimate of the Eckart–Young optimum
    from the study's rank-K randomized singular values :math:`\\hat\\sigma_i`,
    :math:`\\lVert A\rVert_F^2 - \\sum_{i\\le k}\\hat\\sigma_i^2`; since
    :math:`\\hat\\sigma_i \\le \\sigma_i`, it is an upper bound on the optimum.
    """
    from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

    ranks, kmax, K = study.ranks, max(study.ranks), study.max_rank
    total = float(np.sum(study.energies))
    estimate = study.eckart_young(ranks)
    skipped = f"not run: the short side is above {study_module.FULL_SVD_LIMIT:,} px"
    rows = [
        ComparisonRow(
            f"optimum, estimated from rank-{K} randomized σ (an upper bound)",
            [float(e) for e in estimate],
            optimum=True,
        ),
        ComparisonRow(f"ours: svd — {skipped}", [None] * len(ranks)),
    ]
    if study.method == "exact":
        rows.append(
            ComparisonRow(
                f"ours: randomized_svd, the study's rank-{K} call, truncated",
                [r.relative_error for r in study.results],
                max(
                    (
                        r.relative_error / e
                        for r, e in zip(study.results, estimate, strict=True)
                        if e > 0
                    ),
                    default=None,
                ),
                study.svd_seconds,
            )
        )

    def ours(A):
        U, s, Vt = randomized_svd(
            A, kmax, n_oversamples=N_OVERSAMPLES, n_iter=N_ITER, random_state=seed
        )
        return U * s, Vt

    def sk_randomized(A):
        U, s, Vt = sk_randomized_svd(
            A, kmax, n_oversamples=N_OVERSAMPLES, n_iter=N_ITER, random_state=seed
        )
        return U * s, Vt

    def add(name: str, call) -> None:
        err2, seconds = np.zeros(len(ranks)), 0.0
        for j in range(study.n_channels):
            A = float_channel(study.pixels, j)
            (L, R), t = timed(lambda A=A: call(A), budget=0)
            seconds += t
            err2 += truncation_errors(A, L, R, ranks)
        errors = [float(np.sqrt(e / total)) if total > 0 else 0.0 for e in err2]
        ratios = [e / o for e, o in zip(errors, estimate, strict=True) if o > 0]
        rows.append(ComparisonRow(name, errors, max(ratios) if ratios else None, seconds))

    add(f"ours: randomized_svd, one rank-{kmax} call, truncated", ours)
    rows.append(ComparisonRow(f"NumPy linalg.svd — {skipped}", [None] * len(ranks)))
    rows.append(
        ComparisonRow(
            "scikit-learn TruncatedSVD — not run on a large image: its default algorithm is the "
            "randomized_svd below (with 5 power iterations)",
            [None] * len(ranks),
        )
    )
    add(f"scikit-learn randomized_svd, one rank-{kmax} call, truncated", sk_randomized)
    study.comparison = rows
