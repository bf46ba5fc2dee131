"""The run's files: ``report.md`` (the mathematics walked through with this run's numbers), the
figures, the tables the command line prints; :func:`write_report` also writes :mod:`.outputs`.
"""

from __future__ import annotations

import math

import numpy as np

from toolkit.reporting import Report, side_by_side

from . import plots
from .outputs import NEW_PREDICTIONS, PREDICTIONS, metrics, predictions_frame
from .results import Result, SolverRow

__all__ = ["SOLVER_COLUMNS", "draw_figures", "main_table", "render", "solver_table", "write_report"]

#: The columns of the two solver tables.
SOLVER_COLUMNS = ["solver", "fit time (s)", "max abs coef diff vs sklearn", "relative", "result"]


def _g(x, digits: int = 4) -> str:
    if x is None:
        return "—"
    return f"{x:.{digits}g}"


def main_table(result: Result) -> str:
    """Ours beside scikit-learn on the test split: errors in the target's units first (then
    on the log scale the models were fitted on), fit time, coefficient gap."""
    log = result.data.log_target
    unit = result.unit
    rows = []
    for m in result.models:
        row = {"model": m.name, "solver": m.solver, "α": m.alpha}
        row[f"R² ({unit})"] = m.scores.r2
        row[f"RMSE ({unit})"] = m.scores.rmse
        row[f"MAE ({unit})"] = m.scores.mae
        if log:
            row["R² (log)"] = m.scores.r2_model_scale
            row["RMSE (log)"] = m.scores.rmse_model_scale
        row["fit time (s)"] = m.fit_time
        row["max abs coef diff vs sklearn"] = m.coef_diff
        rows.append(row)
    return side_by_side(rows)


def solver_table(rows: list[SolverRow]) -> str:
    """Every solver on one problem against scikit-learn's answer."""
    return side_by_side([row.as_row() for row in rows], SOLVER_COLUMNS)


def _header(r: Result) -> str:
    data, d = r.data, r.design
    target = f"log({data.target_name})" if data.log_target else data.target_name
    notes = "\n".join(f"- {n}" for n in [*data.notes, *d.notes]) or "- nothing needed cleaning"
    log_note = (
        "Prices are modelled on the log scale: errors become relative (a 10 % miss costs the "
        "same on a cheap and on an expensive house), and the right-skewed prices become roughly "
        "symmetric."
        if data.log_target
        else ""
    )
    return f"""# House prices by linear and ridge regression

Data: {data.source} — {len(data.y):,} sales, {data.features.shape[1]} columns after cleaning
({len(d.encoder.numeric_)} numeric or ordinal, {len(d.encoder.categorical_)} categorical), encoded into
{d.X_train.shape[1]} standardized features. Target: {target}. Split (seed {r.options.seed}):
{len(d.train):,} sales for training, {len(d.test):,} held out.

## Cleaning

{notes}

Missing values left after these rules are imputed with the training split's median (numbers) or
most frequent level (categories) — the counts are above; categories are one-hot encoded with the
most frequent level as the reference; every feature is standardized with the training mean and
standard deviation.
{log_note}
"""


def _least_squares(r: Result) -> str:
    ols = r.ols
    p = r.design.X_train.shape[1]
    if ols.solver == "pivoted cholesky" and ols.rank is not None and ols.rank < p:
        ols_how = (
            f"The design is **rank deficient**: its numerical rank is {ols.rank} for {p} "
            "columns, because some columns are exact sums of others (in the Ames data the total "
            "basement area is the sum of its finished and unfinished parts, and the living area "
            "is the sum of the floors). The normal equations then have no unique solution. The "
            "automatic choice factors the scaled Gram matrix by **Cholesky with diagonal "
            "pivoting**: at each step the column farthest from the span of those already chosen; "
            f"after {ols.rank} steps every remaining column is within the tolerance of that span "
            f"— {p - ols.rank} columns depend on the others. The kept columns give one solution "
            "(estimated condition number of their scaled Gram matrix "
            f"{_g(ols.condition_number)}, refined once with the design's own residual); "
            "subtracting its projection on the null space $\\{w : Xw = 0\\}$, spanned by the "
            f"{p - ols.rank} dependencies, leaves the **minimum-norm** solution $w = X^+y$ — the "
            "one scikit-learn's SVD-based `LinearRegression` returns — at the cost of one "
            "Cholesky factorization and no SVD."
        )
    elif ols.solver == "svd":
        ols_how = (
            f"The design is **rank deficient** (numerical rank {ols.rank} for {p} columns) "
            "beyond what the normal equations resolve, so the automatic choice went to the SVD, "
            "which drops the zero singular values and returns the **minimum-norm** solution "
            "$w = X^+y$ — the one scikit-learn returns too."
        )
    else:
        ols_how = (
            f"The automatic choice used **{ols.solver}** (estimated condition number of the "
            f"scaled Gram matrix: {_g(ols.condition_number)})."
        )
    ols_speed = "."
    return f"""## Least squares is a projection

With the columns of the (centred) design $X$ spanning a subspace of $\\mathbb R^n$, the fitted
values $\\hat y = Xw$ are the point of that subspace nearest to $y$: the residual $y - Xw$ is
orthogonal to every column, $X^T(y - Xw) = 0$, which are the **normal equations**

$$X^TX\\,w = X^Ty .$$

{ols_how}

{solver_table(r.solvers_ols)}

(Each solver's coefficients against scikit-learn's `LinearRegression`; the largest coefficient
difference of the automatic choice is {_g(ols.coef_diff, 2)}, and its test predictions
differ by at most {_g(ols.prediction_diff, 2)}. Fit time {ols.fit_time:.3g} s against
scikit-learn's {ols.sklearn_fit_time:.3g} s{ols_speed})
"""


