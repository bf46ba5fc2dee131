"""The sections of ``report.md`` that walk through this run's numbers (EM, BIC/AIC, labels)."""

from __future__ import annotations

import numpy as np

from toolkit.reporting import side_by_side

from .covariances import n_parameters
from .pipeline import Result

__all__ = [
    "choice",
    "criteria_tables",
    "em_section",
    "species_section",
    "uncertain_section",
    "vector",
]


def vector(v, digits: int = 3) -> str:
    return "(" + ", ".join(f"{x:.{digits}f}" for x in v) + ")"


def em_section(result: Result) -> str:
    w, m, same = result.walkthrough, result.model, result.same
    k = result.k
    lab = result.data.labels
    who = f"row {w.row}" + (f" (a {lab[w.index]})" if lab is not None and lab[w.index] else "")
    rows = [
        {
            "j": j,
            "log π_j": w.log_weights[j],
            "log N(z | μ_j, Σ_j)": w.log_densities[j],
            "a_j": w.a[j],
            "r_j = exp(a_j − log p)": w.resp[j],
        }
        for j in range(k)
    ]
    top = float(np.max(w.a))
    mstep = [
        {
            "j": j,
            "n_j": w.nk[j],
            "π_j = n_j / n": w.weights[j],
            "μ_j (standardised)": vector(w.means[j]),
        }
        for j in range(k)
    ]
    bounds = np.asarray(same.ours.lower_bounds_)
    drops = np.diff(bounds)
    last = (
        f"|ℓ_{bounds.size} − ℓ_{bounds.size - 1}| = {abs(drops[-1]):.2e} < tol = "
        f"{result.options.tol:g}"
        if same.ours.converged_ and bounds.size > 1
        else f"it stopped at max_iter = {result.options.max_iter} without converging"
    )
    return f"""The start $\\theta_0$ comes from `init_params="{result.options.init_params}"` with
seed {result.options.seed} (the final fit's first start, of {result.options.n_init}):
weights $\\pi^{{(0)}} = {vector(same.start.weights_)}$.

**E step** (Bayes' theorem). For {who}, standardised $z = {vector(w.z)}$, the joint log
densities $a_j = \\log\\pi_j + \\log\\mathcal N(z\\mid\\mu_j,\\Sigma_j)$ at $\\theta_0$ are

{side_by_side(rows)}

and $\\log p(z) = m + \\log\\sum_j e^{{a_j - m}}$ with $m = \\max_j a_j = {top:.4f}$ gives
$\\log p(z) = {w.log_p:.4f}$: the densities themselves ($e^{{a_j}}$, as small as
$e^{{{np.min(w.a):.1f}}}$ here) are never formed. Averaged over all {result.data.n} rows,
$\\ell_1 = \\frac1n\\sum_i \\log p(z_i \\mid \\theta_0) = {w.bound_0:.6f}$.

**M step** (weighted maximum likelihood). With $n_j = \\sum_i r_{{ij}}$:

{side_by_side(mstep)}

and each $\\Sigma_j$ is the responsibility-weighted scatter about the new $\\mu_j$ plus
$\\varepsilon I$ ($\\varepsilon$ = reg_covar = {result.options.reg_covar:g}).

**The climb.** The same-start run went from $\\ell_1 = {bounds[0]:.6f}$ to
$\\ell_{{{bounds.size}}} = {bounds[-1]:.6f}$ in {bounds.size} iterations; {last}. The sequence
{"never fell" if np.all(drops >= 0) else f"FELL (largest drop {-drops.min():.2e})"}. The final
model (best of {result.options.n_init} starts) reached $\\ell_T = {m.lower_bound_:.6f}$ after
{m.n_iter_} iterations; its parameters $\\theta_T$ score {m.score(result.scaled.Z):.6f}.

EM cannot lower the log-likelihood: for any responsibilities $q$, Jensen's inequality gives
$\\log p(x\\mid\\theta) \\ge \\sum_j q_j \\log\\frac{{\\pi_j \\mathcal N(x\\mid\\mu_j,\\Sigma_j)}}{{q_j}}$,
with equality at $q = r(\\theta_{{t-1}})$ (the E step); the M step maximises the right side over
$\\theta$, so $\\ell$ at $\\theta_t$ is at least $\\ell$ at $\\theta_{{t-1}}$. (Strictly so for
reg_covar = 0; adding $\\varepsilon I$ moves $\\Sigma_j$ off the maximiser by a second-order
amount.)"""


def criteria_tables(result: Result) -> str:
    c = result.criteria
    head = "| type | " + " | ".join(f"k = {k}" for k in c.ks) + " |"
    sep = "|---|" + "---|" * len(c.ks)

    def rows(tab):
        return "\n".join(
            f"| {ct} | "
            + " | ".join("failed" if np.isnan(v) else f"{v:,.1f}" for v in tab[r])
            + " |"
            for r, ct in enumerate(c.types)
        )

    return f"BIC:\n\n{head}\n{sep}\n{rows(c.bic)}\n\nAIC:\n\n{head}\n{sep}\n{rows(c.aic)}"


def choice(result: Result) -> str:
    c, ct = result.criteria, result.options.covariance_type
    bic_t, bic_k = c.best("bic")
    aic_t, aic_k = c.best("aic")
    why = (
        f"k = {result.k} was given on the command line."
        if result.k_given
        else f"Within `{ct}` covariances BIC is lowest at **k = {result.k}**, the k used below."
    )
    extra = []
    if c.failures:
        extra.append(f"Fits that failed (a collapsed covariance): {', '.join(c.failures)}.")
    if c.unconverged:
        extra.append(f"Fits that hit max_iter: {', '.join(c.unconverged)}.")
    p = n_parameters(result.k, len(result.data.feature_names), ct)
    return (
        f"{why} Over all four types BIC's minimum is `{bic_t}`, k = {bic_k}; AIC's is "
        f"`{aic_t}`, k = {aic_k}. The model used has p = {p} free parameters. " + " ".join(extra)
    )


def species_section(result: Result) -> str:
    if result.confusion is None:
        return "No label column: nothing to compare the components with."
    conf = result.confusion
    rows = [
        {result.data.label_name: idx, **{f"component {j}": int(v) for j, v in row.items()}}
        for idx, row in conf.iterrows()
    ]
    return (
        f"The labels were hidden from the fit. Adjusted Rand index between the components and "
        f"the {result.data.label_name}: **{result.ari:.3f}** (1 = the same partition, 0 = chance)."
        f"\n\n{side_by_side(rows)}"
    )


def uncertain_section(result: Result) -> str:
    top = result.proba.max(axis=1)
    order = np.argsort(top)[:8]
    lab = result.data.labels
    rows = [
        {
            "row": int(result.data.rows[i]),
            **({result.data.label_name: lab[i]} if lab is not None else {}),
            "component": int(result.predicted[i]),
            "r": vector(result.proba[i], 2),
        }
        for i in order
    ]
    return (
        f"A row is *uncertain* when its largest responsibility is below "
        f"{result.options.uncertain:g}: **{int(result.uncertain.sum())} of {result.data.n}** "
        f"here. The least certain ones:\n\n{side_by_side(rows)}"
    )
