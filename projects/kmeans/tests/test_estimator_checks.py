"""``KMeans`` passes every scikit-learn estimator check that scikit-learn's own ``KMeans`` passes.

The list is not written by hand: it is computed here by running the checks on
``sklearn.cluster.KMeans`` with the installed scikit-learn. (Its own ``KMeans`` fails the
sample-weight equivalence checks, which compare a weighted fit with a fit on repeated rows
from *random* seeds; ``test_model.py`` tests that equivalence from the same seeds.)
"""

import warnings
from functools import partial

import pytest
from sklearn.cluster import KMeans as SkKMeans
from sklearn.utils.estimator_checks import check_estimator, estimator_checks_generator

from ..model import KMeans


def _name(check) -> str:
    return check.func.__name__ if isinstance(check, partial) else check.__name__


def _passed_by_sklearn() -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(SkKMeans(), on_fail=None)
    return {r["check_name"] for r in results if r["status"] == "passed"}


SKLEARN_PASSES = _passed_by_sklearn()
CHECKS = [
    pytest.param(estimator, check, id=f"{_name(check)}-{i}")
    for i, (estimator, check) in enumerate(
        estimator_checks_generator(KMeans(), legacy=True, mark=None)
    )
    if _name(check) in SKLEARN_PASSES
]


def test_the_list_is_not_empty():
    assert len(CHECKS) >= 40


@pytest.mark.parametrize(("estimator", "check"), CHECKS)
def test_sklearn_estimator_check(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the checks' deliberate edge cases warn
        check(estimator)
