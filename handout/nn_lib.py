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
        # Your code: self.W (D_in, D_out) from rng.normal(0.0, std, size=...); self.b zeros (1, D_out)
        raise NotImplementedError('Q1: Linear.__init__')
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    def forward(self, X):
        """X: (N, D_in). Returns Y: (N, D_out)."""
        self.X = X
        # Your code: return Y = X @ W + b, shape (N, D_out)
        raise NotImplementedError('Q1: Linear.forward')

    def backward(self, dY):
        """dY: (N, D_out). Sets self.dW (D_in, D_out), self.db (1, D_out); returns dX (N, D_in)."""
        # Your code: set self.dW and self.db from self.X and dY; return dX (N, D_in)
        raise NotImplementedError('Q1: Linear.backward')

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
    # Your code: return 1 / (1 + exp(-x)) computed without overflow, same shape as x
    raise NotImplementedError('Q2: sigmoid')


class Sigmoid(Module):
    """A = sigmoid(Z), elementwise."""

    def forward(self, Z):
        """Z: (N, D). Returns A: (N, D)."""
        self.A = sigmoid(Z)
        return self.A

    def backward(self, dA):
        """dA: (N, D). Returns dZ: (N, D)."""
        # Your code: return dZ = dA * A * (1 - A)
        raise NotImplementedError('Q2: Sigmoid.backward')


class Tanh(Module):
    """A = tanh(Z), elementwise."""

    def forward(self, Z):
        """Z: (N, D). Returns A: (N, D)."""
        # Your code: self.A = tanh(Z)
        raise NotImplementedError('Q2: Tanh.forward')
        return self.A

    def backward(self, dA):
        """dA: (N, D). Returns dZ: (N, D)."""
        # Your code: return dZ = dA * (1 - A**2)
        raise NotImplementedError('Q2: Tanh.backward')


class ReLU(Module):
    """A = max(0, Z), elementwise, with derivative 0 at Z == 0."""

    def forward(self, Z):
        """Z: (N, D). Returns A: (N, D)."""
        self.Z = Z
        # Your code: return A = max(0, Z), shape (N, D)
        raise NotImplementedError('Q2: ReLU.forward')

    def backward(self, dA):
        """dA: (N, D). Returns dZ: (N, D); the gradient is 0 where Z <= 0."""
        # Your code: return dZ, zero where Z <= 0
        raise NotImplementedError('Q2: ReLU.backward')


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
    # Your code: shift each row by its max, exponentiate, normalise; return (N, K)
    raise NotImplementedError('Q3: softmax')


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
        # Your code: return dZ = P * (dP - row sums of dP * P), shape (N, K)
        raise NotImplementedError('Q3: SoftMax.backward')

    def class_fun(self, P):
        """P: (N, K) probabilities. Returns (N,) integer class indices of the row maxima."""
        # Your code: return the argmax of each row, shape (N,)
        raise NotImplementedError('Q3: SoftMax.class_fun')


class NLL(Module):
    """Mean negative log-likelihood of one-hot targets."""

    def forward(self, P, Y):
        """P: (N, K) probabilities; Y: (N, K) one-hot targets. Returns the loss as a float."""
        self.P, self.Y = P, Y
        # Your code: return -sum(Y * log(P)) / N
        raise NotImplementedError('Q3: NLL.forward')

    def backward(self):
        """Returns dL/dP: (N, K)."""
        # Your code: return dL/dP, shape (N, K)
        raise NotImplementedError('Q3: NLL.backward')


class CrossEntropyLoss(Module):
    """Softmax followed by mean cross-entropy, fused for stability."""

    def forward(self, Z, y):
        """Z: (N, K) scores; y: (N,) integer labels. Returns the mean loss as a float."""
        # Your code: save what backward needs; return the mean of -log softmax(Z)[i, y_i]
        raise NotImplementedError('Q3: CrossEntropyLoss.forward')

    def backward(self):
        """Returns dL/dZ: (N, K) = (softmax(Z) - onehot(y)) / N."""
        # Your code: return (P - onehot(y)) / N, shape (N, K)
        raise NotImplementedError('Q3: CrossEntropyLoss.backward')


