"""Reference solutions, chapter 12 — graded by ``nox -s grade -- --solutions``."""

import numpy as np

EPS = np.finfo(float).eps


def forward_difference(f, x, h=None):
    r"""The forward difference :math:`\dfrac{f(x + h) - f(x)}{h} = f'(x) + \tfrac h2 f''(\xi)`.

    Each value of :math:`f` carries a rounding error of about :math:`\varepsilon |f|`, which the
    quotient divides by :math:`h`; the total :math:`\tfrac h2|f''| + \varepsilon|f|/h` is
    smallest near :math:`h = \sqrt{\varepsilon}`. Scale the default step with :math:`x`:
    :math:`h = \sqrt{\varepsilon}\,\max(1, |x|)` (:math:`\varepsilon` = ``np.finfo(float).eps``),
    or :math:`x + h` rounds back to (nearly) :math:`x` for large :math:`x`.

    Parameters
    ----------
    f : callable
        A vectorised scalar function.
    x : float or ndarray
        The point (or an array of points: one derivative per point).
    h : float, optional
        The step; the default above when ``None``.

    Returns
    -------
    float or ndarray, shaped like ``x``

    Hint: the step actually taken is :math:`(x + h) - x`, which is exactly representable —
    divide by that, not by the ``h`` you asked for.
    """
    x = np.asarray(x, dtype=float)
    if h is None:
        h = np.sqrt(EPS) * np.maximum(1.0, np.abs(x))
    h = (x + h) - x
    return (f(x + h) - f(x)) / h


def central_difference(f, x, h=None):
    r"""The central difference :math:`\dfrac{f(x + h) - f(x - h)}{2h} = f'(x) + \tfrac{h^2}6 f'''(\xi)`.

    The error is second order in :math:`h`; balanced against rounding
    :math:`\varepsilon |f|/h` the best step is near :math:`h = \varepsilon^{1/3}`, so the
    default is :math:`h = \varepsilon^{1/3}\max(1, |x|)` (about :math:`6 \cdot 10^{-6}` at
    :math:`|x| \le 1`, error about :math:`10^{-10}` relative).

    Parameters
    ----------
    f : callable
        A vectorised scalar function.
    x : float or ndarray
    h : float, optional

    Returns
    -------
    float or ndarray, shaped like ``x``

    Hint: the same as :func:`forward_difference`, with a different default step and
    denominator. Which one?
    """
    x = np.asarray(x, dtype=float)
    if h is None:
        h = np.cbrt(EPS) * np.maximum(1.0, np.abs(x))
    h = (x + h) - x
    return (f(x + h) - f(x - h)) / (2 * h)


def second_derivative(f, x, h=None):
    r"""The second difference :math:`\dfrac{f(x + h) - 2f(x) + f(x - h)}{h^2} = f''(x) + \tfrac{h^2}{12} f''''(\xi)`.

    Rounding is now divided by :math:`h^2` (about :math:`4\varepsilon|f|/h^2`), so the best
    step is larger: :math:`h = \varepsilon^{1/4}\max(1, |x|)` by default (error about
    :math:`10^{-8}` relative — a second derivative by differences is never very accurate).

    Parameters
    ----------
    f : callable
        A vectorised scalar function.
    x : float or ndarray
    h : float, optional

    Returns
    -------
    float or ndarray, shaped like ``x``

    Hint: with :math:`h = \sqrt\varepsilon` the rounding error alone is about
    :math:`4|f|` — try it on :math:`\sin` to see.
    """
    x = np.asarray(x, dtype=float)
    if h is None:
        h = EPS**0.25 * np.maximum(1.0, np.abs(x))
    h = (x + h) - x
    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2