def _ridge(r: Result) -> str:
    ridge, o = r.ridge, r.options
    if ridge.condition_number is None and ridge.condition_bound is not None:
        how = (
            f"has a condition number of at most {_g(ridge.condition_bound)} — a guarantee, not "
            "an estimate, read off the matrix in $O(p^2)$: its smallest eigenvalue is at least "
            "$\\alpha/\\max_j (X^TX)_{jj}$ (the penalty lifts every eigenvalue of a positive "
            "semi-definite matrix) and its largest at most its Frobenius norm"
        )
        condition = ridge.condition_bound
    else:
        how = f"has an estimated condition number of {_g(ridge.condition_number)}"
        condition = ridge.condition_number
    loss = condition * 2.2e-16 if condition else None
    return f"""## Ridge: a penalty that makes the problem well posed

Ridge minimises $\\lVert y - Xw - b\\rVert^2 + \\alpha\\lVert w\\rVert^2$ (the intercept $b$ is
not penalised), so the normal equations become $(X^TX + \\alpha I)w = X^Ty$: every eigenvalue
of $X^TX$ is lifted by $\\alpha$, the matrix is positive definite even for collinear columns, and
Cholesky applies. In the SVD $X = U\\Sigma V^T$,

$$w(\\alpha) = V\\,\\mathrm{{diag}}\\!\\Big(\\frac{{\\sigma_i}}{{\\sigma_i^2 + \\alpha}}\\Big)U^Ty ,$$

so directions with small singular values $\\sigma_i$ (the near-collinear ones) are damped most.

**Choosing α.** {o.folds}-fold cross-validation over {o.alphas.size} values of α from
{_g(float(o.alphas.min()))} to {_g(float(o.alphas.max()))}: one eigendecomposition per fold serves
every α — the fold's Gram matrix $X^TX = V\\Lambda V^T$ has $\\lambda_i = \\sigma_i^2$ and the
right singular vectors $V$, so $w(\\alpha) = V(\\Lambda + \\alpha I)^{{-1}}V^TX^Ty$ is the formula
above without ever forming $U$ (a $p \\times p$ problem instead of $n \\times p$), and the
validation predictions for the whole grid are one matrix product. That took
{r.cv_time:.3g} s against {r.sklearn_cv_time:.3g} s for scikit-learn's `RidgeCV`
refitting every (fold, α) pair. Ours picks **α = {_g(r.cv.best_alpha)}** (mean validation MSE
{float(r.cv.mean_mse.min()):.5f}); `RidgeCV` with the same folds and the same score picks α =
{_g(r.sklearn_cv_alpha)}.

![CV curve](figures/cv_curve.png)

With that α the automatic solver used **{ridge.solver}**; the scaled matrix
$D^{{-1}}(X^TX + \\alpha I)D^{{-1}}$ {how}, so the normal equations lose at most about
{_g(loss, 2)} in relative accuracy. The fit took {ridge.fit_time:.3g} s against {ridge.sklearn_fit_time:.3g} s for
scikit-learn's `Ridge` with the same α. Every solver on the same problem, against scikit-learn's
`Ridge`:

{solver_table(r.solvers_ridge)}
"""


def _gradient_descent(r: Result) -> str:
    gd_lines = "\n".join(
        f"- {g.label}: {g.n_iter:,} steps, {'converged' if g.converged else 'NOT converged'}, "
        f"largest coefficient difference from the closed form {_g(g.coef_gap, 2)}"
        for g in r.gd
    )
    return f"""## Gradient descent

The same ridge objective, divided by $2n$, is minimised by batch gradient descent,
$w_{{k+1}} = w_k - \\tfrac1L\\nabla f(w_k)$ with $\\nabla f(w) = \\tfrac1n\\big(X^T(Xw - y) +
\\alpha w\\big)$ and $L$ the largest eigenvalue of the Hessian $\\tfrac1n(X^TX + \\alpha I)$
(power iteration). For a quadratic the error shrinks by about $1 - 1/\\kappa$ per step;
heavy-ball momentum improves that to about $1 - 1/\\sqrt\\kappa$:

{gd_lines}

![GD loss](figures/gd_loss.png)
"""


