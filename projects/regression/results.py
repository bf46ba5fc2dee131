"""The typed values the pipeline's steps pass on, and the :class:`Result` of a run.

:class:`Result` holds every number of the printed tables, ``metrics.json`` and ``report.md``,
and the arrays the figures draw; :mod:`.writeup` turns it into the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .data import AMES_TARGET

if TYPE_CHECKING:
    from .data import HousingData
    from .encoding import FeatureEncoder
    from .metrics import Scores
    from .model_selection import RidgeCVResult

__all__ = [
    "DEFAULT_ALPHAS",
    "Design",
    "GDRun",
    "ModelScore",
    "OLSFit",
    "Options",
    "Predictions",
    "Result",
    "RidgeFit",
    "SolverRow",
]

#: The ridge penalties tried by default: 49 from 0.01 to 10,000, evenly spaced in log.
DEFAULT_ALPHAS = np.logspace(-2, 4, 49)


@dataclass(frozen=True)
class Options:
    """What the user chose on the command line (see ``python -m regression --help``)."""

    data: Path | None = None
    target: str = AMES_TARGET
    test_size: float = 0.25
    folds: int = 5
    alphas: np.ndarray = field(default_factory=lambda: DEFAULT_ALPHAS.copy())
    min_count: int = 10
    keep_outliers: bool = False
    seed: int = 0
    features: tuple[str, ...] | None = None
    drop: tuple[str, ...] = ()
    target_transform: str = "auto"
    predict: Path | None = None


@dataclass(frozen=True)
class Design:
    """The split rows and their encoded design matrices (statistics from the training rows)."""

    encoder: FeatureEncoder
    train: np.ndarray
    test: np.ndarray
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    folds: list[tuple[np.ndarray, np.ndarray]]
    notes: list[str]


@dataclass(frozen=True)
class ModelScore:
    """One row of the main table: a model, its test scores and fit time.

    ``coef_diff`` is the largest coefficient difference from its scikit-learn twin (``None``
    for scikit-learn's own rows).
    """

    name: str
    solver: str
    alpha: float | None
    fit_time: float
    scores: Scores
    coef_diff: float | None


@dataclass(frozen=True)
class SolverRow:
    """One row of a solver table: a solver on the same problem, against scikit-learn's answer."""

    solver: str
    result: str
    fit_time: float | None = None
    coef_diff: float | None = None
    relative: float | None = None

    def as_row(self) -> dict:
        """The row for :func:`toolkit.reporting.side_by_side` and ``metrics.json``."""
        row = {"solver": self.solver}
        if self.fit_time is not None:
            row["fit time (s)"] = self.fit_time
        if self.coef_diff is not None:
            row["max abs coef diff vs sklearn"] = self.coef_diff
            row["relative"] = self.relative
        row["result"] = self.result
        return row


@dataclass(frozen=True)
class GDRun:
    """A gradient-descent run on the ridge objective, and its gap to the closed form."""

    label: str
    n_iter: int
    converged: bool
    coef_gap: float
    loss_history: np.ndarray


@dataclass(frozen=True)
class OLSFit:
    """Our least squares against scikit-learn's ``LinearRegression``."""

    solver: str
    rank: int | None
    condition_number: float | None
    coef_diff: float
    prediction_diff: float
    fit_time: float
    sklearn_fit_time: float


@dataclass(frozen=True)
class RidgeFit:
    """Our ridge with the cross-validated α against scikit-learn's ``Ridge``."""

    alpha: float
    solver: str
    condition_number: float | None
    condition_bound: float | None
    coef_diff: float
    intercept: float
    fit_time: float
    sklearn_fit_time: float
    coef: np.ndarray
    test_prediction: np.ndarray


@dataclass(frozen=True)
class Predictions:
    """The fitted model's predictions in the target's own units (dollars for a price).

    ``ids`` name the rows (the identifier column ``id_name``, or the row's position in the
    input table from 0 when ``id_name`` is ``"row"``). ``actual`` is ``None`` for new houses;
    ``imputed`` counts each row's imputed cells.
    """

    ids: np.ndarray
    id_name: str
    predicted: np.ndarray
    actual: np.ndarray | None
    imputed: np.ndarray
    source: str
    notes: list[str]

    @property
    def residual(self) -> np.ndarray | None:
        """``actual - predicted`` (``None`` for new houses)."""
        return None if self.actual is None else self.actual - self.predicted


@dataclass(frozen=True)
class Result:
    """Everything one run found (see the module docstring)."""

    options: Options
    data: HousingData
    unit: str
    design: Design
    cv: RidgeCVResult
    sklearn_cv_alpha: float
    cv_time: float
    sklearn_cv_time: float
    ols: OLSFit
    ridge: RidgeFit
    gd: list[GDRun]
    gd_optimum: float
    models: list[ModelScore]
    solvers_ridge: list[SolverRow]
    solvers_ols: list[SolverRow]
    predictions: Predictions
    new_predictions: Predictions | None = None

    @property
    def feature_names(self) -> list[str]:
        return self.design.encoder.feature_names_

    @property
    def ridge_score(self) -> ModelScore:
        """The main table's row of our cross-validated ridge."""
        return next(m for m in self.models if m.name.startswith("ours: Ridge"))
