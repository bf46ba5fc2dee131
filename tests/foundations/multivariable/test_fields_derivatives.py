import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.multivariable import (
    check_gradient,
    classify_quadratic_form,
    directional_derivative,
    evaluate_on_grid,
    gradient,
    hessian,
    jacobian,
    linear_form,
    partial_derivative,
    quadratic_form,
    quadratic_function,
)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 8), m=st.integers(1, 20), seed=st.integers(0, 2**32 - 1))
def test_forms_match_their_definitions(n, m, seed):
    rng = np.random.default_rng(seed)
    A, a, X = rng.normal(size=(n, n)), rng.normal(size=n), rng.normal(size=(m, n))
    np.testing.assert_allclose(quadratic_form(A, X), np.einsum("ki,ij,kj->k", X, A, X), atol=1e-10)
    np.testing.assert_allclose(quadratic_form(A, X[0]), X[0] @ A @ X[0], atol=1e-10)
    np.testing.assert_allclose(linear_form(a, X), X @ a, atol=1e-12)
    # the antisymmetric part does not contribute
    np.testing.assert_allclose(quadratic_form(A - A.T, X), 0.0, atol=1e-10)


def test_quadratic_function_gradient_and_hessian():
    rng = np.random.default_rng(0)
    A, b = rng.normal(size=(5, 5)), rng.normal(size=5)
    fun, grad, hess = quadratic_function(A, b, c=2.0)
    x = rng.normal(size=5)
    assert fun(x) == pytest.approx(0.5 * x @ A @ x - b @ x + 2.0)
    np.testing.assert_allclose(grad(x), gradient(fun, x), rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(hess(x), hessian(fun, x), atol=1e-5)


@pytest.mark.parametrize(
    ("A", "kind"),
    [
        ([[2.0, 1.0], [1.0, 2.0]], "positive definite"),
        ([[-2.0, 1.0], [1.0, -2.0]], "negative definite"),
        ([[1.0, 1.0], [1.0, 1.0]], "positive semidefinite"),
        ([[-1.0, 0.0], [0.0, 0.0]], "negative semidefinite"),
        ([[1.0, 0.0], [0.0, -1.0]], "indefinite"),
        ([[0.0, 3.0], [-3.0, 0.0]], "zero"),
    ],
)
def test_classify_quadratic_form_agrees_with_the_eigenvalues(A, kind):
    S = (np.array(A) + np.array(A).T) / 2
    assert classify_quadratic_form(A) == kind
    w = np.linalg.eigvalsh(S)
    if kind == "positive definite":
        assert w.min() > 0
    if kind == "indefinite":
        assert w.min() < 0 < w.max()


def test_a_singular_gram_matrix_is_semidefinite_not_definite():
    # regression: a rounding-sized last Cholesky pivot made B Bᵀ (rank 3 of 5) "positive definite"
    rng = np.random.default_rng(0)
    for _ in range(50):
        B = rng.normal(size=(5, 3))
        assert classify_quadratic_form(B @ B.T) == "positive semidefinite"
        assert classify_quadratic_form(-(B @ B.T)) == "negative semidefinite"
    assert classify_quadratic_form(np.float32([[1, 0], [0, 2]])) == "positive definite"
    assert classify_quadratic_form([[5.0]]) == "positive definite"
    with pytest.raises(InputError, match="rtol"):
        classify_quadratic_form(np.eye(2), rtol=-1.0)


def test_finite_differences_edges_and_bad_arguments():
    f = lambda x: np.sum(np.sin(x) * x)  # noqa: E731
    x = np.array([1.0, 2.0])
    exact = np.sin(x) + x * np.cos(x)
    g32 = gradient(f, x.astype(np.float32))
    assert g32.dtype == np.float32 and hessian(f, x.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(g32, exact, rtol=1e-3)
    assert directional_derivative(f, x, [0.0, 0.0]) == 0.0
    assert directional_derivative(f, x, [1.0, 0.0], h=1e-5) == pytest.approx(exact[0], rel=1e-8)
    cases = [
        (lambda: gradient(f, x, h=0.0), "positive"),
        (lambda: gradient(f, x, h=1e-300), "spacing"),
        (lambda: gradient(f, x, h=[1e-3] * 3), "broadcast"),
        (lambda: partial_derivative(f, x, 1.5), "integer"),
        (lambda: partial_derivative(f, x, 2), r"\[0, 2\)"),
        (lambda: gradient(lambda z: z, x), "single number"),
        (lambda: gradient(lambda z: "s", x), "real number"),
        (lambda: gradient("f", x), "callable"),
        (lambda: directional_derivative(f, x, [1.0, 0.0], h=0.0), "h must be"),
        (lambda: directional_derivative(f, x, [1.0, 0.0], h=1e-300), "spacing"),
        (lambda: jacobian(lambda z: np.outer(z, z), x), "1-D"),
        (lambda: hessian(f, x, grad="g"), "callable"),
        (lambda: check_gradient(f, lambda z: "s", x), "real numbers"),
        (lambda: evaluate_on_grid(lambda P: 1.0), "one value"),
        (lambda: evaluate_on_grid(f, xlim=(1, 0)), "low < high"),
        (lambda: evaluate_on_grid(f, ylim=3), "pair"),
        (lambda: evaluate_on_grid(f, num=2.5), "num"),
    ]
    for call, match in cases:
        with pytest.raises(InputError, match=match):
            call()


def test_evaluate_on_grid_shapes():
    X, Y, Z = evaluate_on_grid(lambda P: P[:, 0] * P[:, 1], num=5)
    assert X.shape == Y.shape == Z.shape == (5, 5)
    np.testing.assert_allclose(Z, X * Y)
    _, _, V = evaluate_on_grid(lambda P: -P, num=4)
    assert V.shape == (4, 4, 2)


def rosen_ok(x):
    return scipy.optimize.rosen(x)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 6), seed=st.integers(0, 2**32 - 1))
