"""Every question and every case of the homework, as data.

A case names its question, points, visibility, the driver that builds its seeded inputs and
calls the submission, the driver's arguments, and the tolerance. The same case records the
expected arrays from the reference and checks a submission. Visible cases run every graded
function and its edge cases (inputs of magnitude 1000 wherever something exponentiates, ReLU at
exactly 0, dropout draws exactly equal to the rate, mixed signs for rel_error); hidden cases differ
from them in shapes, seeds and scales (batch of 1, other rates, ...), so hard-coding the visible
answers earns nothing.
Q11's cases are answers in answers.toml, checked against the recorded key (driver "answer").
"""
from autograder.spec import Case, Question, cases_of as _cases

QUESTIONS = [
    Question("Q1", "Linear layer", 10),
    Question("Q2", "Activations", 8),
    Question("Q3", "Softmax and losses", 12),
    Question("Q4", "Dropout", 6),
    Question("Q5", "Residual block", 8),
    Question("Q6", "Optimizers", 10),
    Question("Q7", "Networks", 10),
    Question("Q8", "Two-layer MLP", 10),
    Question("Q9", "Gradient checking", 6),
    Question("Q10", "Training", 7.5),
    Question("Q11", "Written answers", 10),
    Question("Q12", "Experiments", 2.5),
]


def _cases(question, *rows):
    """rows: (name, driver, args, points, visible[, extra Case fields])."""
    out = []
    for name, drv, args, points, visible, *extra in rows:
        out.append(Case(f"{question.lower()}.{name}", question, drv, args, points, visible, **(extra[0] if extra else {})))
    return out


