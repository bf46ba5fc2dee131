"""Checks for chapter 9: sigmoid, softplus, log-sum-exp, softmax, log-softmax across ±1000."""

from __future__ import annotations

import numpy as np
import scipy.special as sc
from hypothesis import strategies as st

from ..grading import Failed, Problem, for_all
from .strategies import logits

__all__ = ["PROBLEMS"]

AXES = st.sampled_from([0, -1])
TINY = 1e-300  # results below it are subnormal: only their absolute error is meaningful


def _array(value, shape, what: str) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    if a.shape != shape:
        raise Failed(f"{what} must have shape {shape}, got {a.shape}")
    return a


def _show(x: np.ndarray) -> str:
    return np.array2string(np.asarray(x), precision=6, threshold=12)


# --- sigmoid and softplus ----------------------------------------------------------------------


@for_all(logits(), max_examples=40)
def sigmoid_matches_scipy(fn, x):
    got = _array(fn(x.copy()), x.shape, "sigmoid(x)")
    if not np.allclose(got, sc.expit(x), rtol=1e-13, atol=TINY):
        raise Failed(f"σ(x) ≠ 1/(1 + e^−x) for x = {_show(x)}")


def sigmoid_far_out(fn):
    x = np.array([-800.0, -720.0, -30.0, 0.0, 30.0, 800.0])
    got = _array(fn(x), x.shape, "sigmoid(x)")
    if not np.all(np.isfinite(got)):
        raise Failed(f"σ({_show(x)}) = {_show(got)}: no inf or nan, σ is between 0 and 1")
    tail = np.exp(-720.0)  # σ(−720) = e^−720 / (1 + e^−720) = e^−720 to every digit kept
    if not np.isclose(got[1], tail, rtol=1e-9, atol=0):
        raise Failed(
            f"σ(−720) = e^−720/(1 + e^−720) ≈ 2.03e-313, got {got[1]:.3g}: "
            "use e^x/(1 + e^x) for x < 0"
        )
    if got[3] != 0.5 or got[5] != 1.0 or got[0] != 0.0:
        raise Failed(
            f"σ(0) = 0.5, σ(800) = 1, σ(−800) = 0, got {float(got[3])}, {float(got[5])}, {float(got[0])}"
        )


def sigmoid_keeps_float32(fn):
    x = np.array([-3.0, 0.0, 3.0], dtype=np.float32)
    got = np.asarray(fn(x))
    if got.dtype != np.float32:
        raise Failed(f"float32 in, float32 out: sigmoid of a float32 array returned {got.dtype}")


@for_all(logits(), max_examples=40)
def softplus_matches_logaddexp(fn, x):
    got = _array(fn(x.copy()), x.shape, "softplus(x)")
    if not np.allclose(got, np.logaddexp(0.0, x), rtol=1e-13, atol=TINY):
        raise Failed(f"softplus(x) ≠ log(1 + e^x) for x = {_show(x)}")


def softplus_far_out(fn):
    got = _array(fn(np.array([1000.0, -40.0])), (2,), "softplus(x)")
    if got[0] != 1000.0:
        raise Failed(
            f"softplus(1000) = 1000, got {float(got[0])!r}: e^1000 overflows — use max(x, 0) + …"
        )
    if not np.isclose(got[1], np.log1p(np.exp(-40.0)), rtol=1e-12, atol=0):
        raise Failed(f"softplus(−40) = log(1 + e^−40) ≈ 4.25e-18, got {got[1]:.3g}: use log1p")


# --- logsumexp ---------------------------------------------------------------------------------


def _close_logs(got, want, x) -> bool:
    scale = max(1.0, float(np.max(np.abs(x[np.isfinite(x)]), initial=0.0)))
    return bool(np.allclose(got, want, rtol=1e-13, atol=4 * np.finfo(float).eps * scale))


@for_all(logits(), st.sampled_from([None, 0, -1]), max_examples=40)
def logsumexp_matches_scipy(fn, x, axis):
    want = sc.logsumexp(x, axis=axis)
    got = _array(fn(x.copy(), axis=axis), np.shape(want), f"logsumexp(x, axis={axis})")
    if not _close_logs(got, want, x):
        raise Failed(f"logsumexp(x, axis={axis}) ≠ log Σ e^xᵢ for x = {_show(x)}")
    kept = np.asarray(fn(x.copy(), axis=axis, keepdims=True), dtype=float)
    if kept.shape != np.shape(sc.logsumexp(x, axis=axis, keepdims=True)):
        raise Failed(f"keepdims=True keeps the summed axis with length 1, got shape {kept.shape}")


