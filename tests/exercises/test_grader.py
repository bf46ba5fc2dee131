"""The grader passes every reference solution, calls stubs "not attempted", and fails mutants.

Each mutant is a reference solution with one classic mistake, written to a temporary file; the
grader must fail exactly that problem, with a message that names what is wrong — so every
grading check is shown to be able to fail.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from exercises import grader

EXERCISES = Path(grader.__file__).resolve().parent
CHAPTERS = grader.chapter_names()


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_every_reference_solution_passes(chapter):
    grades = grader.grade_chapter(chapter, solutions=True)
    assert grades and all(g.status == "passed" for g in grades), grades


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_untouched_stubs_are_not_attempted(chapter):
    grades = grader.grade_chapter(chapter)
    assert grades and all(g.status == "not attempted" for g in grades), grades


def test_every_chapter_has_exercises_and_solutions():
    for chapter, stem in CHAPTERS.items():
        assert (EXERCISES / f"{stem}.py").is_file(), chapter
        assert (EXERCISES / "solutions" / f"{stem}.py").is_file(), chapter


def mutant(tmp_path: Path, chapter: str, old: str, new: str) -> Path:
    """The reference solution of ``chapter`` with ``old`` replaced by ``new`` (exactly once)."""
    source = (EXERCISES / "solutions" / f"{CHAPTERS[chapter]}.py").read_text(encoding="utf-8")
    assert source.count(old) == 1, f"the mutation site {old!r} is not unique"
    path = tmp_path / f"{CHAPTERS[chapter]}.py"
    path.write_text(source.replace(old, new), encoding="utf-8")
    return path


def outcome(chapter: str, path: Path) -> dict[str, tuple[str, str]]:
    return {g.problem: (g.status, g.message) for g in grader.grade_file(chapter, path)}


#: (chapter, the mistake, problem that must fail, words its message must contain)
MUTANTS = [
    (
        "ch05",
        ("p = k + int(np.argmax(np.abs(U[k:, k])))", "p = k"),
        "lu",
        "needs a row swap",
    ),
    (
        "ch05",
        ("p = k + int(np.argmax(np.abs(U[k:, k])))", "p = k + int(np.argmax(U[k:, k] != 0))"),
        "lu",
        "largest",
    ),
    (
        "ch05",
        ("x[i] = (x[i] - L[i, :i] @ x[:i]) / L[i, i]", "x[i] = (x[i] - L[i, :i] @ x[:i])"),
        "forward_substitution",
        "T x != b",
    ),
    (
        "ch05",
        ("return float((-1) ** swaps * np.prod(np.diag(U)))", "return float(np.prod(np.diag(U)))"),
        "det",
        "sign",
    ),
    # ch01: rank by comparing pivots with 0, coordinates from B c = v (the basis as columns)
    ("ch01", ("(1e-10 if tol is None else tol)", "0.0"), "is_linearly_independent", "tolerance"),
    ("ch01", ("np.linalg.solve(B.T,", "np.linalg.solve(B,"), "coordinates", "are (2, 3)"),
    # ch02: the textbook norm, arccos, Gram–Schmidt without normalising or with one pass
    (
        "ch02",
        (
            "return float(s * np.sum((a / s) ** p) ** (1.0 / p))",
            "return float(np.sum(a**p) ** (1 / p))",
        ),
        "norm",
        "overflows",
    ),
    (
        "ch02",
        (
            "return float(2.0 * np.arctan2(norm(u - v), norm(u + v)))",
            "return float(np.arccos(np.clip(u @ v, -1.0, 1.0)))",
        ),
        "angle",
        "Kahan",
    ),
    (
        "ch02",
        ("        Q[:, j] = v / length", "        Q[:, j] = v"),
        "gram_schmidt",
        "unit vectors",
    ),
    (
        "ch02",
        ("for _ in range(2):  # twice is enough", "for _ in range(1):"),
        "gram_schmidt",
        "second time",
    ),
    # ch03: a loop that stops one term short, a layer that forgets W's transpose
    ("ch03", ("for k in range(p):", "for k in range(p - 1):"), "matmul_naive", "is [[-6]]"),
    (
        "ch03",
        ("@ np.asarray(W, dtype=float).T", "@ np.asarray(W, dtype=float)"),
        "linear_layer",
        "Y = W x + b",
    ),
    # ch04: a clockwise rotation, a reflection for unit normals only, an unsigned area
    (
        "ch04",
        ("return np.array([[c, -s], [s, c]])", "return np.array([[c, s], [-s, c]])"),
        "rotation_2d",
        "counter-clockwise",
    ),
    ("ch04", ("np.outer(n, n) / (n @ n)", "np.outer(n, n)"), "reflection", "mirrors"),
    (
        "ch04",
        ("return float(0.5 * np.sum(", "return abs(0.5 * np.sum("),
        "polygon_area",
        "negative area",
    ),
    # ch06: det(A − λI)'s sign, power iteration without normalising or with λ = ‖Av‖, inverse
    # iteration that multiplies by A − μI instead of solving
    (
        "ch06",
        ("coef[k] = -np.trace(A @ M) / k", "coef[k] = np.trace(A @ M) / k"),
        "characteristic_polynomial",
        "[1, −4, 3]",
    ),
    (
        "ch06",
        ("v = w / np.sqrt(w @ w)  # normalise every step", "v = w"),
        "power_iteration",
        "normalise v every step",
    ),
    (
        "ch06",
        (
            "    return float(v @ A @ v), v\n\n\ndef inverse",
            "    return float(np.linalg.norm(A @ v)), v\n\n\ndef inverse",
        ),
        "power_iteration",
        "not ‖Av‖",
    ),
    (
        "ch06",
        ("w = np.linalg.solve(A - mu * np.eye(n), v)", "w = (A - mu * np.eye(n)) @ v"),
        "inverse_iteration",
        "expected 4",
    ),
    # ch07: a Householder sign that cancels, Cholesky without the positivity test, least
    # squares by the normal equations, PCA without centring
    (
        "ch07",
        ("alpha = -length if x[0] >= 0 else length", "alpha = length"),
        "qr",
        "α = −sign(x₁)‖x‖",
    ),
    (
        "ch07",
        ("if not pivot > 0:", "if False:"),
        "cholesky",
        "not positive definite",
    ),
    (
        "ch07",
        (
            "    c = Q.T @ np.asarray(b, dtype=float)",
            "    return np.linalg.solve(A.T @ A, A.T @ b)",
        ),
        "lstsq_qr",
        "normal equations",
    ),
    ("ch07", ("Xc = X - X.mean(axis=0)", "Xc = X"), "pca", "centre the data"),
    # ch08: walks that start from A instead of I, a Laplacian D + A, components that follow
    # out-edges only, PageRank whose dangling nodes leak their mass
    ("ch08", ("    result = np.eye(A.shape[0])", "    result = A.copy()"), "count_walks", "A⁰ = I"),
    (
        "ch08",
        ("return np.diag(degree) - A", "return np.diag(degree) + A"),
        "laplacian",
        "rows sum to 0",
    ),
    (
        "ch08",
        ("linked = (A + A.T) > 0", "linked = A > 0"),
        "connected_components",
        "the edge 1 → 0 links the two nodes",
    ),
    (
        "ch08",
        (
            "P = np.full((n, n), 1.0 / n)  # a dangling node jumps to any node",
            "P = np.zeros((n, n))",
        ),
        "pagerank",
        "probability distribution",
    ),
    # ch09: the textbook sigmoid, log-sum-exp without the max or without log1p, softmax without
    # the max, log of the softmax
    (
        "ch09",
        ("return np.where(x >= 0, 1 / (1 + z), z / (1 + z))", "return 1 / (1 + np.exp(-x))"),
        "sigmoid",
        "e^x/(1 + e^x)",
    ),
    (
        "ch09",
        (
            "out = m + np.log(k) + np.log1p(rest / k)",
            "out = np.log(np.sum(np.exp(x), axis=axis, keepdims=True))",
        ),
        "logsumexp",
        "subtract the max",
    ),
    (
        "ch09",
        (
            "out = m + np.log(k) + np.log1p(rest / k)",
            "out = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))",
        ),
        "logsumexp",
        "log1p",
    ),
    (
        "ch09",
        ("e = np.exp(x - np.max(x, axis=axis, keepdims=True))", "e = np.exp(x)"),
        "softmax",
        "subtract the max",
    ),
    (
        "ch09",
        (
            "return (x - m) - logsumexp(x - m, axis=axis, keepdims=True)",
            "return np.log(softmax(x, axis=axis))",
        ),
        "log_softmax",
        "underflows",
    ),
    # ch10: sums that lag one term, the error's power off by one, one halving too many, ε in
    # Python floats, 1 − cos x as written
    (
        "ch10",
        ("        sums[i] = total\n", "        sums[i] = total - term\n"),
        "partial_sums",
        "S₁ = a₀",
    ),
    (
        "ch10",
        ("float(r) ** (k + 1) / (1.0 - r)", "float(r) ** k / (1.0 - r)"),
        "geometric_series",
        "errors 0",
    ),
    (
        "ch10",
        ("while one + eps / two != one:", "while one + eps != one:"),
        "machine_epsilon",
        "one halving too many",
    ),
    (
        "ch10",
        ("number = np.dtype(dtype).type", "number = float"),
        "machine_epsilon",
        "compute in that dtype",
    ),
    (
        "ch10",
        ("return 2.0 * np.sin(np.asarray(x, dtype=float) / 2.0) ** 2", "return 1.0 - np.cos(x)"),
        "one_minus_cos",
        "2 sin²(x/2)",
    ),
    # ch11: the midpoint (a + b)/2, the sign test by a product (underflows, and loses an exact
    # zero), the δ by subtraction, Richardson's factor 1/2ʲ
    ("ch11", ("m = a + (b - a) / 2", "m = (a + b) / 2"), "bisect", "overflows"),
    ("ch11", ("    if sa == sb:", "    if f(a) * f(b) >= 0:"), "bisect", "compare signs"),
    (
        "ch11",
        (
            "        if sm == 0:\n            return m, 0.0\n        if sm == sa:",
            "        if f(a) * f(m) >= 0:",
        ),
        "bisect",
        "lost it",
    ),
    (
        "ch11",
        (
            "return float(eps / (np.hypot(x0, np.sqrt(eps)) + x0))",
            "return float(np.sqrt(x0**2 + eps) - x0)",
        ),
        "delta_for_square",
        "cancels",
    ),
    ("ch11", ("(2.0**j - 1)", "2.0**j"), "numerical_limit", "extrapolate"),
    (
        "ch11",
        ("    if not (inside_left and inside_right):\n        return 0.0\n", ""),
        "radius_inside",
        "outside",
    ),
    # ch12: the product rule and the quotient rule's sign, the central difference over h, the
    # second difference with the first difference's step
    (
        "ch12",
        ("self.value * other.deriv + self.deriv * other.value", "self.deriv * other.deriv"),
        "Dual",
        "product rule",
    ),
    (
        "ch12",
        (
            "(self.deriv * c - self.value * other.deriv)",
            "(self.value * other.deriv - self.deriv * c)",
        ),
        "Dual",
        "quotient rule",
    ),
    (
        "ch12",
        ("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x + h) - f(x - h)) / h"),
        "central_difference",
        "3x² + h²",
    ),
    (
        "ch12",
        (
            "h = EPS**0.25 * np.maximum(1.0, np.abs(x))",
            "h = np.sqrt(EPS) * np.maximum(1.0, np.abs(x))",
        ),
        "second_derivative",
        "ε^(1/4)",
    ),
    ("ch12", ("out = f(Dual(x, 1.0))", "out = f(Dual(x, 0.0))"), "derivative_dual", "seed"),
    # ch13: convergence claimed on a small step, no divergence test, Newton without f'', golden
    # section that evaluates both points each step, the order from the first three errors
    (
        "ch13",
        ("        if abs(g) <= tol:", "        if abs(step * g) <= tol:"),
        "gradient_descent_1d",
        "not the step",
    ),
    (
        "ch13",
        ("        if not (math.isfinite(x) and math.isfinite(g)):", "        if False:"),
        "gradient_descent_1d",
        "raise ValueError",
    ),
    ("ch13", ("step = float(df(x)) / curvature", "step = float(df(x))"), "newton_1d", "one step"),
    (
        "ch13",
        ("curvature = float(d2f(x))", "curvature = abs(float(d2f(x)))"),
        "newton_1d",
        "maxima too",
    ),
    (
        "ch13",
        ("            fc = f(c)\n", "            fc, fd = f(c), f(d)\n"),
        "golden_section_search",
        "one evaluation per step",
    ),
    (
        "ch13",
        ("    e1, e2, e3 = e[-3:]", "    e1, e2, e3 = e[:3]"),
        "convergence_order",
        "last three",
    ),
    # ch14: Simpson on an off-by-one grid (n points for n pieces), Simpson's weights swapped, a
    # trapezoid rule without the halves, Gauss–Legendre without dx/dt, Golub–Welsch's weights
    (
        "ch14",
        (
            "    y = f(np.linspace(a, b, n + 1))\n    h = (b - a) / n\n    return float(h / 3",
            "    y = f(np.linspace(a, b, n))\n    h = (b - a) / n\n    return float(h / 3",
        ),
        "simpson_rule",
        "exact for cubics",
    ),
    (
        "ch14",
        (
            "4 * np.sum(y[1:-1:2]) + 2 * np.sum(y[2:-1:2])",
            "2 * np.sum(y[1:-1:2]) + 4 * np.sum(y[2:-1:2])",
        ),
        "simpson_rule",
        "weights 1, 4, 2",
    ),
    (
        "ch14",
        ("return float(h * (np.sum(y) - (y[0] + y[-1]) / 2))", "return float(h * np.sum(y))"),
        "trapezoid_rule",
        "weigh ½",
    ),
    (
        "ch14",
        (
            "return float(half * np.sum(w * func(half * t + (a + b) / 2)))",
            "return float(np.sum(w * func(half * t + (a + b) / 2)))",
        ),
        "fixed_quad",
        "dx = (b − a)/2 dt",
    ),
    (
        "ch14",
        ("return nodes, 2.0 * vectors[0] ** 2", "return nodes, 2.0 * np.abs(vectors[0])"),
        "roots_legendre",
        "weights",
    ),
    # ch15: a gradient Ax − b for a non-symmetric A, classification by A's eigenvalues or
    # without a margin, one value for all the points
    (
        "ch15",
        (
            "        return S @ np.asarray(x, dtype=float) - b",
            "        return A @ np.asarray(x, dtype=float) - b",
        ),
        "quadratic_function",
        "Ax − b is wrong",
    ),
    (
        "ch15",
        (
            "    lam = np.linalg.eigvalsh(S)\n    delta = rtol * scale",
            "    lam = np.linalg.eigvals(A).real\n    delta = rtol * scale",
        ),
        "classify_quadratic_form",
        "symmetric part",
    ),
    (
        "ch15",
        ("    delta = rtol * scale\n", "    delta = 0.0\n"),
        "classify_quadratic_form",
        "margin",
    ),
    (
        "ch15",
        ("return np.sum((X @ A.T) * X, axis=-1)", "return np.sum((X @ A.T) * X)"),
        "quadratic_form",
        "one value per point",
    ),
    # ch16: a gradient with a sign error, grad overwritten instead of added, tanh' = 1 + tanh²,
    # nodes pushed in the wrong order, a recursive topological sort, a transposed Jacobian
    (
        "ch16",
        (
            "g[i] = (f(x + e) - f(x - e)) / (2 * steps[i])",
            "g[i] = (f(x - e) - f(x + e)) / (2 * steps[i])",
        ),
        "gradient",
        "(f(x + hᵢeᵢ) − f(x − hᵢeᵢ))/2hᵢ",
    ),
    (
        "ch16",
        (
            "            self.grad += other.data * out.grad\n",
            "            self.grad = other.data * out.grad\n",
        ),
        "Value",
        "add into grad",
    ),
    (
        "ch16",
        (
            "            self.grad += (1.0 - t * t) * out.grad",
            "            self.grad += (1.0 + t * t) * out.grad",
        ),
        "Value",
        "1 − tanh²x",
    ),
    (
        "ch16",
        ("        for node in reversed(order):", "        for node in order:"),
        "Value",
        "topological",
    ),
    (
        "ch16",
        (
            "        stack = [(self, False)]\n"
            "        while stack:  # a depth-first search without recursion (graphs can be deep)\n"
            "            node, finished = stack.pop()\n"
            "            if finished:\n"
            "                order.append(node)  # after all of its inputs\n"
            "            elif id(node) not in seen:\n"
            "                seen.add(id(node))\n"
            "                stack.append((node, True))\n"
            "                stack.extend((parent, False) for parent in node._parents)\n",
            "\n"
            "        def visit(node):\n"
            "            if id(node) not in seen:\n"
            "                seen.add(id(node))\n"
            "                for parent in node._parents:\n"
            "                    visit(parent)\n"
            "                order.append(node)\n"
            "\n"
            "        visit(self)\n",
        ),
        "Value",
        "recursion limit",
    ),
    (
        "ch16",
        ("    return np.stack(columns, axis=-1)", "    return np.stack(columns, axis=0)"),
        "jacobian",
        "Jᵢⱼ = ∂Fᵢ/∂xⱼ",
    ),
    # ch17: clip-and-normalise instead of the simplex projection, a norm that overflows,
    # momentum dropped, Newton multiplying by H, projected descent that stops on ∇f
    (
        "ch17",
        (
            "    u = np.sort(x)[::-1]\n"
            "    theta = (np.cumsum(u) - total) / np.arange(1, x.size + 1)\n"
            "    rho = np.nonzero(u > theta)[0][-1]\n"
            "    return np.maximum(x - theta[rho], 0.0)",
            "    p = np.maximum(x, 0.0)\n    return total * p / p.sum()",
        ),
        "project_simplex",
        "vertex (1, 0)",
    ),
    (
        "ch17",
        (
            "    scaled = np.sqrt(np.sum((d / s) ** 2))  # ‖x − c‖ / s, between 1 and √n\n"
            "    if s * scaled <= radius:\n"
            "        return x.copy()\n"
            "    return center + radius * (d / s) / scaled",
            "    length = np.sqrt(np.sum(d**2))\n"
            "    if length <= radius:\n"
            "        return x.copy()\n"
            "    return center + radius * d / length",
        ),
        "project_ball",
        "overflows",
    ),
    (
        "ch17",
        ("        v = momentum * v - step * g", "        v = -step * g"),
        "gradient_descent",
        "v ← βv − α∇f(x)",
    ),
    (
        "ch17",
        (
            "x = x + np.linalg.solve(np.asarray(hess(x), dtype=float), -g)",
            "x = x - np.asarray(hess(x), dtype=float) @ g",
        ),
        "newton",
        "one step",
    ),
    (
        "ch17",
        (
            "        if np.linalg.norm(x - new) / step <= tol:  # ‖G(x)‖ ≤ tol at this x",
            "        if np.linalg.norm(grad(x)) <= tol:",
        ),
        "projected_gradient_descent",
        "gradient mapping",
    ),
    # ch18: Bayes on subnormal products, specificity for the false-positive rate, independence
    # by ==, inverse transform with side="left" or a cumulative sum that ends below 1
    (
        "ch18",
        ("    joint = p * (L / top)\n", "    joint = p * L\n"),
        "bayes_posterior",
        "subnormal",
    ),
    (
        "ch18",
        ("[sensitivity, 1.0 - specificity]", "[sensitivity, specificity]"),
        "diagnostic_test_posterior",
        "= 0.5",
    ),
    (
        "ch18",
        (
            "    return bool(np.all(np.abs(P - product) <= rtol * np.maximum(P, product)))",
            "    return bool(np.all(P == product))",
        ),
        "are_independent",
        "not ==",
    ),
    ("ch18", ('side="right"', 'side="left"'), "weighted_sample", "zero weights are never drawn"),
    (
        "ch18",
        ("    c = c / c[-1]  # the last one exactly 1", "    c = np.cumsum(w / w.sum())"),
        "weighted_sample",
        "end at exactly 1",
    ),
    # ch19: log(1 − p) for a tiny p, Φ by erf (0 in the lower tail), the exponential quantile
    # by log(1 − q), a one-sided KS statistic, an unsorted sample
    (
        "ch19",
        ("        + (n - kk) * np.log1p(-p)", "        + (n - kk) * np.log(1 - p)"),
        "binomial_pmf",
        "log1p(−p)",
    ),
    (
        "ch19",
        (
            "    return 0.5 * erfc(-z / math.sqrt(2.0))",
            "    return 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2.0)))",
        ),
        "normal_cdf",
        "lower tail",
    ),
    (
        "ch19",
        (
            "    return -np.log1p(-np.asarray(q, dtype=float)) / rate",
            "    return -np.log(1 - np.asarray(q, dtype=float)) / rate",
        ),
        "exponential_ppf",
        "log1p(−q)",
    ),
    (
        "ch19",
        (
            "    return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))",
            "    return float(np.max(i / n - F))",
        ),
        "ks_statistic",
        "just before",
    ),
    (
        "ch19",
        ("    x = np.sort(np.asarray(x, dtype=float))", "    x = np.asarray(x, dtype=float)"),
        "ks_statistic",
        "sort it",
    ),
    # ch20: the unbiased variance in the MLE, the one-pass variance, 0 log 0 = NaN, p/q overflow
    (
        "ch20",
        (
            "    return float(mu), float(np.sqrt(np.mean((x - mu) ** 2)))",
            "    return float(mu), float(np.sqrt(np.sum((x - mu) ** 2) / max(x.size - 1, 1)))",
        ),
        "mle_normal",
        "divides by n",
    ),
    (
        "ch20",
        ("    return float(((x - mu) ** 2) @ p)", "    return float((x**2) @ p - mu**2)"),
        "variance",
        "E[X²] − μ²",
    ),
    (
        "ch20",
        (
            "    positive = p[p > 0]\n    h = -np.sum(positive * np.log(positive))",
            "    positive = p\n    h = -np.sum(positive * np.log(positive))",
        ),
        "entropy",
        "0 log 0 = 0",
    ),
    (
        "ch20",
        (
            "    d = np.sum(p[on] * (np.log(p[on]) - np.log(q[on])))",
            "    d = np.sum(p[on] * np.log(p[on] / q[on]))",
        ),
        "kl_divergence",
        "overflows",
    ),
]


@pytest.mark.parametrize(("chapter", "change", "problem", "words"), MUTANTS)
def test_mutants_fail_with_the_right_message(
    tmp_path, monkeypatch, chapter, change, problem, words
):
    # Grade only the problem the mutation is aimed at (the others pass in their own tests).
    checks = importlib.import_module(f"exercises.checks.{CHAPTERS[chapter]}")
    aimed = [p for p in checks.PROBLEMS if p.name == problem]
    assert aimed, f"{chapter} has no problem {problem!r}"
    monkeypatch.setattr(checks, "PROBLEMS", aimed)
    grades = outcome(chapter, mutant(tmp_path, chapter, *change))
    status, message = grades[problem]
    assert status == "failed" and words in message, grades[problem]


def test_a_learners_exception_is_one_line_with_their_file_and_line(tmp_path):
    path = mutant(
        tmp_path,
        "ch05",
        "    P, L, U = lu(A)\n    y = ",
        "    P, L, U = lu(A)\n    1 / 0\n    y = ",
    )
    status, message = outcome("ch05", path)["solve"]
    assert status == "failed"
    assert "ZeroDivisionError" in message and f"{path.name}:" in message and "1 / 0" in message


def test_a_failure_shows_the_smallest_input_hypothesis_found(tmp_path):
    path = mutant(
        tmp_path,
        "ch05",
        "x[i] = (x[i] - L[i, :i] @ x[:i]) / L[i, i]",
        "x[i] = (x[i] - L[i, :i] @ x[:i])",
    )
    status, message = outcome("ch05", path)["forward_substitution"]
    assert status == "failed"
    assert "smallest failing input: ((array([[" in message and "#" not in message, message


def test_the_command_line_exit_codes(capsys, tmp_path):
    assert grader.main(["ch05"]) == 1  # nothing attempted
    assert "not attempted" in capsys.readouterr().out
    assert grader.main(["ch05", str(EXERCISES / "solutions" / f"{CHAPTERS['ch05']}.py")]) == 0
    assert grader.main(["ch05", str(tmp_path / "missing.py")]) == 2
    with pytest.raises(SystemExit):
        grader.main(["ch99"])
