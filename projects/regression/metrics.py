r"""Regression metrics written out: RMSE, MAE and :math:`R^2`.

For true values :math:`y_1, \dots, y_n` and predictions :math:`\hat y_1, \dots, \hat y_n`:

.. math::
    \mathrm{RMSE} = \sqrt{\tfrac1n \textstyle\sum_i (y_i - \hat y_i)^2}, \qquad
    \mathrm{MAE} = \tfrac1n \textstyle\sum_i |y_i - \hat y_i|, \qquad
    R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}.

RMSE is in the target's units and punishes large misses most; MAE is the typical miss; and
:math:`R^2` is the share of the variance around the mean that the model explains (1 is perfect,
0 is no better than always predicting :math:`\bar y`, and it can be negative on new data).

On a log-price target, an RMSE of :math:`\varepsilon` means a typical multiplicative miss of about
:math:`e^{\varepsilon} - 1` (0.12 on the log scale is roughly 12 % of the price).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from foundations.errors import InputError
from foundations.validation import as_vector

__all__ = [
    "Scores",
    "mean_absolute_error",
    "r2_score",
    "regression_report",
    "root_mean_squared_error",
]


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = as_vector(y_true, "y_true")
    y_pred = as_vector(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise InputError(
            f"y_true and y_pred differ in length: {y_true.shape[0]} and {y_pred.shape[0]}"
        )
    return y_true.astype(np.float64, copy=False), y_pred.astype(np.float64, copy=False)


def root_mean_squared_error(y_true, y_pred) -> float:
    r""":math:`\sqrt{\frac1n\sum_i (y_i - \hat y_i)^2}` (``sklearn.metrics.root_mean_squared_error``)."""
    y_true, y_pred = _pair(y_true, y_pred)
    residual = y_true - y_pred
    return float(np.sqrt(residual @ residual / residual.size))


def mean_absolute_error(y_true, y_pred) -> float:
    r""":math:`\frac1n\sum_i |y_i - \hat y_i|` (``sklearn.metrics.mean_absolute_error``)."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_true - y_pred)))


def r2_score(y_true, y_pred) -> float:
    r""":math:`1 - \mathrm{SS}_{res} / \mathrm{SS}_{tot}` (``sklearn.metrics.r2_score``).

    A constant ``y_true`` has no variance to explain: the score is 1.0 for a perfect prediction
    and 0.0 otherwise (scikit-learn's convention).
    """
    y_true, y_pred = _pair(y_true, y_pred)
    residual = y_true - y_pred
    centred = y_true - y_true.mean()
    ss_res = float(residual @ residual)
    ss_tot = float(centred @ centred)
    if ss_tot == 0.0:
        return 1.0 if ss_res == 0.0 else 0.0
    return 1.0 - ss_res / ss_tot


@dataclass(frozen=True)
class Scores:
    r"""A model's test metrics: on the scale it was fitted on, and in the target's own units.

    For a log target the ``rmse``, ``mae`` and ``r2`` are computed after :math:`e^{\hat y}`
    (dollars for a price); otherwise both scales are the same.
    """

    rmse_model_scale: float
    r2_model_scale: float
    rmse: float
    mae: float
    r2: float


def regression_report(y_true_log, y_pred_log, *, log_target: bool = True) -> Scores:
    r"""The metrics the report prints, on the model's scale and (for a log target) in dollars.

    Parameters
    ----------
    y_true_log, y_pred_log : array_like, shape (n_samples,)
        Targets and predictions on the scale the model was fitted on.
    log_target : bool
        Whether that scale is :math:`\log(\text{price})`; then the dollar metrics use
        :math:`e^{y}`.
    """
    if log_target:
        dollars_true, dollars_pred = np.exp(y_true_log), np.exp(y_pred_log)
    else:
        dollars_true, dollars_pred = np.asarray(y_true_log), np.asarray(y_pred_log)
    return Scores(
        rmse_model_scale=root_mean_squared_error(y_true_log, y_pred_log),
        r2_model_scale=r2_score(y_true_log, y_pred_log),
        rmse=root_mean_squared_error(dollars_true, dollars_pred),
        mae=mean_absolute_error(dollars_true, dollars_pred),
        r2=r2_score(dollars_true, dollars_pred),
    )
