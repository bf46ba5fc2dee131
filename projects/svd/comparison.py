"""Our SVDs beside NumPy's and scikit-learn's on one image, at the requested ranks.

Every method produces the rank-k image of every channel for every requested k; the table row
holds its relative Frobenius error at each k, the worst ratio to the Eckart–Young optimum, and
the time it took.
"""

from __future__ import annotations

import numpy as np

from foundations.linalg import randomized_svd

from .metrics import relative_frobenius_error
from .results import ComparisonRow
from .study import N_ITER, N_OVERSAMPLES, Study, reconstruct, timed

__all__ = ["compare_libraries"]


def compare_libraries(study: Study, seed: int) -> None:
    """Our SVDs beside NumPy's and scikit-learn's, at the same ranks: error and time.

    The time is what it takes to produce the rank-k images for every requested k on every
    channel: one full factorization then products for the full SVDs (our ``svd`` is the study's
    own factorization, timed once), one call per rank for the randomized ones. For an image
    above :data:`FULL_SVD_LIMIT` the two full SVDs are left out.
    """
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
