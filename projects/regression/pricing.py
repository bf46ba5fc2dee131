r"""Prices from the fitted model: the held-out sales, and new houses (``--predict FILE``).

The model predicts on the scale it was fitted on; for a log target the price is
:math:`e^{\hat y}` — the *median* of a log-normal prediction, not its mean (which would be
:math:`e^{\hat y + s^2/2}` with :math:`s` the residual spread), the usual convention and the one
scikit-learn's ``TransformedTargetRegressor`` follows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .data import HousingData, clean_new, read_table
from .encoding import FeatureEncoder, encoding_notes
from .results import Design, Predictions

__all__ = ["holdout_predictions", "load_new_houses", "predict_new", "to_target_units"]


def to_target_units(values: np.ndarray, log_target: bool) -> np.ndarray:
    """Predictions on the model's scale in the target's own units (:math:`e^{y}` for a log)."""
    return np.exp(values) if log_target else np.asarray(values, dtype=np.float64)


def holdout_predictions(data: HousingData, design: Design, predicted: np.ndarray) -> Predictions:
    """The held-out sales: id, actual and predicted target, in the target's units."""
    used = [*design.encoder.numeric_, *design.encoder.categorical_]
    test_rows = data.features.iloc[design.test][used]
    return Predictions(
        ids=data.ids[design.test],
        id_name=str(data.plan.id_column) if data.plan.id_column is not None else "row",
        predicted=to_target_units(predicted, data.log_target),
        actual=data.target[design.test],
        imputed=test_rows.isna().sum(axis=1).to_numpy(),
        source="the test split",
        notes=[],
    )


def load_new_houses(path: Path, data: HousingData):
    """Read and clean ``--predict FILE`` by the training table's plan (before any fitting)."""
    return clean_new(read_table(path, "--predict", min_columns=1), data.plan, str(path))


def predict_new(houses, encoder: FeatureEncoder, model, log_target: bool) -> Predictions:
    """Price the new houses with the fitted ``model``; every imputed cell is counted."""
    X = encoder.transform(houses.features)
    notes = houses.notes + encoding_notes(encoder, {f"the file {houses.source}": houses.features})
    return Predictions(
        ids=houses.ids,
        id_name=houses.id_name,
        predicted=to_target_units(model.predict(X), log_target),
        actual=None,
        imputed=houses.features[[*encoder.numeric_, *encoder.categorical_]]
        .isna()
        .sum(axis=1)
        .to_numpy(),
        source=houses.source,
        notes=notes,
    )
