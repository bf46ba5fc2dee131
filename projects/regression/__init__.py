"""House prices by linear and ridge regression on the Ames data, side by side with scikit-learn."""

from .model import LinearRegression, Ridge

__all__ = ["LinearRegression", "Ridge"]
