"""Chapter 12 — Differentiation: finite differences and their step sizes, dual numbers.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch12            # or: python -m exercises.grader ch12

Use NumPy; do not call ``foundations.calculus`` — the point is to write them. A finite
difference trades truncation error (large ``h``) against rounding error (small ``h``); dual
numbers have neither.
"""


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
        raise NotImplementedError

    def __add__(self, other):
        """``self + other``."""
        raise NotImplementedError

    def __radd__(self, other):
        """``other + self`` for a plain number ``other``."""
        raise NotImplementedError

    def __neg__(self):
        """``-self``."""
        raise NotImplementedError

    def __sub__(self, other):
        """``self - other``."""
        raise NotImplementedError

    def __rsub__(self, other):
        """``other - self``."""
        raise NotImplementedError

    def __mul__(self, other):
        """``self * other``: the product rule."""
        raise NotImplementedError

    def __rmul__(self, other):
        """``other * self``."""
        raise NotImplementedError

    def __truediv__(self, other):
        """``self / other``: the quotient rule."""
        raise NotImplementedError

    def __rtruediv__(self, other):
        """``other / self``."""
        raise NotImplementedError

    def __pow__(self, p):
        """``self ** p`` for a plain number ``p``: :math:`(a^p, p a^{p-1} b)`."""
        raise NotImplementedError

    def sin(self):
        """:math:`\\sin(a) + \\cos(a) b \\epsilon`."""
        raise NotImplementedError

    def cos(self):
        """:math:`\\cos(a) - \\sin(a) b \\epsilon`."""
        raise NotImplementedError

    def exp(self):
        """:math:`e^a + e^a b \\epsilon`."""
        raise NotImplementedError

    def log(self):
        """:math:`\\log a + (b / a) \\epsilon`."""
        raise NotImplementedError


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
    raise NotImplementedError
