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
    # BEGIN SOLUTION Q7: one rng from seed; Linear + activation per hidden size, then Linear to K
    rng = np.random.default_rng(seed)
    modules, prev = [], input_size
    for width in hidden_sizes:
        modules += [Linear(prev, width, std=std, rng=rng), ACTIVATIONS[activation]()]
        # MUTANT q7.rng_per_layer: modules += [Linear(prev, width, std=std, rng=np.random.default_rng(seed)), ACTIVATIONS[activation]()]  | each layer gets a new generator made from the same seed: make one rng and pass it to every Linear, in order
        prev = width
        # MUTANT q7.width_not_carried: pass  | each Linear must take the previous layer's output width as its input width: update prev after each hidden layer
    modules.append(Linear(prev, num_classes, std=std, rng=rng))
    return Sequential(modules, CrossEntropyLoss())
    # END SOLUTION


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
        # BEGIN SOLUTION Q8: self.params = {'W1': std * np.random.randn(D, H), 'b1': zeros (H,), 'W2': ..., 'b2': ...}, in that order
        self.params = {
            "W1": std * np.random.randn(input_size, hidden_size),
            # MUTANT q8.init_without_std: "W1": np.random.randn(input_size, hidden_size),  | W1 is drawn without the std factor: multiply np.random.randn(...) by std
            "b1": np.zeros(hidden_size),
            "W2": std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
        # END SOLUTION

    def loss(self, X, y=None, reg=0.0):
        """X: (N, D); y: (N,) labels in [0, C) or None; reg: L2 strength.
        Returns scores (N, C) if y is None, else (loss: float, grads: dict shaped like self.params)."""
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        N = X.shape[0]
        # BEGIN SOLUTION Q8: forward pass: z1 = X @ W1 + b1, hidden activation h, scores = h @ W2 + b2
        z1 = X @ W1 + b1
        if self.activation == "relu":
            h = np.maximum(z1, 0.0)
            # MUTANT q8.relu_leaky: h = np.maximum(z1, 0.1 * z1)  | the hidden ReLU leaks negative values
        else:
            h = np.empty_like(z1)
            pos = z1 >= 0
            h[pos] = 1.0 / (1.0 + np.exp(-z1[pos]))
            ez = np.exp(z1[~pos])
            h[~pos] = ez / (1.0 + ez)
        scores = h @ W2 + b2
        # END SOLUTION
        if y is None:
            return scores
        # BEGIN SOLUTION Q8: mean cross-entropy + 0.5 * reg * (sum W1^2 + sum W2^2); grads for W1, b1, W2, b2
        shifted = scores - scores.max(axis=1, keepdims=True)
        # MUTANT q8.no_max_shift: shifted = scores  | the loss exponentiates the raw scores, which overflows when they are large: subtract each row's max first
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(N), y].mean() + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        # MUTANT q8.reg_without_half: loss = -log_probs[np.arange(N), y].mean() + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))  | the regularisation loss lacks its 0.5
        dscores = np.exp(log_probs)
        dscores[np.arange(N), y] -= 1.0
        dscores /= N
        # MUTANT q8.dscores_not_averaged: pass  | dscores is not divided by N
        grads = {"W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}
        # MUTANT q8.reg_gradient_doubled: grads = {"W2": h.T @ dscores + 2 * reg * W2, "b2": dscores.sum(axis=0)}  | the gradient of 0.5 * reg * sum(W2**2) is reg * W2, not 2 * reg * W2
        dh = dscores @ W2.T
        dz1 = dh * (z1 > 0) if self.activation == "relu" else dh * h * (1.0 - h)
        # MUTANT q8.sigmoid_grad_no_one_minus: dz1 = dh * (z1 > 0) if self.activation == "relu" else dh * h  | the sigmoid's derivative is h * (1 - h), not h
        # CONTROL q8.relu_mask_from_h: dz1 = dh * (h > 0) if self.activation == "relu" else dh * h * (1.0 - h)  | the ReLU mask taken from h instead of z1
        grads["W1"] = X.T @ dz1 + reg * W1
        grads["b1"] = dz1.sum(axis=0)
        # MUTANT q8.b1_not_summed: grads["b1"] = dz1[0]  | b1's gradient is not summed over the batch
        return float(loss), grads
        # END SOLUTION

    def predict(self, X):
        """X: (N, D). Returns (N,) integer class predictions."""
        return np.argmax(self.loss(X), axis=1)  # SOLUTION Q8: return the argmax of the scores per row
        # MUTANT q8.predict_over_batch: return np.argmax(self.loss(X), axis=0)  | predict takes the argmax down each column of the scores: use axis=1, one class per row

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
            # BEGIN SOLUTION Q10: sample a batch, loss and grads, record histories, update, decay per epoch
            idx = np.random.choice(N, batch_size)
            # MUTANT q10.batch_without_replacement: idx = np.random.choice(N, batch_size, replace=False)  | the batch is drawn without replacement: use np.random.choice(N, batch_size)
            # CONTROL q10.randint_batch: idx = np.random.randint(0, N, batch_size)  | the batch drawn with np.random.randint, the same draws as np.random.choice(N, batch_size)
            X_batch, y_batch = X[idx], y[idx]
            loss, grads = self.loss(X_batch, y=y_batch, reg=reg)
            loss_history.append(loss)
            # MUTANT q10.decay_every_batch: loss_history.append(loss); learning_rate *= learning_rate_decay  | the learning rate is decayed after every batch: decay it once per epoch, at the end of the epoch
            grad_magnitude_history.append(float(np.linalg.norm(grads["W1"])))
            for name, grad in grads.items():
                self.params[name] -= learning_rate * grad
            if (it + 1) % iterations_per_epoch == 0:
            # MUTANT q10.epoch_off_by_one: if it % iterations_per_epoch == 0:  | epochs end one iteration early: test (it + 1) % iterations_per_epoch
                train_acc_history.append(float((self.predict(X_batch) == y_batch).mean()))
                # MUTANT q10.train_acc_on_whole_set: train_acc_history.append(float((self.predict(X) == y).mean()))  | train_acc_history is measured on the whole training set: measure it on the current batch
                val_acc_history.append(float((self.predict(X_val) == y_val).mean()))
                learning_rate *= learning_rate_decay
                # MUTANT q10.no_decay: pass  | the learning rate is never decayed after an epoch
            # END SOLUTION
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
        # BEGIN SOLUTION Q10: one pass over the batches in order, updating in place; then append the four statistics
        for start in range(0, X.shape[0], batch_size):
            # MUTANT q10.shuffled_batches: for start in np.random.permutation(range(0, X.shape[0], batch_size)):  | train_network visits the batches in a random order: walk through them in order, with no shuffling
            out = model.forward(X[start:start + batch_size])
            # MUTANT q10.wrong_batch_slice: out = model.forward(X[start:start + batch_size - 1])  | the batch slice is one row short
            model.loss.forward(out, y[start:start + batch_size])
            model.backward(model.loss.backward())
            grads = model.grads()
            for name, p in model.params().items():
                p -= learning_rate * grads[name]
                # MUTANT q10.train_network_sign: p += learning_rate * grads[name]  | train_network steps uphill: subtract learning_rate * g
        for split in ("train", "test"):
            Xs, ys = dataset[f"{split}_x"], dataset[f"{split}_y"]
            stats[f"{split}_loss"].append(model.loss.forward(model.forward(Xs), ys))
            stats[f"{split}_error"].append(float(np.mean(model.predict(Xs) != ys)))
            # MUTANT q10.error_as_accuracy: stats[f"{split}_error"].append(float(np.mean(model.predict(Xs) == ys)))  | the error statistics record the accuracy: the error rate is the fraction of wrong predictions
        # END SOLUTION
    return stats
