"""Linear algebra from scratch (Part 1 of *Mathematics of Machine Learning*, chapters 1–8).

Every public function of the chapter modules is re-exported here, so
``from foundations.linalg import lu, svd`` works.
"""

# --- Part 1a: chapters 1-5 -------------------------------------------------------------------
from .geometry import pairwise_squared_distances
from .triangular import back_substitution, forward_substitution, solve_triangular

# --- Part 1b: chapters 6-8 -------------------------------------------------------------------
# isort: split
from .cholesky import cholesky, cholesky_solve
from .qr import qr

# --- end of re-exports -----------------------------------------------------------------------
