"""Calculus from scratch (Part 2 of *Mathematics of Machine Learning*, chapters 9–14).

Every public name of the chapter modules is re-exported here, so
``from foundations.calculus import bisect, simpson_rule`` works. Modules: ch 9 ``functions``,
ch 10 ``sequences`` and ``series``, ch 11 ``limits`` and ``continuity``, ch 12
``differentiation`` and ``dual``, ch 13 ``optimization``, ch 14 ``integration`` and
``quadrature``.
"""

from .continuity import EpsilonDeltaResult, Interval, epsilon_delta
from .differentiation import (
    derivative,
    finite_difference_errors,
    optimal_step,
    second_derivative,
)
from .dual import Dual, derivative_dual, where
from .functions import (
    COS,
    EXP,
    IDENTITY,
    LOG,
    RELU,
    SIGMOID,
    SIN,
    SOFTPLUS,
    TANH,
    Affine,
    Function,
    log_softmax,
    logsumexp,
    logsumexp_naive,
    relu,
    sigmoid,
    sigmoid_naive,
    softmax,
    softplus,
    tanh,
)
from .integration import (
    RULES,
    IntegrationWarning,
    adaptive_simpson,
    integrate,
    monte_carlo_integral,
    observed_order,
    riemann_sum,
    simpson_rule,
    trapezoid_rule,
)
from .limits import BisectionResult, bisect, numerical_limit
from .optimization import (
    DivergenceError,
    ScalarOptimizeResult,
    convergence_order,
    golden_section_search,
    gradient_descent_1d,
    newton_1d,
    newton_root,
)
from .quadrature import fixed_quad, quad, roots_legendre
from .sequences import (
    TAYLOR_FUNCTIONS,
    alternating_series_bound,
    geometric_series,
    machine_epsilon,
    one_minus_cos,
    one_minus_cos_naive,
    partial_sums,
    taylor_polynomial,
    taylor_remainder_bound,
)
from .series import (
    SeriesTestResult,
    comparison_test,
    harmonic_numbers,
    nth_term_test,
    ratio_test,
    root_test,
)
