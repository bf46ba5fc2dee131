"""The run, step by step: load → clean → split → encode → choose α by CV → fit → compare.

:func:`run` takes the :class:`Options` the command line parsed and returns a :class:`Result`
(:mod:`.results`): every number the printed tables, ``metrics.json`` and ``report.md`` show,
plus the arrays the figures need. The steps pass typed values to each other, never dictionaries
keyed by strings.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from foundations.errors import InputError, LinAlgError
from toolkit.timing import Progress, best_time

from .data import AMES_TARGET, HousingData, load_housing
from .encoding import FeatureEncoder, encoding_notes
from .metrics import regression_report
from .model import LinearRegression, Ridge
from .model_selection import kfold_indices, ridge_cv, train_test_split
from .pricing import holdout_predictions, load_new_houses, predict_new
from .results import (
    DEFAULT_ALPHAS,
    Design,
    GDRun,
    ModelScore,
    OLSFit,
    Options,
    Result,
    RidgeFit,
    SolverRow,
)
from .solvers import SOLVERS

__all__ = [
    "DEFAULT_ALPHAS",
    "STEPS",
    "Options",
    "compare_solvers",
    "encode",
    "max_abs_diff",
    "ridge_objective",
    "run",
]

#: How many steps :func:`run` reports to its :class:`~toolkit.timing.Progress`.
STEPS = 4


def max_abs_diff(a, b) -> float:
    """:math:`\\max_i |a_i - b_i|`."""
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


def ridge_objective(model, X, y) -> float:
    r""":math:`\frac{1}{2n}(\lVert y - Xw - b\rVert^2 + \alpha\lVert w\rVert^2)`, what ``gd`` minimises."""
    residual = y - model.predict(X)
    return 0.5 * (residual @ residual + model.alpha * model.coef_ @ model.coef_) / y.size


def encode(data: HousingData, options: Options) -> Design:
    """Split the rows, then impute, one-hot encode and standardize with training statistics."""
    train, test = train_test_split(len(data.y), options.test_size, seed=options.seed)
    if options.folds > len(train):
        raise InputError(
            f"--folds {options.folds} is more than the {len(train)} training rows "
            f"(--test-size {options.test_size:g} of {len(data.y)} rows)"
        )
    train_rows, test_rows = data.features.iloc[train], data.features.iloc[test]
    encoder = FeatureEncoder(min_count=options.min_count).fit(train_rows)
    return Design(
        encoder=encoder,
        train=train,
        test=test,
        X_train=encoder.transform(train_rows),
        X_test=encoder.transform(test_rows),
        y_train=data.y[train],
        y_test=data.y[test],
        folds=kfold_indices(len(train), options.folds, seed=options.seed),
        notes=encoding_notes(
            encoder, {"the training split": train_rows, "the test split": test_rows}
        ),
    )


def compare_solvers(X, y, alpha: float, reference_coef, reference_time: float) -> list[SolverRow]:
    """Fit with every solver; time each and measure its distance from scikit-learn's answer."""
    twin = "Ridge" if alpha > 0 else "LinearRegression"
    rows = [SolverRow(f"scikit-learn {twin}", "reference", fit_time=reference_time)]
    scale = float(np.max(np.abs(reference_coef)))
    for solver in SOLVERS[1:]:
        model = Ridge(alpha=alpha, solver=solver) if alpha > 0 else LinearRegression(solver=solver)
        if solver == "gd":
            model.set_params(tol=1e-10, max_iter=50_000, momentum=0.9)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fitted, seconds = best_time(lambda m=model: m.fit(X, y))
        except LinAlgError as exc:
            rows.append(SolverRow(solver, f"refused: {exc}"))
            continue
        gap = max_abs_diff(fitted.coef_, reference_coef)
        rows.append(
            SolverRow(
                solver,
                f"{fitted.n_iter_} steps" if solver == "gd" else "ok",
                fit_time=seconds,
                coef_diff=gap,
                relative=gap / scale if scale else gap,
            )
        )
    return rows


def _gd_variants(design: Design, alpha: float, closed_form) -> list[GDRun]:
    """Plain gradient descent and heavy-ball momentum on the ridge objective."""
    runs = []
    for label, momentum in [("plain, step 1/L", 0.0), ("heavy-ball momentum 0.9", 0.9)]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gd = Ridge(alpha=alpha, solver="gd", tol=1e-10, max_iter=20_000, momentum=momentum).fit(
                design.X_train, design.y_train
            )
        runs.append(
            GDRun(
                label=label,
                n_iter=gd.n_iter_,
                converged=gd.converged_,
                coef_gap=max_abs_diff(gd.coef_, closed_form.coef_),
                loss_history=gd.loss_history_,
            )
        )
    return runs


def _score(name, model, seconds, twin_coef, alpha, design: Design, log_target: bool) -> ModelScore:
    return ModelScore(
        name=name,
        solver=getattr(model, "solver_", "—"),
        alpha=alpha,
        fit_time=seconds,
        scores=regression_report(
            design.y_test, model.predict(design.X_test), log_target=log_target
        ),
        coef_diff=None if twin_coef is None else max_abs_diff(model.coef_, twin_coef),
    )


@dataclass(frozen=True)
class _Fits:
    """The fitted models of :func:`_fit_all` and their best fit times in seconds."""

    ols: LinearRegression
    t_ols: float
    sk_ols: object
    t_sk_ols: float
    ridge: Ridge
    t_ridge: float
    t_sk_ridge: float
    solvers_ridge: list[SolverRow]
    solvers_ols: list[SolverRow]
    gd: list[GDRun]
    optimum: float


