"""Hypothesis strategies shared by the chapters' checks: small matrices, vectors and graphs."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "convex_polygons",
    "expression_programs",
    "full_column_rank",
    "graphs",
    "intervals",
    "invertible",
    "invertible_pairs",
    "layers",
    "least_squares_problems",
    "log_uniform",
    "logits",
    "low_rank_families",
    "matrices",
    "nonzero_vectors",
    "normal_samples",
    "orthogonal",
    "pca_data",
    "polygons",
    "polynomials",
    "probability_vectors",
    "product_pairs",
    "quadratic_form_classes",
    "quadratic_problems",
    "random_invertible",
    "scaled_vectors",
    "seeded",
    "span_questions",
    "spd_matrices",
    "square_matrices",
    "symmetric_with_dominant_eigenvalue",
    "symmetric_with_separated_eigenvalues",
    "triangular_systems",
    "vector_pairs",
    "vectors",
    "well_conditioned",
]

ENTRY = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)


def vectors(n: int, elements=ENTRY):
    """Vectors of length ``n``."""
    return hnp.arrays(np.float64, (n,), elements=elements)


def matrices(min_side: int = 1, max_side: int = 5, elements=ENTRY):
    """``(m, n)`` matrices with sides between ``min_side`` and ``max_side``."""
    shapes = st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side))
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=elements))


def square_matrices(min_side: int = 1, max_side: int = 5, elements=ENTRY):
    """Square matrices, singular ones included."""
    sides = st.integers(min_side, max_side)
    return sides.flatmap(lambda n: hnp.arrays(np.float64, (n, n), elements=elements))


def well_conditioned(min_side: int = 1, max_side: int = 5):
    """Square matrices with condition number below about 1e4, with their size's right side."""

    def build(n):
        return st.tuples(hnp.arrays(np.float64, (n, n), elements=ENTRY), vectors(n)).filter(
            lambda ab: np.linalg.cond(ab[0]) < 1e4
        )

    return st.integers(min_side, max_side).flatmap(build)


def triangular_systems(lower: bool, max_side: int = 6):
    """``(T, b)`` with ``T`` triangular, diagonal entries of size 0.5 to 5."""
    diag = st.floats(0.5, 5).flatmap(lambda x: st.sampled_from([x, -x]))

    def build(n):
        return st.tuples(
            hnp.arrays(np.float64, (n, n), elements=ENTRY),
            hnp.arrays(np.float64, (n,), elements=diag),
            vectors(n),
        ).map(lambda t: (_triangle(t[0], t[1], lower), t[2]))

    return st.integers(1, max_side).flatmap(build)


def _triangle(A, d, lower):
    T = np.tril(A, -1) if lower else np.triu(A, 1)
    return T + np.diag(d)


# --------------------------------------------------------------------------------------------
# Structured random inputs, built by NumPy from a drawn size and seed: the example shown on a
# failure is the matrix itself (hypothesis prints the built value, not the seed).
# --------------------------------------------------------------------------------------------

SEEDS = st.integers(0, 2**32 - 1)


@st.composite
def seeded(draw, build, min_side: int = 1, max_side: int = 5):
    """``build(rng, n)`` for a drawn size ``n`` and a NumPy generator from a drawn seed.

    (A composite, not ``.map``: hypothesis then shows the built value on a failure.)
    """
    n = draw(st.integers(min_side, max_side))
    return build(np.random.default_rng(draw(SEEDS)), n)


def orthogonal(rng, n: int) -> np.ndarray:
    """A random orthogonal ``n × n`` matrix (QR of a Gaussian matrix, R's signs made positive)."""
    Q, R = np.linalg.qr(rng.normal(size=(n, n)))
    return Q * np.where(np.diag(R) < 0, -1.0, 1.0)


