# %% [markdown]
# # Neural networks from scratch: the library (`nn_lib.py`)
#
# You will build a small neural-network library in numpy: layers, activations, losses,
# dropout, a residual block, optimizers, a `Sequential` container and gradient checking.
#
# **One convention everywhere: arrays are batch-first.** A batch of N samples with D features
# is an array of shape `(N, D)`; labels are integer arrays of shape `(N,)`. Every docstring
# gives the shapes.
#
# Every module has a `forward` and a `backward` method. `forward` computes the output and
# saves what `backward` will need; `backward` takes the gradient of the loss with respect to
# the module's output and returns the gradient with respect to its input, storing the
# gradients of its own parameters on the way. Fill in every place marked `# Your code`,
# then run `python run_tests.py` (or `python run_tests.py Q1` for one question).

# %%
import numpy as np


class Module:
    """Base class of every layer: a forward/backward pair, named parameters and a train/eval mode.

    `training` is True (train mode) until `eval()` or `train(False)`; only layers that behave
    differently in training (Dropout) read it. Both switches return the module itself.
    """

    training = True

    def train(self, mode=True):
        """Train mode (mode=True) or eval mode (mode=False). Returns self."""
        self.training = bool(mode)
        return self

    def eval(self):
        """Eval mode: the same as train(False). Returns self."""
        return self.train(False)

    def params(self):
        """Trainable arrays by name, e.g. {'W': (D_in, D_out), 'b': (1, D_out)}; {} if none."""
        return {}

    def grads(self):
        """Gradients of the loss with respect to params(): same names, same shapes."""
        return {}


def is_bias(name):
    """True for a bias parameter name ('b', 'b1', 'fc1.b'); weight decay spares those."""
    return name.rsplit(".", 1)[-1].startswith("b")


# %% [markdown]
# ## Q1. Linear layer (10 points)
#
# `Linear(D_in, D_out)` computes `Y = X @ W + b` for a batch `X` of shape `(N, D_in)`, with
# `W` of shape `(D_in, D_out)` and `b` of shape `(1, D_out)`.
#
# * `__init__`: draw `W` from a normal distribution with mean 0 and standard deviation `std`
#   with **one** call `rng.normal(0.0, std, size=(D_in, D_out))`; `b` starts at zero.
# * `forward(X)`: return `Y` of shape `(N, D_out)`; keep `X` for the backward pass.
# * `backward(dY)`: given `dY = dL/dY` of shape `(N, D_out)`, set `self.dW` (`D_in, D_out`)
#   and `self.db` (`1, D_out`), and return `dX = dL/dX` of shape `(N, D_in)`.