class MSELoss(Module):
    """Mean squared error over all entries."""

    def forward(self, pred, target):
        """pred, target: (N, D). Returns mean((pred - target)**2) as a float."""
        self.diff = pred - target
        # Your code: return the mean of squared differences
        raise NotImplementedError('Q3: MSELoss.forward')

    def backward(self):
        """Returns dL/dpred: (N, D)."""
        # Your code: return 2 * (pred - target) / pred.size
        raise NotImplementedError('Q3: MSELoss.backward')


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
        # Your code: train=None means self.training; in eval mode or at rate 0, self.scale = ones and return X; else p = self.rng.random(X.shape), keep p >= rate, scaled by 1 / (1 - rate)
        raise NotImplementedError('Q4: Dropout.forward')

    def backward(self, dY):
        """dY: (N, D). Returns dX: (N, D)."""
        # Your code: return dX, using the mask and scale saved by forward
        raise NotImplementedError('Q4: Dropout.backward')


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
        # Your code: chain fc1, act1, fc2, add X, then act_out; return (N, D)
        raise NotImplementedError('Q5: ResidualBlock.forward')

    def backward(self, dout):
        """dout: (N, D). Sets the sub-layers' gradients; returns dX: (N, D)."""
        # Your code: go back through act_out, fc2, act1, fc1; add the skip path's gradient
        raise NotImplementedError('Q5: ResidualBlock.backward')

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
            # Your code: add weight decay (not on biases), then a plain or momentum update in place
            raise NotImplementedError('Q6: SGD.step')

    def decay_learning_rate(self, factor):
        """Multiply the learning rate by factor (e.g. 0.95 after every epoch)."""
        # Your code: scale self.lr by factor
        raise NotImplementedError('Q6: SGD.decay_learning_rate')


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
        # Your code: feed X through every module in order; return the last output
        raise NotImplementedError('Q7: Sequential.forward')

    def backward(self, dout):
        """dout: gradient w.r.t. the output (N, K). Returns dX: (N, D_in)."""
        # Your code: pass the gradient through the modules in reverse order; return dX
        raise NotImplementedError('Q7: Sequential.backward')

    def train(self, mode=True):
        """Train mode (mode=True) or eval mode (mode=False) for the network and every module in it. Returns self."""
        # Your code: set self.training = mode, call train(mode) on every module; return self
        raise NotImplementedError('Q7: Sequential.train')

    def predict(self, X):
        """X: (N, D_in). Returns (N,) integer classes: the argmax of each output row."""
        # Your code: return the argmax of forward(X) per row
        raise NotImplementedError('Q7: Sequential.predict')

    def sgd(self, X, y, iters=100, lr=0.005, rng=None):
        """X: (N, D_in); y: (N,) labels (or (N, K) targets for MSELoss). Returns losses (iters,)."""
        rng = np.random.default_rng(0) if rng is None else rng
        losses = np.zeros(iters)
        for it in range(iters):
            # Your code: i = rng.integers(N); forward, loss, backward on sample i; p -= lr * g
            raise NotImplementedError('Q7: Sequential.sgd')
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
        # Your code: centred difference for entry ix; restore x[ix] afterwards
        raise NotImplementedError('Q9: eval_numerical_gradient')
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """f: callable, array -> array shaped like df; x: any shape; df: upstream gradient. Returns grad like x."""
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        # Your code: centred difference of sum(f(x) * df) for entry ix; restore x[ix]
        raise NotImplementedError('Q9: eval_numerical_gradient_array')
    return grad


def rel_error(x, y):
    """Largest relative error between arrays x and y of the same shape, as a float."""
    # Your code: return max |x-y| / max(1e-8, |x|+|y|)
    raise NotImplementedError('Q9: rel_error')
