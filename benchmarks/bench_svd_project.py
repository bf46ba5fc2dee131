"""SVD image compression: our randomized SVD against scikit-learn's at equal work, and the
project end to end on the two sample photos."""

import numpy as np
from PIL import Image
from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

from foundations.linalg import randomized_svd
from toolkit.datasets import load_sample_image

from .harness import Case, project_run


def image_like(size=2048):
    """The china photo's luma, resized to ``size × size``: a real image's spectrum at scale."""
    luma = Image.fromarray(load_sample_image("china.jpg")).convert("L")
    return np.asarray(luma.resize((size, size), Image.Resampling.BICUBIC), dtype=np.float64)


def cases():
    A = image_like()
    k = 50
    norm = np.linalg.norm(A)

    def compress(svd_fn):
        def run():
            U, s, Vt = svd_fn(A, k, n_oversamples=10, n_iter=4, random_state=0)
            return (U * s) @ Vt

        return run

    def error_ratio(ours, ref):
        return (
            f"error ratio {np.linalg.norm(A - ours) / np.linalg.norm(A - ref):.5f} "
            f"(ours {np.linalg.norm(A - ours) / norm:.4f})"
        )

    yield Case(
        workload="svd project: randomized rank-50 compression of a 2048x2048 image",
        ours=compress(randomized_svd),
        reference=compress(sk_randomized_svd),
        check=error_ratio,
        repeat=3,
        target="<= 1.0x at equal error",
    )

    from projects.svd.cli import main

    yield Case(
        workload="svd project end to end (two sample photos)", ours=project_run(main), repeat=1
    )