# %%
class Linear(Module):
    """Fully connected layer Y = X @ W + b."""

    def __init__(self, in_features, out_features, std=0.1, rng=None):
        """in_features: D_in; out_features: D_out; std: standard deviation of W's entries.
        rng: a np.random.Generator, or None for the global np.random module.
        Sets self.W (D_in, D_out) and self.b (1, D_out)."""
        rng = np.random if rng is None else rng
        # BEGIN SOLUTION Q1: self.W (D_in, D_out) from rng.normal(0.0, std, size=...); self.b zeros (1, D_out)
        self.W = rng.normal(0.0, std, size=(in_features, out_features))
        # MUTANT q1.w_variance_for_std: self.W = rng.normal(0.0, std ** 2, size=(in_features, out_features))  | W is drawn with std**2 as its spread: rng.normal's second argument is the standard deviation std, not the variance
        self.b = np.zeros((1, out_features))
        # END SOLUTION
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    def forward(self, X):
        """X: (N, D_in). Returns Y: (N, D_out)."""
        self.X = X
        return X @ self.W + self.b  # SOLUTION Q1: return Y = X @ W + b, shape (N, D_out)
        # MUTANT q1.forward_no_bias: return X @ self.W  | Y lacks the bias: add self.b

    def backward(self, dY):
        """dY: (N, D_out). Sets self.dW (D_in, D_out), self.db (1, D_out); returns dX (N, D_in)."""
        # BEGIN SOLUTION Q1: set self.dW and self.db from self.X and dY; return dX (N, D_in)
        self.dW = self.X.T @ dY
        # MUTANT q1.dw_scaled_by_batch: self.dW = self.X.T @ dY / dY.shape[0]  | dW is divided by the batch size: the layer's gradient is a plain sum, the loss does the averaging
        self.db = dY.sum(axis=0, keepdims=True)
        # MUTANT q1.db_not_summed: self.db = dY[:1]  | db is not summed over the batch: sum dY over axis 0
        # MUTANT q1.db_mean_for_sum: self.db = dY.mean(axis=0, keepdims=True)  | db is a mean over the batch, not a sum
        # MUTANT q1.db_without_keepdims: self.db = dY.sum(axis=0)  | db has shape (D_out,): keep it (1, D_out), for instance with keepdims=True
        # CONTROL q1.db_reshaped: self.db = dY.sum(axis=0).reshape(1, -1)  | db summed over the batch, then reshaped to (1, D_out)
        return dY @ self.W.T
        # MUTANT q1.dx_sign: return -(dY @ self.W.T)  | dX has the wrong sign
        # END SOLUTION

    def params(self):
        return {"W": self.W, "b": self.b}

    def grads(self):
        return {"W": self.dW, "b": self.db}


# %% [markdown]
# ## Q2. Activations (8 points)
#
# * `sigmoid(x)` must be numerically stable: no overflow warning and no NaN for inputs as
#   large as +-1000. Use `1 / (1 + exp(-x))` where `x >= 0` and `exp(x) / (1 + exp(x))` elsewhere.
# * `Sigmoid`, `Tanh` and `ReLU` are modules: `forward(Z)` returns `A` with the shape of `Z`;
#   `backward(dA)` returns `dZ = dA * f'(Z)`.
# * ReLU's derivative at exactly 0 is taken to be 0 (a subgradient).

# %%
def sigmoid(x):
    """Elementwise logistic function, stable for large |x|. x: any shape; returns the same shape."""
    x = np.asarray(x, dtype=float)
    # BEGIN SOLUTION Q2: return 1 / (1 + exp(-x)) computed without overflow, same shape as x
    out = np.empty_like(x)
    # MUTANT q2.sigmoid_naive: return 1.0 / (1.0 + np.exp(-x))  | 1 / (1 + exp(-x)) overflows for large negative x: there use exp(x) / (1 + exp(x)), which cannot overflow
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    # MUTANT q2.sigmoid_sign: out[pos] = 1.0 / (1.0 + np.exp(x[pos]))  | sigmoid of positive inputs uses exp(x) for exp(-x): check the sign
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out
    # END SOLUTION


class Sigmoid(Module):
    """A = sigmoid(Z), elementwise."""

    def forward(self, Z):
        """Z: (N, D). Returns A: (N, D)."""
        self.A = sigmoid(Z)
        return self.A

    def backward(self, dA):
        """dA: (N, D). Returns dZ: (N, D)."""
        return dA * self.A * (1.0 - self.A)  # SOLUTION Q2: return dZ = dA * A * (1 - A)
        # MUTANT q2.sigmoid_backward_no_one_minus: return dA * self.A  | the sigmoid derivative is A * (1 - A), not A


class Tanh(Module):
    """A = tanh(Z), elementwise."""

    def forward(self, Z):
        """Z: (N, D). Returns A: (N, D)."""
        self.A = np.tanh(Z)  # SOLUTION Q2: self.A = tanh(Z)
        # CONTROL q2.tanh_via_sigmoid: self.A = 2.0 * sigmoid(2.0 * Z) - 1.0  | tanh written as 2 * sigmoid(2 Z) - 1
        return self.A

    def backward(self, dA):
        """dA: (N, D). Returns dZ: (N, D)."""
        return dA * (1.0 - self.A ** 2)  # SOLUTION Q2: return dZ = dA * (1 - A**2)
        # MUTANT q2.tanh_backward_no_square: return dA * (1.0 - self.A)  | the tanh derivative is 1 - A**2: square A