def low_rank_families(max_k: int = 5, max_d: int = 5):
    """``(k, d)`` arrays of rank ``r`` (rows = vectors), a clear gap between σ_r and σ_{r+1}.

    Rows are combinations ``C @ W`` of ``r`` Gaussian directions, scaled by 10^(−4..4); the
    non-zero singular values are above 1e-4 σ₁, the others at rounding level.
    """

    def build(rng):
        k, d = int(rng.integers(1, max_k + 1)), int(rng.integers(1, max_d + 1))
        r = int(rng.integers(1, min(k, d) + 1))
        while True:
            V = rng.normal(size=(k, r)) @ rng.normal(size=(r, d))
            s = np.linalg.svd(V, compute_uv=False)
            if s[r - 1] > 1e-4 * s[0]:
                return V * 10.0 ** rng.uniform(-4, 4)

    return st.composite(lambda draw: build(np.random.default_rng(draw(SEEDS))))()


def span_questions(max_k: int = 4, max_d: int = 5):
    """``(V, v, inside)``: a family ``V``, a vector ``v``, and whether ``v`` is in its span.

    Inside: ``v = c @ V``. Outside (only when the span is not everything): ``v`` plus a
    component orthogonal to the span as large as ``V``'s rows.
    """

    def build(rng, V):
        k, d = V.shape
        r = np.linalg.matrix_rank(V)
        v = rng.normal(size=k) @ V
        if r == d or rng.random() < 0.5:
            return V, v, True
        _, _, Vt = np.linalg.svd(V)
        w = rng.normal(size=d - r) @ Vt[r:]
        return V, v + w / np.linalg.norm(w) * np.max(np.linalg.norm(V, axis=1)), False

    return st.composite(
        lambda draw: build(
            np.random.default_rng(draw(SEEDS)), draw(low_rank_families(max_k, max_d))
        )
    )()


def random_invertible(rng, n: int, max_cond: float = 1e3) -> np.ndarray:
    """A Gaussian ``n × n`` matrix with condition number below ``max_cond``."""
    while True:
        A = rng.normal(size=(n, n))
        if np.linalg.cond(A) < max_cond:
            return A


def invertible(min_side: int = 1, max_side: int = 5, max_cond: float = 1e3):
    """Square Gaussian matrices with condition number below ``max_cond``."""
    return seeded(lambda rng, n: random_invertible(rng, n, max_cond), min_side, max_side)


def invertible_pairs(min_side: int = 1, max_side: int = 5):
    """``(F, G, c)``: two invertible matrices of one size (cond < 1e3) and a vector of it."""
    return seeded(
        lambda rng, n: (random_invertible(rng, n), random_invertible(rng, n), rng.normal(size=n)),
        min_side,
        max_side,
    )


def product_pairs(min_side: int = 1, max_side: int = 5, elements=ENTRY):
    """``(A, B)`` with ``A`` of shape ``(m, p)`` and ``B`` of shape ``(p, n)``: a valid product."""
    sides = st.tuples(*(st.integers(min_side, max_side) for _ in range(3)))
    return sides.flatmap(
        lambda s: st.tuples(
            hnp.arrays(np.float64, (s[0], s[1]), elements=elements),
            hnp.arrays(np.float64, (s[1], s[2]), elements=elements),
        )
    )


def full_column_rank(min_side: int = 1, max_side: int = 6, max_cond: float = 1e3):
    """Tall ``(m, n)``, ``m ≥ n``, Gaussian matrices with condition number below ``max_cond``."""

    def build(rng, n):
        m = n + int(rng.integers(0, 4))
        while True:
            A = rng.normal(size=(m, n)) * 10.0 ** rng.uniform(-3, 3)
            if np.linalg.cond(A) < max_cond:
                return A

    return seeded(build, min_side, max_side)


def spd_matrices(min_side: int = 1, max_side: int = 6):
    """Symmetric positive definite matrices ``Q diag(λ) Qᵀ``, λ in 10^(−2..2) (cond ≤ 1e4)."""

    def build(rng, n):
        lam = 10.0 ** rng.uniform(-2, 2, size=n)
        Q = orthogonal(rng, n)
        A = (Q * lam) @ Q.T
        return (A + A.T) / 2

    return seeded(build, min_side, max_side)