def logsumexp_stable_cases(fn):
    got = float(fn(np.array([1000.0, 1000.0])))
    if not np.isclose(got, 1000.0 + np.log(2.0), rtol=1e-15):
        raise Failed(
            f"logsumexp([1000, 1000]) = 1000 + log 2, got {got!r}: e^1000 overflows — subtract the max"
        )
    got = float(fn(np.array([0.0, -40.0])))
    if not np.isclose(got, np.log1p(np.exp(-40.0)), rtol=1e-12, atol=0):
        raise Failed(
            f"logsumexp([0, −40]) = log(1 + e^−40) ≈ 4.25e-18, got {got:.3g}: "
            "keep the e⁰ terms apart and use log1p for the rest"
        )
    got = float(fn(np.array([-np.inf, 0.0, -np.inf])))
    if got != 0.0:
        raise Failed(f"logsumexp([−inf, 0, −inf]) = log(0 + 1 + 0) = 0, got {got!r}")


# --- softmax and log_softmax -------------------------------------------------------------------


@for_all(logits(), AXES, max_examples=40)
def softmax_matches_scipy(fn, x, axis):
    got = _array(fn(x.copy(), axis=axis), x.shape, f"softmax(x, axis={axis})")
    if not np.allclose(np.sum(got, axis=axis), 1.0, rtol=0, atol=1e-13):
        raise Failed(f"softmax(x, axis={axis}) does not sum to 1 along the axis for x = {_show(x)}")
    if not np.allclose(got, sc.softmax(x, axis=axis), rtol=1e-12, atol=TINY):
        raise Failed(f"softmax(x, axis={axis}) ≠ e^xᵢ / Σ e^xⱼ for x = {_show(x)}")


def softmax_of_huge_inputs(fn):
    got = _array(fn(np.array([1000.0, 1000.0, 999.0])), (3,), "softmax(x)")
    want = sc.softmax([1000.0, 1000.0, 999.0])
    if not np.allclose(got, want, rtol=1e-13):
        raise Failed(
            f"softmax([1000, 1000, 999]) ≈ {_show(want)}, got {_show(got)}: subtract the max first"
        )
    got = _array(fn(np.array([-np.inf, 0.0])), (2,), "softmax(x)")
    if not np.array_equal(got, [0.0, 1.0]):
        raise Failed(f"softmax([−inf, 0]) = [0, 1], got {_show(got)}")


@for_all(logits(), AXES, max_examples=40)
def log_softmax_matches_scipy(fn, x, axis):
    got = _array(fn(x.copy(), axis=axis), x.shape, f"log_softmax(x, axis={axis})")
    if not _close_logs(got, sc.log_softmax(x, axis=axis), x):
        raise Failed(f"log_softmax(x, axis={axis}) ≠ xᵢ − log Σ e^xⱼ for x = {_show(x)}")


def log_softmax_without_underflow(fn):
    got = _array(fn(np.array([0.0, -1000.0])), (2,), "log_softmax(x)")
    if not (np.all(np.isfinite(got)) and np.allclose(got, [0.0, -1000.0], rtol=1e-15, atol=1e-15)):
        raise Failed(
            f"log_softmax([0, −1000]) = [0, −1000] to rounding, got {_show(got)}: "
            "log(softmax) underflows to log 0"
        )


PROBLEMS = [
    Problem(
        "sigmoid",
        lambda fn: fn(np.array([0.0, 1.0])),
        [sigmoid_far_out, sigmoid_keeps_float32, sigmoid_matches_scipy],
    ),
    Problem(
        "softplus",
        lambda fn: fn(np.array([0.0, 1.0])),
        [softplus_far_out, softplus_matches_logaddexp],
    ),
    Problem(
        "logsumexp",
        lambda fn: fn(np.array([0.0, 1.0])),
        [logsumexp_stable_cases, logsumexp_matches_scipy],
    ),
    Problem(
        "softmax",
        lambda fn: fn(np.array([0.0, 1.0])),
        [softmax_of_huge_inputs, softmax_matches_scipy],
    ),
    Problem(
        "log_softmax",
        lambda fn: fn(np.array([0.0, 1.0])),
        [log_softmax_without_underflow, log_softmax_matches_scipy],
    ),
]