class ReLU(Module):
    """A = max(0, Z), elementwise, with derivative 0 at Z == 0."""

    def forward(self, Z):
        """Z: (N, D). Returns A: (N, D)."""
        self.Z = Z
        return np.where(Z > 0, Z, 0.0)  # SOLUTION Q2: return A = max(0, Z), shape (N, D)

    def backward(self, dA):
        """dA: (N, D). Returns dZ: (N, D); the gradient is 0 where Z <= 0."""
        return dA * (self.Z > 0)  # SOLUTION Q2: return dZ, zero where Z <= 0
        # MUTANT q2.relu_backward_not_masked: return dA  | ReLU's backward must zero the gradient where Z <= 0
        # MUTANT q2.relu_backward_at_zero: return dA * (self.Z >= 0)  | ReLU's backward lets the gradient through at Z == 0: its derivative there is 0, so mask with Z > 0


# %% [markdown]
# ## Q3. Softmax and losses (12 points)
#
# * `softmax(Z)`: row-wise softmax of scores `Z` of shape `(N, K)`. Subtract each row's
#   maximum first so that scores of 1000 do not overflow.
# * `SoftMax` module: `forward` returns the probabilities; `backward(dP)` returns
#   `dZ = P * (dP - sum(dP * P, axis=1))` (the softmax Jacobian applied row by row);
#   `class_fun(P)` returns the predicted classes `(N,)`.
# * `NLL`: mean negative log-likelihood of one-hot targets `Y (N, K)` under probabilities
#   `P (N, K)`: `-sum(Y * log(P)) / N`. `backward()` returns `dL/dP`.
# * `CrossEntropyLoss`: softmax fused with the mean cross-entropy, on raw scores and integer
#   labels `y (N,)`. Its `backward()` returns `(softmax(Z) - onehot(y)) / N`.
# * `MSELoss`: the mean of `(pred - target)**2` over all entries; `backward()` returns
#   `2 * (pred - target) / pred.size`.

# %%
def softmax(Z):
    """Row-wise softmax. Z: (N, K) scores. Returns P: (N, K), each row summing to 1."""
    # BEGIN SOLUTION Q3: shift each row by its max, exponentiate, normalise; return (N, K)
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    # MUTANT q3.softmax_max_over_columns: shifted = Z - np.max(Z, axis=0, keepdims=True)  | softmax subtracts each column's max: use axis=1, the row's max
    # MUTANT q3.softmax_no_max_shift: shifted = Z  | softmax without subtracting the row max overflows at large scores
    e = np.exp(shifted)
    return e / np.sum(e, axis=1, keepdims=True)
    # MUTANT q3.softmax_sum_over_columns: return e / np.sum(e, axis=0, keepdims=True)  | softmax normalises over columns: sum over axis=1
    # CONTROL q3.log_sum_exp: return np.exp(shifted - np.log(np.sum(e, axis=1, keepdims=True)))  | softmax through log-sum-exp
    # END SOLUTION


def one_hot(y, num_classes):
    """y: (N,) integer labels. Returns (N, num_classes) float array of one-hot rows."""
    out = np.zeros((len(y), num_classes))
    out[np.arange(len(y)), y] = 1.0
    return out


class SoftMax(Module):
    """Output activation P = softmax(Z)."""

    def forward(self, Z):
        """Z: (N, K). Returns P: (N, K)."""
        self.P = softmax(Z)
        return self.P

    def backward(self, dP):
        """dP: (N, K). Returns dZ: (N, K)."""
        # BEGIN SOLUTION Q3: return dZ = P * (dP - row sums of dP * P), shape (N, K)
        P = self.P
        return P * (dP - np.sum(dP * P, axis=1, keepdims=True))
        # MUTANT q3.softmax_backward_no_row_sum: return P * dP  | SoftMax.backward ignores the coupling term: subtract the row sums of dP * P
        # END SOLUTION

    def class_fun(self, P):
        """P: (N, K) probabilities. Returns (N,) integer class indices of the row maxima."""
        return np.argmax(P, axis=1)  # SOLUTION Q3: return the argmax of each row, shape (N,)
        # MUTANT q3.class_fun_over_batch: return np.argmax(P, axis=0)  | class_fun takes the argmax down each column: use axis=1, one class per row