def symmetric_with_dominant_eigenvalue(min_side: int = 1, max_side: int = 6):
    """Symmetric matrices whose largest-magnitude eigenvalue (of either sign, 2 to 10 in
    size) is at least 1/0.6 times every other one in size: power iteration converges fast."""

    def build(rng, n):
        top = rng.choice([-1.0, 1.0]) * rng.uniform(2, 10)
        lam = np.concatenate([[top], rng.uniform(-0.6, 0.6, size=n - 1) * abs(top)])
        Q = orthogonal(rng, n)
        A = (Q * lam) @ Q.T
        return (A + A.T) / 2

    return seeded(build, min_side, max_side)


def symmetric_with_separated_eigenvalues(min_side: int = 1, max_side: int = 6):
    """Symmetric matrices whose eigenvalues (in −10..10) are at least 0.5 apart."""

    def build(rng, n):
        lam = rng.uniform(-10, -5) + np.cumsum(rng.uniform(0.5, 3, size=n))
        Q = orthogonal(rng, n)
        A = (Q * lam) @ Q.T
        return (A + A.T) / 2

    return seeded(build, min_side, max_side)


def graphs(min_nodes: int = 1, max_nodes: int = 7, *, directed: bool = False, weighted=False):
    """Adjacency matrices: no self-loops, symmetric unless ``directed``; isolated nodes occur.

    Unweighted graphs have 0/1 entries; ``weighted`` ones positive weights in 0.5..5.
    """
    weight = st.floats(0.5, 5) if weighted else st.just(1.0)

    def build(n):
        mask = hnp.arrays(np.bool_, (n, n))
        values = hnp.arrays(np.float64, (n, n), elements=weight)
        return st.tuples(mask, values).map(lambda mv: _adjacency(mv[0], mv[1], directed))

    return st.integers(min_nodes, max_nodes).flatmap(build)


def _adjacency(mask, values, directed):
    A = np.where(mask, values, 0.0)
    np.fill_diagonal(A, 0.0)
    if not directed:
        A = np.triu(A, 1)
        A = A + A.T
    return A


@st.composite
def scaled_vectors(draw, min_len: int = 1, max_len: int = 6):
    """Vectors whose entries share a scale 10^e, e in −300..300: their squares overflow or
    underflow at the ends."""
    n = draw(st.integers(min_len, max_len))
    return draw(vectors(n)) * 10.0 ** draw(st.integers(-300, 300))


def nonzero_vectors(n: int):
    """Vectors of length ``n`` no shorter than 1e-3."""
    return vectors(n).filter(lambda v: np.sqrt(v @ v) > 1e-3)


@st.composite
def vector_pairs(draw, min_len: int = 1, max_len: int = 6):
    """``(x, y)``: two vectors of one length, neither shorter than 1e-3."""
    n = draw(st.integers(min_len, max_len))
    return draw(nonzero_vectors(n)), draw(nonzero_vectors(n))


def polygons(max_vertices: int = 8):
    """Closed polygons of the plane, vertices as rows (self-intersecting ones included)."""
    return st.integers(3, max_vertices).flatmap(
        lambda k: hnp.arrays(np.float64, (k, 2), elements=ENTRY)
    )


def convex_polygons(max_points: int = 10):
    """Convex polygons with their vertices counter-clockwise (scipy's 2-D convex hull order)."""
    from scipy.spatial import ConvexHull

    def build(rng, k):
        points = rng.normal(size=(k, 2)) * 10.0 ** rng.uniform(-2, 2)
        return points[ConvexHull(points).vertices]

    return seeded(build, 3, max_points)