V, H = True, False
CASES = [
    *_cases("Q1",
            ("init_generator", "linear_init", dict(D_in=5, D_out=3, std=0.1, seed=0), 1, V),
            ("forward_small", "linear_forward", dict(N=4, D_in=3, D_out=2, seed=1), 1.5, V),
            ("backward_small", "linear_backward", dict(N=4, D_in=3, D_out=2, seed=2), 1.5, V),
            ("init_global_rng", "linear_init", dict(D_in=7, D_out=2, std=2.0, seed=3, global_rng=True), 1, H),
            ("forward_batch_of_one", "linear_forward", dict(N=1, D_in=6, D_out=4, seed=4), 1.5, H),
            ("forward_wide_scaled", "linear_forward", dict(N=3, D_in=2, D_out=9, seed=5, scale=50.0), 1, H),
            ("backward_batch_of_one", "linear_backward", dict(N=1, D_in=5, D_out=3, seed=6), 1, H),
            ("backward_non_square", "linear_backward", dict(N=7, D_in=2, D_out=5, seed=7), 1.5, H)),
    *_cases("Q2",
            ("sigmoid_small", "sigmoid_function", dict(shape=[3, 4], seed=10), 1, V),
            ("sigmoid_large_negative", "sigmoid_function", dict(shape=[2, 6], seed=21, scale=800.0, shift=-1000.0), 1, V),
            ("tanh_pass", "activation", dict(name="Tanh", shape=[4, 3], seed=11), 0.5, V),
            ("relu_pass", "activation", dict(name="ReLU", shape=[5, 2], seed=12), 0.5, V),
            ("relu_at_zero", "activation", dict(name="ReLU", shape=[4, 5], seed=19, zeros=True), 1, V),
            ("sigmoid_module_pass", "activation", dict(name="Sigmoid", shape=[3, 4], seed=9), 1, V),
            ("sigmoid_magnitude_1000", "sigmoid_function", dict(shape=[3, 4], seed=29, scale=1000.0), 0.5, H),
            ("sigmoid_module_large", "activation", dict(name="Sigmoid", shape=[3, 7], seed=14, scale=300.0), 1, H),
            ("relu_exactly_zero", "activation", dict(name="ReLU", shape=[6, 6], seed=15, zeros=True), 0.5, H),
            ("tanh_batch_of_one", "activation", dict(name="Tanh", shape=[1, 8], seed=16, scale=3.0), 0.5, H),
            ("sigmoid_module_small", "activation", dict(name="Sigmoid", shape=[2, 3], seed=17), 0.5, H)),
    *_cases("Q3",
            ("softmax_small", "softmax_function", dict(N=3, K=4, seed=20), 1, V),
            ("softmax_large_scores", "softmax_function", dict(N=2, K=5, seed=30, scale=1000.0), 1, V),
            ("softmax_module_small", "softmax_module", dict(N=3, K=5, seed=38), 1.5, V),
            ("nll_small", "nll_loss", dict(N=4, K=3, seed=39), 1, V),
            ("cross_entropy_small", "cross_entropy", dict(N=5, K=3, seed=21), 1, V),
            ("cross_entropy_large_scores", "cross_entropy", dict(N=3, K=4, seed=37, scale=1000.0), 1, V),
            ("mse_small", "mse_loss", dict(N=4, D=2, seed=22), 1, V),
            ("softmax_magnitude_1000", "softmax_function", dict(N=4, K=6, seed=23, scale=1000.0), 0.5, H),
            ("softmax_module_pass", "softmax_module", dict(N=5, K=4, seed=24), 1, H),
            ("nll_pass", "nll_loss", dict(N=6, K=5, seed=25), 1, H),
            ("cross_entropy_magnitude_1000", "cross_entropy", dict(N=4, K=5, seed=26, scale=1000.0), 0.5, H),
            ("cross_entropy_batch_of_one", "cross_entropy", dict(N=1, K=7, seed=27), 0.5, H),
            ("mse_non_square", "mse_loss", dict(N=7, D=3, seed=28), 1, H)),
    *_cases("Q4",
            ("train_half", "dropout", dict(N=4, D=5, rate=0.5, seed=30), 1, V),
            ("eval_identity", "dropout", dict(N=3, D=4, rate=0.5, seed=31, train=False), 0.5, V),
            ("eval_mode_identity", "dropout", dict(N=4, D=3, rate=0.4, seed=38, mode="eval"), 0.5, V),
            ("train_rate_0_3", "dropout", dict(N=5, D=4, rate=0.3, seed=35), 1, V),
            ("draws_equal_to_rate", "dropout", dict(N=3, D=4, rate=0.25, seed=36,
                                                    draws=[0.25, 0.1, 0.8, 0.25, 0.5, 0.0, 0.9, 0.25, 0.3]), 1, V),
            ("train_rate_0_2", "dropout", dict(N=6, D=3, rate=0.2, seed=32), 0.5, H),
            ("train_rate_0_9_batch_of_one", "dropout", dict(N=1, D=12, rate=0.9, seed=33), 0.5, H),
            ("rate_zero", "dropout", dict(N=3, D=3, rate=0.0, seed=34), 0.5, H),
            ("draws_equal_to_rate_0_6", "dropout", dict(N=2, D=5, rate=0.6, seed=37,
                                                        draws=[0.6, 0.3, 0.6, 0.95, 0.1, 0.6, 0.7]), 0.5, H)),
    *_cases("Q5",
            ("block_small", "residual_block", dict(N=3, D=4, H=5, seed=40), 2, V),
            ("block_scalar", "residual_block", dict(N=1, D=1, H=1, seed=41), 1, V),
            ("block_some_dead", "residual_block", dict(N=3, D=3, H=4, seed=45, shift=-1.5), 1.5, V),
            ("block_batch_of_one", "residual_block", dict(N=1, D=6, H=3, seed=42), 1, H),
            ("block_wide_hidden", "residual_block", dict(N=5, D=2, H=9, seed=43), 1, H),
            ("block_dead_output", "residual_block", dict(N=4, D=3, H=4, seed=44, shift=-3.0), 1.5, H)),
    *_cases("Q6",
            ("sgd_one_step", "sgd_steps", dict(lr=0.1, seed=50), 1, V),
            ("momentum_two_steps", "sgd_steps", dict(lr=0.05, seed=51, steps=2, momentum=0.9), 2, V),
            ("weight_decay_two_steps", "sgd_steps", dict(lr=0.1, seed=55, steps=2, weight_decay=0.3), 1, V),
            ("lr_decay_three_epochs", "lr_decay", dict(lr=0.2, factor=0.5, epochs=3), 1, V),
            ("momentum_five_steps", "sgd_steps", dict(lr=0.02, seed=52, steps=5, momentum=0.8), 2, H),
            ("weight_decay_spares_biases", "sgd_steps", dict(lr=0.1, seed=53, steps=3, weight_decay=0.5), 1, H),
            ("momentum_and_decay", "sgd_steps", dict(lr=0.03, seed=54, steps=4, momentum=0.7, weight_decay=0.1), 1, H),
            ("learning_rate_decay", "lr_decay", dict(lr=0.5, factor=0.9, epochs=4), 1, H)),
    *_cases("Q7",
            ("sequential_tanh", "sequential_pass", dict(sizes=[3, 4, 2], act="Tanh", N=5, seed=60), 1.5, V),
            ("define_network_small", "define_network", dict(input_size=4, hidden_sizes=[5], num_classes=3,
                                                               activation="sigmoid", std=0.1, seed=10701), 1.5, V),
            ("sgd_few_samples", "sequential_sgd", dict(sizes=[2, 3, 2], act="Tanh", N=10, iters=6, lr=0.1, seed=63), 1, V),
            ("train_eval_dropout", "train_eval_network", dict(sizes=[4, 6, 3], rate=0.5, N=8, steps=3, lr=0.5,
                                                              seed=64), 1, V),
            ("sequential_relu_deep", "sequential_pass", dict(sizes=[2, 6, 5, 3], act="ReLU", N=1, seed=61), 1.5, H),
            ("sgd_random_samples", "sequential_sgd", dict(sizes=[3, 5, 2], act="Tanh", N=20, iters=15, lr=0.05, seed=62), 1, H),
            ("train_eval_dropout_wide", "train_eval_network", dict(sizes=[5, 12, 4], rate=0.3, N=11, steps=4,
                                                                   lr=0.3, seed=65), 1, H),
            ("define_network_two_hidden", "define_network", dict(input_size=6, hidden_sizes=[4, 3], num_classes=2,
                                                                    activation="relu", std=0.5, seed=7), 0.5, H),
            ("define_network_no_hidden", "define_network", dict(input_size=3, hidden_sizes=[], num_classes=4,
                                                                   activation="tanh", std=1.0, seed=8), 1, H)),
    *_cases("Q8",
            ("toy_sigmoid_loss", "mlp_loss", dict(D=4, H=10, C=3, N=5, activation="sigmoid", reg=0.1, seed=0,
                                                  data_seed=1, labels=[0, 1, 2, 2, 1]), 2, V),
            ("toy_relu_loss", "mlp_loss", dict(D=4, H=10, C=3, N=5, activation="relu", reg=0.1, seed=0,
                                               data_seed=1, labels=[0, 1, 2, 2, 1]), 2, V),
            ("relu_large_scores", "mlp_loss", dict(D=3, H=6, C=4, N=4, activation="relu", reg=0.05, seed=86,
                                                   data_seed=87, std=5.0, scale=100.0), 1.5, V),
            ("init_small", "mlp_init", dict(D=2, H=3, C=2, std=0.5, seed=6), 0.5, V),
            ("argmax_small", "mlp_predict", dict(D=3, H=5, C=4, N=6, activation="relu", seed=85), 0.5, V),
            ("init_order", "mlp_init", dict(D=3, H=4, C=2, std=1e-4, seed=5), 0.5, H),
            ("relu_no_reg_batch_of_one", "mlp_loss", dict(D=6, H=3, C=4, N=1, activation="relu", reg=0.0,
                                                          seed=80, data_seed=81), 1, H),
            ("sigmoid_large_inputs", "mlp_loss", dict(D=5, H=7, C=2, N=8, activation="sigmoid", reg=0.3,
                                                      seed=82, data_seed=83), 1, H),
            ("relu_large_scores_wide", "mlp_loss", dict(D=8, H=12, C=3, N=6, activation="relu", reg=0.01, seed=88,
                                                        data_seed=89, std=3.0, scale=50.0), 0.5, H),
            ("predict", "mlp_predict", dict(D=4, H=6, C=5, N=9, activation="relu", seed=84), 0.5, H)),
    *_cases("Q9",
            ("scalar_function", "numerical_gradient", dict(shape=[3, 2], seed=90), 1, V, dict(rtol=1e-5, atol=1e-8)),
            ("vector_valued_function", "numerical_gradient_array", dict(shape=[4], seed=95), 1, V,
             dict(rtol=1e-5, atol=1e-8)),
            ("relative_error", "relative_error", dict(shape=[4], seed=91, noise=1e-3), 0.5, V),
            ("relative_error_mixed_signs", "relative_error", dict(shape=[3, 2], seed=96, noise=1e-3, mixed_signs=True),
             1, V),
            ("scalar_function_vector", "numerical_gradient", dict(shape=[5], seed=92, h=1e-4), 0.5, H, dict(rtol=1e-5, atol=1e-8)),
            ("array_function", "numerical_gradient_array", dict(shape=[2, 3], seed=93), 1, H, dict(rtol=1e-5, atol=1e-8)),
            ("relative_error_tiny", "relative_error", dict(shape=[2, 2], seed=94, noise=1e-9), 0.5, H),
            ("relative_error_mixed_signs_tiny", "relative_error", dict(shape=[7], seed=97, noise=1e-6,
                                                                       mixed_signs=True), 0.5, H)),
    *_cases("Q10",
            ("train_network_mnist", "train_network", dict(data="mnist", N=3000, M=1000, D=784, K=10, hidden=[32],
                                                          act="Sigmoid", epochs=3, lr=0.5, batch_size=50, seed=100),
             2, V, dict(timeout=30.0)),
            ("mlp_train_mnist", "mlp_train", dict(data="mnist", N=3000, M=1000, D=784, H=32, C=10, activation="relu",
                                                  lr=0.5, decay=0.95, reg=1e-3, iters=150, batch_size=100, seed=101),
             2, V, dict(timeout=30.0)),
            ("train_network_second_set", "train_network", dict(N=90, M=40, D=6, K=4, hidden=[10, 6], act="ReLU",
                                                               epochs=5, lr=0.2, batch_size=25, seed=102, spread=1.5),
             1, H, dict(timeout=20.0)),
            ("train_network_one_big_batch", "train_network", dict(N=30, M=10, D=3, K=2, hidden=[4], act="Tanh",
                                                                  epochs=6, lr=1.0, batch_size=64, seed=103),
             0.5, H, dict(timeout=20.0)),
            ("mlp_train_sigmoid_second_set", "mlp_train", dict(N=120, D=7, H=12, C=4, activation="sigmoid", lr=0.5,
                                                               decay=0.8, reg=1e-2, iters=40, batch_size=30, seed=104,
                                                               spread=1.3), 1, H, dict(timeout=20.0)),
            ("mnist_long_run_accuracy", "train_network", dict(data="mnist", N=3000, M=1000, D=784, K=10, hidden=[64],
                                                              act="ReLU", epochs=12, lr=0.1, batch_size=50, seed=105,
                                                              final_only=True),
             1, H, dict(timeout=60.0, thresholds={"final_train_error": 0.02, "final_test_error": 0.02},
                          note="final error at most the reference's + 0.02"))),
]

# Q11: one case per answer of solution/written_answers.QUESTIONS, in its order: (key, kind, visible, points).
# The kind ("number", "integer", "shape", "bool", or ("choice", options)) is that of QUESTIONS, copied here
# because the autograder bundle holds no solution file (tests/test_answer_kinds.py checks they agree).
# 0.25 points each, 0.5 for the six items the seeds weigh most (2-4 points there); 10 in all.
_B_FIX = ["transpose beta", "transpose z", "append a row of 1s as the first row of beta",
          "append a 1 as the first element of z", "append a column of 1s as the first column of beta"]
_W_RELATIONS = ["w1 > w2 > 0", "w1 = w2 = 0", "w1 = w2 != 0", "w1 < w2 < 0", "none of the above"]
_V_RELATIONS = ["v1 > v2", "v1 = v2", "v1 < v2"]
WRITTEN = [
    ("a1", "number", H, 0.25), ("z1", "number", H, 0.25), ("b2", "number", H, 0.25), ("y_hat2", "number", H, 0.25),
    ("predicted_class", "integer", H, 0.25), ("loss", "number", H, 0.25),
    ("beta21_updated", "number", V, 0.25), ("beta10_updated", "number", V, 0.25),
    ("alpha34_updated", "number", H, 0.25), ("class_after_training", "integer", H, 0.25),
    ("regularized_loss", "number", V, 0.25), ("mse_loss", "number", V, 0.25),
    ("best_activation", "integer", H, 0.5), ("best_learning_rate", "number", H, 0.5),
    ("conv_J", "number", H, 0.25), ("dz_dw0", "number", H, 0.25), ("dz_dw1", "number", H, 0.25),
    ("dz_db0", "number", H, 0.25), ("dz_db1", "number", H, 0.25), ("param_count", "integer", V, 0.25),
    ("t2_output_a", "shape", V, 0.25), ("t2_output_b", "shape", H, 0.25), ("t2_output_c", "shape", H, 0.25),
    ("b_fix", ("choice", _B_FIX), V, 0.25), ("dl_dbeta_shape", "shape", V, 0.25),
    ("dl_dalpha_shape", "shape", H, 0.25), ("regularization_true", "shape", H, 0.5),
    ("init_w1_one_step", "shape", H, 0.25), ("init_v2_one_step", "number", H, 0.25),
    ("init_w_relation", ("choice", _W_RELATIONS), V, 0.5), ("init_v_relation", ("choice", _V_RELATIONS), H, 0.5),
    ("sgd_error_decreases", "bool", V, 0.5), ("cnn_only_2d", "bool", H, 0.25),
    ("relu_stronger_gradients", "bool", H, 0.25),
]