class NLL(Module):
    """Mean negative log-likelihood of one-hot targets."""

    def forward(self, P, Y):
        """P: (N, K) probabilities; Y: (N, K) one-hot targets. Returns the loss as a float."""
        self.P, self.Y = P, Y
        return float(-np.sum(Y * np.log(P)) / P.shape[0])  # SOLUTION Q3: return -sum(Y * log(P)) / N
        # MUTANT q3.nll_sum_for_mean: return float(-np.sum(Y * np.log(P)))  | NLL is a sum over the batch: divide by N

    def backward(self):
        """Returns dL/dP: (N, K)."""
        return -self.Y / (self.P * self.P.shape[0])  # SOLUTION Q3: return dL/dP, shape (N, K)
        # MUTANT q3.nll_backward_sign: return self.Y / (self.P * self.P.shape[0])  | NLL.backward has the wrong sign: the derivative of -log(P) is -1 / P


class CrossEntropyLoss(Module):
    """Softmax followed by mean cross-entropy, fused for stability."""

    def forward(self, Z, y):
        """Z: (N, K) scores; y: (N,) integer labels. Returns the mean loss as a float."""
        # BEGIN SOLUTION Q3: save what backward needs; return the mean of -log softmax(Z)[i, y_i]
        self.y = y
        shifted = Z - np.max(Z, axis=1, keepdims=True)
        # MUTANT q3.ce_no_max_shift: shifted = Z  | the cross-entropy exponentiates the raw scores, which overflows at large scores: subtract each row's max first
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        self.P = np.exp(log_probs)
        return float(-np.mean(log_probs[np.arange(Z.shape[0]), y]))
        # END SOLUTION

    def backward(self):
        """Returns dL/dZ: (N, K) = (softmax(Z) - onehot(y)) / N."""
        # BEGIN SOLUTION Q3: return (P - onehot(y)) / N, shape (N, K)
        N, K = self.P.shape
        return (self.P - one_hot(self.y, K)) / N
        # MUTANT q3.ce_backward_not_averaged: return self.P - one_hot(self.y, K)  | the cross-entropy gradient is not divided by N
        # END SOLUTION


class MSELoss(Module):
    """Mean squared error over all entries."""

    def forward(self, pred, target):
        """pred, target: (N, D). Returns mean((pred - target)**2) as a float."""
        self.diff = pred - target
        return float(np.mean(self.diff ** 2))  # SOLUTION Q3: return the mean of squared differences
        # MUTANT q3.mse_sum_for_mean: return float(np.sum(self.diff ** 2))  | the MSE loss is a sum of squared differences: take their mean over all entries

    def backward(self):
        """Returns dL/dpred: (N, D)."""
        return 2.0 * self.diff / self.diff.size  # SOLUTION Q3: return 2 * (pred - target) / pred.size
        # MUTANT q3.mse_backward_no_two: return self.diff / self.diff.size  | the MSE gradient lacks its factor 2


# %% [markdown]
# ## Q4. Dropout (6 points)
#
# During training, `Dropout(rate)` keeps each entry `j` where `p_j >= rate` and scales the kept
# entries by `1 / (1 - rate)` ("inverted dropout"), so no rescaling is needed at test time.
# Draw all of `p` with **one** call `p = self.rng.random(X.shape)`. In eval mode the layer is
# the identity, with no rescaling, and so it is with `rate == 0`. The mode is the `train`
# argument when it is given (`forward(X, train=False)`), and otherwise the layer's own
# `self.training`, which `eval()` and `train()` switch (every module has them, see `Module`).
# `backward` lets the gradient through exactly where `forward` let the input through, with the
# same scale.

