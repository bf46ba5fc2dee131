"""The chapter figures of ``foundations.linalg``, rendered by ``python -m foundations.chapter_figures``.

Each ``figure_chNN_<slug>`` takes no argument and returns a matplotlib ``Figure``; the notes
link it as ``figures/chNN_<slug>.png``. Plotting lives here, apart from the mathematics.
"""

from __future__ import annotations

import numpy as np

from .decomp_lu import lu
from .decomp_svd import svd
from .eigen import inverse_iteration, power_iteration, rayleigh_quotient_iteration
from .geometry import angle, norm, project_onto_vector
from .graphs import adjacency_matrix, spectral_embedding
from .practice import time_matmul
from .transformations import (
    polygon_area,
    projection_matrix,
    reflection,
    rotation_2d,
    scaling,
    shear,
    transform_points,
    volume_scale,
)
from .vectors import coordinates

__all__ = [
    "figure_ch01_coordinates",
    "figure_ch02_unit_balls",
    "figure_ch03_matmul_timing",
    "figure_ch04_transformations",
    "figure_ch05_lu_backward_error",
    "figure_ch06_convergence",
    "figure_ch07_divide_and_conquer",
    "figure_ch07_eckart_young",
    "figure_ch08_spectral_embedding",
]


def figure_ch06_convergence():
    """Residual per step of power, inverse and Rayleigh quotient iteration on one symmetric matrix."""
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.normal(size=(60, 60)))
    lam = np.r_[10.0, 9.0, np.linspace(-8, 8, 58)]
    A = (Q * lam) @ Q.T
    x0 = rng.normal(size=60)
    runs = {
        "power iteration (ratio 9/10)": power_iteration(A, x0, tol=1e-14, max_iter=400),
        "inverse iteration, shift 9.8": inverse_iteration(A, 9.8, x0, tol=1e-14),
        "Rayleigh quotient iteration": rayleigh_quotient_iteration(A, x0, shift=9.8, tol=1e-14),
    }
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    for label, run in runs.items():
        ax.semilogy(np.arange(1, run.n_iter + 1), run.residuals, marker=".", label=label)
    ax.set_xlabel("step")
    ax.set_ylabel(r"residual $\|Av - \rho v\|$")
    ax.set_title("Finding the eigenvalue 10: linear, faster linear, cubic")
    ax.set_xlim(0, 120)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def figure_ch02_unit_balls():
    """The unit circles {x : ||x||_p = 1} of several p-norms, and a projection onto a line."""
    import matplotlib.pyplot as plt

    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9.5, 4.4))
    t = np.linspace(0, 2 * np.pi, 721)
    directions = np.column_stack([np.cos(t), np.sin(t)])
    for p in (1, 1.5, 2, 4, np.inf):
        # scale every direction to length 1 in the p-norm
        points = directions / norm(directions, p, axis=1)[:, None]
        ax.plot(points[:, 0], points[:, 1], label=f"p = {p}")
    ax.set(aspect="equal", title="unit circles of the p-norms", xlim=(-1.3, 1.3), ylim=(-1.3, 1.3))
    ax.legend(loc="center", fontsize=8)

    v = np.array([2.0, 1.0])
    x = np.array([1.0, 2.0])
    p = project_onto_vector(x, v)
    ax2.plot(*np.outer([-0.5, 1.4], v).T, color="0.6", lw=1, label="span(v)")
    for vec, color, label in ((v, "tab:blue", "v"), (x, "tab:red", "x"), (p, "tab:green", "proj")):
        ax2.annotate("", vec, (0, 0), arrowprops={"arrowstyle": "->", "color": color, "lw": 2})
        ax2.text(*(vec + 0.07), label, color=color)
    ax2.plot([x[0], p[0]], [x[1], p[1]], "--", color="tab:gray")
    theta = np.degrees(angle(x, v))
    ax2.set(aspect="equal", xlim=(-0.5, 2.8), ylim=(-0.5, 2.5))
    ax2.set_title(f"projection of x onto v\n(the residual is orthogonal to v; angle {theta:.1f}°)")
    return fig