@st.composite
def layers(draw, max_side: int = 5):
    """``(X, W, b)`` of a linear layer: ``X`` (n_samples, n_in), ``W`` (n_out, n_in), ``b`` (n_out,)."""
    n, n_in, n_out = (draw(st.integers(1, max_side)) for _ in range(3))
    X = draw(hnp.arrays(np.float64, (n, n_in), elements=ENTRY))
    W = draw(hnp.arrays(np.float64, (n_out, n_in), elements=ENTRY))
    return X, W, draw(vectors(n_out))


@st.composite
def least_squares_problems(draw, max_side: int = 6, max_cond: float = 1e3):
    """``(A, b)``: a tall full-column-rank ``A`` (cond < ``max_cond``) and a right side ``b``
    that is not in its column space (unless ``A`` is square)."""
    A = draw(full_column_rank(1, max_side, max_cond))
    rng = np.random.default_rng(draw(SEEDS))
    return A, A @ rng.normal(size=A.shape[1]) + rng.normal(size=A.shape[0]) * np.max(np.abs(A))


def pca_data(max_samples: int = 20, max_features: int = 5):
    """``(X, k)``: samples as rows, far from the origin (mean about 10 per feature), whose
    sample variances along the principal axes differ by at least 10 % (so each component is
    defined up to its sign), and a number of components ``k``."""

    def build(rng, d):
        n = int(rng.integers(d + 1, max_samples + 1))
        while True:
            spread = 2.0 ** -np.arange(d) * rng.uniform(0.5, 3)
            X = (rng.normal(size=(n, d)) * spread) @ orthogonal(rng, d) + rng.normal(10, 3, d)
            s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
            if np.all(s[1:] < 0.95 * s[:-1]) and s[-1] > 1e-6 * s[0]:
                return X, int(rng.integers(1, d + 1))

    return seeded(build, 1, max_features)


# --------------------------------------------------------------------------------------------
# Functions and series (chapters 9–10): logits across the whole float range.
# --------------------------------------------------------------------------------------------

LOGIT = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)


def logits(max_rows: int = 4, max_len: int = 6, elements=LOGIT):
    """1-D ``(n,)`` or 2-D ``(m, n)`` arrays of entries up to ±1000 (where ``exp`` overflows)."""
    shapes = st.one_of(
        st.tuples(st.integers(1, max_len)),
        st.tuples(st.integers(1, max_rows), st.integers(1, max_len)),
    )
    return shapes.flatmap(lambda shape: hnp.arrays(np.float64, shape, elements=elements))


# --------------------------------------------------------------------------------------------
# Calculus and probability (chapters 11–20): scales, polynomials, probability vectors.
# --------------------------------------------------------------------------------------------


def log_uniform(low: float, high: float):
    """Positive floats ``10^e`` with ``e`` uniform in ``[low, high]``: every scale equally often."""
    return st.floats(low, high).map(lambda e: float(10.0**e))


def polynomials(max_degree: int = 4, elements=ENTRY):
    """Coefficient vectors ``c`` of ``p(x) = Σ c_k x^k`` (lowest degree first), degree ≤ ``max_degree``."""
    return st.integers(1, max_degree + 1).flatmap(lambda n: vectors(n, elements))


@st.composite
def intervals(draw, max_abs: float = 5.0):
    """``(a, b)``: an interval of length 10^(−2..1) starting in ``[−max_abs, max_abs]``, either
    orientation (``b < a`` now and then)."""
    a = draw(st.floats(-max_abs, max_abs))
    width = draw(log_uniform(-2, 1))
    return (a, a + width) if draw(st.booleans()) else (a + width, a)


FORM_CLASSES = (
    "positive definite",
    "negative definite",
    "positive semidefinite",
    "negative semidefinite",
    "indefinite",
    "zero",
)