# %%
class Dropout(Module):
    """Inverted dropout with drop probability `rate`."""

    def __init__(self, rate, rng=None):
        """rate: probability in [0, 1) of dropping an entry; rng: np.random.Generator or None."""
        self.rate = rate
        self.rng = np.random.default_rng() if rng is None else rng
        self.scale = None

    def forward(self, X, train=None):
        """X: (N, D); train: True, False, or None to follow self.training. Returns (N, D);
        sets self.scale (N, D): 0 or 1 / (1 - rate) per entry, all ones in eval mode."""
        # BEGIN SOLUTION Q4: train=None means self.training; in eval mode or at rate 0, self.scale = ones and return X; else p = self.rng.random(X.shape), keep p >= rate, scaled by 1 / (1 - rate)
        if train is None:
            train = self.training
            # MUTANT q4.dropout_ignores_mode: train = True  | Dropout.forward ignores eval(): when train is not given, follow self.training
        if not train or self.rate == 0:
            self.scale = np.ones_like(X)
            return X
            # MUTANT q4.dropout_scaled_at_test: return X * (1.0 - self.rate)  | in eval mode inverted dropout is the identity: the 1 / (1 - rate) scaling in training already keeps the expected value
        p = self.rng.random(X.shape)
        self.scale = (p >= self.rate) / (1.0 - self.rate)
        # MUTANT q4.dropout_not_rescaled: self.scale = (p >= self.rate) * 1.0  | dropout keeps units without scaling by 1 / (1 - rate)
        # MUTANT q4.dropout_scaled_by_rate: self.scale = (p >= self.rate) / self.rate  | dropout scales by 1 / rate: the kept fraction is 1 - rate
        # MUTANT q4.dropout_mask_inverted: self.scale = (p < self.rate) / (1.0 - self.rate)  | the mask keeps the units it should drop: keep p >= rate
        # MUTANT q4.mask_strict: self.scale = (p > self.rate) / (1.0 - self.rate)  | the mask also drops the entries whose draw equals rate: keep p >= rate
        # MUTANT q4.scale_multiplied: self.scale = (p >= self.rate) * (1.0 - self.rate)  | kept entries are multiplied by 1 - rate: divide them by 1 - rate
        return X * self.scale
        # END SOLUTION

    def backward(self, dY):
        """dY: (N, D). Returns dX: (N, D)."""
        return dY * self.scale  # SOLUTION Q4: return dX, using the mask and scale saved by forward
        # MUTANT q4.backward_no_mask: return dY  | Dropout.backward ignores the mask saved by forward


# %% [markdown]
# ## Q5. Residual block (8 points)
#
# A simplified residual connection (the same one as in the warm-up by hand):
#
# `H = ReLU(X @ W1 + b1)`, `Y = H @ W2 + b2`, `out = ReLU(Y + X)`, with `X` and `out` of
# shape `(N, D)` and `H` of shape `(N, hidden)`. Use the four sub-modules made in `__init__`.
# In `backward`, remember that `X` reaches the output along two paths: the gradients add.

