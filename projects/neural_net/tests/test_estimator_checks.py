"""``MLPClassifier`` passes every scikit-learn estimator check scikit-learn's own passes.

The list is computed here by running the checks on ``sklearn.neural_network.MLPClassifier``
with the installed scikit-learn (it passes all of them but one it skips: it has no
``decision_function``); ours must pass each, and a check scikit-learn skips or fails is still
run on ours when it applies and must not fail.
"""

import warnings
from functools import partial

import pytest
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.utils.estimator_checks import check_estimator, estimator_checks_generator

from ..model import MLPClassifier


def _name(check) -> str:
    return check.func.__name__ if isinstance(check, partial) else check.__name__


def _passed_by_sklearn() -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(SkMLPClassifier(), on_fail=None)
    return {r["check_name"] for r in results if r["status"] == "passed"}


SKLEARN_PASSES = _passed_by_sklearn()
CHECKS = [
    pytest.param(estimator, check, id=f"{_name(check)}-{i}")
    for i, (estimator, check) in enumerate(
        estimator_checks_generator(MLPClassifier(), legacy=True, mark=None)
    )
]


def test_every_check_sklearn_passes_is_run_on_ours():
    assert len(SKLEARN_PASSES) >= 60
    assert {_name(p.values[1]) for p in CHECKS} >= SKLEARN_PASSES


@pytest.mark.parametrize(("estimator", "check"), CHECKS)
def test_sklearn_estimator_check(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the checks' deliberate edge cases warn
        try:
            check(estimator)
        except Exception as exc:  # a check may skip itself by raising SkipTest
            if type(exc).__name__ == "SkipTest" and _name(check) not in SKLEARN_PASSES:
                return
            raise