def figure_ch08_spectral_embedding():
    """A ring with chords and a two-community graph, drawn at their Laplacian-eigenvector coordinates."""
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(1)
    n = 30
    ring = [(i, (i + 1) % n) for i in range(n)] + [(i, (i + 2) % n) for i in range(n)]
    A_ring = adjacency_matrix(ring, n)
    sizes = (20, 20)
    group = np.repeat([0, 1], sizes)
    same = group[:, None] == group[None, :]
    upper = np.triu(rng.random((40, 40)) < np.where(same, 0.35, 0.02), 1)
    A_comm = (upper | upper.T).astype(float)

    fig, axes = plt.subplots(1, 2, figsize=(8.8, 4.0))
    for ax, A, colors, title in (
        (axes[0], A_ring, np.arange(n), "ring with chords: eigenvectors 2–3"),
        (axes[1], A_comm, group, "two communities: eigenvectors 2–3"),
    ):
        Y = spectral_embedding(A, 2, normalized=False)
        i, j = np.nonzero(np.triu(A))
        ax.plot(np.c_[Y[i, 0], Y[j, 0]].T, np.c_[Y[i, 1], Y[j, 1]].T, color="0.8", lw=0.6, zorder=1)
        ax.scatter(Y[:, 0], Y[:, 1], c=colors, cmap="viridis", s=28, zorder=2)
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle("Spectral embedding: nodes placed by Laplacian eigenvectors")
    fig.tight_layout()
    return fig


def figure_ch05_lu_backward_error():
    """Backward error of our LU and of LAPACK's on the same 200 random matrices."""
    import matplotlib.pyplot as plt
    import scipy.linalg

    rng = np.random.default_rng(0)
    eps = np.finfo(float).eps
    errors: dict[str, list[float]] = {"ours (blocked)": [], "ours (rank-1)": [], "LAPACK": []}
    for _ in range(200):
        n = int(rng.integers(2, 150))
        A = rng.normal(size=(n, n))
        scale = n * np.abs(A).sum(axis=0).max() * eps
        for key, factors in (
            ("ours (blocked)", lu(A)),
            ("ours (rank-1)", lu(A, method="rank1")),
            ("LAPACK", scipy.linalg.lu(A)),
        ):
            P, L, U = factors
            errors[key].append(np.abs(A - P @ L @ U).sum(axis=0).max() / scale)
    fig, ax = plt.subplots(figsize=(6.5, 4))
    bins = np.logspace(-3, 0, 31)
    for key, values in errors.items():
        ax.hist(values, bins=bins, histtype="step", lw=1.8, label=key)
    ax.set_xscale("log")
    ax.set(
        xlabel=r"$\|A - PLU\|_1 \,/\, (n\,\|A\|_1\,\varepsilon)$",
        ylabel="matrices",
        title="LU with partial pivoting is backward stable: 200 random matrices",
    )
    ax.legend()
    return fig


def figure_ch03_matmul_timing():
    """Measured time of the naive, outer-product and BLAS matrix products against n."""
    import matplotlib.pyplot as plt

    t = time_matmul((8, 16, 32, 64, 128, 256, 512), naive_max=128)
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for key, label, style in (
        ("naive", "triple Python loop (matmul_naive)", "o-"),
        ("outer", "sum of outer products (matmul_outer)", "s-"),
        ("blas", "A @ B (BLAS)", "^-"),
    ):
        ax.loglog(t["n"], t[key], style, label=label)
    ax.set(xlabel="n (n x n times n x n)", ylabel="best time (s)", title="The same n³ products")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    return fig