# %%
class ResidualBlock(Module):
    """out = ReLU(fc2(ReLU(fc1(X))) + X)."""

    def __init__(self, dim, hidden_dim, std=0.1, rng=None):
        """dim: D, the width of input and output; hidden_dim: width of the inner layer."""
        self.fc1 = Linear(dim, hidden_dim, std=std, rng=rng)
        self.act1 = ReLU()
        self.fc2 = Linear(hidden_dim, dim, std=std, rng=rng)
        self.act_out = ReLU()

    def forward(self, X):
        """X: (N, D). Returns out: (N, D)."""
        # BEGIN SOLUTION Q5: chain fc1, act1, fc2, add X, then act_out; return (N, D)
        H = self.act1.forward(self.fc1.forward(X))
        # MUTANT q5.no_hidden_activation: H = self.fc1.forward(X)  | the block skips the activation after fc1
        return self.act_out.forward(self.fc2.forward(H) + X)
        # MUTANT q5.no_skip: return self.act_out.forward(self.fc2.forward(H))  | the residual block forgets to add X before the last activation
        # MUTANT q5.skip_after_activation: return self.act_out.forward(self.fc2.forward(H)) + X  | X is added after the last ReLU: add it before, out = ReLU(fc2(H) + X)
        # END SOLUTION

    def backward(self, dout):
        """dout: (N, D). Sets the sub-layers' gradients; returns dX: (N, D)."""
        # BEGIN SOLUTION Q5: go back through act_out, fc2, act1, fc1; add the skip path's gradient
        dV = self.act_out.backward(dout)
        dH = self.fc2.backward(dV)
        # MUTANT q5.backward_skips_act_out: dH = self.fc2.backward(dout)  | backward goes into fc2 without going back through act_out first
        return self.fc1.backward(self.act1.backward(dH)) + dV
        # MUTANT q5.backward_no_skip_gradient: return self.fc1.backward(self.act1.backward(dH))  | dX lacks the skip path's gradient: add dV
        # MUTANT q5.skip_gradient_bypasses_act_out: return self.fc1.backward(self.act1.backward(dH)) + dout  | the skip path's gradient must also go back through act_out: add dV, not dout
        # MUTANT q5.backward_skips_act1: return self.fc1.backward(dH) + dV  | backward goes into fc1 without going back through act1 first
        # END SOLUTION

    def params(self):
        return {f"{name}.{k}": v for name in ("fc1", "fc2") for k, v in getattr(self, name).params().items()}

    def grads(self):
        return {f"{name}.{k}": v for name in ("fc1", "fc2") for k, v in getattr(self, name).grads().items()}


# %% [markdown]
# ## Q6. Optimizers (10 points)
#
# `SGD(lr, momentum, weight_decay).step(model)` updates every array of `model.params()` **in
# place** (`p -= ...`, `p += ...`): `params()` returns the layers' own arrays, so rebinding a
# name would change nothing. For each parameter, with `g` its gradient from `model.grads()`:
#
# * L2 weight decay: `g = g + weight_decay * p` for weights only; biases (see `is_bias`) are spared.
# * `momentum == 0`: `p -= lr * g`.
# * `momentum > 0`: keep one velocity per parameter name, starting at zero:
#   `v = momentum * v - lr * g`, then `p += v`.
#
# `decay_learning_rate(factor)` multiplies the learning rate by `factor` (call it once per epoch).

# %%
class SGD:
    """Stochastic gradient descent with optional momentum and L2 weight decay."""

    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        self.lr = lr
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.velocity = {}

    def step(self, model):
        """Update model.params() in place from model.grads(); returns None."""
        grads = model.grads()
        for name, p in model.params().items():
            # BEGIN SOLUTION Q6: add weight decay (not on biases), then a plain or momentum update in place
            g = grads[name]
            if self.weight_decay and not is_bias(name):
            # MUTANT q6.decay_on_biases: if self.weight_decay:  | weight decay is applied to the biases too
                g = g + self.weight_decay * p
                # MUTANT q6.weight_decay_sign: g = g - self.weight_decay * p  | weight decay is subtracted from the gradient: add weight_decay * p
            if self.momentum:
                v = self.velocity.get(name, np.zeros_like(p))
                v = self.momentum * v - self.lr * g
                # MUTANT q6.momentum_ignored: v = - self.lr * g  | the momentum update drops the old velocity
                # MUTANT q6.momentum_wrong_order: v = self.momentum * (v - self.lr * g)  | momentum also scales the new gradient step: v = momentum * v - lr * g
                self.velocity[name] = v
                p += v
                # MUTANT q6.momentum_update_sign: p -= v  | the momentum step moves against its velocity: p += v
            else:
                p -= self.lr * g
                # MUTANT q6.update_not_in_place: p = p - self.lr * g  | p = p - ... makes a new array and leaves the model's parameter unchanged: update it in place with p -= ...
                # CONTROL q6.slice_assignment: p[...] = p - self.lr * g  | an in-place update by slice assignment
            # END SOLUTION

    def decay_learning_rate(self, factor):
        """Multiply the learning rate by factor (e.g. 0.95 after every epoch)."""
        self.lr *= factor  # SOLUTION Q6: scale self.lr by factor
        # MUTANT q6.decay_ignored: pass  | decay_learning_rate leaves the learning rate unchanged
        # MUTANT q6.decay_sets_lr: self.lr = factor  | decay_learning_rate replaces the learning rate by factor: multiply it by factor


