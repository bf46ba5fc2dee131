"""The machine-readable files of a run: ``metrics.json`` and the per-row predictions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .results import Predictions, Result

__all__ = ["NEW_PREDICTIONS", "PREDICTIONS", "metrics", "predictions_frame"]

#: The per-row files: the held-out sales, and the houses of ``--predict FILE``.
PREDICTIONS = "predictions.csv"
NEW_PREDICTIONS = "new_predictions.csv"


def _top_coefficients(result: Result, k: int = 20) -> list[dict]:
    coef = result.ridge.coef
    return [
        {"feature": result.feature_names[i], "coef": float(coef[i])}
        for i in np.argsort(-np.abs(coef))[:k]
    ]


def metrics(result: Result) -> dict:
    """``metrics.json``: every number of the run, as plain JSON."""
    r, o, data, d = result, result.options, result.data, result.design
    ols, ridge = r.ols, r.ridge
    return {
        "source": data.source,
        "target": data.target_name,
        "log_target": data.log_target,
        "unit": r.unit,
        "notes": [*data.notes, *d.notes],
        "n_samples": len(data.y),
        "n_columns": data.features.shape[1],
        "n_numeric": len(d.encoder.numeric_),
        "n_categorical": len(d.encoder.categorical_),
        "n_features": d.X_train.shape[1],
        "n_train": len(d.train),
        "n_test": len(d.test),
        "seed": o.seed,
        "folds": o.folds,
        "alphas": [float(o.alphas.min()), float(o.alphas.max()), int(o.alphas.size)],
        "cv_alpha": r.cv.best_alpha,
        "sklearn_cv_alpha": r.sklearn_cv_alpha,
        "cv_mse": float(r.cv.mean_mse.min()),
        "cv_time": r.cv_time,
        "sklearn_cv_time": r.sklearn_cv_time,
        "ols": {
            "solver": ols.solver,
            "rank": ols.rank,
            "condition_number": ols.condition_number,
            "max_coef_diff": ols.coef_diff,
            "max_prediction_diff": ols.prediction_diff,
            "fit_time": ols.fit_time,
            "sklearn_fit_time": ols.sklearn_fit_time,
        },
        "ridge": {
            "alpha": ridge.alpha,
            "solver": ridge.solver,
            "condition_number": ridge.condition_number,
            "condition_bound": ridge.condition_bound,
            "max_coef_diff": ridge.coef_diff,
            "intercept": ridge.intercept,
            "fit_time": ridge.fit_time,
            "sklearn_fit_time": ridge.sklearn_fit_time,
        },
        "gd": {
            g.label: {
                "n_iter": g.n_iter,
                "converged": g.converged,
                "max_coef_diff_from_closed_form": g.coef_gap,
            }
            for g in r.gd
        },
        "gd_optimum": r.gd_optimum,
        "test": {m.name: vars(m.scores) for m in r.models},
        "solvers_ridge": [row.as_row() for row in r.solvers_ridge],
        "solvers_ols": [row.as_row() for row in r.solvers_ols],
        "top_coefficients": _top_coefficients(r),
        "predictions": _predictions_summary(r.predictions, PREDICTIONS),
        "new_predictions": None
        if r.new_predictions is None
        else _predictions_summary(r.new_predictions, NEW_PREDICTIONS),
    }


def _predictions_summary(p: Predictions, name: str) -> dict:
    return {
        "file": name,
        "source": p.source,
        "rows": int(p.predicted.size),
        "id": p.id_name,
        "rows_with_imputed_cells": int(np.count_nonzero(p.imputed)),
        "notes": p.notes,
    }


def predictions_frame(p: Predictions) -> pd.DataFrame:
    """The rows of ``predictions.csv`` (id, actual, predicted, residual) or of new houses."""
    columns = {"id": p.ids}
    if p.actual is not None:
        columns["actual"] = p.actual
    columns["predicted"] = p.predicted
    if p.actual is not None:
        columns["residual"] = p.residual
    columns["imputed_cells"] = p.imputed
    return pd.DataFrame(columns)
