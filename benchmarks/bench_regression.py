"""Regression: dense least squares against scikit-learn, and the Ames project end to end."""

import numpy as np
from sklearn.linear_model import LinearRegression as SkLinearRegression

from projects.regression import LinearRegression
from projects.regression.cli import main as regression_main

from .harness import Case, project_run


def cases():
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
