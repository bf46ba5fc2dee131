"""``MLPClassifier`` against scikit-learn's: the same runs, step for step, and its own features."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier as SkMLPClassifier

from ..model import MLPClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:600] / 16.0, y[:600]


def _curves_agree(ours, ref, rtol=1e-12):
    a, b = np.asarray(ours.loss_curve_), np.asarray(ref.loss_curve_)
    assert a.shape == b.shape
    np.testing.assert_allclose(a, b, rtol=rtol)
    for u, v in zip(ours.coefs_ + ours.intercepts_, ref.coefs_ + ref.intercepts_, strict=True):
        np.testing.assert_allclose(u, v, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    "params",
    [
        {"solver": "adam"},
        {"solver": "sgd", "momentum": 0.9, "learning_rate_init": 0.05},
        {"solver": "sgd", "momentum": 0.9, "nesterovs_momentum": False, "learning_rate_init": 0.05},
        {
            "solver": "sgd",
            "momentum": 0.0,
            "learning_rate": "invscaling",
            "learning_rate_init": 0.5,
        },
        {"solver": "adam", "activation": "tanh", "hidden_layer_sizes": (20, 10), "alpha": 0.1},
        {"solver": "adam", "activation": "logistic", "batch_size": 64},
    ],
)
def test_same_seed_same_run_as_sklearn(digits, params):
    X, y = digits
    kw = {"max_iter": 15, "random_state": 3, "hidden_layer_sizes": (30,), **params}
    _curves_agree(MLPClassifier(**kw).fit(X, y), SkMLPClassifier(**kw).fit(X, y))


def test_same_run_stops_where_sklearn_stops(digits):
    X, y = digits
    kw = {"max_iter": 200, "random_state": 0, "tol": 1e-2, "n_iter_no_change": 3}
    ours, ref = MLPClassifier(**kw).fit(X, y), SkMLPClassifier(**kw).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_ < 200
    _curves_agree(ours, ref)


def test_adaptive_schedule_matches_sklearn(digits):
    X, y = digits
    kw = dict(solver="sgd", learning_rate="adaptive", learning_rate_init=0.5, tol=0.05,
              n_iter_no_change=2, max_iter=40, random_state=1, hidden_layer_sizes=(10,))  # fmt: skip
    ours, ref = MLPClassifier(**kw).fit(X, y), SkMLPClassifier(**kw).fit(X, y)
    assert ours._optimizer.lr == ref._optimizer.learning_rate
    _curves_agree(ours, ref)


@pytest.mark.parametrize("kind", ["binary", "multilabel", "strings"])
def test_binary_multilabel_and_string_labels_match_sklearn(digits, kind):
    X, y = digits
    if kind == "binary":
        y = (y > 4).astype(int)
    elif kind == "multilabel":
        y = np.column_stack([y > 4, y % 2 == 0, y == 3]).astype(int)
    else:
        y = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                      "nine"])[y]  # fmt: skip
    kw = {"max_iter": 10, "random_state": 0, "hidden_layer_sizes": (20,)}
    ours, ref = MLPClassifier(**kw).fit(X, y), SkMLPClassifier(**kw).fit(X, y)
    _curves_agree(ours, ref)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_array_equal(ours.classes_, ref.classes_)


def test_partial_fit_matches_sklearn_and_keeps_adam_state(digits):
    X, y = digits
    ours, ref = MLPClassifier(random_state=2), SkMLPClassifier(random_state=2)
    for chunk in np.array_split(np.arange(len(y)), 4):
        ours.partial_fit(X[chunk], y[chunk], classes=np.arange(10))
        ref.partial_fit(X[chunk], y[chunk], classes=np.arange(10))
    _curves_agree(ours, ref)
    assert ours._optimizer.t == ref._optimizer.t
    with pytest.raises(ValueError, match="classes"):
        MLPClassifier().partial_fit(X, y)
    with pytest.raises(ValueError, match="early_stopping"):
        MLPClassifier(early_stopping=True).partial_fit(X, y, classes=np.arange(10))


def test_tensor_backprop_trains_the_same_network(digits):
    X, y = digits
    kw = {"max_iter": 5, "random_state": 0, "hidden_layer_sizes": (16,)}
    a = MLPClassifier(**kw).fit(X, y)
    b = MLPClassifier(**kw, backprop="tensor").fit(X, y)
    _curves_agree(a, b, rtol=1e-11)


def test_early_stopping_on_validation_loss_keeps_the_best_weights(digits):
    X, y = digits
    # A big network with a fast rate overfits 200 rows: the validation loss turns up.
    model = MLPClassifier(hidden_layer_sizes=(200,), learning_rate_init=0.01, alpha=0.0,
                          max_iter=300, early_stopping=True, n_iter_no_change=5,
                          random_state=0)  # fmt: skip
    model.fit(X[:200], y[:200], X_val=X[200:400], y_val=y[200:400])
    curve = np.asarray(model.validation_loss_curve_)
    best = int(np.argmin(curve))
    assert model.n_iter_ < 300 and model.n_iter_ == len(curve) == len(model.loss_curve_)
    assert model.best_validation_loss_ == curve[best]
    # stopped after more than n_iter_no_change = 5 epochs none of which beat the best so far by tol
    for k in range(len(curve) - 6, len(curve)):
        assert curve[k] > curve[:k].min() - model.tol
    assert not all(
        curve[k] > curve[:k].min() - model.tol for k in range(len(curve) - 7, len(curve) - 1)
    )
    # the kept weights are the best epoch's: their validation loss is the best one
    from sklearn.metrics import log_loss

    kept = log_loss(y[200:400], model.predict_proba(X[200:400]), labels=np.arange(10))
    assert kept == pytest.approx(curve[best], rel=1e-9)


def test_early_stopping_without_validation_data_holds_out_a_fraction(digits):
    X, y = digits
    model = MLPClassifier(early_stopping=True, validation_fraction=0.2, max_iter=30,
                          random_state=0).fit(X, y)  # fmt: skip
    assert len(model.validation_loss_curve_) == model.n_iter_
    assert model.t_ == model.n_iter_ * round(0.8 * len(y))


def test_sample_weights_equal_repeated_rows(digits):
    X, y = digits
    X, y = X[:100], y[:100]
    w = np.random.default_rng(0).integers(0, 4, 100)
    w[:10] = 1 + np.arange(10)  # every class keeps a sample
    kw = dict(solver="sgd", momentum=0.0, learning_rate_init=0.2, shuffle=False,
              max_iter=20, random_state=0, hidden_layer_sizes=(8,))  # fmt: skip
    weighted = MLPClassifier(**kw, batch_size=100).fit(X, y, sample_weight=w)
    repeated = MLPClassifier(**kw, batch_size=int(w.sum())).fit(np.repeat(X, w, 0), np.repeat(y, w))
    np.testing.assert_allclose(weighted.loss_curve_, repeated.loss_curve_, rtol=1e-12)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_input_gives_the_dense_result(digits, fmt):
    X, y = digits
    kw = {"max_iter": 5, "random_state": 0, "hidden_layer_sizes": (16,)}
    dense = MLPClassifier(**kw).fit(X, y)
    sparse = MLPClassifier(**kw).fit(sp.csr_matrix(X).asformat(fmt), y)
    _curves_agree(dense, sparse, rtol=1e-12)


def test_float32_stays_float32(digits):
    X, y = digits
    model = MLPClassifier(max_iter=5, random_state=0).fit(X.astype(np.float32), y)
    assert model.coefs_[0].dtype == np.float32
    P = model.predict_proba(X.astype(np.float32))
    assert P.dtype == np.float32
    np.testing.assert_allclose(P.sum(axis=1), 1, rtol=1e-5)


def test_warm_start_continues_and_he_init_differs(digits):
    X, y = digits
    model = MLPClassifier(max_iter=3, warm_start=True, random_state=0).fit(X, y)
    first = model.coefs_[0].copy()
    model.fit(X, y)
    assert len(model.loss_curve_) == 6 and not np.array_equal(first, model.coefs_[0])
    he = MLPClassifier(max_iter=1, init="he", random_state=0).fit(X, y)
    assert np.abs(he.coefs_[0]).max() > np.abs(first).max()


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"hidden_layer_sizes": (0,)}, "hidden_layer_sizes"),
        ({"hidden_layer_sizes": (2.5,)}, "hidden_layer_sizes"),
        ({"activation": "swish"}, "activation"),
        ({"solver": "lbfgs"}, "solver"),
        ({"alpha": -1.0}, "alpha"),
        ({"alpha": np.nan}, "alpha"),
        ({"learning_rate_init": 0.0}, "learning_rate_init"),
        ({"batch_size": 0}, "batch_size"),
        ({"momentum": 1.0}, "momentum"),
        ({"beta_2": 1.0}, "beta_2"),
        ({"validation_fraction": 1.0}, "validation_fraction"),
        ({"n_iter_no_change": 0}, "n_iter_no_change"),
        ({"init": "zeros"}, "init"),
        ({"backprop": "torch"}, "backprop"),
    ],
)
def test_bad_parameters_are_named(digits, params, match):
    X, y = digits
    with pytest.raises(ValueError, match=match):
        MLPClassifier(**params).fit(X, y)


def test_bad_validation_data(digits):
    X, y = digits
    with pytest.raises(ValueError, match="together"):
        MLPClassifier(max_iter=1).fit(X, y, X_val=X)
    with pytest.raises(ValueError, match="not seen"):
        MLPClassifier(max_iter=1).fit(X[y < 5], y[y < 5], X_val=X, y_val=y)


def test_a_blow_up_is_one_clear_error_and_no_warning(recwarn):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 3)) * 1e150, rng.integers(0, 3, 50)
    with pytest.raises(ValueError, match="non-finite parameter weights"):
        MLPClassifier(solver="sgd", learning_rate_init=0.5, max_iter=50).fit(X, y)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_edge_cases_two_samples_and_no_hidden_layer(digits):
    two = MLPClassifier(max_iter=3, random_state=0).fit([[0.0], [1.0]], [0, 1])
    P = two.predict_proba([[0.5]])
    assert P.shape == (1, 2) and P.sum() == pytest.approx(1)
    X, y = digits
    linear = MLPClassifier(hidden_layer_sizes=(), max_iter=20, random_state=0).fit(X, y)
    ref = SkMLPClassifier(hidden_layer_sizes=(), max_iter=20, random_state=0).fit(X, y)
    assert len(linear.coefs_) == 1  # softmax regression
    _curves_agree(linear, ref)
