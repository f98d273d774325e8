"""The reference reproduces the numbers the source homeworks publish, computed by code."""
import numpy as np
import pytest


def _toy(nn_train, activation):
    np.random.seed(0)
    net = nn_train.TwoLayerMLP(4, 10, 3, std=1e-1, activation=activation)
    np.random.seed(1)
    X = 10 * np.random.randn(5, 4)
    return net, X, np.array([0, 1, 2, 2, 1])


@pytest.mark.parametrize("activation, published", [("sigmoid", 1.182248), ("relu", 1.303788)])
def test_toy_two_layer_mlp_loss_matches_the_published_value(solution_modules, activation, published):
    net, X, y = _toy(solution_modules["nn_train"], activation)
    loss, _ = net.loss(X, y, reg=0.1)
    assert abs(loss - published) < 1e-6


@pytest.mark.parametrize("activation, params", [
    ("sigmoid", ("W1", "b2", "W2")),          # the parameters the source reports for sigmoid
    ("relu", ("W1", "b1", "W2", "b2")),
])
def test_toy_gradient_check_relative_errors_are_below_1e_7(solution_modules, activation, params):
    lib = solution_modules["nn_lib"]
    net, X, y = _toy(solution_modules["nn_train"], activation)
    _, grads = net.loss(X, y, reg=0.1)
    for name in params:
        numeric = lib.eval_numerical_gradient(lambda _: net.loss(X, y, reg=0.1)[0], net.params[name])
        assert lib.rel_error(numeric, grads[name]) < 1e-7, name


def test_sigmoid_b1_gradient_check_is_limited_by_one_tiny_entry(solution_modules):
    """b1 of the sigmoid toy net has an entry of 3e-6: centred differences reach 2e-7 there, 1e-9 elsewhere."""
    lib = solution_modules["nn_lib"]
    net, X, y = _toy(solution_modules["nn_train"], "sigmoid")
    _, grads = net.loss(X, y, reg=0.1)
    numeric = lib.eval_numerical_gradient(lambda _: net.loss(X, y, reg=0.1)[0], net.params["b1"])
    assert lib.rel_error(numeric, grads["b1"]) < 1e-6
    big = np.abs(grads["b1"]) > 1e-4
    assert lib.rel_error(numeric[big], grads["b1"][big]) < 1e-7


def test_written_section_numbers_match_the_published_answers(solution_modules):
    key = solution_modules["written_answers"].answer_key()
    published = {"regularized_loss": 3.9712, "beta21_updated": 1.9772, "beta10_updated": 0.5477,
                 "alpha34_updated": 2, "class_after_training": 3, "mse_loss": 209.4557,
                 "best_activation": 2, "best_learning_rate": 0.001, "conv_J": -6,
                 "dz_dw0": -0.2, "dz_dw1": 0.4, "dz_db0": -0.2, "dz_db1": 1, "param_count": 557057}
    for name, value in published.items():
        assert round(float(key[name]), 4) == value, name


def test_written_answers_of_other_kinds_match_the_published_ones(solution_modules):
    """003 §1.1(c), §1.2(c), (h), §1.5(d), §2 and §4.1-4.2, and 004 T2 (its "1024 x 32" is our [32, 1024])."""
    written = solution_modules["written_answers"]
    key = written.answer_key()
    options = {k: written.kind_of(spec)[1] for k, _, _, spec, _ in written.QUESTIONS}
    assert options["b_fix"][int(key["b_fix"])] == "append a 1 as the first element of z"
    assert options["init_w_relation"][int(key["init_w_relation"])] == "w1 = w2 != 0"
    assert options["init_v_relation"][int(key["init_v_relation"])] == "v1 = v2"
    shapes = {"dl_dbeta_shape": [3, 5], "dl_dalpha_shape": [4, 7], "t2_output_a": [32, 1024],
              "t2_output_b": [32, 512], "t2_output_c": [32, 1], "regularization_true": [2, 4],
              "init_w1_one_step": [0, 0, 0]}
    for name, value in shapes.items():
        assert key[name].tolist() == value, name
    assert int(key["sgd_error_decreases"]) == 0 and int(key["cnn_only_2d"]) == 0
    assert float(key["init_v2_one_step"]) == -0.5


def test_written_forward_values_follow_from_the_network(solution_modules):
    key = solution_modules["written_answers"].answer_key()
    assert key["a1"] == -3
    assert round(float(key["z1"]), 4) == round(1 / (1 + np.exp(3)), 4)
    assert 0 < key["y_hat2"] < 1 and key["predicted_class"] == 2


def test_recorded_answer_key_equals_the_computed_one(solution_modules):
    from autograder.author import assign
    computed = solution_modules["written_answers"].answer_key()
    recorded = assign.answer_key()
    assert sorted(recorded) == sorted(computed)
    for name, value in computed.items():
        assert recorded[name].dtype.kind == value.dtype.kind and np.array_equal(recorded[name], value), name
