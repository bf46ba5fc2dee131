"""Chapter 16 — Derivatives and gradients: finite-difference gradients and Jacobians, and
reverse-mode automatic differentiation (backpropagation) on a scalar graph.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch16            # or: python -m exercises.grader ch16

Use NumPy and ``math``; do not call ``foundations.multivariable`` — the point is to write them.
The grader checks your ``Value`` against the complex-step derivative of random graphs.
"""


def gradient(f, x, h=None):
    r"""The gradient :math:`\nabla f(x)` by central differences, :math:`2n` calls of ``f``.

    .. math:: \frac{\partial f}{\partial x_i}(x) \approx \frac{f(x + h_i e_i) - f(x - h_i e_i)}{2 h_i},
              \qquad h_i = \varepsilon^{1/3} \max(1, |x_i|)

    (about :math:`10^{-10}` relative error for a smooth ``f``).

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for ``x`` of shape ``(n,)``.
    x : array_like, shape (n,)
        Any numbers, integers included. Do not modify it.
    h : float, optional
        One step for every coordinate; the default above when ``None``.

    Returns
    -------
    ndarray, shape (n,)

    Hint: work on a float copy; ``x + h * e_i`` with ``e_i = np.eye(n)[i]`` builds a new
    array each time.
    """
    raise NotImplementedError


def directional_derivative(f, x, v):
    r"""The derivative of ``f`` at ``x`` along ``v``: :math:`D_v f(x) = \nabla f(x)^\top v`.

    .. math:: D_v f(x) = \lim_{t \to 0} \frac{f(x + tv) - f(x)}{t}
              \approx \frac{f(x + tv) - f(x - tv)}{2t}

    — **two** calls of ``f``, whatever the dimension (the gradient needs :math:`2n`). ``v`` is
    *not* normalised: :math:`D_{2v} f = 2 D_v f`. Take
    :math:`t = \varepsilon^{1/3}\max(1, \max_i|x_i|) / \max_i|v_i|`, and return 0 for
    :math:`v = 0`.

    Parameters
    ----------
    f : callable
    x, v : array_like, shape (n,)

    Returns
    -------
    float

    Hint: the step in :math:`x` is :math:`tv`; scale :math:`t` so that :math:`tv` is about
    :math:`\varepsilon^{1/3}` of :math:`x`, whatever the length of :math:`v`.
    """
    raise NotImplementedError


def jacobian(F, x, h=None):
    r"""The Jacobian :math:`J_{ij} = \partial F_i / \partial x_j` of :math:`F: \mathbb{R}^n \to \mathbb{R}^m`.

    Row :math:`i` is the gradient of the component :math:`F_i`; column :math:`j` is the central
    difference :math:`(F(x + h_j e_j) - F(x - h_j e_j)) / 2h_j`, with the steps of
    :func:`gradient`.

    Parameters
    ----------
    F : callable
        ``F(x) -> ndarray`` of shape ``(m,)``.
    x : array_like, shape (n,)
    h : float, optional

    Returns
    -------
    ndarray, shape (m, n)

    Hint: build it column by column — and check the shape on an ``F`` with :math:`m \ne n`.
    """
    raise NotImplementedError


class Value:
    r"""A scalar node of a computational graph, with reverse-mode differentiation (backprop).

    ``Value(data)`` holds ``data`` (a float) and ``grad`` (0.0 until :meth:`backward`). The
    operations ``a + b``, ``a * b`` (``b`` a ``Value`` or a plain number, on either side) and
    ``a.tanh()`` return new nodes that remember their inputs and their local derivatives:

    .. math:: \frac{\partial (a + b)}{\partial a} = 1, \qquad
              \frac{\partial (ab)}{\partial a} = b, \qquad
              \frac{d \tanh a}{da} = 1 - \tanh^2 a .

    ``out.backward()`` sets ``out.grad = 1`` and, visiting the nodes in **reverse
    topological order** (every node after all the nodes that use it), adds to each input
    :math:`u` of a node :math:`v` its share :math:`\bar v \cdot \partial v/\partial u`:

    .. math:: \bar u = \sum_{v:\, u \to v} \bar v\, \frac{\partial v}{\partial u} .

    A node used twice (``x * x``) receives both contributions — *add* into ``grad``.

    Hint: store the parents and a small function (a closure) that pushes the node's ``grad``
    into theirs; order the nodes by a depth-first search from ``out`` — without recursion, or
    a chain of a few thousand operations exceeds Python's recursion limit.
    """

    def __init__(self, data):
        """A leaf holding ``data``, with ``grad`` 0."""
        raise NotImplementedError

    def __add__(self, other):
        """``self + other``."""
        raise NotImplementedError

    def __radd__(self, other):
        """``other + self`` for a plain number ``other``."""
        raise NotImplementedError

    def __mul__(self, other):
        """``self * other``."""
        raise NotImplementedError

    def __rmul__(self, other):
        """``other * self``."""
        raise NotImplementedError

    def tanh(self):
        """:math:`\\tanh` of this node."""
        raise NotImplementedError

    def backward(self):
        """Fill ``grad`` of every node this one depends on: :math:`\\partial\\,\\text{self}/\\partial u`."""
        raise NotImplementedError