def quadratic_form_classes(max_side: int = 5):
    """``(A, label)``: ``A = Q diag(λ) Qᵀ + K`` with the signs of λ making ``label`` one of
    :data:`FORM_CLASSES`, ``K`` antisymmetric (it does not change the form), the scale 10^(−3..3).

    Non-zero eigenvalues are at least 1e-3 of the largest; zero ones are exactly 0 before
    rounding, so they come out at rounding level, of either sign.
    """

    def build(rng, n):
        possible = FORM_CLASSES if n > 1 else ("positive definite", "negative definite", "zero")
        label = possible[int(rng.integers(0, len(possible)))]
        if label == "indefinite":
            sign = np.concatenate([[1.0, -1.0], rng.choice([-1.0, 0.0, 1.0], size=n - 2)])
        elif label.endswith("semidefinite"):  # 1 to n − 1 zero eigenvalues
            sign = (np.arange(n) >= rng.integers(1, n)).astype(float)
        else:
            sign = np.ones(n) if label.endswith("definite") else np.zeros(n)
        if label.startswith("negative"):
            sign = -sign
        scale = 10.0 ** rng.uniform(-3, 3)
        lam = sign * 10.0 ** rng.uniform(-3, 0, size=n) * scale
        Q = orthogonal(rng, n)
        S = (Q * lam) @ Q.T
        R = rng.normal(size=(n, n)) * scale * float(rng.random() < 0.7)
        return (S + S.T) / 2 + (R - R.T), label

    return seeded(build, 1, max_side)


OPERATIONS = ("add", "mul", "tanh", "add_number", "number_mul")


@st.composite
def expression_programs(draw, max_inputs: int = 3, max_steps: int = 8):
    """``(inputs, steps)``: a random expression graph over scalar inputs in −1.5..1.5.

    Each step ``(op, i, j, c)`` appends node ``nodes[i] op nodes[j]`` (``op`` in
    :data:`OPERATIONS`; ``tanh`` uses ``i`` only, the ``number`` ops the constant ``c``), with
    ``i, j`` any earlier node (taken modulo their count): nodes are reused, so gradients must
    add up along several paths. The last node is the output.
    """
    inputs = draw(st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=max_inputs))
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(OPERATIONS),
                st.integers(0, 100),
                st.integers(0, 100),
                st.floats(-2, 2),
            ),
            min_size=1,
            max_size=max_steps,
        )
    )
    return inputs, steps


def quadratic_problems(min_side: int = 1, max_side: int = 6, max_cond: float = 20.0):
    """``(A, b, x0)``: an SPD ``A`` with eigenvalues from 1 to ``max_cond`` (both ends present
    when n > 1), a right side ``b`` and a start ``x0`` — the quadratic ``½xᵀAx − bᵀx``."""

    def build(rng, n):
        lam = np.concatenate([[1.0, max_cond], rng.uniform(1.0, max_cond, size=max(n - 2, 0))])
        Q = orthogonal(rng, n)
        A = (Q * lam[:n]) @ Q.T
        return (A + A.T) / 2, rng.normal(size=n) * 5, rng.normal(size=n) * 5

    return seeded(build, min_side, max_side)


def probability_vectors(min_len: int = 1, max_len: int = 6, zeros: bool = True):
    """Probability vectors (Dirichlet, concentrations 10^(−1..1)); with ``zeros``, some entries
    exactly 0 now and then (never all). They sum to 1 up to rounding."""

    def build(rng, n):
        p = rng.dirichlet(10.0 ** rng.uniform(-1, 1, size=n))
        if zeros and n > 1 and rng.random() < 0.5:
            p[rng.random(n) < 0.3] = 0.0
            if p.sum() == 0:
                p[int(rng.integers(0, n))] = 1.0
        return p / p.sum()

    return seeded(build, min_len, max_len)


def normal_samples(min_size: int = 1, max_size: int = 50):
    """Normal samples with a location up to ±1e9 (often far from 0) and a scale 10^(−3..3):
    one-pass formulas for the variance lose every digit on them."""

    def build(rng, n):
        loc = rng.choice([0.0, 1.0, -1.0]) * 10.0 ** rng.uniform(0, 9)
        return rng.normal(loc, 10.0 ** rng.uniform(-3, 3), size=n)

    return seeded(build, min_size, max_size)
