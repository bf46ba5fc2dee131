r"""Stochastic optimization (chapter 17): mini-batch SGD with momentum, and Adam.

A training loss is a mean over samples, :math:`L(w) = \frac1n \sum_{i=1}^n \ell_i(w)`. Its
gradient costs a pass over the data; the gradient of a **mini-batch** :math:`B`,
:math:`g_B = \frac1{|B|}\sum_{i \in B} \nabla \ell_i(w)`, is an unbiased estimate of it for the
cost of :math:`|B|` samples. An **epoch** shuffles the samples and visits them once, in batches.

- :class:`SGD`: :math:`v \leftarrow \mu v - \eta g`, :math:`w \leftarrow w + v` (Nesterov:
  :math:`w \leftarrow w + \mu v - \eta g`);
- :class:`Adam` (Kingma and Ba, 2014): running means :math:`m, v` of :math:`g` and :math:`g^2`,
  :math:`w \leftarrow w - \eta_t\, m / (\sqrt v + \epsilon)` with the bias corrections folded
  into :math:`\eta_t = \eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)`.

Both reproduce scikit-learn's ``SGDOptimizer`` and ``AdamOptimizer`` (the solvers of
``MLPClassifier``) to the last bit. They are used step by step by a training loop:
``opt.step(params, grads)`` updates a list of arrays (or
:class:`~foundations.multivariable.Tensor` leaves, whose ``.grad`` is used when ``grads`` is
omitted) **in place**; :func:`sgd` and :func:`adam` run whole epochs over
``grad(params, batch_indices)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..calculus._checks import check_count, check_real
from ..errors import InputError
from ..validation import as_float_array, check_rng
from ._inplace import _arrays, _grads, _Optimizer
from .results import (
    DIVERGENCE_FACTOR,
    DivergenceError,
    StochasticResult,
    _diverged,
    _gradient,
    _is_divergent,
    _norm,
    _value,
)

__all__ = ["SGD", "Adam", "adam", "sgd"]


def _positive(value, name: str) -> float:
    return check_real(value, name, low=0.0, low_open=True)


def _unit(value, name: str) -> float:
    """A decay rate or momentum in [0, 1)."""
    return check_real(value, name, low=0.0, high=1.0, high_open=True)


class SGD(_Optimizer):
    r"""Stochastic gradient descent with (optionally Nesterov) momentum, updating in place.

    .. math:: v \leftarrow \mu v - \eta g, \qquad
              w \leftarrow w + \begin{cases} v & \text{(classical)} \\
              \mu v - \eta g & \text{(Nesterov)} \end{cases}

    Identical to scikit-learn's ``SGDOptimizer`` (``MLPClassifier(solver="sgd")``, whose
    defaults are ``momentum=0.9, nesterov=True``) step for step.

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta > 0`; may be changed between steps (a schedule).
    momentum : float
        :math:`\mu \in [0, 1)`; 0 is plain SGD.
    nesterov : bool
        Use Nesterov's look-ahead step.

    Attributes
    ----------
    velocities : list of ndarray or None
        :math:`v` for each parameter (``None`` before the first step).
    t : int
        The number of steps taken.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0, -2.0])
    >>> opt = SGD(lr=0.1, momentum=0.9)
    >>> opt.step([w], [2 * w])  # the gradient of |w|^2
    >>> w
    array([ 0.8, -1.6])
    """

    _buffers = ("velocities",)

    def __init__(self, lr: float = 0.01, momentum: float = 0.0, nesterov: bool = False):
        self.lr = _positive(lr, "lr")
        self.momentum = _unit(momentum, "momentum")
        if not isinstance(nesterov, (bool, np.bool_)):
            raise InputError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = bool(nesterov)
        self.velocities: list[np.ndarray] | None = None
        self.t = 0

    def step(self, params, grads=None) -> None:
        """Update ``params`` (a list of float arrays or Tensors) in place by one SGD step."""
        arrays = _arrays(params)
        gs = _grads(params, grads, arrays)
        lr = _positive(self.lr, "lr")
        self._state(arrays)
        mu = self.momentum
        self.velocities = [mu * v - lr * g for v, g in zip(self.velocities, gs, strict=True)]
        updates = (
            [mu * v - lr * g for v, g in zip(self.velocities, gs, strict=True)]
            if self.nesterov
            else self.velocities
        )
        for a, u in zip(arrays, updates, strict=True):
            a += u
        self.t += 1

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, nesterov={self.nesterov})"


class Adam(_Optimizer):
    r"""Adam: per-coordinate steps scaled by running moments of the gradient, updating in place.

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
        w \leftarrow w - \eta\,\frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}\,\frac{m}{\sqrt v + \epsilon}

    Identical to scikit-learn's ``AdamOptimizer`` (``MLPClassifier(solver="adam")``) step for
    step. The first step moves every coordinate with a non-zero gradient by about :math:`\eta`,
    whatever the gradient's scale.

    Parameters
    ----------
    lr : float
        :math:`\eta > 0` (scikit-learn's ``learning_rate_init``, default 0.001).
    beta1, beta2 : float
        Decay rates of the first and second moments, in :math:`[0, 1)`.
    eps : float
        :math:`\epsilon > 0`, added to :math:`\sqrt v` (no division by 0).

    Attributes
    ----------
    ms, vs : list of ndarray or None
        The first and second moment estimates (``None`` before the first step).
    t : int
        The number of steps taken.
    """

    _buffers = ("ms", "vs")

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ):
        self.lr = _positive(lr, "lr")
        self.beta1 = _unit(beta1, "beta1")
        self.beta2 = _unit(beta2, "beta2")
        self.eps = _positive(eps, "eps")
        self.ms: list[np.ndarray] | None = None
        self.vs: list[np.ndarray] | None = None
        self.t = 0

    def step(self, params, grads=None) -> None:
        """Update ``params`` (a list of float arrays or Tensors) in place by one Adam step."""
        arrays = _arrays(params)
        gs = _grads(params, grads, arrays)
        lr = _positive(self.lr, "lr")
        self._state(arrays)
        b1, b2 = self.beta1, self.beta2
        self.t += 1
        self.ms = [b1 * m + (1 - b1) * g for m, g in zip(self.ms, gs, strict=True)]
        self.vs = [b2 * v + (1 - b2) * (g**2) for v, g in zip(self.vs, gs, strict=True)]
        lr_t = lr * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for a, m, v in zip(arrays, self.ms, self.vs, strict=True):
            a += -lr_t * m / (np.sqrt(v) + self.eps)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, eps={self.eps:g})"


# --- whole runs over mini-batches ------------------------------------------------------------


def _full_gradient_norm(grad: Callable, x: np.ndarray, n: int, where: str) -> float:
    return _norm(_gradient(lambda z: grad(z, np.arange(n)), x, where))


def _run(optimizer, method, grad, x0, n_samples, *, batch_size, n_epochs, shuffle, seed, fun, tol):
    """Epochs of mini-batch steps of ``optimizer`` on ``grad(x, batch_indices)``."""
    if not callable(grad) or not (fun is None or callable(fun)):
        raise InputError(
            "grad must be a callable grad(params, batch_indices), fun None or callable"
        )
    n = check_count(n_samples, "n_samples", 1)
    batch = min(check_count(batch_size, "batch_size", 1), n)  # as scikit-learn: clipped to n
    epochs = check_count(n_epochs, "n_epochs", 0)
    tol = None if tol is None else check_real(tol, "tol", low=0.0)
    rng = check_rng(seed)
    x = as_float_array(x0, "x0").copy()
    if x.size == 0:
        raise InputError("x0 is empty")
    history = [] if fun is None else [_value(fun, x, "x0")]
    if history and not np.isfinite(history[0]):
        raise InputError(f"fun(x0) is not finite ({history[0]})")
    g_norm = np.nan if tol is None else _full_gradient_norm(grad, x, n, "x0")
    steps, epoch = 0, 0
    limit = DIVERGENCE_FACTOR * max(1.0, _norm(x))  # parameters this far out have run away
    while not (g_norm <= tol if tol is not None else False) and epoch < epochs:
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            g = _gradient(lambda z, i=idx: grad(z, i), x, f"step {steps}")
            with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught just below
                optimizer.step([x], [g])
            steps += 1
            if not _norm(x) <= limit:  # also catches inf and NaN
                raise DivergenceError(
                    f"{method} diverged at step {steps}: the parameters' norm reached "
                    f"{_norm(x):.3g}; the lr {optimizer.lr:g} is too large, use a smaller lr"
                )
        epoch += 1
        if fun is not None:
            history.append(_value(fun, x, f"epoch {epoch}"))
            if _is_divergent(history[0], history[-1], x):
                raise _diverged(
                    method, f"epoch {epoch}", history[0], history[-1], optimizer.lr, "lr"
                )
        if tol is not None:
            g_norm = _full_gradient_norm(grad, x, n, f"epoch {epoch}")
    converged = tol is not None and g_norm <= tol
    if converged:
        message = f"full gradient norm {g_norm:.3g} <= tol={tol:g} after {epoch} epochs"
    elif tol is None:
        message = f"ran {epoch} epochs ({steps} steps); convergence not checked (tol=None)"
    else:
        message = f"ran n_epochs={epochs} with full gradient norm {g_norm:.3g} > tol={tol:g}"
    fun_end = history[-1] if history else np.nan
    return StochasticResult(
        x, fun_end, g_norm, epoch, steps, converged, np.asarray(history), message
    )


def sgd(
    grad: Callable,
    x0,
    n_samples: int,
    *,
    lr: float = 0.01,
    momentum: float = 0.0,
    nesterov: bool = False,
    batch_size: int = 32,
    n_epochs: int = 10,
    shuffle: bool = True,
    seed=None,
    fun: Callable | None = None,
    tol: float | None = None,
) -> StochasticResult:
    r"""Minimise a mean loss by mini-batch SGD with momentum (the update of :class:`SGD`).

    Each epoch shuffles ``range(n_samples)`` (if ``shuffle``), cuts it into batches of
    ``batch_size`` and takes one step :math:`v \leftarrow \mu v - \eta g_B`,
    :math:`w \leftarrow w + v` per batch.

    Parameters
    ----------
    grad : callable
        ``grad(params, batch_indices) -> ndarray`` shaped like ``params``: the gradient of the
        *mean* loss over the samples ``batch_indices`` (an int array) at ``params``.
    x0 : array_like
        The starting parameters (any shape). Not modified; float32 stays float32.
    n_samples : int
        The number of samples; batches are drawn from ``range(n_samples)``.
    lr, momentum, nesterov : float, float, bool
        As in :class:`SGD`.
    batch_size : int
        Samples per step (clipped to ``n_samples``, as scikit-learn does); the last batch of an
        epoch may be smaller.
    n_epochs : int
        The most passes over the data.
    shuffle : bool
        Shuffle the samples at the start of each epoch.
    seed : None, int or numpy Generator
    fun : callable, optional
        ``fun(params) -> float``, the full objective, recorded after each epoch (and used to
        detect divergence).
    tol : float, optional
        Stop at the end of the first epoch where the *full-batch* gradient norm is ``<= tol``
        (one full gradient per epoch); ``None`` runs every epoch and claims no convergence.

    Returns
    -------
    StochasticResult
        See :class:`~foundations.multivariable.results.StochasticResult`.

    Raises
    ------
    DivergenceError
        The parameters ran :math:`10^{12}` times their starting norm (at least 1) away, or
        ``fun`` grew past :math:`10^{12}` times its starting scale: the learning rate is too
        large.
    """
    opt = SGD(lr=lr, momentum=momentum, nesterov=nesterov)
    return _run(
        opt,
        "sgd",
        grad,
        x0,
        n_samples,
        batch_size=batch_size,
        n_epochs=n_epochs,
        shuffle=shuffle,
        seed=seed,
        fun=fun,
        tol=tol,
    )


def adam(
    grad: Callable,
    x0,
    n_samples: int,
    *,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    batch_size: int = 32,
    n_epochs: int = 10,
    shuffle: bool = True,
    seed=None,
    fun: Callable | None = None,
    tol: float | None = None,
) -> StochasticResult:
    r"""Minimise a mean loss by mini-batch Adam (the update of :class:`Adam`).

    The batches are those of :func:`sgd`; each takes one Adam step.

    Parameters
    ----------
    grad, x0, n_samples
        As in :func:`sgd`.
    lr, beta1, beta2, eps : float
        As in :class:`Adam`.
    batch_size, n_epochs, shuffle, seed, fun, tol
        As in :func:`sgd`.

    Returns
    -------
    StochasticResult

    Raises
    ------
    DivergenceError
        As in :func:`sgd`.
    """
    opt = Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    return _run(
        opt,
        "adam",
        grad,
        x0,
        n_samples,
        batch_size=batch_size,
        n_epochs=n_epochs,
        shuffle=shuffle,
        seed=seed,
        fun=fun,
        tol=tol,
    )