def _cross_validate(d: Design, alphas: np.ndarray):
    """Ours and ``RidgeCV`` on the same folds and alphas, each timed once."""
    from sklearn.linear_model import RidgeCV as SkRidgeCV

    cv, t_cv = best_time(lambda: ridge_cv(d.X_train, d.y_train, alphas, d.folds), repeat=1)
    sk_cv, t_sk_cv = best_time(
        lambda: SkRidgeCV(alphas=alphas, cv=d.folds, scoring="neg_mean_squared_error").fit(
            d.X_train, d.y_train
        ),
        repeat=1,
    )
    return cv, t_cv, sk_cv, t_sk_cv


def _fit_all(d: Design, alpha: float) -> _Fits:
    """Ours and scikit-learn's least squares and ridge, every solver, and gradient descent."""
    from sklearn.linear_model import LinearRegression as SkLinearRegression
    from sklearn.linear_model import Ridge as SkRidge

    X, y = d.X_train, d.y_train
    ols, t_ols = best_time(lambda: LinearRegression().fit(X, y))
    sk_ols, t_sk_ols = best_time(lambda: SkLinearRegression().fit(X, y))
    ridge, t_ridge = best_time(lambda: Ridge(alpha=alpha).fit(X, y))
    sk_ridge, t_sk_ridge = best_time(lambda: SkRidge(alpha=alpha).fit(X, y))
    return _Fits(
        ols=ols,
        t_ols=t_ols,
        sk_ols=sk_ols,
        t_sk_ols=t_sk_ols,
        ridge=ridge,
        t_ridge=t_ridge,
        t_sk_ridge=t_sk_ridge,
        solvers_ridge=compare_solvers(X, y, alpha, sk_ridge.coef_, t_sk_ridge),
        solvers_ols=compare_solvers(X, y, 0.0, sk_ols.coef_, t_sk_ols),
        optimum=ridge_objective(ridge, X, y),
        gd=_gd_variants(d, alpha, ridge),
    )


def _summaries(f: _Fits, sk_cv, d: Design) -> tuple[OLSFit, RidgeFit]:
    ols, sk_ols, ridge = f.ols, f.sk_ols, f.ridge
    return OLSFit(
        solver=ols.solver_,
        rank=ols.rank_,
        condition_number=ols.condition_number_,
        coef_diff=max_abs_diff(ols.coef_, sk_ols.coef_),
        prediction_diff=max_abs_diff(ols.predict(d.X_test), sk_ols.predict(d.X_test)),
        fit_time=f.t_ols,
        sklearn_fit_time=f.t_sk_ols,
    ), RidgeFit(
        alpha=ridge.alpha,
        solver=ridge.solver_,
        condition_number=ridge.condition_number_,
        condition_bound=ridge.condition_bound_,
        coef_diff=max_abs_diff(ridge.coef_, sk_cv.coef_),
        intercept=ridge.intercept_,
        fit_time=f.t_ridge,
        sklearn_fit_time=f.t_sk_ridge,
        coef=ridge.coef_,
        test_prediction=ridge.predict(d.X_test),
    )


def run(options: Options, progress: Progress | None = None) -> Result:
    """The whole pipeline for the chosen options (see the module docstring)."""
    progress = progress or Progress(STEPS, enabled=False)
    with progress.step("loading and cleaning the data"):
        data = load_housing(
            options.data,
            options.target,
            drop_outliers=not options.keep_outliers,
            features=options.features,
            drop=options.drop,
            target_transform=options.target_transform,
        )
        houses = None if options.predict is None else load_new_houses(options.predict, data)
    with progress.step("splitting, imputing and encoding (statistics from the training split)"):
        d = encode(data, options)
    with progress.step(f"choosing ridge's alpha by {options.folds}-fold CV (ours and RidgeCV)"):
        cv, t_cv, sk_cv, t_sk_cv = _cross_validate(d, options.alphas)
    with progress.step("fitting ours and scikit-learn's, with every solver"):
        f = _fit_all(d, cv.best_alpha)
    log = data.log_target
    ridge_name = f"ours: Ridge, α by {options.folds}-fold CV"
    models = [
        _score("ours: LinearRegression", f.ols, f.t_ols, f.sk_ols.coef_, None, d, log),
        _score("scikit-learn LinearRegression", f.sk_ols, f.t_sk_ols, None, None, d, log),
        _score(ridge_name, f.ridge, t_cv + f.t_ridge, sk_cv.coef_, cv.best_alpha, d, log),
        _score("scikit-learn RidgeCV (same folds)", sk_cv, t_sk_cv, None, sk_cv.alpha_, d, log),
    ]
    ols, ridge = _summaries(f, sk_cv, d)
    new = None if houses is None else predict_new(houses, d.encoder, f.ridge, log)
    return Result(
        options=options,
        data=data,
        unit="$" if data.target_name == AMES_TARGET else data.target_name,
        design=d,
        cv=cv,
        sklearn_cv_alpha=float(sk_cv.alpha_),
        cv_time=t_cv,
        sklearn_cv_time=t_sk_cv,
        ols=ols,
        ridge=ridge,
        gd=f.gd,
        gd_optimum=f.optimum,
        models=models,
        solvers_ridge=f.solvers_ridge,
        solvers_ols=f.solvers_ols,
        predictions=holdout_predictions(data, d, ridge.test_prediction),
        new_predictions=new,
    )
