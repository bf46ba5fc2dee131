"""Customer segmentation with k-means written from scratch, side by side with scikit-learn.

``from projects.kmeans import KMeans`` gives the estimator (scikit-learn's interface);
``python -m projects.kmeans`` segments the CDNOW customers and writes a report.
"""

from .lloyd_iterations import lloyd
from .model import KMeans
from .seeding import kmeans_plusplus, random_seeding

__all__ = ["KMeans", "kmeans_plusplus", "lloyd", "random_seeding"]
