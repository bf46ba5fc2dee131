"""Lists of parameter arrays updated in place, and the per-parameter state of an optimizer.

The machinery under :class:`~foundations.multivariable.SGD` and
:class:`~foundations.multivariable.Adam`: ``params`` may be ndarrays or Tensor leaves (their
``.data`` is updated, their ``.grad`` read), and ``grads`` must match them in number and shape.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array

__all__: list[str] = []


def _arrays(params) -> list[np.ndarray]:
    """The arrays to update in place: ndarrays, or the ``.data`` of Tensor-like leaves."""
    if isinstance(params, np.ndarray) or hasattr(params, "data"):
        params = [params]
    if not isinstance(params, (list, tuple)) or not params:
        raise InputError("params must be a non-empty list of arrays (or Tensors)")
    out = []
    for i, p in enumerate(params):
        a = p.data if hasattr(p, "data") and not isinstance(p, np.ndarray) else p
        if not isinstance(a, np.ndarray) or a.dtype.kind != "f":
            raise InputError(
                f"params[{i}] must be a float ndarray (updated in place), got {type(a).__name__}"
            )
        if not a.flags.writeable:
            raise InputError(f"params[{i}] is read-only and cannot be updated in place")
        out.append(a)
    return out


def _grads(params, grads, arrays: list[np.ndarray]) -> list[np.ndarray]:
    """``grads`` as arrays shaped and typed like ``arrays`` (from each Tensor's ``.grad`` if omitted)."""
    if grads is None:
        items = [params] if not isinstance(params, (list, tuple)) else params
        if not all(hasattr(p, "grad") for p in items):
            raise InputError("grads is required unless params are Tensors with .grad")
        grads = [p.grad for p in items]
        if any(g is None for g in grads):
            raise InputError("a parameter has no .grad: call backward() before step()")
    elif isinstance(grads, np.ndarray):
        grads = [grads]
    if not isinstance(grads, (list, tuple)) or len(grads) != len(arrays):
        n = len(grads) if isinstance(grads, (list, tuple)) else type(grads).__name__
        raise InputError(f"grads must be a list of {len(arrays)} arrays, like params, got {n}")
    out = []
    for i, (g, a) in enumerate(zip(grads, arrays, strict=True)):
        g = as_float_array(g, f"grads[{i}]")
        if g.shape != a.shape:
            raise InputError(f"grads[{i}] has shape {g.shape} but params[{i}] has {a.shape}")
        out.append(g.astype(a.dtype, copy=False))
    return out


class _Optimizer:
    """The state (one buffer per parameter, created at the first step) and its checks."""

    _buffers: tuple[str, ...] = ()

    def _state(self, arrays: list[np.ndarray]) -> None:
        first = getattr(self, self._buffers[0])
        if first is None:
            for name in self._buffers:
                setattr(self, name, [np.zeros_like(a) for a in arrays])
        elif [b.shape for b in first] != [a.shape for a in arrays]:
            raise InputError(
                "params changed shape since the first step; use a new optimizer for new params"
            )

    def reset(self) -> None:
        """Forget the state (velocities, moments, step count)."""
        for name in self._buffers:
            setattr(self, name, None)
        self.t = 0