class Dual:
    r"""A dual number :math:`a + b\epsilon` with :math:`\epsilon^2 = 0` (forward-mode autodiff).

    Arithmetic on dual numbers carries the derivative along exactly:

    .. math::
        (a + b\epsilon) \pm (c + d\epsilon) = (a \pm c) + (b \pm d)\epsilon, \qquad
        (a + b\epsilon)(c + d\epsilon) = ac + (ad + bc)\epsilon,

        \frac{a + b\epsilon}{c + d\epsilon} = \frac ac + \frac{bc - ad}{c^2}\epsilon, \qquad
        g(a + b\epsilon) = g(a) + g'(a)\,b\,\epsilon .

    So :math:`f(x + 1\epsilon) = f(x) + f'(x)\epsilon` for any ``f`` built from these
    operations: the derivative with no step size and no truncation error.

    Parameters
    ----------
    value : float
        :math:`a`, stored as ``self.value``.
    deriv : float
        :math:`b`, stored as ``self.deriv`` (0 for a constant).

    Implement ``+ - * /`` with a ``Dual`` or a plain number on either side (``2 * x``,
    ``1 - x``, ``1 / x``: the reflected ``__radd__``, ``__rsub__``, ``__rmul__``,
    ``__rtruediv__``), unary ``-x``, ``x ** p`` for a number ``p``, and the methods ``sin``,
    ``cos``, ``exp``, ``log``.

    Hint: turn a plain number ``c`` into ``Dual(c, 0.0)`` first; then each operation is one
    line of the rules above.
    """

    def __init__(self, value, deriv=0.0):
        """Store the value and the derivative part."""
        self.value = float(value)
        self.deriv = float(deriv)

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Dual) else Dual(other, 0.0)

    def __add__(self, other):
        """``self + other``."""
        other = Dual._lift(other)
        return Dual(self.value + other.value, self.deriv + other.deriv)

    def __radd__(self, other):
        """``other + self`` for a plain number ``other``."""
        return self + other

    def __neg__(self):
        """``-self``."""
        return Dual(-self.value, -self.deriv)

    def __sub__(self, other):
        """``self - other``."""
        return self + (-Dual._lift(other))

    def __rsub__(self, other):
        """``other - self``."""
        return Dual._lift(other) + (-self)

    def __mul__(self, other):
        """``self * other``: the product rule."""
        other = Dual._lift(other)
        return Dual(self.value * other.value, self.value * other.deriv + self.deriv * other.value)

    def __rmul__(self, other):
        """``other * self``."""
        return self * other

    def __truediv__(self, other):
        """``self / other``: the quotient rule."""
        other = Dual._lift(other)
        c = other.value
        return Dual(self.value / c, (self.deriv * c - self.value * other.deriv) / (c * c))

    def __rtruediv__(self, other):
        """``other / self``."""
        return Dual._lift(other) / self

    def __pow__(self, p):
        """``self ** p`` for a plain number ``p``: :math:`(a^p, p a^{p-1} b)`."""
        return Dual(self.value**p, p * self.value ** (p - 1) * self.deriv)

    def sin(self):
        """:math:`\\sin(a) + \\cos(a) b \\epsilon`."""
        return Dual(np.sin(self.value), np.cos(self.value) * self.deriv)

    def cos(self):
        """:math:`\\cos(a) - \\sin(a) b \\epsilon`."""
        return Dual(np.cos(self.value), -np.sin(self.value) * self.deriv)

    def exp(self):
        """:math:`e^a + e^a b \\epsilon`."""
        e = np.exp(self.value)
        return Dual(e, e * self.deriv)

    def log(self):
        """:math:`\\log a + (b / a) \\epsilon`."""
        return Dual(np.log(self.value), self.deriv / self.value)


def derivative_dual(f, x):
    r"""The exact derivative :math:`f'(x)` by one evaluation of ``f`` on :class:`Dual` numbers.

    .. math:: f(x + 1\epsilon) = f(x) + f'(x)\,\epsilon

    ``f`` is written with ``+ - * / **`` and the methods ``.sin()``, ``.cos()``, ``.exp()``,
    ``.log()`` of its argument, so it runs on your ``Dual``.

    Parameters
    ----------
    f : callable
    x : float

    Returns
    -------
    float

    Hint: seed the derivative part with 1. What if ``f`` ignores its argument and returns a
    plain number?
    """
    out = f(Dual(x, 1.0))
    return out.deriv if isinstance(out, Dual) else 0.0
