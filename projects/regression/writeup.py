"""``report.md``: the mathematics of the run, walked through with the run's own numbers."""

from __future__ import annotations

__all__ = ["render"]


def _g(x, digits: int = 4) -> str:
    if x is None:
        return "—"
    return f"{x:.{digits}g}"


def render(r: dict, table: str, ridge_table: str, ols_table: str) -> str:
    ols, ridge, gd = r["ols"], r["ridge"], r["gd"]
    log = r["log_target"]
    target = f"log({r['target']})" if log else r["target"]
    ridge_name = next(k for k in r["test"] if k.startswith("ours: Ridge"))
    best = r["test"][ridge_name]
    notes = "\n".join(f"- {n}" for n in r["notes"]) or "- nothing needed cleaning"
    ols_how = (
        f"The design is **rank deficient**: its numerical rank is {ols['rank']} for "
        f"{r['n_features']} columns, because some columns are exact sums of others (in the Ames "
        "data the total basement area is the sum of its finished and unfinished parts, and the "
        "living area is the sum of the floors). The normal equations then have no unique "
        "solution and their Gram matrix is singular, so the automatic choice went to the SVD, "
        "which drops the zero singular values and returns the **minimum-norm** solution "
        "$w = X^+y$ — the one scikit-learn returns too."
        if ols["solver"] == "svd"
        else f"The automatic choice used **{ols['solver']}** (estimated condition number of the "
        f"scaled Gram matrix: {_g(ols['condition_number'])})."
    )
    ols_speed = (
        ": the SVD here is the from-scratch one of `foundations` (Householder QR, then one-sided "
        "Jacobi rotations on the small triangle), several times slower than LAPACK's compiled "
        "divide and conquer, and the automatic choice first tried Cholesky. The normal "
        "equations are where writing it ourselves pays off: see ridge below, and the 500,000 × "
        "100 benchmark."
        if ols["solver"] == "svd" and ols["fit_time"] > ols["sklearn_fit_time"]
        else "."
    )
    gd_lines = "\n".join(
        f"- {label}: {v['n_iter']:,} steps, {'converged' if v['converged'] else 'NOT converged'}, "
        f"largest coefficient difference from the closed form {_g(v['max_coef_diff_from_closed_form'], 2)}"
        for label, v in gd.items()
    )
    money = (
        f"On the test split the ridge model's RMSE is {best['rmse_model_scale']:.4f} on the log "
        f"scale — a typical miss of about {100 * (2.718281828 ** best['rmse_model_scale'] - 1):.1f} "
        f"% of the price — and {best['rmse']:,.0f} {r['unit']} after $e^{{\\hat y}}$; the mean "
        f"absolute error is {best['mae']:,.0f} {r['unit']}, and $R^2$ = "
        f"{best['r2_model_scale']:.4f} on the log scale."
        if log
        else f"On the test split the ridge model's RMSE is {best['rmse']:.4g} and $R^2$ = "
        f"{best['r2_model_scale']:.4f}."
    )
    return f"""# House prices by linear and ridge regression

Data: {r["source"]} — {r["n_samples"]:,} sales, {r["n_columns"]} columns after cleaning
({r["n_numeric"]} numeric or ordinal, {r["n_categorical"]} categorical), encoded into
{r["n_features"]} standardized features. Target: {target}. Split (seed {r["seed"]}):
{r["n_train"]:,} sales for training, {r["n_test"]:,} held out.

## Cleaning

{notes}

Missing values left after these rules are imputed with the training split's median (numbers) or
most frequent level (categories); categories are one-hot encoded with the most frequent level as
the reference; every feature is standardized with the training mean and standard deviation.
{"Prices are modelled on the log scale: errors become relative (a 10 % miss costs the same on a cheap and on an expensive house), and the right-skewed prices become roughly symmetric." if log else ""}

## Least squares is a projection

With the columns of the (centred) design $X$ spanning a subspace of $\\mathbb R^n$, the fitted
values $\\hat y = Xw$ are the point of that subspace nearest to $y$: the residual $y - Xw$ is
orthogonal to every column, $X^T(y - Xw) = 0$, which are the **normal equations**

$$X^TX\\,w = X^Ty .$$

{ols_how}

{ols_table}

(Each solver's coefficients against scikit-learn's `LinearRegression`; the largest coefficient
difference of the automatic choice is {_g(ols["max_coef_diff"], 2)}, and its test predictions
differ by at most {_g(ols["max_prediction_diff"], 2)}. Fit time {ols["fit_time"]:.3g} s against
scikit-learn's {ols["sklearn_fit_time"]:.3g} s{ols_speed})

## Ridge: a penalty that makes the problem well posed

Ridge minimises $\\lVert y - Xw - b\\rVert^2 + \\alpha\\lVert w\\rVert^2$ (the intercept $b$ is
not penalised), so the normal equations become $(X^TX + \\alpha I)w = X^Ty$: every eigenvalue
of $X^TX$ is lifted by $\\alpha$, the matrix is positive definite even for collinear columns, and
Cholesky applies. In the SVD $X = U\\Sigma V^T$,

$$w(\\alpha) = V\\,\\mathrm{{diag}}\\!\\Big(\\frac{{\\sigma_i}}{{\\sigma_i^2 + \\alpha}}\\Big)U^Ty ,$$

so directions with small singular values $\\sigma_i$ (the near-collinear ones) are damped most.

**Choosing α.** {r["folds"]}-fold cross-validation over {r["alphas"][2]} values of α from
{_g(r["alphas"][0])} to {_g(r["alphas"][1])}: one SVD per fold serves every α (the formula
above, with $U^Ty$ and the validation rows times $V$ computed once per fold), which took
{r["cv_time"]:.3g} s against {r["sklearn_cv_time"]:.3g} s for scikit-learn's `RidgeCV`
refitting every (fold, α) pair. Ours picks **α = {_g(r["cv_alpha"])}** (mean validation MSE
{r["cv_mse"]:.5f}); `RidgeCV` with the same folds and the same score picks α =
{_g(r["sklearn_cv_alpha"])}.

![CV curve](figures/cv_curve.png)

With that α the automatic solver used **{ridge["solver"]}**; the scaled matrix
$D^{{-1}}(X^TX + \\alpha I)D^{{-1}}$ has an estimated condition number of
{_g(ridge["condition_number"])}, so the normal equations lose at most about
{_g(ridge["condition_number"] * 2.2e-16 if ridge["condition_number"] else None, 2)} in relative
accuracy. The fit took {ridge["fit_time"]:.3g} s against {ridge["sklearn_fit_time"]:.3g} s for
scikit-learn's `Ridge` with the same α. Every solver on the same problem, against scikit-learn's
`Ridge`:

{ridge_table}

## Gradient descent

The same ridge objective, divided by $2n$, is minimised by batch gradient descent,
$w_{{k+1}} = w_k - \\tfrac1L\\nabla f(w_k)$ with $\\nabla f(w) = \\tfrac1n\\big(X^T(Xw - y) +
\\alpha w\\big)$ and $L$ the largest eigenvalue of the Hessian $\\tfrac1n(X^TX + \\alpha I)$
(power iteration). For a quadratic the error shrinks by about $1 - 1/\\kappa$ per step;
heavy-ball momentum improves that to about $1 - 1/\\sqrt\\kappa$:

{gd_lines}

![GD loss](figures/gd_loss.png)

## Results on the held-out sales

{table}

{money}

![predicted vs actual](figures/predicted_vs_actual.png)
![residuals vs fitted](figures/residuals_vs_fitted.png)
![residual distribution](figures/residual_distribution.png)

The residuals should show no trend against the fitted values (a trend would mean a missing
non-linearity) and a roughly symmetric, bell-shaped histogram; the heaviest misses are typically
unusual sales (foreclosures, family sales) that the features cannot see.

## What drives the price

Features are standardized, so each ridge coefficient is the change in {target} for one standard
deviation of the feature, other features held fixed (intercept {_g(ridge["intercept"], 6)}):

![largest coefficients](figures/largest_coefficients.png)
"""