def test_finite_difference_derivatives_match_analytic_ones(n, seed):
    x = np.random.default_rng(seed).uniform(-1.5, 1.5, size=n)
    g = scipy.optimize.rosen_der(x)
    H = scipy.optimize.rosen_hess(x)
    scale = max(1.0, np.abs(g).max())
    np.testing.assert_allclose(gradient(rosen_ok, x), g, atol=1e-7 * scale)
    np.testing.assert_allclose(
        hessian(rosen_ok, x, grad=scipy.optimize.rosen_der), H, atol=1e-6 * np.abs(H).max()
    )
    np.testing.assert_allclose(hessian(rosen_ok, x), H, atol=1e-4 * np.abs(H).max())
    np.testing.assert_allclose(
        jacobian(scipy.optimize.rosen_der, x), H, atol=1e-6 * np.abs(H).max()
    )
    v = np.random.default_rng(seed + 1).normal(size=n)
    assert directional_derivative(rosen_ok, x, v) == pytest.approx(
        g @ v, abs=1e-6 * scale * np.abs(v).sum()
    )
    assert partial_derivative(rosen_ok, x, 1) == pytest.approx(g[1], abs=1e-7 * scale)


def test_jacobian_of_a_vector_field():
    F = lambda x: np.array([x[0] * x[1], np.sin(x[0]), x[1] ** 3])  # noqa: E731
    x = np.array([0.7, -1.3])
    J = np.array([[x[1], x[0]], [np.cos(x[0]), 0.0], [0.0, 3 * x[1] ** 2]])
    np.testing.assert_allclose(jacobian(F, x), J, atol=1e-9)


def test_check_gradient_flags_a_wrong_gradient():
    x = np.array([0.3, -0.2, 1.1])
    assert check_gradient(scipy.optimize.rosen, scipy.optimize.rosen_der, x) < 1e-8
    wrong = lambda x: scipy.optimize.rosen_der(x) * np.array([1, 1, 0.5])  # noqa: E731
    assert check_gradient(scipy.optimize.rosen, wrong, x) > 1e-2
    with pytest.raises(InputError, match="entries"):
        check_gradient(scipy.optimize.rosen, lambda x: np.zeros(2), x)
    with pytest.raises(InputError):
        quadratic_form(np.eye(3), np.ones(2))
