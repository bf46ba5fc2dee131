"""``GaussianMixture`` passes every scikit-learn estimator check that scikit-learn's own passes.

The list is not written by hand: it is computed here by running the checks on
``sklearn.mixture.GaussianMixture`` with the installed scikit-learn (with scikit-learn 1.9 its
own mixture passes all of them, and so must ours).
"""

import warnings
from functools import partial

import pytest
from sklearn.mixture import GaussianMixture as SkGaussianMixture
from sklearn.utils.estimator_checks import check_estimator, estimator_checks_generator

from ..model import GaussianMixture


def _name(check) -> str:
    return check.func.__name__ if isinstance(check, partial) else check.__name__


def _passed_by_sklearn() -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(SkGaussianMixture(), on_fail=None)
    return {r["check_name"] for r in results if r["status"] == "passed"}


SKLEARN_PASSES = _passed_by_sklearn()
CHECKS = [
    pytest.param(estimator, check, id=f"{_name(check)}-{i}")
    for i, (estimator, check) in enumerate(
        estimator_checks_generator(GaussianMixture(), legacy=True, mark=None)
    )
    if _name(check) in SKLEARN_PASSES
]


def test_the_list_is_not_empty():
    assert len(CHECKS) >= 35


def test_every_check_sklearn_passes_is_in_our_list():
    assert {_name(c.values[1]) for c in CHECKS} == SKLEARN_PASSES


@pytest.mark.parametrize(("estimator", "check"), CHECKS)
def test_sklearn_estimator_check(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the checks' deliberate edge cases warn
        check(estimator)
