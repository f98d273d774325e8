# %% [markdown]
# # Neural networks from scratch: networks and training (`nn_train.py`)
#
# This file builds networks from the modules of `nn_lib.py` and trains them. Arrays are
# batch-first as before: `X` is `(N, D)`, labels `y` are `(N,)` integers.

# %% tags=["module-only"]
import numpy as np

from nn_lib import CrossEntropyLoss, Linear, ReLU, Sequential, Sigmoid, Tanh

# %% [markdown]
# ## Q7 (continued). `define_network`
#
# Build `Sequential([Linear, act, Linear, act, ..., Linear], CrossEntropyLoss())` with one hidden
# layer per entry of `hidden_sizes`. Make **one** generator `rng = np.random.default_rng(seed)`
# and create the `Linear` layers in order from input to output, each with `std` and that `rng`,
# so the same seed always gives the same weights.

# %%
ACTIVATIONS = {"sigmoid": Sigmoid, "relu": ReLU, "tanh": Tanh}


def define_network(input_size, hidden_sizes, num_classes, activation="sigmoid", std=0.1, seed=10701):
    """input_size: D; hidden_sizes: list of widths; num_classes: K; activation: a key of ACTIVATIONS.
    Returns a Sequential mapping (N, D) inputs to (N, K) scores, with a CrossEntropyLoss."""
    # Your code: one rng from seed; Linear + activation per hidden size, then Linear to K
    raise NotImplementedError('Q7: define_network')


def load_mnist(folder="data/mnist"):
    """The MNIST subset from folder's train.csv and test.csv (784 pixel columns in [0, 1], then the label).
    Returns {'train_x': (3000, 784), 'train_y': (3000,), 'test_x': (1000, 784), 'test_y': (1000,)};
    pixels are float64, labels int64."""
    dataset = {}
    for split in ("train", "test"):
        table = np.loadtxt(f"{folder}/{split}.csv", delimiter=",", ndmin=2)
        dataset[f"{split}_x"], dataset[f"{split}_y"] = table[:, :-1], table[:, -1].astype(np.int64)
    return dataset


def count_parameters(model):
    """Total number of trainable scalars in model.params()."""
    return int(sum(p.size for p in model.params().values()))


# %% [markdown]
# ## Q8. A two-layer MLP (10 points)
#
# `TwoLayerMLP` is a self-contained network: input, one hidden layer with a sigmoid or ReLU
# activation, and a softmax output trained with the mean cross-entropy. Its parameters live in
# `self.params`: `W1 (D, H)`, `b1 (H,)`, `W2 (H, C)`, `b2 (C,)`.
#
# `loss(X, y=None, reg=0.0)` returns the scores `(N, C)` when `y` is None; otherwise the pair
# `(loss, grads)`, where `loss` is the mean cross-entropy plus `0.5 * reg * (sum(W1**2) + sum(W2**2))`
# and `grads` maps each of `W1, b1, W2, b2` to its gradient. `predict(X)` returns `(N,)` classes.
# The numerical gradient check of Q9 is the way to debug `loss`.

# %%
class TwoLayerMLP:
    """input -> fully connected -> sigmoid or ReLU -> fully connected -> softmax."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, activation="relu"):
        """Weights std * np.random.randn(...) in the order W1, b1, W2, b2; biases are zero.
        W1: (input_size, hidden_size), b1: (hidden_size,), W2: (hidden_size, output_size), b2: (output_size,)."""
        if activation not in ("relu", "sigmoid"):
            raise ValueError(f"activation must be 'relu' or 'sigmoid', not {activation!r}")
        self.activation = activation
        # Your code: self.params = {'W1': std * np.random.randn(D, H), 'b1': zeros (H,), 'W2': ..., 'b2': ...}, in that order
        raise NotImplementedError('Q8: TwoLayerMLP.__init__')

    def loss(self, X, y=None, reg=0.0):
        """X: (N, D); y: (N,) labels in [0, C) or None; reg: L2 strength.
        Returns scores (N, C) if y is None, else (loss: float, grads: dict shaped like self.params)."""
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        N = X.shape[0]
        # Your code: forward pass: z1 = X @ W1 + b1, hidden activation h, scores = h @ W2 + b2
        raise NotImplementedError('Q8: TwoLayerMLP.loss')
        if y is None:
            return scores
        # Your code: mean cross-entropy + 0.5 * reg * (sum W1^2 + sum W2^2); grads for W1, b1, W2, b2
        raise NotImplementedError('Q8: TwoLayerMLP.loss')

    def predict(self, X):
        """X: (N, D). Returns (N,) integer class predictions."""
        # Your code: return the argmax of the scores per row
        raise NotImplementedError('Q8: TwoLayerMLP.predict')

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95,
              reg=5e-6, num_iters=100, batch_size=200, verbose=False):
        """X: (N, D), y: (N,); X_val: (N_val, D), y_val: (N_val,).
        Returns a dict of lists: loss_history (num_iters,), grad_magnitude_history (num_iters,),
        train_acc_history (epochs,), val_acc_history (epochs,)."""
        N = X.shape[0]
        iterations_per_epoch = max(N // batch_size, 1)
        loss_history, grad_magnitude_history = [], []
        train_acc_history, val_acc_history = [], []
        for it in range(num_iters):
            # Your code: sample a batch, loss and grads, record histories, update, decay per epoch
            raise NotImplementedError('Q10: TwoLayerMLP.train')
            if verbose and (it + 1) % iterations_per_epoch == 0:
                print(f"iteration {it + 1}/{num_iters}: loss {loss_history[-1]:.6f}")
        return {
            "loss_history": loss_history,
            "grad_magnitude_history": grad_magnitude_history,
            "train_acc_history": train_acc_history,
            "val_acc_history": val_acc_history,
        }


# %% [markdown]
# ## Q10. Training (10 points)
#
# Two trainers. **`TwoLayerMLP.train`** (in the class above) is mini-batch SGD with
# learning-rate decay. For each of `num_iters` iterations: draw a batch with
# `idx = np.random.choice(N, batch_size)` (with replacement), compute `loss, grads`, record the
# loss in `loss_history` and `np.linalg.norm(grads['W1'])` in `grad_magnitude_history`, and
# update each parameter with `p -= learning_rate * grad`. After every epoch, that is when
# `(it + 1) % iterations_per_epoch == 0` with `iterations_per_epoch = max(N // batch_size, 1)`,
# record the accuracy on the current batch in `train_acc_history` and on the validation set in
# `val_acc_history`, then multiply the learning rate by `learning_rate_decay`.
#
# **`train_network`** is batch gradient descent as in Algorithm 1: **no shuffling**. Each epoch walks through the
# training set in order, in batches `X[start:start + batch_size]`; for each batch run forward,
# the loss, backward, and `p -= learning_rate * g` for every parameter. After each epoch record,
# on the whole training and test sets, the mean cross-entropy (`model.loss`) and the error rate
# (the fraction of wrong `model.predict`).

# %%
def train_network(model, dataset, num_epoch, learning_rate, batch_size):
    """model: a Sequential with a CrossEntropyLoss; dataset: dict of train_x (N, D), train_y (N,),
    test_x (M, D), test_y (M,). Returns a dict of lists, one float per epoch:
    train_loss, test_loss, train_error, test_error."""
    X, y = dataset["train_x"], dataset["train_y"]
    stats = {"train_loss": [], "test_loss": [], "train_error": [], "test_error": []}
    for _ in range(num_epoch):
        # Your code: one pass over the batches in order, updating in place; then append the four statistics
        raise NotImplementedError('Q10: train_network')
    return stats
