r"""Continuity and open and closed sets, made concrete (chapter 11).

**ε–δ.** :math:`f` is continuous at :math:`x_0` when for every :math:`\varepsilon > 0` there is a
:math:`\delta > 0` with

.. math:: |x - x_0| < \delta \implies |f(x) - f(x_0)| < \varepsilon ,

and :math:`\lim_{x \to x_0} f(x) = L` is the same statement with :math:`L` for :math:`f(x_0)` and
:math:`0 < |x - x_0|`. :func:`epsilon_delta` *finds* such a :math:`\delta` numerically: it samples
:math:`f` densely around :math:`x_0` (geometrically fine near :math:`x_0`, uniform further out),
takes the distance of the nearest sample that breaks :math:`|f(x) - L| < \varepsilon`, and
locates the crossing between it and the last good sample by bisection. A computation can only
check finitely many points, so the result is a :math:`\delta` *verified on those samples*, not a
proof: a spike narrower than the sample spacing is invisible. When even the samples closest to
:math:`x_0` break the bound, no :math:`\delta` exists at the sampled resolution and the result
says the function looks discontinuous there (``sign`` at 0 for :math:`\varepsilon \le 1`).

**Open and closed sets.** A set :math:`U \subseteq \mathbb{R}` is *open* when every point has a
ball around it inside the set, :math:`(x - r, x + r) \subseteq U` for some :math:`r > 0`, and
*closed* when its complement is open — equivalently, when it contains the limit of every
convergent sequence of its points. :class:`Interval` computes that radius
(:meth:`Interval.radius_inside`), its interior, closure and boundary: :math:`(0, 1]` is neither
open (no ball around 1) nor closed (:math:`1/n \to 0 \notin (0, 1]`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ..validation import as_float_array
from ._checks import check_callable, check_count, check_real, scalar_value, values_like

__all__ = ["EpsilonDeltaResult", "Interval", "epsilon_delta"]


@dataclass
class EpsilonDeltaResult:
    r"""The outcome of :func:`epsilon_delta`.

    Attributes
    ----------
    delta : float
        The largest :math:`\delta \le` ``delta_max`` for which every sample with
        :math:`|x - x_0| < \delta` satisfied :math:`|f(x) - L| < \varepsilon`; 0 if none.
    found : bool
        Whether a positive :math:`\delta` was found (``False``: :math:`f` looks discontinuous at
        :math:`x_0`, or its limit is not ``limit``, at the sampled resolution).
    x0, eps, limit : float
    n_samples : int
        The number of points where :math:`f` was checked.
    resolution : float
        The distance of the closest samples to :math:`x_0`: no :math:`\delta` below it can be
        seen.
    message : str
    """

    delta: float
    found: bool
    x0: float
    eps: float
    limit: float
    n_samples: int
    resolution: float
    message: str = field(default="")


def _offsets(delta_max: float, n_uniform: int, x0: float) -> np.ndarray:
    """Distances from x0: geometric down to ~1e-12 delta_max (or the float spacing), then uniform."""
    spacing = np.spacing(abs(x0)) if x0 != 0 else np.finfo(float).tiny
    smallest = max(delta_max * 2.0**-40, 4 * spacing)
    geometric = np.geomspace(smallest, delta_max, 81)
    uniform = np.linspace(0.0, delta_max, n_uniform + 1)[1:]
    return np.unique(np.concatenate([geometric, uniform]))


def epsilon_delta(
    f: Callable,
    x0: float,
    eps: float,
    *,
    limit: float | None = None,
    delta_max: float = 1.0,
    n_samples: int = 2000,
) -> EpsilonDeltaResult:
    r"""Find :math:`\delta` with :math:`|x - x_0| < \delta \Rightarrow |f(x) - L| < \varepsilon`, on samples.

    Parameters
    ----------
    f : callable
        Vectorised real function, defined on :math:`[x_0 - \delta_{\max}, x_0 + \delta_{\max}]`
        except perhaps at :math:`x_0` (when ``limit`` is given).
    x0 : float
    eps : float
        :math:`\varepsilon > 0`.
    limit : float, optional
        :math:`L`; ``None`` means :math:`L = f(x_0)` (continuity). With ``limit`` given,
        :math:`f` is not evaluated at :math:`x_0` (a limit ignores the value there).
    delta_max : float
        The largest :math:`\delta` looked for.
    n_samples : int
        Uniform samples on each side (81 geometric ones near :math:`x_0` are added).

    Returns
    -------
    EpsilonDeltaResult

    Examples
    --------
    For :math:`f(x) = x^2` at :math:`x_0 = 1` the best :math:`\delta` is
    :math:`\sqrt{1 + \varepsilon} - 1`:

    >>> r = epsilon_delta(lambda x: x**2, 1.0, 0.1)
    >>> round(r.delta, 10), round(float(np.sqrt(1.1) - 1), 10)
    (0.0488088482, 0.0488088482)
    """
    check_callable(f)
    x0 = check_real(x0, "x0")
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    delta_max = check_real(delta_max, "delta_max", low=0.0, low_open=True)
    n_samples = check_count(n_samples, "n_samples", 10)
    L = scalar_value(f(x0), "f(x0)") if limit is None else check_real(limit, "limit")
    r = _offsets(delta_max, n_samples, x0)
    xs = np.concatenate([x0 - r, x0 + r])
    dist = np.abs(xs - x0)
    if np.any(dist == 0):
        raise InputError(f"delta_max={delta_max:g} is below the float spacing at x0={x0}")
    bad = np.abs(values_like(f, xs, "f") - L) >= eps
    resolution = float(dist.min())
    common = {"x0": x0, "eps": eps, "limit": L, "n_samples": xs.size, "resolution": resolution}
    if not np.any(bad):
        return EpsilonDeltaResult(delta_max, True, **common, message="every sample is within eps")
    first = int(np.argmin(np.where(bad, dist, np.inf)))
    x_bad, d_bad = float(xs[first]), float(dist[first])
    good = (~bad) & (dist < d_bad) & (np.sign(xs - x0) == np.sign(x_bad - x0))
    if not np.any(good):
        message = (
            f"no delta >= {resolution:.3g} works: f(x) is {eps:g} or more away from {L:g} at the "
            "samples closest to x0 (f looks discontinuous there, or L is not its limit)"
        )
        return EpsilonDeltaResult(0.0, False, **common, message=message)
    x_good = float(xs[good][np.argmax(dist[good])])
    for _ in range(60):  # bisect the crossing of |f - L| = eps between the good and bad samples
        mid = 0.5 * (x_good + x_bad)
        if mid in (x_good, x_bad):
            break
        if abs(values_like(f, np.array([mid]), "f")[0] - L) >= eps:
            x_bad = mid
        else:
            x_good = mid
    delta = abs(x_bad - x0)
    message = f"|f(x) - L| < eps at every sample with |x - x0| < {delta:.6g} (not a proof)"
    return EpsilonDeltaResult(delta, True, **common, message=message)


@dataclass(frozen=True)
class Interval:
    r"""An interval of :math:`\mathbb{R}` with open or closed ends: ``Interval(0, 1, True, False)`` is :math:`[0, 1)`.

    Parameters
    ----------
    a, b : float
        The ends, :math:`a \le b`; ``-inf``/``inf`` allowed (an infinite end is always open).
    left_closed, right_closed : bool
        Whether :math:`a` (resp. :math:`b`) belongs to the interval.
    """

    a: float
    b: float
    left_closed: bool = True
    right_closed: bool = True

    def __post_init__(self):
        a = check_real(self.a, "a", finite=False)
        b = check_real(self.b, "b", finite=False)
        if a > b:
            raise InputError(f"need a <= b, got a={a}, b={b}")
        for name in ("left_closed", "right_closed"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise InputError(f"{name} must be True or False")
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "left_closed", bool(self.left_closed) and np.isfinite(a))
        object.__setattr__(self, "right_closed", bool(self.right_closed) and np.isfinite(b))

    @property
    def is_empty(self) -> bool:
        return self.a == self.b and not (self.left_closed and self.right_closed)

    def contains(self, x) -> np.ndarray:
        """Whether each ``x`` lies in the interval (boolean array shaped like ``x``)."""
        x = as_float_array(x, "x")
        left = x >= self.a if self.left_closed else x > self.a
        right = x <= self.b if self.right_closed else x < self.b
        return left & right

    def radius_inside(self, x) -> np.ndarray:
        r"""The largest :math:`r` with :math:`(x - r, x + r)` inside the interval (0 if none).

        Positive exactly at the interior points; 0 at an end that belongs to the interval and
        for points outside it. The interval is open when this is positive at every one of its
        points.
        """
        x = as_float_array(x, "x")
        with np.errstate(invalid="ignore"):  # inf - inf does not occur: x is finite
            r = np.minimum(x - self.a, self.b - x)
        return np.where(self.contains(x) & (r > 0), r, 0.0)

    @property
    def is_open(self) -> bool:
        """Every point has a ball inside: neither end belongs to the interval."""
        return self.is_empty or not (self.left_closed or self.right_closed)

    @property
    def is_closed(self) -> bool:
        """The complement is open: every finite end belongs to the interval."""
        if self.is_empty:
            return True
        ends_ok = (self.left_closed or np.isinf(self.a)) and (self.right_closed or np.isinf(self.b))
        return bool(ends_ok)

    def interior(self) -> Interval:
        """The largest open set inside: both ends removed."""
        return Interval(self.a, self.b, False, False)

    def closure(self) -> Interval:
        """The smallest closed set containing it: its finite ends added."""
        if self.is_empty:
            return self
        return Interval(self.a, self.b, True, True)

    def boundary(self) -> tuple[float, ...]:
        """The finite ends (closure minus interior)."""
        if self.is_empty:
            return ()
        ends = [e for e in (self.a, self.b) if np.isfinite(e)]
        return tuple(dict.fromkeys(ends))

    def __repr__(self) -> str:
        left = "[" if self.left_closed else "("
        right = "]" if self.right_closed else ")"
        return f"{left}{self.a:g}, {self.b:g}{right}"
