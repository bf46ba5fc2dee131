"""A multilayer perceptron from scratch on the handwritten digits, side by side with scikit-learn.

The network's forward and backward passes are in :mod:`.network` (explicit NumPy) and
:mod:`.tensor_path` (``foundations.multivariable.Tensor`` autodiff); the estimator, trained by
``foundations.multivariable``'s SGD and Adam, in :mod:`.model`.
"""

from .model import MLPClassifier

__all__ = ["MLPClassifier"]