def _answer_args(key, kind):
    """The answer case's args: the answers.toml key, its kind and, for a choice, its options."""
    if isinstance(kind, tuple):
        return {"key": key, "kind": kind[0], "options": list(kind[1])}
    return {"key": key, "kind": kind}


CASES += [Case(f"q11.{key}", "Q11", "answer", _answer_args(key, kind), points, visible, rtol=0.0, atol=0.0)
          for key, kind, visible, points in WRITTEN]

# Q12: the final training and test accuracies of 003 §5.6's runs (a)-(e), which students train themselves with
# experiments.py and report in answers.toml; the grader never trains them. The key is the reference's, read from
# solution/experiment_accuracies.json (`make experiments`). A correct implementation reproduces the reference's
# runs exactly (seed 10701, no shuffling), so the tolerance only absorbs a last-digit difference of arithmetic
# between machines and a report rounded to 2 decimals: 5 of the 1000 test digits, 15 of the 3000 training ones.
ACCURACY_TOLERANCE = 0.005
EXPERIMENT_ANSWERS = [(f"exp_{run}_{split}_accuracy", run == "a", 0.25) for run in "abcde" for split in ("train", "test")]
CASES += [Case(f"q12.{key}", "Q12", "answer", {"key": key, "kind": "accuracy", "tolerance": ACCURACY_TOLERANCE},
               points, visible, rtol=0.0, atol=0.0) for key, visible, points in EXPERIMENT_ANSWERS]
