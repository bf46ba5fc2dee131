"""The comparisons themselves: the same start, the epoch-by-epoch replay, the gradient check."""

import pytest
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier as SkMLPClassifier

from ..comparison import gradient_check, same_start, sklearn_epochs
from ..model import MLPClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:500] / 16.0, y[:500]


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_same_start_losses_agree(digits, activation):
    X, y = digits
    same = same_start(X, y, (20,), activation, 0.01, 0, epochs=30, learning_rate=0.2)
    assert same.max_relative_gap <= 1e-10
    assert same.ours.size == same.sklearn.size == 30
    assert same.ours[-1] < same.ours[0]  # it did train


@pytest.mark.parametrize(
    "params",
    [
        {"hidden_layer_sizes": (20,), "max_iter": 200, "tol": 1e-2, "n_iter_no_change": 2},
        {"hidden_layer_sizes": (10,), "max_iter": 8, "solver": "sgd"},
    ],
)
def test_replay_reproduces_sklearn_fit(digits, params):
    X, y = digits
    replay = sklearn_epochs(params, X[:300], y[:300], X[300:], y[300:], 4)
    fitted = SkMLPClassifier(**params, random_state=4).fit(X[:300], y[:300])
    assert replay.matches_fit
    assert replay.train_loss == [float(v) for v in fitted.loss_curve_]
    assert len(replay.validation_loss) == fitted.n_iter_


def test_gradient_check_on_digits(digits):
    X, y = digits
    model = MLPClassifier(hidden_layer_sizes=(12,), activation="tanh", max_iter=5,
                          random_state=0).fit(X, y)  # fmt: skip
    check = gradient_check(model, X, y, rows=100)
    assert check.n_params == 64 * 12 + 12 + 12 * 10 + 10
    assert check.vs_central_differences < 1e-7
    assert check.vs_tensor_autodiff < 1e-13
    assert check.near_kinks == 0  # counted only for ReLU


def test_gradient_check_catches_a_wrong_gradient(digits, monkeypatch):
    from .. import comparison

    X, y = digits
    model = MLPClassifier(hidden_layer_sizes=(6,), max_iter=2, random_state=0).fit(X, y)
    real = comparison.loss_and_gradients

    def wrong(*args):
        loss, gW, gb = real(*args)
        return loss, [2 * g for g in gW], gb

    monkeypatch.setattr(comparison, "loss_and_gradients", wrong)
    assert gradient_check(model, X, y, rows=50).vs_central_differences > 0.1