def figure_ch07_eckart_young():
    """Singular values of a photo and the error of its best rank-k approximations (Eckart–Young)."""
    import matplotlib.cbook
    import matplotlib.image
    import matplotlib.pyplot as plt

    from .randomized import randomized_svd

    # The photo that ships with matplotlib (Grace Hopper, 600x512), grey, every other pixel.
    path = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    image = matplotlib.image.imread(path).astype(float).mean(axis=2)[::2, ::2] / 255.0
    noise = np.random.default_rng(0).normal(size=image.shape) * image.std()
    U, s, Vt = svd(image, full_matrices=False)
    s_noise = svd(noise, compute_uv=False)
    total = np.sqrt(np.sum(s**2))
    tail = np.sqrt(np.maximum(np.sum(s**2) - np.cumsum(s**2), 0.0)) / total
    ks = np.arange(1, s.size + 1)
    measured_ks = np.array([1, 5, 10, 20, 50, 100, 150])
    measured = [np.linalg.norm(image - (U[:, :k] * s[:k]) @ Vt[:k]) / total for k in measured_ks]
    randomized = []
    for k in measured_ks:
        Ur, sr, Vr = randomized_svd(image, int(k), random_state=0)
        randomized.append(np.linalg.norm(image - (Ur * sr) @ Vr) / total)

    fig, axes = plt.subplots(1, 2, figsize=(9.0, 3.8))
    axes[0].semilogy(ks, s / s[0], label=f"photo ({image.shape[0]}x{image.shape[1]}, grey)")
    axes[0].semilogy(ks, s_noise / s[0], label="noise of the same size and spread")
    axes[0].set_xlabel("index i")
    axes[0].set_ylabel(r"$\sigma_i / \sigma_1$")
    axes[0].set_title("Singular values")
    axes[0].legend(fontsize=8)
    axes[1].semilogy(ks[:-1], tail[:-1], label=r"$\sqrt{\sum_{i>k}\sigma_i^2}$ (Eckart–Young)")
    axes[1].semilogy(measured_ks, measured, "o", label="truncated SVD, measured")
    axes[1].semilogy(measured_ks, randomized, "x", label="randomized SVD (p=10, q=4)")
    axes[1].set_xlabel("rank k")
    axes[1].set_ylabel(r"$\|A - A_k\|_F / \|A\|_F$")
    axes[1].set_title("Best rank-k approximation error")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    return fig


def figure_ch04_transformations():
    """A shape under rotation, shear, scaling, reflection and projection, with det = area ratio."""
    import matplotlib.pyplot as plt

    # An "F": asymmetric, so reflections and rotations are visible.
    shape = np.array(
        [[0, 0], [0.35, 0], [0.35, 0.55], [0.8, 0.55], [0.8, 0.8], [0.35, 0.8], [0.35, 1.0],
         [1.0, 1.0], [1.0, 1.3], [0, 1.3]]
    )  # fmt: skip
    maps = {
        "rotation 40°": rotation_2d(np.deg2rad(40)),
        "shear k = 0.8": shear(0.8),
        "scaling (1.6, 0.6)": scaling([1.6, 0.6]),
        "reflection across y = x": reflection([1.0, -1.0]),
        "projection onto y = x/2": projection_matrix([2.0, 1.0]),
    }
    fig, axes = plt.subplots(1, len(maps), figsize=(15, 3.6))
    area = polygon_area(shape)
    for ax, (name, M) in zip(axes, maps.items(), strict=True):
        image = transform_points(shape, M)
        ax.fill(*shape.T, color="0.85", label="original")
        ax.fill(*image.T, alpha=0.6, color="tab:blue", edgecolor="tab:blue", lw=1.5)
        ratio = polygon_area(image) / area
        ax.set_title(f"{name}\ndet = {volume_scale(M):+.2f}, area ratio = {ratio:+.2f}", fontsize=9)
        ax.set(xlim=(-1.5, 2.2), ylim=(-1.5, 2.2), aspect="equal")
        ax.axhline(0, color="0.6", lw=0.5)
        ax.axvline(0, color="0.6", lw=0.5)
    fig.suptitle("The determinant is the signed area scaling (negative: orientation flips)")
    return fig


