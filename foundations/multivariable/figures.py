"""The chapter figures of ``foundations.multivariable``, rendered by ``python -m foundations.chapter_figures``.

Each ``figure_chNN_<slug>`` takes no argument and returns a matplotlib ``Figure``; the notes
link it as ``figures/chNN_<slug>.png``. Plotting lives here, apart from the mathematics.
"""

from __future__ import annotations

import numpy as np

from .constrained import lagrange_newton, project_ball, projected_gradient_descent
from .derivatives import gradient
from .fields import classify_quadratic_form, evaluate_on_grid, quadratic_form
from .optimize import gradient_descent, newton
from .stochastic import adam, sgd

__all__ = [
    "figure_ch15_quadratic_forms",
    "figure_ch16_gradient_field",
    "figure_ch17_conditioning",
    "figure_ch17_stochastic_and_constrained",
]


def figure_ch16_gradient_field():
    """Himmelblau's function: the gradient is perpendicular to the level sets; FD vs autodiff."""
    import matplotlib.pyplot as plt

    from .fields import evaluate_on_grid
    from .tensor import Tensor

    def himmelblau(P):
        x, y = P[..., 0], P[..., 1]
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    X, Y, Z = evaluate_on_grid(himmelblau, (-5, 5), (-5, 5), 121)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
    ax = axes[0]
    ax.contour(X, Y, np.log1p(Z), levels=25, cmap="viridis")
    pts = np.stack(np.meshgrid(np.linspace(-4.5, 4.5, 13), np.linspace(-4.5, 4.5, 13)), -1)
    G = np.array([gradient(himmelblau, p) for p in pts.reshape(-1, 2)]).reshape(pts.shape)
    G /= np.linalg.norm(G, axis=-1, keepdims=True) + 1e-300
    ax.quiver(pts[..., 0], pts[..., 1], G[..., 0], G[..., 1], color="crimson", alpha=0.8)
    ax.set_aspect("equal")
    ax.set_title("Himmelblau's function: ∇f/‖∇f‖ is normal to the level sets", fontsize=10)

    # Accuracy of the two ways to get ∇f at 200 random points.
    rng = np.random.default_rng(0)
    P = rng.uniform(-5, 5, size=(200, 2))

    def exact(p):
        x, y = p
        return np.array(
            [
                4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
                2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7),
            ]
        )

    def reverse_mode(p):
        t = Tensor(p)
        x, y = t[0], t[1]
        out = (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2
        out.backward()
        return t.grad

    fd_err = [
        np.linalg.norm(gradient(himmelblau, p) - exact(p)) / np.linalg.norm(exact(p)) for p in P
    ]
    ad_err = [np.linalg.norm(reverse_mode(p) - exact(p)) / np.linalg.norm(exact(p)) for p in P]
    bins = np.logspace(-18, -6, 40)
    axes[1].hist(np.maximum(fd_err, 1e-18), bins=bins, alpha=0.7, label="central differences")
    axes[1].hist(np.maximum(ad_err, 1e-18), bins=bins, alpha=0.7, label="reverse-mode autodiff")
    axes[1].set_xscale("log")
    axes[1].set_xlabel("relative error of ∇f at 200 random points (exact 0 drawn at 1e-18)")
    axes[1].set_title("gradient accuracy", fontsize=10)
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    return fig


def figure_ch15_quadratic_forms():
    """Contours of definite, indefinite and semidefinite quadratic forms, with -∇f arrows."""
    import matplotlib.pyplot as plt

    forms = {
        "positive definite": np.array([[2.0, 0.8], [0.8, 1.0]]),
        "indefinite (saddle)": np.array([[1.0, 0.0], [0.0, -1.0]]),
        "positive semidefinite": np.array([[1.0, 1.0], [1.0, 1.0]]),
    }
    fig = plt.figure(figsize=(10, 6.4))
    for i, (title, A) in enumerate(forms.items()):
        X, Y, Z = evaluate_on_grid(lambda P, A=A: quadratic_form(A, P), num=25)
        ax = fig.add_subplot(2, 3, i + 1, projection="3d")
        ax.plot_surface(X, Y, Z, cmap="viridis", linewidth=0, antialiased=False)
        ax.set_title(f"{title}: {classify_quadratic_form(A)}", fontsize=9)
        ax = fig.add_subplot(2, 3, i + 4)
        ax.contour(X, Y, Z, levels=15, cmap="viridis")
        Xq, Yq, G = evaluate_on_grid(lambda P, A=A: -P @ (A + A.T), num=11)
        ax.quiver(Xq, Yq, G[..., 0], G[..., 1], color="grey", alpha=0.7)
        ax.set_aspect("equal")
        ax.set_title("level sets and the field −∇f", fontsize=9)
    fig.tight_layout()
    return fig


def figure_ch17_conditioning():
    r"""Iterations to reach :math:`\|\nabla f\| \le 10^{-6}` on quadratics as :math:`\kappa` grows."""
    import matplotlib.pyplot as plt

    kappas = np.array([1, 3, 10, 30, 100, 300, 1000])
    n = 10
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    x0 = rng.normal(size=n)
    counts: dict[str, list[int]] = {
        "GD, step 2/(L+μ)": [],
        "GD, Armijo": [],
        "heavy ball (optimal α, β)": [],
        "Newton": [],
    }
    max_iter = 20_000
    for kappa in kappas:
        eig = np.geomspace(1.0, kappa, n)
        A = (Q * eig) @ Q.T
        f = lambda x, A=A: 0.5 * x @ A @ x  # noqa: E731
        g = lambda x, A=A: A @ x  # noqa: E731
        L, mu = eig[-1], eig[0]
        beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
        alpha = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2
        runs = [
            gradient_descent(f, g, x0, step=2 / (L + mu), tol=1e-6, max_iter=max_iter),
            gradient_descent(f, g, x0, step="armijo", tol=1e-6, max_iter=max_iter),
            gradient_descent(f, g, x0, step=alpha, momentum=beta, tol=1e-6, max_iter=max_iter),
            newton(f, g, lambda x, A=A: A, x0, tol=1e-6),
        ]
        for key, res in zip(counts, runs, strict=True):
            counts[key].append(res.n_iter)
    fig, ax = plt.subplots(figsize=(6, 4))
    for (label, its), marker in zip(counts.items(), "osD^", strict=True):
        ax.loglog(kappas, np.maximum(its, 1), marker=marker, label=label)
    ax.loglog(kappas, 0.5 * kappas * np.log(1e6), "k:", lw=1, label="κ/2 · ln(10⁶)")
    ax.set_xlabel("condition number κ of A")
    ax.set_ylabel("iterations to ‖∇f‖ ≤ 1e-6")
    ax.set_title("Gradient descent slows down as κ grows; momentum ~ √κ; Newton: 1 step")
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    return fig


def logistic_problem(n: int = 2000, d: int = 10, seed: int = 0):
    """A logistic-regression loss (mean log-loss + 1e-3 ridge) and its mini-batch gradient."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * np.geomspace(1, 10, d)  # badly scaled features
    w_true = rng.normal(size=d) / np.geomspace(1, 10, d)
    y = (rng.random(n) < 1 / (1 + np.exp(-X @ w_true))).astype(float)

    def fun(w):
        z = X @ w
        return float(np.mean(np.logaddexp(0, z) - y * z) + 5e-4 * w @ w)

    def grad(w, idx):
        z = X[idx] @ w
        p = 0.5 * (1 + np.tanh(z / 2))  # the sigmoid, without overflow
        return X[idx].T @ (p - y[idx]) / len(idx) + 1e-3 * w

    return fun, grad, n, d


def figure_ch17_stochastic_and_constrained():
    """Mini-batch SGD, momentum and Adam on a logistic loss; projected GD and Lagrange–Newton."""
    import matplotlib.pyplot as plt

    fun, grad, n, d = logistic_problem()
    best = gradient_descent(
        fun, lambda w: grad(w, np.arange(n)), np.zeros(d), tol=1e-10, max_iter=20_000
    ).fun
    runs = {
        "SGD, lr 1e-3": sgd(
            grad, np.zeros(d), n, lr=1e-3, batch_size=32, n_epochs=30, seed=0, fun=fun
        ),
        "SGD + momentum 0.9": sgd(
            grad, np.zeros(d), n, lr=1e-3, momentum=0.9, batch_size=32, n_epochs=30, seed=0, fun=fun
        ),
        "Adam, lr 1e-2": adam(
            grad, np.zeros(d), n, lr=1e-2, batch_size=32, n_epochs=30, seed=0, fun=fun
        ),
    }
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    ax = axes[0]
    for label, res in runs.items():
        ax.semilogy(
            np.arange(res.history.size), res.history - best + 1e-16, "o-", ms=2, label=label
        )
    ax.set_xlabel("epoch (63 mini-batches of 32)")
    ax.set_ylabel("loss - min loss")
    ax.set_title("logistic regression, features scaled 1 to 10")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax = axes[1]
    c = np.array([2.0, 1.0])
    f = lambda x: 0.5 * np.sum((x - c) ** 2 * [1.0, 4.0])  # noqa: E731
    g = lambda x: (x - c) * [1.0, 4.0]  # noqa: E731
    X, Y = np.meshgrid(np.linspace(-1.5, 2.5, 200), np.linspace(-1.5, 1.5, 200))
    ax.contour(X, Y, 0.5 * ((X - c[0]) ** 2 + 4 * (Y - c[1]) ** 2), levels=15, linewidths=0.5)
    t = np.linspace(0, 2 * np.pi, 200)
    ax.plot(np.cos(t), np.sin(t), "k", lw=1, label="‖x‖ = 1")
    path = [np.array([-1.0, -1.0])]
    for _ in range(25):  # the first iterates of projected GD, step 0.2
        path.append(project_ball(path[-1] - 0.2 * g(path[-1]), 1.0))
    path = np.array(path)
    ax.plot(path[:, 0], path[:, 1], "o-", ms=3, label="projected GD iterates (ball)")
    pgd = projected_gradient_descent(f, g, [-1.0, -1.0], lambda z: project_ball(z, 1.0), tol=1e-10)
    ln = lagrange_newton(
        f,
        g,
        lambda x: np.diag([1.0, 4.0]),
        [0.6, 0.6],
        constraints=lambda x: x @ x - 1,
        constraints_jac=lambda x: 2 * x[None, :],
        constraints_hess=lambda x: 2 * np.eye(2)[None],
        multipliers0=[1.0],
    )
    ax.plot(*ln.x, "r*", ms=12, label=f"Lagrange–Newton on ‖x‖ = 1 ({ln.n_iter} steps)")
    ax.plot(*pgd.x, "kx", ms=8, label=f"PGD limit ({pgd.n_iter} steps)")
    ax.set_aspect("equal")
    ax.set_title("min ½(x-c)ᵀD(x-c) on the unit ball / circle")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig
