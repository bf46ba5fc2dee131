import numpy as np
import pytest
import scipy.special

from foundations.calculus import (
    SeriesTestResult,
    comparison_test,
    harmonic_numbers,
    nth_term_test,
    ratio_test,
    root_test,
)
from foundations.errors import InputError

gammaln = scipy.special.gammaln

# (name, log|a_k|, the limit of the ratio and of the root, verdict)
DECIDED = [
    ("2^-k", lambda k: -k * np.log(2), 0.5, "converges"),
    ("k 2^-k", lambda k: np.log(k) - k * np.log(2), 0.5, "converges"),
    ("k^10 0.9^k", lambda k: 10 * np.log(k) + k * np.log(0.9), 0.9, "converges"),
    ("0.999^k", lambda k: k * np.log(0.999), 0.999, "converges"),
    ("1/k!", lambda k: -gammaln(k + 1), 0.0, "converges"),
    ("k!/k^k", lambda k: gammaln(k + 1) - k * np.log(k), 1 / np.e, "converges"),
    ("2^k/k^3", lambda k: k * np.log(2) - 3 * np.log(k), 2.0, "diverges"),
    ("k^k/k!", lambda k: k * np.log(k) - gammaln(k + 1), np.e, "diverges"),
]


@pytest.mark.parametrize(
    ("log_a", "rho", "verdict"), [c[1:] for c in DECIDED], ids=[c[0] for c in DECIDED]
)
def test_ratio_and_root_tests_decide_and_their_limits_are_right(log_a, rho, verdict):
    for test in (ratio_test, root_test):
        res = test(log_a, log=True)
        assert isinstance(res, SeriesTestResult) and res.verdict == verdict
        assert abs(res.statistic - rho) <= res.error  # the error estimate covers the error
    assert abs(ratio_test(log_a, log=True).statistic - rho) <= 1e-9  # ratios extrapolate well


@pytest.mark.parametrize("p", [0.5, 1.0, 1.0001, 2.0, 5.0])
def test_p_series_are_inconclusive_for_both_tests(p):
    # Σ k^-p converges exactly for p > 1, but its ratio and root both tend to 1
    for test in (ratio_test, root_test):
        res = test(lambda k, p=p: k**-p)
        assert res.verdict == "inconclusive" and abs(res.statistic - 1) <= res.error


def test_plain_terms_and_log_terms_agree_until_the_terms_underflow():
    plain = ratio_test(lambda k: 0.5**k, k0=4, levels=6)
    logged = ratio_test(lambda k: -k * np.log(2), k0=4, levels=6, log=True)
    assert plain.verdict == logged.verdict == "converges"
    assert plain.statistic == pytest.approx(0.5, abs=1e-12)
    with pytest.raises(InputError, match="log=True"):
        ratio_test(lambda k: 0.5**k)  # 0.5^2049 underflows to 0


def test_comparison_test_in_all_its_cases():
    cases = [
        (lambda k: 1 / (k * k + k), lambda k: k**-2.0, True, "converges", 1.0),
        (lambda k: 1 / np.sqrt(k * k + 1), lambda k: 1 / k, False, "diverges", 1.0),
        (lambda k: 1 / k**3, lambda k: 1 / k**2, True, "converges", 0.0),
        (lambda k: np.log(k) / k, lambda k: 1 / k, False, "diverges", np.inf),
        # nothing follows: c = inf with a convergent b, c = 0 with a divergent b
        (lambda k: np.log(k) / k**2, lambda k: k**-2.0, True, "inconclusive", np.inf),
        (lambda k: 1 / k**2, lambda k: 1 / k, False, "inconclusive", 0.0),
    ]
    for a, b, b_conv, verdict, c in cases:
        res = comparison_test(a, b, b_converges=b_conv)
        assert res.verdict == verdict, res.message
        assert res.statistic == pytest.approx(c, abs=1e-9) or np.isinf(c) == np.isinf(res.statistic)


def test_nth_term_test_and_divergent_examples():
    assert nth_term_test(lambda k: k / (k + 1.0)).verdict == "diverges"
    res = nth_term_test(lambda k: (-1.0) ** k)  # Grandi's 1 - 1 + 1 - ...: no limit
    assert res.verdict == "diverges" and "no limit" in res.message
    assert nth_term_test(lambda k: 1 / k).verdict == "inconclusive"  # and Σ 1/k diverges:
    H = harmonic_numbers(10**6)
    m = np.array([10, 1000, 10**6])
    expansion = np.log(m) + np.euler_gamma + 1 / (2 * m) - 1 / (12 * m**2) + 1 / (120 * m**4)
    np.testing.assert_allclose(H[m - 1], expansion, rtol=0, atol=1e-8)  # O(m^-6) left
    assert np.all(np.diff(H) > 0) and H[-1] == pytest.approx(14.392726722865, abs=1e-9)
    # H_n passes 20 only after about e^(20 - γ) = 2.7e8 terms (the figure the notes quote)
    assert np.exp(20 - np.euler_gamma) == pytest.approx(2.72e8, rel=1e-2)


def test_series_tests_bad_arguments():
    for call, match in [
        (lambda: ratio_test("a"), "callable"),
        (lambda: ratio_test(lambda k: 1 / k, k0=0), "k0"),
        (lambda: root_test(lambda k: 1 / k, levels=2), "levels"),
        (lambda: root_test(lambda k: 1 / k, k0=2**50), "2\\^52"),
        (lambda: ratio_test(lambda k: np.ones(3)), "one value per point"),
        (lambda: ratio_test(lambda k: np.full(k.shape, np.nan), log=True), "finite logarithms"),
        (lambda: comparison_test(lambda k: -1 / k, lambda k: 1 / k, b_converges=False), "positive"),
        (
            lambda: comparison_test(lambda k: 1 / k, lambda k: 1 / k, b_converges="no"),
            "b_converges",
        ),
        (lambda: harmonic_numbers(0), "n must be"),
    ]:
        with pytest.raises(InputError, match=match):
            call()