def _results(r: Result) -> str:
    best = r.ridge_score.scores
    unit = r.unit
    money = (
        f"On the test split the ridge model explains $R^2$ = {best.r2:.4f} of the variance of "
        f"the price in dollars, with an RMSE of {best.rmse:,.0f} {unit} and a mean absolute "
        f"error of {best.mae:,.0f} {unit} (prices are $e^{{\\hat y}}$). On the log scale it "
        f"was fitted on, $R^2$ = {best.r2_model_scale:.4f} and the RMSE is "
        f"{best.rmse_model_scale:.4f} — a typical miss of about "
        f"{100 * (math.e**best.rmse_model_scale - 1):.1f} % of the price."
        if r.data.log_target
        else f"On the test split the ridge model's $R^2$ = {best.r2:.4f}, RMSE {best.rmse:,.4g} "
        f"and MAE {best.mae:,.4g} ({unit})."
    )
    target = f"log({r.data.target_name})" if r.data.log_target else r.data.target_name
    return f"""## Results on the held-out sales

{main_table(r)}

{money}

![predicted vs actual](figures/predicted_vs_actual.png)
![residuals vs fitted](figures/residuals_vs_fitted.png)
![residual distribution](figures/residual_distribution.png)

The residuals should show no trend against the fitted values (a trend would mean a missing
non-linearity) and a roughly symmetric, bell-shaped histogram; the heaviest misses are typically
unusual sales (foreclosures, family sales) that the features cannot see.

## What drives the price

Features are standardized, so each ridge coefficient is the change in {target} for one standard
deviation of the feature, other features held fixed (intercept {_g(r.ridge.intercept, 6)}):

![largest coefficients](figures/largest_coefficients.png)
"""


def _predictions(r: Result) -> str:
    p, unit = r.predictions, r.unit
    where = "its row in the input table (from 0)" if p.id_name == "row" else f"its `{p.id_name}`"
    text = f"""## Predictions

`{PREDICTIONS}` has one row per held-out sale ({p.predicted.size:,}): `id` ({where}), `actual`
and `predicted` {r.data.target_name} in {unit}, `residual` = actual − predicted, and
`imputed_cells` (how many of its cells were missing and imputed;
{np.count_nonzero(p.imputed):,} rows have any). The model is the ridge above (α =
{_g(r.ridge.alpha)}).
"""
    new = r.new_predictions
    if new is None:
        return text + (
            "\nTo price houses of your own: `--predict FILE`, a CSV with the same columns "
            "(the target column may be absent).\n"
        )
    notes = "\n".join(f"- {n}" for n in new.notes) or "- nothing needed cleaning"
    new_where = "its row in the file (from 0)" if new.id_name == "row" else f"its `{new.id_name}`"
    return (
        text
        + f"""
`{NEW_PREDICTIONS}` prices the {new.predicted.size:,} houses of `{new.source}` with the same
model and the same cleaning (the training table's rules and statistics): `id` ({new_where}),
`predicted` {r.data.target_name} in {unit}, `imputed_cells`. Cleaning that file:

{notes}
"""
    )


def _files(names: list[str]) -> str:
    listed = "\n".join(f"- `{name}`" for name in names)
    return f"""## Files of this run

{listed}
"""


def render(result: Result, files: list[str] | None = None) -> str:
    """The text of ``report.md`` for one run; ``files`` are the run's files, listed at the end."""
    sections = [_header, _least_squares, _ridge, _gradient_descent, _results, _predictions]
    text = "\n".join(section(result) for section in sections)
    return text if files is None else text + "\n" + _files(files)


def draw_figures(report: Report, r: Result) -> None:
    """The six figures of the report, saved under ``figures/``."""
    data, d = r.data, r.design
    predicted = r.ridge.test_prediction
    to_unit = np.exp if data.log_target else (lambda v: v)
    plots.predicted_vs_actual(
        report, to_unit(d.y_test), to_unit(predicted), unit=r.unit, log_scale=data.log_target
    )
    scale = f"log {data.target_name}" if data.log_target else data.target_name
    plots.residuals_vs_fitted(report, predicted, d.y_test - predicted, scale=scale)
    plots.residual_distribution(report, d.y_test - predicted, scale=scale)
    plots.cv_curve(report, r.cv, r.sklearn_cv_alpha)
    plots.gd_loss(report, {g.label: g.loss_history for g in r.gd}, r.gd_optimum)
    plots.largest_coefficients(report, r.feature_names, r.ridge.coef)


def write_report(report: Report, result: Result) -> list[str]:
    """Draw the figures, write the predictions, ``metrics.json`` and ``report.md``.

    Returns the files written, relative to the report folder.
    """
    draw_figures(report, result)
    report.write_table(predictions_frame(result.predictions), PREDICTIONS)
    if result.new_predictions is not None:
        report.write_table(predictions_frame(result.new_predictions), NEW_PREDICTIONS)
    report.write_metrics(metrics(result))
    names = [path.relative_to(report.out_dir).as_posix() for path in report.written]
    names.append("report.md")
    report.write_markdown(render(result, names))
    return names
