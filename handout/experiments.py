# %% [markdown]
# # Experiments: what changes learning (not graded)
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
# Questions to think about: what does a ten times smaller learning rate do (a vs b)? What does
# ReLU change (a vs c)? Why does a larger batch train more slowly per epoch (c vs d)? Does a deeper
# network help on 3000 training digits (c vs e)?

# %% tags=["module-only"]
from nn_train import define_network, load_mnist, train_network

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
