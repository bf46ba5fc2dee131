"""k-means: our Lloyd iteration against scikit-learn's, and the CDNOW project end to end."""

import numpy as np
from sklearn.cluster import KMeans as SkKMeans

from projects.kmeans import KMeans

from .harness import Case, project_run


def blobs(n=200_000, d=16, k=16, seed=0):
    """``k`` Gaussian clusters (unit noise) around centres drawn with standard deviation 3."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(k, d))
    return centres[rng.integers(0, k, n)] + rng.normal(size=(n, d))


def cases():
    X = blobs()
    k = 16
    init = X[np.random.default_rng(1).choice(X.shape[0], k, replace=False)]

    def compare(ours, ref):
        same = np.mean(ours.labels_ == ref.labels_)
        return (
            f"inertia ratio {ours.inertia_ / ref.inertia_:.6f}, iterations "
            f"{ours.n_iter_}/{ref.n_iter_}, same labels {same:.2%}"
        )

    for algorithm in ("hamerly", "lloyd"):
        yield Case(
            workload=f"k-means 200,000x16, k=16, same start ({algorithm})",
            ours=lambda a=algorithm: KMeans(k, init=init, algorithm=a).fit(X),
            reference=lambda: SkKMeans(k, init=init, n_init=1, algorithm="lloyd").fit(X),
            check=compare,
            repeat=5,
            target="<= 1.0x, inertia <= 1.0001x",
        )

    from projects.kmeans.cli import main

    yield Case(workload="k-means CDNOW project end to end", ours=project_run(main), repeat=1)
