"""Multivariable calculus from scratch (Part 3 of *Mathematics of Machine Learning*, chapters 15–17).

Every public name of the chapter modules is re-exported here, so
``from foundations.multivariable import minimize`` works.
"""

# --- ch 17: optimization in several variables ------------------------------------------------
from .optimize import (
    DivergenceError,
    OptimizeResult,
    gradient_descent,
    minimize,
    newton,
)