# %% [markdown]
# ## Q7. Networks (10 points, with `define_network` in `nn_train.py`)
#
# `Sequential(modules, loss)` chains modules. `forward` feeds each module's output to the next;
# `backward` goes through them in reverse order. `predict` returns the class of each row.
# `train(mode)` puts the network and every module in it in train mode (`mode=True`) or eval
# mode (`mode=False`), so `net.eval()` turns off every Dropout inside it and `net.train()` turns
# them back on; both return the network. `predict` never changes the mode: call `eval()` first.
# `sgd` is plain stochastic gradient descent on one random sample at a time: for each
# iteration draw `i = rng.integers(N)`, run forward on `X[i:i+1]`, compute the loss against
# `y[i:i+1]`, run backward from `self.loss.backward()`, and update every parameter in place
# with `p -= lr * g`.

# %%
class Sequential(Module):
    """A chain of modules followed by a loss module."""

    def __init__(self, modules, loss=None):
        self.modules = list(modules)
        self.loss = loss

    def forward(self, X):
        """X: (N, D_in). Returns the last module's output, e.g. scores (N, K)."""
        # BEGIN SOLUTION Q7: feed X through every module in order; return the last output
        for module in self.modules:
            X = module.forward(X)
            # MUTANT q7.forward_feeds_input: module.forward(X)  | Sequential.forward does not feed each output to the next module
        return X
        # END SOLUTION

    def backward(self, dout):
        """dout: gradient w.r.t. the output (N, K). Returns dX: (N, D_in)."""
        # BEGIN SOLUTION Q7: pass the gradient through the modules in reverse order; return dX
        for module in reversed(self.modules):
            # MUTANT q7.backward_in_forward_order: for module in self.modules:  | Sequential.backward visits the modules in forward order: go through them in reverse
            dout = module.backward(dout)
            # MUTANT q7.backward_not_chained: module.backward(dout)  | Sequential.backward does not feed each module's gradient to the module before it
        return dout
        # END SOLUTION

    def train(self, mode=True):
        """Train mode (mode=True) or eval mode (mode=False) for the network and every module in it. Returns self."""
        # BEGIN SOLUTION Q7: set self.training = mode, call train(mode) on every module; return self
        self.training = bool(mode)
        for module in self.modules:
            module.train(mode)
            # MUTANT q7.train_not_reaching_modules: pass  | Sequential.train (and so eval()) does not reach the modules: call module.train(mode) on each, so Dropout stops dropping in eval mode
        return self
        # END SOLUTION

    def predict(self, X):
        """X: (N, D_in). Returns (N,) integer classes: the argmax of each output row."""
        return np.argmax(self.forward(X), axis=1)  # SOLUTION Q7: return the argmax of forward(X) per row
        # MUTANT q7.predict_wrong_axis: return np.argmax(self.forward(X), axis=0)  | predict takes the argmax over the batch: use axis=1

    def sgd(self, X, y, iters=100, lr=0.005, rng=None):
        """X: (N, D_in); y: (N,) labels (or (N, K) targets for MSELoss). Returns losses (iters,)."""
        rng = np.random.default_rng(0) if rng is None else rng
        losses = np.zeros(iters)
        for it in range(iters):
            # BEGIN SOLUTION Q7: i = rng.integers(N); forward, loss, backward on sample i; p -= lr * g
            i = rng.integers(X.shape[0])
            # MUTANT q7.sgd_global_rng: i = np.random.randint(X.shape[0])  | sgd draws its samples from the global np.random: use the rng it is given
            out = self.forward(X[i:i + 1])
            losses[it] = self.loss.forward(out, y[i:i + 1])
            self.backward(self.loss.backward())
            grads = self.grads()
            for name, p in self.params().items():
                p -= lr * grads[name]
                # MUTANT q7.sgd_sign: p += lr * grads[name]  | sgd steps uphill: subtract lr * g
            # END SOLUTION
        return losses

    def params(self):
        return {f"{i}.{k}": v for i, m in enumerate(self.modules) for k, v in m.params().items()}

    def grads(self):
        return {f"{i}.{k}": v for i, m in enumerate(self.modules) for k, v in m.grads().items()}


