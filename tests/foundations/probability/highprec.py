"""High-precision references (50 significant digits, ``decimal``) for points where scipy itself
is off: large-argument log-gamma differences, deep tails of the incomplete gamma and beta
functions. Slow (pure Python); the tests call them at a handful of points.

Every function takes the *binary* value of its float arguments exactly (``Decimal(float)``),
so the reference is the exact function at the double the code under test received.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

PREC = 50


def _pi() -> Decimal:
    with localcontext() as ctx:
        ctx.prec = PREC + 5
        last, t, s, n, na, d, da = 0, Decimal(3), Decimal(3), 1, 0, 0, 24
        while s != last:
            last = s
            n, na = n + na, na + 8
            d, da = d + da, da + 32
            t = (t * n) / d
            s += t
        return +s


_BERNOULLI = [Fraction(1, 6), Fraction(-1, 30), Fraction(1, 42), Fraction(-1, 30), Fraction(5, 66)]
_BERNOULLI += [Fraction(-691, 2730), Fraction(7, 6), Fraction(-3617, 510), Fraction(43867, 798)]
_BERNOULLI += [Fraction(-174611, 330), Fraction(854513, 138), Fraction(-236364091, 2730)]


def lgamma(z) -> Decimal:
    """ln Gamma(z), z > 0: upward recurrence to z >= 80, then Stirling's series (12 terms)."""
    with localcontext() as ctx:
        ctx.prec = PREC + 10
        z = Decimal(z)
        shift = Decimal(0)
        while z < 80:
            shift += z.ln()
            z += 1
        s = (z - Decimal("0.5")) * z.ln() - z + (2 * _pi()).ln() / 2
        for k, b in enumerate(_BERNOULLI, start=1):
            s += (
                Decimal(b.numerator)
                / Decimal(b.denominator)
                / (2 * k * (2 * k - 1) * z ** (2 * k - 1))
            )
        return +(s - shift)


def lbeta(a, b) -> Decimal:
    """ln B(a, b), with a + b formed exactly (a float sum would be off by half an ulp)."""
    with localcontext() as ctx:
        ctx.prec = PREC + 10
        return +(lgamma(a) + lgamma(b) - lgamma(Decimal(a) + Decimal(b)))


def _lentz(b0, terms, tol=Decimal("1e-45"), max_iter=200_000) -> Decimal:
    tiny = Decimal("1e-400")
    f = b0 if b0 != 0 else tiny
    c, d = f, Decimal(0)
    for n in range(1, max_iter):
        an, bn = terms(n)
        d = bn + an * d
        d = 1 / (d if d != 0 else tiny)
        c = bn + an / c
        c = c if c != 0 else tiny
        delta = c * d
        f *= delta
        if abs(delta - 1) < tol:
            return f
    raise RuntimeError("reference continued fraction did not converge")


def gammainc_pair(a, x) -> tuple[Decimal, Decimal]:
    """(P(a, x), Q(a, x)) to about 45 digits."""
    with localcontext() as ctx:
        ctx.prec = PREC + 10
        a, x = Decimal(a), Decimal(x)
        log_pref = a * x.ln() - x - lgamma(a)  # x^a e^-x / Gamma(a)
        if x < a + 1:
            term = total = 1 / a
            n = 0
            while abs(term) > total * Decimal("1e-48"):
                n += 1
                term *= x / (a + n)
                total += term
            p = log_pref.exp() * total
            return +p, +(1 - p)
        g = _lentz(x + 1 - a, lambda n: (-n * (n - a), x + 2 * n + 1 - a))
        q = log_pref.exp() / g
        return +(1 - q), +q


def betainc_pair(a, b, x) -> tuple[Decimal, Decimal]:
    """(I_x(a, b), 1 - I_x(a, b)) to about 45 digits."""
    with localcontext() as ctx:
        ctx.prec = PREC + 10
        a, b, x = Decimal(a), Decimal(b), Decimal(x)
        swap = x * (a + b + 2) > a + 1
        if swap:
            a, b, x = b, a, 1 - x

        def term(n):
            m = n // 2
            if n % 2 == 0:
                return m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), Decimal(1)
            return -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)), Decimal(1)

        g = _lentz(Decimal(1), term)
        log_pref = a * x.ln() + b * (1 - x).ln() - lbeta(a, b)
        v = log_pref.exp() / (a * g)
        return (+(1 - v), +v) if swap else (+v, +(1 - v))


def binom_logpmf(k: int, n: int, p) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = PREC + 10
        p = Decimal(p)
        out = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
        if k:
            out += k * p.ln()
        if n - k:
            out += (n - k) * (1 - p).ln()
        return +out


def poisson_logpmf(k: int, mu) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = PREC + 10
        mu = Decimal(mu)
        return +(k * mu.ln() - mu - lgamma(k + 1))


def relative_error(value: float, reference: Decimal) -> float:
    """|value - reference| / |reference| with the reference exact (0 if both are 0)."""
    if reference == 0:
        return 0.0 if value == 0 else float("inf")
    return float(abs(Decimal(value) - reference) / abs(reference))
