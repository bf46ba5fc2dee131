"""Chapter 2: the pairwise squared-distance table that k-means and nearest-centroid rest on."""

import numpy as np
from sklearn.metrics.pairwise import euclidean_distances

from foundations.linalg import pairwise_squared_distances

from .harness import Case


def cases():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100_000, 16))
    C = rng.normal(size=(16, 16))

    def agree(ours, ref):
        return f"max abs diff {np.max(np.abs(ours - ref)):.1e}"

    yield Case(
        workload="squared distances 100,000x16 to 16 centres",
        ours=lambda: pairwise_squared_distances(X, C),
        reference=lambda: euclidean_distances(X, C, squared=True),
        check=agree,
        repeat=5,
    )
