"""Regression: the project's own workloads on Ames against scikit-learn, and dense least squares.

Every case runs with one BLAS thread on both sides: the generator holds
``toolkit.parallel.blas_threads(1)`` open while the harness times each case it yields.
"""

import numpy as np
from sklearn.linear_model import LinearRegression as SkLinearRegression
from sklearn.linear_model import Ridge as SkRidge
from sklearn.linear_model import RidgeCV as SkRidgeCV

from projects.regression import LinearRegression, Ridge
from projects.regression.cli import main as regression_main
from projects.regression.data import load_housing
from projects.regression.model_selection import ridge_cv
from projects.regression.pipeline import DEFAULT_ALPHAS, Options, encode
from toolkit.parallel import blas_threads

from .harness import Case, project_run


def ames_design():
    """The training design of the default run: 2,194 sales x 199 features, rank 196."""
    d = encode(load_housing(), Options())
    return d.X_train, d.y_train, d.folds


def coefficients_check(ours, ref) -> str:
    gap = float(np.max(np.abs(ours.coef_ - ref.coef_)))
    scale = float(np.max(np.abs(ref.coef_)))
    verdict = "equal at rtol 1e-10" if gap <= 1e-10 * scale else "DIFFERENT"
    rank = f", rank {ours.rank_}" if getattr(ours, "rank_", None) is not None else ""
    return f"solver {ours.solver_}{rank}, max abs coef diff {gap:.1e} ({verdict})"


def ames_cases():
    X, y, folds = ames_design()
    alpha = ridge_cv(X, y, DEFAULT_ALPHAS, folds).best_alpha
    yield Case(
        workload=f"regression OLS on Ames ({X.shape[0]:,}x{X.shape[1]}, rank 196)",
        ours=lambda: LinearRegression().fit(X, y),
        reference=lambda: SkLinearRegression().fit(X, y),
        check=coefficients_check,
        repeat=30,
        target="ratio <= 1.0",
    )
    yield Case(
        workload=f"regression Ridge (Cholesky, alpha {alpha:.4g}) on Ames",
        ours=lambda: Ridge(alpha=alpha, solver="cholesky").fit(X, y),
        reference=lambda: SkRidge(alpha=alpha, solver="cholesky").fit(X, y),
        check=coefficients_check,
        repeat=60,
        target="ratio <= 1.0",
    )

    def cv_check(ours, ref) -> str:
        same = "same alpha" if ours.best_alpha == ref.alpha_ else "DIFFERENT alpha"
        return f"{same} ({ours.best_alpha:.4g}), best CV MSE {ours.mean_mse.min():.6f}"

    yield Case(
        workload="regression ridge alpha by 5-fold CV on Ames, 49 alphas (vs RidgeCV)",
        ours=lambda: ridge_cv(X, y, DEFAULT_ALPHAS, folds),
        reference=lambda: SkRidgeCV(
            alphas=DEFAULT_ALPHAS, cv=folds, scoring="neg_mean_squared_error"
        ).fit(X, y),
        check=cv_check,
        repeat=2,
        target="ratio <= 1.0",
    )


def cases():
    with blas_threads(1):
        yield from ames_cases()

        rng = np.random.default_rng(0)
        n, p = 500_000, 100
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p) + rng.normal(size=p)
        y = X @ rng.normal(size=p) + rng.normal(size=n)

        def same_coefficients(ours, ref):
            rel = np.max(np.abs(ours.coef_ - ref.coef_) / np.abs(ref.coef_))
            verdict = "equal at rtol 1e-6" if rel <= 1e-6 else "DIFFERENT"
            return f"solver {ours.solver_}, max rel coef diff {rel:.1e} ({verdict})"

        yield Case(
            workload="dense OLS 500,000x100 (LinearRegression.fit)",
            ours=lambda: LinearRegression().fit(X, y),
            reference=lambda: SkLinearRegression().fit(X, y),
            check=same_coefficients,
            repeat=3,
            target="ratio <= 0.2",
        )

        yield Case(
            workload="regression project end to end on Ames (python -m projects.regression)",
            ours=project_run(regression_main),
            repeat=1,
        )