# %% [markdown]
# ## Q9. Gradient checking (6 points)
#
# Centred differences: `df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h)`.
#
# * `eval_numerical_gradient(f, x, h)`: `f` maps the array `x` to a float; return the gradient,
#   shaped like `x`. Change `x` in place one entry at a time and restore each entry afterwards.
# * `eval_numerical_gradient_array(f, x, df, h)`: `f` maps `x` to an array; return the
#   gradient of `sum(f(x) * df)` with respect to `x` (this checks a module's backward pass).
# * `rel_error(x, y)`: `max(|x - y| / max(1e-8, |x| + |y|))`.

# %%
def eval_numerical_gradient(f, x, h=1e-5):
    """f: callable, array -> float; x: array of any shape (changed and restored). Returns grad like x."""
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        # BEGIN SOLUTION Q9: centred difference for entry ix; restore x[ix] afterwards
        old = x[ix]
        x[ix] = old + h
        fxph = f(x)
        x[ix] = old - h
        fxmh = f(x)
        x[ix] = old
        # MUTANT q9.x_not_restored: pass  | x[ix] is not restored after the two evaluations
        grad[ix] = (fxph - fxmh) / (2 * h)
        # MUTANT q9.divided_by_h: grad[ix] = (fxph - fxmh) / h  | the centred difference divides by 2h, not h
        # MUTANT q9.one_sided: grad[ix] = (fxph - f(x)) / h  | a one-sided difference: use the centred (f(x+h) - f(x-h)) / 2h
        # END SOLUTION
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """f: callable, array -> array shaped like df; x: any shape; df: upstream gradient. Returns grad like x."""
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        # BEGIN SOLUTION Q9: centred difference of sum(f(x) * df) for entry ix; restore x[ix]
        old = x[ix]
        x[ix] = old + h
        pos = np.array(f(x), dtype=float)
        x[ix] = old - h
        neg = np.array(f(x), dtype=float)
        x[ix] = old
        # MUTANT q9.array_x_not_restored: pass  | eval_numerical_gradient_array does not restore x[ix] after evaluating f at x + h and x - h
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        # MUTANT q9.array_no_upstream: grad[ix] = np.sum(pos - neg) / (2 * h)  | the array gradient ignores the upstream gradient df
        # END SOLUTION
    return grad


def rel_error(x, y):
    """Largest relative error between arrays x and y of the same shape, as a float."""
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))  # SOLUTION Q9: return max |x-y| / max(1e-8, |x|+|y|)
    # MUTANT q9.rel_error_abs_of_sum: return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x + y))))  | the denominator |x + y| vanishes where x and y have opposite signs: use |x| + |y|
    # MUTANT q9.rel_error_mean: return float(np.mean(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))  | rel_error averages the relative errors: return their maximum
    # MUTANT q9.rel_error_no_floor: return float(np.max(np.abs(x - y) / (np.abs(x) + np.abs(y))))  | where x and y are both 0 the denominator is 0: floor it with np.maximum(1e-8, ...)
