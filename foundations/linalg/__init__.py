"""Linear algebra from scratch (Part 1 of *Mathematics of Machine Learning*, chapters 1–8).

Every public function of the chapter modules is re-exported here, so
``from foundations.linalg import lu, svd`` works.
"""

# --- Part 1a: chapters 1-5 -------------------------------------------------------------------
from .conditioning import cond, cond_estimate, det, det_cofactor_naive, slogdet
from .decomp_lu import inv, lu, lu_factor, lu_solve, solve
from .distances import nearest_centers, pairwise_squared_distances, row_norms_squared
from .elimination import matrix_rank, null_space, row_echelon, rref
from .geometry import (
    angle,
    cosine_similarity,
    distance,
    gram_schmidt,
    inner,
    matrix_norm,
    norm,
    project_onto_subspace,
    project_onto_vector,
)
from .practice import linear_layer, matmul, matmul_naive, matmul_outer, time_matmul
from .transformations import (
    compose,
    inverse_map,
    polygon_area,
    projection_matrix,
    reflection,
    rotation_2d,
    rotation_3d,
    scaling,
    shear,
    transform_points,
    volume_scale,
)
from .triangular import back_substitution, forward_substitution, solve_triangular
from .vectors import (
    change_of_basis,
    coordinates,
    in_span,
    is_basis,
    is_linearly_independent,
    linear_combination,
)

# --- Part 1b: chapters 6-8 -------------------------------------------------------------------
# isort: split
from .decomp_cholesky import cholesky, cholesky_solve
from .decomp_eigh import eigh, eigvalsh
from .decomp_qr import qr
from .decomp_svd import svd, svdvals, truncated_svd
from .eigen import (
    EigenIteration,
    characteristic_polynomial,
    deflation,
    inverse_iteration,
    power_iteration,
    rayleigh_quotient_iteration,
)
from .graphs import (
    adjacency_matrix,
    connected_components,
    count_walks,
    degree_matrix,
    laplacian,
    pagerank,
    spectral_embedding,
    transition_matrix,
)
from .least_squares import lstsq, pinv
from .nonsymmetric import QRAlgorithmResult, eig, eigvals, qr_algorithm
from .pca import PCA
from .randomized import randomized_range_finder, randomized_svd
from .tridiagonal import eigh_tridiagonal

# --- end of re-exports -----------------------------------------------------------------------
