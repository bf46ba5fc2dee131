"""Command line and pipeline: load → clean → split → encode → CV → fit → compare → plots → report."""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np

from foundations.errors import InputError, LinAlgError
from toolkit.cli import use_agg_backend
from toolkit.reporting import Report, side_by_side
from toolkit.timing import Progress, best_time

from . import plots, writeup
from .data import AMES_TARGET, load_housing
from .encoding import FeatureEncoder
from .linear_model import LinearRegression, Ridge
from .metrics import regression_report
from .model_selection import kfold_indices, ridge_cv, train_test_split
from .solvers import SOLVERS

__all__ = [
    "DEFAULT_ALPHAS",
    "DEFAULT_OUT",
    "PACKAGE",
    "compare_solvers",
    "main",
    "max_abs_diff",
    "parse_alphas",
    "parse_args",
    "ridge_objective",
    "run",
]

PACKAGE = __package__ or "regression"
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"
DEFAULT_ALPHAS = np.logspace(-2, 4, 49)


def parse_alphas(text: str) -> np.ndarray:
    try:
        alphas = np.array([float(a) for a in text.split(",") if a.strip()])
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of numbers: {text!r}"
        ) from None
    if alphas.size == 0 or not np.all(np.isfinite(alphas)) or np.any(alphas <= 0):
        raise argparse.ArgumentTypeError("alphas must be positive numbers")
    return np.unique(alphas)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="House prices by linear and ridge regression written from scratch, "
        "side by side with scikit-learn.",
    )
    parser.add_argument("--data", type=Path, help="a housing CSV (default: the Ames data)")
    parser.add_argument(
        "--target", default=AMES_TARGET, help=f"target column (default: {AMES_TARGET})"
    )
    parser.add_argument("--test-size", type=float, default=0.25, help="held-out share (0.25)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (5)")
    parser.add_argument(
        "--alphas",
        type=parse_alphas,
        default=DEFAULT_ALPHAS,
        help="comma-separated ridge penalties to try (default: 49 from 0.01 to 10,000)",
    )
    parser.add_argument(
        "--min-count", type=int, default=10, help="pool category levels rarer than this (10)"
    )
    parser.add_argument(
        "--keep-outliers",
        action="store_true",
        help="keep the five Ames houses over 4,000 sq ft that De Cock advises removing",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    parser.add_argument("--seed", type=int, default=0, help="seed for the split and the folds")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="threads for the linear-algebra library, ours and scikit-learn's alike (default 1: "
        "the matrices here are small, and threads on a busy machine make timings erratic)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.test_size < 1:
        parser.error(f"--test-size must be between 0 and 1, got {args.test_size}")
    if args.folds < 2:
        parser.error(f"--folds must be at least 2, got {args.folds}")
    if args.min_count < 1:
        parser.error(f"--min-count must be at least 1, got {args.min_count}")
    if args.blas_threads < 1:
        parser.error(f"--blas-threads must be at least 1, got {args.blas_threads}")
    return args


def max_abs_diff(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


def ridge_objective(model, X, y) -> float:
    r""":math:`\frac{1}{2n}(\lVert y - Xw - b\rVert^2 + \alpha\lVert w\rVert^2)`, what ``gd`` minimises."""
    residual = y - model.predict(X)
    return 0.5 * (residual @ residual + model.alpha * model.coef_ @ model.coef_) / y.size


def compare_solvers(X, y, alpha: float, reference_coef, reference_time: float) -> list[dict]:
    """Fit with every solver; time each and measure its distance from scikit-learn's answer."""
    twin = "Ridge" if alpha > 0 else "LinearRegression"
    rows = [
        {"solver": f"scikit-learn {twin}", "fit time (s)": reference_time, "result": "reference"}
    ]
    for solver in SOLVERS[1:]:
        model = Ridge(alpha=alpha, solver=solver) if alpha > 0 else LinearRegression(solver=solver)
        if solver == "gd":
            model.set_params(tol=1e-10, max_iter=50_000, momentum=0.9)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fitted, seconds = best_time(lambda m=model: m.fit(X, y))
        except LinAlgError as exc:
            rows.append({"solver": solver, "result": f"refused: {exc}"})
            continue
        gap = max_abs_diff(fitted.coef_, reference_coef)
        scale = float(np.max(np.abs(reference_coef)))
        rows.append(
            {
                "solver": solver,
                "fit time (s)": seconds,
                "max abs coef diff vs sklearn": gap,
                "relative": gap / scale if scale else gap,
                "result": f"{fitted.n_iter_} steps" if solver == "gd" else "ok",
            }
        )
    return rows


def main(argv=None) -> int:
    args = parse_args(argv)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=args.blas_threads, user_api="blas"):
        return run(args)


def run(args) -> int:
    """The whole pipeline for parsed arguments; prints the tables and writes the report."""
    use_agg_backend()
    from sklearn.linear_model import LinearRegression as SkLinearRegression
    from sklearn.linear_model import Ridge as SkRidge
    from sklearn.linear_model import RidgeCV as SkRidgeCV

    progress = Progress(total=6)
    with progress.step("loading and cleaning the data"):
        data = load_housing(args.data, args.target, drop_outliers=not args.keep_outliers)
    with progress.step("splitting, imputing and encoding (statistics from the training split)"):
        train, test = train_test_split(len(data.y), args.test_size, seed=args.seed)
        encoder = FeatureEncoder(min_count=args.min_count).fit(data.features.iloc[train])
        X_train = encoder.transform(data.features.iloc[train])
        X_test = encoder.transform(data.features.iloc[test])
        y_train, y_test = data.y[train], data.y[test]
        if args.folds > len(train):
            raise InputError(f"--folds {args.folds} is more than the {len(train)} training rows")
        folds = kfold_indices(len(train), args.folds, seed=args.seed)

    with progress.step(f"choosing ridge's alpha by {args.folds}-fold CV (ours and RidgeCV)"):
        cv, t_cv = best_time(lambda: ridge_cv(X_train, y_train, args.alphas, folds), repeat=1)
        sk_cv, t_sk_cv = best_time(
            lambda: SkRidgeCV(alphas=args.alphas, cv=folds, scoring="neg_mean_squared_error").fit(
                X_train, y_train
            ),
            repeat=1,
        )

    with progress.step("fitting ours and scikit-learn's, with every solver"):
        ols, t_ols = best_time(lambda: LinearRegression().fit(X_train, y_train))
        sk_ols, t_sk_ols = best_time(lambda: SkLinearRegression().fit(X_train, y_train))
        ridge, t_ridge = best_time(lambda: Ridge(alpha=cv.best_alpha).fit(X_train, y_train))
        sk_ridge, t_sk_ridge = best_time(lambda: SkRidge(alpha=cv.best_alpha).fit(X_train, y_train))
        ridge_solvers = compare_solvers(X_train, y_train, cv.best_alpha, sk_ridge.coef_, t_sk_ridge)
        ols_solvers = compare_solvers(X_train, y_train, 0.0, sk_ols.coef_, t_sk_ols)
        optimum = ridge_objective(ridge, X_train, y_train)
        gd_runs = {}
        for label, momentum in [("plain, step 1/L", 0.0), ("heavy-ball momentum 0.9", 0.9)]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                gd = Ridge(
                    alpha=cv.best_alpha, solver="gd", tol=1e-10, max_iter=20_000, momentum=momentum
                ).fit(X_train, y_train)
            gd_runs[label] = gd

    unit = "$" if data.log_target and data.target_name == AMES_TARGET else data.target_name
    models = [
        ("ours: LinearRegression", ols, t_ols, sk_ols.coef_, None),
        ("scikit-learn LinearRegression", sk_ols, t_sk_ols, None, None),
        (
            f"ours: Ridge, α by {args.folds}-fold CV",
            ridge,
            t_cv + t_ridge,
            sk_cv.coef_,
            cv.best_alpha,
        ),
        ("scikit-learn RidgeCV (same folds)", sk_cv, t_sk_cv, None, sk_cv.alpha_),
    ]
    rows, test_metrics = [], {}
    for name, model, seconds, twin_coef, alpha in models:
        metrics = regression_report(y_test, model.predict(X_test), log_target=data.log_target)
        test_metrics[name] = metrics
        row = {"model": name, "solver": getattr(model, "solver_", "—"), "α": alpha}
        if data.log_target:
            row["RMSE (log)"] = metrics["rmse_model_scale"]
        row[f"RMSE ({unit})"] = metrics["rmse"]
        row[f"MAE ({unit})"] = metrics["mae"]
        row["R²"] = metrics["r2_model_scale"]
        row["fit time (s)"] = seconds
        row["max abs coef diff vs sklearn"] = (
            None if twin_coef is None else max_abs_diff(model.coef_, twin_coef)
        )
        rows.append(row)

    report = Report(args.out)
    pred_test = ridge.predict(X_test)
    with progress.step("drawing figures"):
        to_unit = np.exp if data.log_target else (lambda v: v)
        plots.predicted_vs_actual(
            report, to_unit(y_test), to_unit(pred_test), unit=unit, log_scale=data.log_target
        )
        scale = f"log {data.target_name}" if data.log_target else data.target_name
        plots.residuals_vs_fitted(report, pred_test, y_test - pred_test, scale=scale)
        plots.residual_distribution(report, y_test - pred_test, scale=scale)
        plots.cv_curve(report, cv, sk_cv.alpha_)
        plots.gd_loss(report, {k: v.loss_history_ for k, v in gd_runs.items()}, optimum)
        plots.largest_coefficients(report, encoder.feature_names_, ridge.coef_)

    with progress.step("writing the report"):
        table = side_by_side(rows)
        solver_columns = [
            "solver",
            "fit time (s)",
            "max abs coef diff vs sklearn",
            "relative",
            "result",
        ]
        ridge_table = side_by_side(ridge_solvers, solver_columns)
        ols_table = side_by_side(ols_solvers, solver_columns)
        results = {
            "source": data.source,
            "target": data.target_name,
            "log_target": data.log_target,
            "unit": unit,
            "notes": data.notes,
            "n_samples": len(data.y),
            "n_columns": data.features.shape[1],
            "n_numeric": len(encoder.numeric_),
            "n_categorical": len(encoder.categorical_),
            "n_features": X_train.shape[1],
            "n_train": len(train),
            "n_test": len(test),
            "seed": args.seed,
            "folds": args.folds,
            "alphas": [float(args.alphas.min()), float(args.alphas.max()), int(args.alphas.size)],
            "cv_alpha": cv.best_alpha,
            "sklearn_cv_alpha": float(sk_cv.alpha_),
            "cv_mse": float(cv.mean_mse.min()),
            "cv_time": t_cv,
            "sklearn_cv_time": t_sk_cv,
            "ols": {
                "solver": ols.solver_,
                "rank": ols.rank_,
                "condition_number": ols.condition_number_,
                "max_coef_diff": max_abs_diff(ols.coef_, sk_ols.coef_),
                "max_prediction_diff": max_abs_diff(ols.predict(X_test), sk_ols.predict(X_test)),
                "fit_time": t_ols,
                "sklearn_fit_time": t_sk_ols,
            },
            "ridge": {
                "alpha": cv.best_alpha,
                "solver": ridge.solver_,
                "condition_number": ridge.condition_number_,
                "max_coef_diff": max_abs_diff(ridge.coef_, sk_cv.coef_),
                "intercept": ridge.intercept_,
                "fit_time": t_ridge,
                "sklearn_fit_time": t_sk_ridge,
            },
            "gd": {
                label: {
                    "n_iter": run.n_iter_,
                    "converged": run.converged_,
                    "max_coef_diff_from_closed_form": max_abs_diff(run.coef_, ridge.coef_),
                }
                for label, run in gd_runs.items()
            },
            "gd_optimum": optimum,
            "test": test_metrics,
            "solvers_ridge": ridge_solvers,
            "solvers_ols": ols_solvers,
            "top_coefficients": [
                {"feature": encoder.feature_names_[i], "coef": float(ridge.coef_[i])}
                for i in np.argsort(-np.abs(ridge.coef_))[:20]
            ],
        }
        report.write_metrics(results)
        report.write_markdown(writeup.render(results, table, ridge_table, ols_table))
    print(table)
    print(f"\nRidge (α = {cv.best_alpha:.4g}) with each solver, against scikit-learn's Ridge:")
    print(ridge_table)
    print(f"\nReport written to {report.out_dir}")
    return 0
