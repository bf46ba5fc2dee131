r"""Stochastic gradient descent with momentum, and Adam (chapter 17), updating parameters in place.

These follow the update formulas of scikit-learn's ``sklearn/neural_network/_stochastic_optimizers.py``
step for step (so the same gradients give the same parameters, to the last bit), written to
update the arrays in place. They live in the project until ``foundations.multivariable`` has its
own optimizer classes.

**SGD with momentum** :math:`\mu` (velocity :math:`v`, learning rate :math:`\eta`):

.. math:: v \leftarrow \mu v - \eta g, \qquad
          \theta \leftarrow \theta + \begin{cases} \mu v - \eta g & \text{Nesterov} \\
          v & \text{classical} \end{cases}

(:math:`\mu = 0` is plain gradient descent, :math:`\theta \leftarrow \theta - \eta g`).
Schedules: ``"constant"``; ``"invscaling"``, :math:`\eta_t = \eta_0/(t+1)^{p}` after each epoch,
:math:`t` = samples seen; ``"adaptive"``, :math:`\eta` divided by 5 each time the loss stalls,
stopping below :math:`10^{-6}`.

**Adam** (Kingma & Ba 2014), step :math:`t = 1, 2, \dots`:

.. math:: m \leftarrow \beta_1 m + (1-\beta_1) g, \qquad
          v \leftarrow \beta_2 v + (1-\beta_2) g^2, \qquad
          \theta \leftarrow \theta - \eta\,\frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}\,
          \frac{m}{\sqrt v + \epsilon},

the bias corrections folded into the step size as in the paper's section 2.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SGD", "Adam"]


class SGD:
    """Stochastic gradient descent with optional (Nesterov) momentum.

    Parameters
    ----------
    params : list of ndarray
        The arrays updated in place by :meth:`step` (their shapes fix the velocities').
    learning_rate : float
    schedule : {"constant", "invscaling", "adaptive"}
    momentum : float
        :math:`\\mu \\in [0, 1]`.
    nesterov : bool
    power_t : float
        Exponent of ``"invscaling"``.
    """

    def __init__(
        self,
        params,
        learning_rate=0.1,
        schedule="constant",
        momentum=0.9,
        nesterov=True,
        power_t=0.5,
    ):
        self.learning_rate_init = float(learning_rate)
        self.learning_rate = float(learning_rate)
        self.schedule = schedule
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.power_t = float(power_t)
        self.velocities = [np.zeros_like(p) for p in params] if self.momentum else None

    def step(self, params, grads) -> None:
        """One update of every array in ``params`` from its gradient in ``grads``."""
        lr, mu = self.learning_rate, self.momentum
        if not mu:
            for p, g in zip(params, grads, strict=True):
                p -= lr * g
            return
        for p, g, v in zip(params, grads, self.velocities, strict=True):
            v *= mu
            v -= lr * g
            if self.nesterov:
                p += mu * v - lr * g
            else:
                p += v

    def iteration_ends(self, samples_seen: int) -> None:
        """End of an epoch: the ``"invscaling"`` rate :math:`\\eta_0 / (t + 1)^{p}`."""
        if self.schedule == "invscaling":
            self.learning_rate = self.learning_rate_init / (samples_seen + 1) ** self.power_t

    def trigger_stopping(self) -> bool:
        """The loss stalled: stop (True), or for ``"adaptive"`` divide the rate by 5 and go on."""
        if self.schedule != "adaptive" or self.learning_rate <= 1e-6:
            return True
        self.learning_rate /= 5.0
        return False


class Adam:
    """Adam: per-coordinate steps scaled by running moments of the gradient.

    Parameters
    ----------
    params : list of ndarray
    learning_rate : float
    beta_1, beta_2 : float
        Decay rates of the first and second moments, in :math:`[0, 1)`.
    epsilon : float
        Added to :math:`\\sqrt v` so a zero second moment does not divide by zero.
    """

    def __init__(self, params, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.learning_rate_init = float(learning_rate)
        self.learning_rate = float(learning_rate)
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.t = 0
        self.ms = [np.zeros_like(p) for p in params]
        self.vs = [np.zeros_like(p) for p in params]

    def step(self, params, grads) -> None:
        """One Adam update of every array in ``params``."""
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        # A Python float (not np.float64), so float32 parameters stay float32.
        self.learning_rate = float(
            self.learning_rate_init * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        )
        lr = self.learning_rate
        for p, g, m, v in zip(params, grads, self.ms, self.vs, strict=True):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * (g * g)
            denom = np.sqrt(v)
            denom += self.epsilon
            p -= lr * m / denom

    def iteration_ends(self, samples_seen: int) -> None:
        """Nothing changes at the end of an epoch."""

    def trigger_stopping(self) -> bool:
        """The loss stalled: stop."""
        return True
