"""Every question and every case of the homework, as data.

A case names its question, points, visibility, the driver that builds its seeded inputs and
calls the submission, the driver's arguments, and the tolerance. The same case records the
expected arrays from the reference and checks a submission. Hidden cases differ from visible
ones in shapes, seeds, scales and edge cases (batch of 1, |x| = 1000, ReLU at exactly 0, ...).
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
    Question("Q10", "Training", 10),
    Question("Q11", "Written numeric answers", 10),
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
            ("tanh_pass", "activation", dict(name="Tanh", shape=[4, 3], seed=11), 1, V),
            ("relu_pass", "activation", dict(name="ReLU", shape=[5, 2], seed=12), 1, V),
            ("sigmoid_magnitude_1000", "sigmoid_function", dict(shape=[6, 5], seed=13, scale=1000.0), 1, H),
            ("sigmoid_module_large", "activation", dict(name="Sigmoid", shape=[3, 7], seed=14, scale=300.0), 1, H),
            ("relu_exactly_zero", "activation", dict(name="ReLU", shape=[6, 6], seed=15, zeros=True), 1.5, H),
            ("tanh_batch_of_one", "activation", dict(name="Tanh", shape=[1, 8], seed=16, scale=3.0), 0.5, H),
            ("sigmoid_module_small", "activation", dict(name="Sigmoid", shape=[2, 3], seed=17), 1, H)),
    *_cases("Q3",
            ("softmax_small", "softmax_function", dict(N=3, K=4, seed=20), 1, V),
            ("cross_entropy_small", "cross_entropy", dict(N=5, K=3, seed=21), 1.5, V),
            ("mse_small", "mse_loss", dict(N=4, D=2, seed=22), 1, V),
            ("softmax_magnitude_1000", "softmax_function", dict(N=4, K=6, seed=23, scale=1000.0), 1.5, H),
            ("softmax_module_pass", "softmax_module", dict(N=5, K=4, seed=24), 2, H),
            ("nll_pass", "nll_loss", dict(N=6, K=5, seed=25), 1.5, H),
            ("cross_entropy_magnitude_1000", "cross_entropy", dict(N=4, K=5, seed=26, scale=1000.0), 1.5, H),
            ("cross_entropy_batch_of_one", "cross_entropy", dict(N=1, K=7, seed=27), 1, H),
            ("mse_non_square", "mse_loss", dict(N=7, D=3, seed=28), 1, H)),
    *_cases("Q4",
            ("train_half", "dropout", dict(N=4, D=5, rate=0.5, seed=30), 1.5, V),
            ("eval_identity", "dropout", dict(N=3, D=4, rate=0.5, seed=31, train=False), 1, V),
            ("train_rate_0_2", "dropout", dict(N=6, D=3, rate=0.2, seed=32), 1.5, H),
            ("train_rate_0_9_batch_of_one", "dropout", dict(N=1, D=12, rate=0.9, seed=33), 1, H),
            ("rate_zero", "dropout", dict(N=3, D=3, rate=0.0, seed=34), 1, H)),
    *_cases("Q5",
            ("block_small", "residual_block", dict(N=3, D=4, H=5, seed=40), 2, V),
            ("block_scalar", "residual_block", dict(N=1, D=1, H=1, seed=41), 1, V),
            ("block_batch_of_one", "residual_block", dict(N=1, D=6, H=3, seed=42), 1.5, H),
            ("block_wide_hidden", "residual_block", dict(N=5, D=2, H=9, seed=43), 1.5, H),
            ("block_dead_output", "residual_block", dict(N=4, D=3, H=4, seed=44, shift=-3.0), 2, H)),
    *_cases("Q6",
            ("sgd_one_step", "sgd_steps", dict(lr=0.1, seed=50), 2, V),
            ("momentum_two_steps", "sgd_steps", dict(lr=0.05, seed=51, steps=2, momentum=0.9), 2, V),
            ("momentum_five_steps", "sgd_steps", dict(lr=0.02, seed=52, steps=5, momentum=0.8), 2, H),
            ("weight_decay_spares_biases", "sgd_steps", dict(lr=0.1, seed=53, steps=3, weight_decay=0.5), 2, H),
            ("momentum_and_decay", "sgd_steps", dict(lr=0.03, seed=54, steps=4, momentum=0.7, weight_decay=0.1), 1, H),
            ("learning_rate_decay", "lr_decay", dict(lr=0.5, factor=0.9, epochs=4), 1, H)),
    *_cases("Q7",
            ("sequential_tanh", "sequential_pass", dict(sizes=[3, 4, 2], act="Tanh", N=5, seed=60), 2, V),
            ("define_network_small", "define_network", dict(input_size=4, hidden_sizes=[5], num_classes=3,
                                                               activation="sigmoid", std=0.1, seed=10701), 2, V),
            ("sequential_relu_deep", "sequential_pass", dict(sizes=[2, 6, 5, 3], act="ReLU", N=1, seed=61), 1.5, H),
            ("sgd_random_samples", "sequential_sgd", dict(sizes=[3, 5, 2], act="Tanh", N=20, iters=15, lr=0.05, seed=62), 2, H),
            ("define_network_two_hidden", "define_network", dict(input_size=6, hidden_sizes=[4, 3], num_classes=2,
                                                                    activation="relu", std=0.5, seed=7), 1.5, H),
            ("define_network_no_hidden", "define_network", dict(input_size=3, hidden_sizes=[], num_classes=4,
                                                                   activation="tanh", std=1.0, seed=8), 1, H)),
    *_cases("Q8",
            ("toy_sigmoid_loss", "mlp_loss", dict(D=4, H=10, C=3, N=5, activation="sigmoid", reg=0.1, seed=0,
                                                  data_seed=1, labels=[0, 1, 2, 2, 1]), 2, V),
            ("toy_relu_loss", "mlp_loss", dict(D=4, H=10, C=3, N=5, activation="relu", reg=0.1, seed=0,
                                               data_seed=1, labels=[0, 1, 2, 2, 1]), 2, V),
            ("init_order", "mlp_init", dict(D=3, H=4, C=2, std=1e-4, seed=5), 1, H),
            ("relu_no_reg_batch_of_one", "mlp_loss", dict(D=6, H=3, C=4, N=1, activation="relu", reg=0.0,
                                                          seed=80, data_seed=81), 2, H),
            ("sigmoid_large_inputs", "mlp_loss", dict(D=5, H=7, C=2, N=8, activation="sigmoid", reg=0.3,
                                                      seed=82, data_seed=83), 2, H),
            ("predict", "mlp_predict", dict(D=4, H=6, C=5, N=9, activation="relu", seed=84), 1, H)),
    *_cases("Q9",
            ("scalar_function", "numerical_gradient", dict(shape=[3, 2], seed=90), 1.5, V, dict(rtol=1e-5, atol=1e-8)),
            ("relative_error", "relative_error", dict(shape=[4], seed=91, noise=1e-3), 1, V),
            ("scalar_function_vector", "numerical_gradient", dict(shape=[5], seed=92, h=1e-4), 1, H, dict(rtol=1e-5, atol=1e-8)),
            ("array_function", "numerical_gradient_array", dict(shape=[2, 3], seed=93), 1.5, H, dict(rtol=1e-5, atol=1e-8)),
            ("relative_error_tiny", "relative_error", dict(shape=[2, 2], seed=94, noise=1e-9), 1, H)),
    *_cases("Q10",
            ("train_network_mnist", "train_network", dict(data="mnist", N=3000, M=1000, D=784, K=10, hidden=[32],
                                                          act="Sigmoid", epochs=3, lr=0.5, batch_size=50, seed=100),
             2.5, V, dict(timeout=30.0)),
            ("mlp_train_mnist", "mlp_train", dict(data="mnist", N=3000, M=1000, D=784, H=32, C=10, activation="relu",
                                                  lr=0.5, decay=0.95, reg=1e-3, iters=150, batch_size=100, seed=101),
             2.5, V, dict(timeout=30.0)),
            ("train_network_second_set", "train_network", dict(N=90, M=40, D=6, K=4, hidden=[10, 6], act="ReLU",
                                                               epochs=5, lr=0.2, batch_size=25, seed=102, spread=1.5),
             1.5, H, dict(timeout=20.0)),
            ("train_network_one_big_batch", "train_network", dict(N=30, M=10, D=3, K=2, hidden=[4], act="Tanh",
                                                                  epochs=6, lr=1.0, batch_size=64, seed=103),
             0.5, H, dict(timeout=20.0)),
            ("mlp_train_sigmoid_second_set", "mlp_train", dict(N=120, D=7, H=12, C=4, activation="sigmoid", lr=0.5,
                                                               decay=0.8, reg=1e-2, iters=40, batch_size=30, seed=104,
                                                               spread=1.3), 1.5, H, dict(timeout=20.0)),
            ("mnist_long_run_accuracy", "train_network", dict(data="mnist", N=3000, M=1000, D=784, K=10, hidden=[64],
                                                              act="ReLU", epochs=12, lr=0.1, batch_size=50, seed=105,
                                                              final_only=True),
             1.5, H, dict(timeout=60.0, thresholds={"final_train_error": 0.02, "final_test_error": 0.02},
                          note="final error at most the reference's + 0.02"))),
]

WRITTEN_VISIBLE = ("beta21_updated", "beta10_updated", "regularized_loss", "mse_loss", "param_count")
WRITTEN_KEYS = ("a1", "z1", "b2", "y_hat2", "predicted_class", "loss", "beta21_updated", "beta10_updated",
                "alpha34_updated", "class_after_training", "regularized_loss", "mse_loss", "best_activation",
                "best_learning_rate", "conv_J", "dz_dw0", "dz_dw1", "dz_db0", "dz_db1", "param_count")
CASES += [Case(f"q11.{key}", "Q11", "answer", {"key": key}, 0.5, key in WRITTEN_VISIBLE, rtol=0.0, atol=0.0)
          for key in WRITTEN_KEYS]
