"""Chapter 13 — Optimization in one variable: orders of convergence, gradient descent, Newton,
golden-section search.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch13            # or: python -m exercises.grader ch13

Use NumPy and ``math``; do not call ``scipy.optimize`` or ``foundations.calculus`` — the point
is to write them. Each method must be honest: ``converged=True`` only when the stopping test
really holds.
"""


def convergence_order(errors):
    r"""Estimate the order :math:`p` in :math:`e_{k+1} \approx C e_k^p` from the last three errors.

    Dividing :math:`e_{k+1} = C e_k^p` by :math:`e_k = C e_{k-1}^p` removes :math:`C`:

    .. math:: p \approx \frac{\log(e_{k+1}/e_k)}{\log(e_k/e_{k-1})}

    — 1 for linear convergence (gradient descent), 2 for quadratic (Newton).

    Parameters
    ----------
    errors : sequence of float
        Positive, the last three strictly decreasing.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Fewer than three errors, or the last three are not positive and decreasing.

    Hint: the *last* three — early iterations are not yet in the asymptotic regime.
    """
    raise NotImplementedError


def gradient_descent_1d(df, x0, *, step=0.1, tol=1e-10, max_iter=10000):
    r"""Minimise :math:`f` by :math:`x_{k+1} = x_k - \alpha f'(x_k)` (``step`` is :math:`\alpha`).

    Near a minimum :math:`x^*`, :math:`x_{k+1} - x^* \approx (1 - \alpha f''(x^*))(x_k - x^*)`:
    linear convergence for :math:`0 < \alpha < 2/f''(x^*)`, divergence beyond.

    Converged means :math:`|f'(x_k)| \le` ``tol`` — the optimality condition itself. (A test on
    the step :math:`|\alpha f'(x_k)|` declares convergence anywhere when :math:`\alpha` is tiny.)

    Parameters
    ----------
    df : callable
        :math:`f'`.
    x0 : float
    step, tol : float
    max_iter : int
        The most steps taken.

    Returns
    -------
    x : float
        The last iterate.
    converged : bool
        Whether :math:`|f'(x)| \le` ``tol`` at that ``x``.

    Raises
    ------
    ValueError
        When an iterate or :math:`f'` becomes inf or NaN (the step is too large).

    Hint: test the gradient *before* each step, so that a start at the minimum takes none.
    """
    raise NotImplementedError


def newton_1d(df, d2f, x0, *, tol=1e-12, max_iter=100):
    r"""A stationary point of :math:`f` by Newton's method :math:`x_{k+1} = x_k - f'(x_k)/f''(x_k)`.

    Each step jumps to the minimum (or maximum) of the local parabola. Near a stationary point
    with :math:`f'' \ne 0` the error squares each step (quadratic convergence), so the step size
    estimates the error: stop when :math:`|x_{k+1} - x_k| \le \text{tol}\max(1, |x_{k+1}|)`.

    Parameters
    ----------
    df, d2f : callable
        :math:`f'` and :math:`f''`.
    x0 : float
    tol : float
    max_iter : int

    Returns
    -------
    x : float
    converged : bool
        Whether the last step was below the tolerance.

    Raises
    ------
    ValueError
        When :math:`f''(x_k) = 0` (the step is undefined) or an iterate is not finite.

    Hint: a quadratic is its own parabola — one step must land exactly on its minimum.
    """
    raise NotImplementedError


def golden_section_search(f, a, b, *, tol=1e-8, max_iter=500):
    r"""The minimiser of a unimodal ``f`` on :math:`[a, b]` by golden-section search.

    Keep two interior points :math:`c = b - (b - a)/\varphi` and :math:`d = a + (b - a)/\varphi`
    (:math:`\varphi = (1 + \sqrt5)/2`). If :math:`f(c) < f(d)` the minimum lies in
    :math:`[a, d]`, else in :math:`[c, b]`. Because :math:`1/\varphi^2 = 1 - 1/\varphi`, the
    surviving interior point is one of the next pair: each step costs **one** evaluation of
    ``f`` and shrinks the bracket by :math:`1/\varphi \approx 0.618`. Stop when
    :math:`b - a \le \text{tol}\max(1, |a| + |b|)` or after ``max_iter`` steps, and return the
    midpoint of the bracket.

    Parameters
    ----------
    f : callable
        Unimodal on :math:`[a, b]` (decreasing, then increasing; either part may be empty).
    a, b : float
        ``a < b``.
    tol : float
    max_iter : int

    Returns
    -------
    float

    Hint: when the bracket becomes :math:`[a, d]`, the old :math:`c` is the new :math:`d` —
    keep its value :math:`f(c)` instead of evaluating again.
    """
    raise NotImplementedError
