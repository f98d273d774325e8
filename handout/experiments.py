# %% [markdown]
# # Experiments: what changes learning (Q12: the accuracies they print)
#
# Once `define_network` (Q7) and `train_network` (Q10) pass their tests, train on the MNIST subset
# and compare. Each run trains for 50 epochs with `seed=10701` and reports the final training and
# test accuracy; expect 10-40 s per run. Run `python experiments.py` (all of them), or the cells
# below in the notebook. These cells are tagged `experiment` and are skipped when a notebook is graded.
#
# | run | hidden layers | activation | learning rate | batch size |
# |-----|---------------|------------|---------------|------------|
# | (a) | 256 | sigmoid | 0.01 | 50 |
# | (b) | 256 | sigmoid | 0.001 | 50 |
# | (c) | 256 | ReLU | 0.01 | 50 |
# | (d) | 256 | ReLU | 0.01 | 200 |
# | (e) | 384, 256 | ReLU | 0.01 | 50 |
#
# Report each run's two printed accuracies in `answers.toml` (Q12: `exp_a_train_accuracy`,
# `exp_a_test_accuracy`, ..., `exp_e_test_accuracy`, as fractions between 0 and 1).
#
# Questions to think about: what does a ten times smaller learning rate do (a vs b)? What does
# ReLU change (a vs c)? Why does a larger batch train more slowly per epoch (c vs d)? Does a deeper
# network help on 3000 training digits (c vs e)?
#
# The last experiment, `compare_activations`, trains Q8's `TwoLayerMLP` with a sigmoid and with a
# ReLU hidden layer and saves a figure of both (it needs matplotlib).

# %% tags=["module-only"]
from nn_train import TwoLayerMLP, define_network, load_mnist, train_network

# %% tags=["experiment"]
EXPERIMENTS = {
    "a": dict(hidden=[256], activation="sigmoid", learning_rate=0.01, batch_size=50),
    "b": dict(hidden=[256], activation="sigmoid", learning_rate=0.001, batch_size=50),
    "c": dict(hidden=[256], activation="relu", learning_rate=0.01, batch_size=50),
    "d": dict(hidden=[256], activation="relu", learning_rate=0.01, batch_size=200),
    "e": dict(hidden=[384, 256], activation="relu", learning_rate=0.01, batch_size=50),
}


def run_experiment(name, epochs=50, folder="data/mnist"):
    """Train experiment `name` on the MNIST subset; returns (final train accuracy, final test accuracy)."""
    setting = EXPERIMENTS[name]
    try:
        model = define_network(784, setting["hidden"], 10, activation=setting["activation"], seed=10701)
        stats = train_network(model, load_mnist(folder), epochs, setting["learning_rate"], setting["batch_size"])
    except NotImplementedError as exc:
        print(f"({name}) needs {exc} first")
        return None
    train_acc, test_acc = 1 - stats["train_error"][-1], 1 - stats["test_error"][-1]
    print(f"({name}) {setting}: final train accuracy {train_acc:.4f}, test accuracy {test_acc:.4f}")
    return train_acc, test_acc


# %% tags=["experiment"]
result_a = run_experiment("a")

# %% tags=["experiment"]
result_b = run_experiment("b")

# %% tags=["experiment"]
result_c = run_experiment("c")

# %% tags=["experiment"]
result_d = run_experiment("d")

# %% tags=["experiment"]
result_e = run_experiment("e")


# %% [markdown]
# ## Sigmoid against ReLU: `TwoLayerMLP` on MNIST
#
# Once `TwoLayerMLP` (Q8) and its `train` (Q10) pass their tests, `compare_activations()` trains
# two 784-64-10 networks that differ only in their hidden activation, with the same initial
# weights and batches (`np.random.seed(0)` before each): weights `std=0.1`, L2 strength
# `reg=0.5`, learning rate `1e-3`, 10000 iterations of batches of 100 (about 333 passes over the
# 3000 training digits), the learning rate multiplied by 0.95 after every 50000 digits seen. The
# subset's 1000 test digits serve as the validation set. The pixels are multiplied by 255, back
# to the 0-255 range of the source homework's MNIST, which is what drives the sigmoid units into
# saturation. Expect about a minute. It prints each network's final training loss and
# validation accuracy and saves `activation_comparison.png`: the training loss and the validation
# accuracy of both networks.
#
# Questions to think about: which network learns faster in its first 1000 iterations, and why
# (what is the derivative of a sigmoid unit whose input is in the hundreds)? Why do both losses
# fall alike at first (look at what `reg=0.5` adds to the loss)?