def figure_ch01_coordinates():
    """A vector's coordinates in the standard basis and in a skewed basis (the grid it induces)."""
    import matplotlib.pyplot as plt

    basis = np.array([[2.0, 0.5], [0.5, 1.5]])
    v = np.array([3.0, 3.5])
    c = coordinates(v, basis)
    fig, axes = plt.subplots(1, 2, figsize=(9, 4.2))
    for ax, B, title in (
        (axes[0], np.eye(2), f"standard basis: v = ({v[0]:g}, {v[1]:g})"),
        (axes[1], basis, f"basis b1, b2: v = {c[0]:.2f} b1 + {c[1]:.2f} b2"),
    ):
        for t in np.arange(-1, 5):
            line = np.outer(np.linspace(-1, 5, 2), B[0]) + t * B[1]
            ax.plot(line[:, 0], line[:, 1], color="0.85", lw=0.8)
            line = np.outer(np.linspace(-1, 5, 2), B[1]) + t * B[0]
            ax.plot(line[:, 0], line[:, 1], color="0.85", lw=0.8)
        coords = coordinates(v, B)
        corner = coords[0] * B[0]
        ax.plot([0, corner[0], v[0]], [0, corner[1], v[1]], "--", color="tab:gray", lw=1)
        for vec, color, label in ((B[0], "tab:blue", "b1"), (B[1], "tab:orange", "b2")):
            ax.annotate("", vec, (0, 0), arrowprops={"arrowstyle": "->", "color": color, "lw": 2})
            ax.text(*(vec * 1.08), label, color=color)
        ax.annotate("", v, (0, 0), arrowprops={"arrowstyle": "->", "color": "tab:red", "lw": 2})
        ax.text(*(v + 0.1), "v", color="tab:red")
        ax.set(xlim=(-1, 5), ylim=(-1, 5), aspect="equal", title=title)
    fig.suptitle("Coordinates depend on the basis: the same v, two coordinate grids")
    return fig


def figure_ch07_divide_and_conquer():
    """The two halves of the fast eigh: the tridiagonal form appearing, the secular equation's roots."""
    import matplotlib.pyplot as plt

    from .householder import tridiagonalize
    from .secular import secular_roots

    rng = np.random.default_rng(7)
    B = rng.normal(size=(24, 24))
    A = B + B.T
    d, e = tridiagonalize(A)
    T = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
    # a merge of divide and conquer: poles delta (eigenvalues of the halves), weights z^2
    delta = np.array([-2.0, -1.1, -0.7, 0.4, 0.5, 1.6])
    z = np.array([0.5, 0.3, 0.45, 0.05, 0.5, 0.45])
    z /= np.linalg.norm(z)
    rho = 1.0
    poles = delta[None, :]

    def differences(b, o):
        return poles[b] - poles[b, o][:, None]

    roots = secular_roots((z**2)[None, :], np.array([rho]), [delta.size], differences)
    lam = delta[roots.origin] + roots.tau

    fig, axes = plt.subplots(1, 3, figsize=(11.0, 3.6), gridspec_kw={"width_ratios": [1, 1, 2]})
    tiny = 1e-18
    for ax, M, title in (
        (axes[0], A, "a symmetric $A$"),
        (axes[1], T, "$T = Q^TAQ$ (tridiagonal)"),
    ):
        ax.imshow(np.log10(np.abs(M) + tiny), vmin=-17, vmax=1, cmap="magma")
        ax.set_title(f"$\\log_{{10}}|\\cdot|$ of {title}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    x = np.linspace(-2.6, 2.6, 4000)
    with np.errstate(divide="ignore"):
        f = 1 + rho * np.sum(z[:, None] ** 2 / (delta[:, None] - x[None, :]), axis=0)
    f[np.abs(f) > 12] = np.nan  # break the curve at the poles
    ax = axes[2]
    ax.plot(x, f, lw=1.2, label=r"$f(\lambda) = 1 + \rho\sum_i z_i^2/(\delta_i - \lambda)$")
    for p in delta:
        ax.axvline(p, color="0.7", lw=0.8, ls="--")
    ax.axhline(0, color="k", lw=0.6)
    ax.plot(
        lam, np.zeros_like(lam), "o", color="C3", label="roots = eigenvalues of $D + \\rho zz^T$"
    )
    ax.plot(delta, np.zeros_like(delta), "|", color="0.3", ms=12, label=r"poles $\delta_i$")
    ax.set_ylim(-8, 8)
    ax.set_xlabel(r"$\lambda$")
    ax.set_title("A merge: one root between each pair of poles (interlacing)", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig
