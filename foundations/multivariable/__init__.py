"""Multivariable calculus from scratch (Part 3 of *Mathematics of Machine Learning*, chapters 15–17).

Every public name of the chapter modules is re-exported here, so
``from foundations.multivariable import minimize`` works. Modules: ch 15 ``fields``, ch 16
``derivatives`` (finite differences), ``autodiff`` (scalar reverse mode) and ``tensor`` (array
reverse mode), ch 17 ``optimize`` (gradient descent, Newton), ``stochastic`` (mini-batch SGD
and Adam), ``constrained`` (Lagrange–Newton, projected gradient descent) and ``results`` (what
they return).
"""

from ..calculus.optimization import DivergenceError  # one class for both parts
from .autodiff import Value, topological_order
from .constrained import (
    lagrange_newton,
    project_ball,
    project_box,
    project_simplex,
    projected_gradient_descent,
)
from .derivatives import (
    check_gradient,
    directional_derivative,
    gradient,
    hessian,
    jacobian,
    partial_derivative,
)
from .fields import (
    classify_quadratic_form,
    evaluate_on_grid,
    linear_form,
    quadratic_form,
    quadratic_function,
)
from .optimize import gradient_descent, minimize, newton
from .results import ConstrainedResult, OptimizeResult, StochasticResult
from .stochastic import SGD, Adam, adam, sgd
from .tensor import Tensor, value_and_grad