# %% tags=["experiment"]
import os

import numpy as np

COMPARISON = dict(hidden_size=64, std=0.1, reg=0.5, learning_rate=1e-3, batch_size=100)
PIXEL_SCALE = 255.0              # the source's MNIST pixels were 0-255, the subset's are in [0, 1]
DECAY_EVERY = 50000              # the source decays the learning rate by 0.95 per 50000 training images


def _figure_class():
    """matplotlib's Figure (drawn without pyplot, so no window and no change of backend)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise RuntimeError("compare_activations draws its figure with matplotlib, which is missing: "
                           "install it with `pip install matplotlib`") from None
    return Figure


def plot_activation_comparison(stats, iterations_per_epoch, path):
    """stats: {activation: TwoLayerMLP.train's dict}; saves one PNG at path with two panels over the
    iterations: the training loss (num_iters,) and the validation accuracy (epochs,) of each."""
    fig = _figure_class()(figsize=(11, 4.2))
    loss_ax, acc_ax = fig.subplots(1, 2)
    for activation, run in stats.items():
        iters = np.arange(1, len(run["loss_history"]) + 1)
        epoch_ends = iterations_per_epoch * np.arange(1, len(run["val_acc_history"]) + 1)
        loss_ax.semilogy(iters, run["loss_history"], lw=0.8, label=activation)
        acc_ax.plot(epoch_ends, run["val_acc_history"], lw=1.2, label=activation)
    loss_ax.set_title("training loss (batch of 100, with the L2 term)")
    acc_ax.set_title("validation accuracy (1000 digits)")
    for ax in (loss_ax, acc_ax):
        ax.set_xlabel("iteration")
        ax.legend(loc="best")
        ax.grid(alpha=0.3)
    fig.suptitle("TwoLayerMLP 784-64-10 on the MNIST subset: sigmoid against ReLU")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    return path


def compare_activations(num_iters=10000, path="activation_comparison.png", folder="data/mnist", seed=0):
    """Train TwoLayerMLP with a sigmoid and with a ReLU hidden layer on the MNIST subset (X: (3000, 784)
    pixels times 255; the test split (1000, 784) as validation set) and save their figure at path.
    Returns {activation: TwoLayerMLP.train's dict}, or None while TwoLayerMLP is not written yet."""
    _figure_class()                       # a missing matplotlib stops here, not after a minute of training
    data = load_mnist(folder)
    X, X_val = data["train_x"] * PIXEL_SCALE, data["test_x"] * PIXEL_SCALE
    per_epoch = max(X.shape[0] // COMPARISON["batch_size"], 1)
    if num_iters < per_epoch:
        raise ValueError(f"num_iters must be at least {per_epoch} (one pass over the subset), not {num_iters}")
    stats = {}
    for activation in ("sigmoid", "relu"):
        np.random.seed(seed)              # the same initial weights and batches for both
        try:
            net = TwoLayerMLP(X.shape[1], COMPARISON["hidden_size"], 10, std=COMPARISON["std"], activation=activation)
            stats[activation] = run = net.train(
                X, data["train_y"], X_val, data["test_y"], learning_rate=COMPARISON["learning_rate"],
                learning_rate_decay=0.95 ** (X.shape[0] / DECAY_EVERY), reg=COMPARISON["reg"],
                num_iters=num_iters, batch_size=COMPARISON["batch_size"])
        except NotImplementedError as exc:
            print(f"(activations) needs {exc} first")
            return None
        print(f"({activation}) final training loss {run['loss_history'][-1]:.4f}, "
              f"final validation accuracy {run['val_acc_history'][-1]:.4f}")
    print(f"saved the figure at {os.path.abspath(plot_activation_comparison(stats, per_epoch, path))}")
    return stats


# %% tags=["experiment"]
comparison = compare_activations()
