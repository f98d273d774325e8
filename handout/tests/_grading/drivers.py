"""Case drivers: build seeded inputs, call the submission, return its outputs.

A driver takes `m` (with attributes nn_lib and nn_train, the submitted modules) and the case's
arguments, and returns {output name: value}. Parameters are always set explicitly, so a
submission's initialisation order cannot change what is compared; inputs are fresh copies, so a
submission that mutates them only hurts itself. Shared by the autograder's worker, the recorder
and the students' run_tests.py. Needs numpy alone.
"""
import os

import numpy as np

DRIVERS = {}


def driver(fn):
    """Register fn under its name."""
    DRIVERS[fn.__name__] = fn
    return fn


def _inputs(seed, *shapes, scale=1.0):
    rng = np.random.default_rng(seed)
    return [scale * rng.standard_normal(shape) for shape in shapes]


def _with_zeros(Z, seed):
    """Set about a third of Z's entries to exactly 0.0 (ReLU's kink)."""
    Z = Z.copy()
    Z[np.random.default_rng(seed + 1).random(Z.shape) < 0.34] = 0.0
    return Z


def _linear(m, W, b):
    layer = m.nn_lib.Linear(W.shape[0], W.shape[1])
    layer.W, layer.b = W.copy(), b.copy()
    return layer


def _blobs(seed, N, D, K, spread=1.0):
    """K Gaussian clusters in D dimensions: X (N, D), y (N,)."""
    rng = np.random.default_rng(seed)
    centres = 2.0 * rng.standard_normal((K, D))
    y = rng.integers(0, K, size=N)
    return centres[y] + spread * rng.standard_normal((N, D)), y


def _params(model, prefix="param"):
    return {f"{prefix}.{k}": v for k, v in model.params().items()}


# Q1: Linear ---------------------------------------------------------------------------------

@driver
def linear_init(m, D_in, D_out, std, seed, global_rng=False):
    if global_rng:
        np.random.seed(seed)
        layer = m.nn_lib.Linear(D_in, D_out, std=std)
    else:
        layer = m.nn_lib.Linear(D_in, D_out, std=std, rng=np.random.default_rng(seed))
    return {"W": layer.W, "b": layer.b}


@driver
def linear_forward(m, N, D_in, D_out, seed, scale=1.0):
    X, W, b = _inputs(seed, (N, D_in), (D_in, D_out), (1, D_out), scale=scale)
    return {"Y": _linear(m, W, b).forward(X.copy())}


@driver
def linear_backward(m, N, D_in, D_out, seed):
    X, W, b, dY = _inputs(seed, (N, D_in), (D_in, D_out), (1, D_out), (N, D_out))
    layer = _linear(m, W, b)
    layer.forward(X.copy())
    dX = layer.backward(dY.copy())
    return {"dX": dX, "dW": layer.dW, "db": layer.db}


# Q2: activations ------------------------------------------------------------------------------

@driver
def sigmoid_function(m, shape, seed, scale=1.0, shift=0.0):
    """x: shape, seeded normal entries times scale plus shift (shift < 0: mostly large negative entries)."""
    (x,) = _inputs(seed, tuple(shape), scale=scale)
    x = x + shift
    with np.errstate(over="raise"):
        return {"A": m.nn_lib.sigmoid(x.copy())}


@driver
def activation(m, name, shape, seed, scale=1.0, zeros=False):
    Z, dA = _inputs(seed, tuple(shape), tuple(shape), scale=scale)
    if zeros:
        Z = _with_zeros(Z, seed)
    module = getattr(m.nn_lib, name)()
    with np.errstate(over="raise"):
        A = module.forward(Z.copy())
        dZ = module.backward(dA.copy())
    return {"A": A, "dZ": dZ}


# Q3: softmax and losses -----------------------------------------------------------------------

@driver
def softmax_function(m, N, K, seed, scale=1.0):
    (Z,) = _inputs(seed, (N, K), scale=scale)
    with np.errstate(over="raise"):
        return {"P": m.nn_lib.softmax(Z.copy())}


@driver
def softmax_module(m, N, K, seed, scale=1.0):
    Z, dP = _inputs(seed, (N, K), (N, K), scale=scale)
    module = m.nn_lib.SoftMax()
    P = module.forward(Z.copy())
    return {"P": P, "dZ": module.backward(dP.copy()), "classes": module.class_fun(P.copy())}


@driver
def nll_loss(m, N, K, seed):
    (Z,) = _inputs(seed, (N, K))
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    Y = np.eye(K)[np.random.default_rng(seed).integers(0, K, size=N)]
    loss = m.nn_lib.NLL()
    value = loss.forward(P.copy(), Y.copy())
    return {"loss": value, "dP": loss.backward()}


@driver
def cross_entropy(m, N, K, seed, scale=1.0):
    (Z,) = _inputs(seed, (N, K), scale=scale)
    y = np.random.default_rng(seed).integers(0, K, size=N)
    loss = m.nn_lib.CrossEntropyLoss()
    with np.errstate(over="raise"):
        value = loss.forward(Z.copy(), y.copy())
        return {"loss": value, "dZ": loss.backward()}


@driver
def mse_loss(m, N, D, seed):
    pred, target = _inputs(seed, (N, D), (N, D))
    loss = m.nn_lib.MSELoss()
    value = loss.forward(pred.copy(), target.copy())
    return {"loss": value, "dpred": loss.backward()}


# Q4: dropout ----------------------------------------------------------------------------------

class _StubGenerator:
    """Stands in for a np.random.Generator: random(size) returns the given draws, repeated in order, in shape size
    (an int or a tuple, given by position or as size=), so a case can draw values exactly equal to the rate."""

    def __init__(self, draws):
        self.draws = np.asarray(draws, dtype=float)

    def random(self, size=None):
        if size is None:
            return float(self.draws[0])
        shape = tuple(np.atleast_1d(size).astype(int))
        return np.resize(self.draws, int(np.prod(shape))).reshape(shape)


@driver
def dropout(m, N, D, rate, seed, train=True, draws=None, mode=None):
    """draws: None for a seeded np.random.Generator, or the values a _StubGenerator hands out.
    mode: None to pass train= to forward; "eval" or "train" to switch the layer with eval() or train()
    and call forward(X) without train=, so the layer must follow its own mode."""
    X, dY = _inputs(seed, (N, D), (N, D))
    rng = np.random.default_rng(seed + 100) if draws is None else _StubGenerator(draws)
    layer = m.nn_lib.Dropout(rate, rng=rng)
    if mode is None:
        out = layer.forward(X.copy(), train=train)
    else:
        layer.eval() if mode == "eval" else layer.train()
        out = layer.forward(X.copy())
    return {"out": out, "dX": layer.backward(dY.copy())}


# Q5: residual block ---------------------------------------------------------------------------

@driver
def residual_block(m, N, D, H, seed, shift=0.0):
    X, W1, b1, W2, b2, dout = _inputs(seed, (N, D), (D, H), (1, H), (H, D), (1, D), (N, D))
    block = m.nn_lib.ResidualBlock(D, H)
    block.fc1.W, block.fc1.b = W1, b1
    block.fc2.W, block.fc2.b = W2, b2 + shift
    out = block.forward(X.copy())
    dX = block.backward(dout.copy())
    return {"out": out, "dX": dX, "dW1": block.fc1.dW, "db1": block.fc1.db,
            "dW2": block.fc2.dW, "db2": block.fc2.db}


# Q6: optimizers -------------------------------------------------------------------------------

class _FakeModel:
    """Stands in for a network: named parameters and gradients, nothing else."""

    def __init__(self, shapes, seed):
        rng = np.random.default_rng(seed)
        self._params = {name: rng.standard_normal(shape) for name, shape in shapes.items()}
        self._grads = {}
        self._rng = rng

    def new_gradients(self):
        self._grads = {name: self._rng.standard_normal(p.shape) for name, p in self._params.items()}

    def params(self):
        return self._params

    def grads(self):
        return self._grads


SHAPES = {"W": (3, 2), "b": (1, 2), "fc1.W": (2, 4), "fc1.b": (1, 4), "b1": (4,)}


@driver
def sgd_steps(m, lr, seed, steps=1, momentum=0.0, weight_decay=0.0):
    model = _FakeModel(SHAPES, seed)
    optimizer = m.nn_lib.SGD(lr, momentum=momentum, weight_decay=weight_decay)
    for _ in range(steps):
        model.new_gradients()
        optimizer.step(model)
    return _params(model)


@driver
def lr_decay(m, lr, factor, epochs):
    optimizer = m.nn_lib.SGD(lr)
    rates = []
    for _ in range(epochs):
        optimizer.decay_learning_rate(factor)
        rates.append(optimizer.lr)
    return {"lr": np.array(rates, dtype=float)}


# Q7: networks ---------------------------------------------------------------------------------

def _network(m, sizes, act, seed, scale=None):
    """Sequential of the submission's Linear layers (weights set here, times scale[i]) and activations."""
    rng = np.random.default_rng(seed)
    scale = scale or [1.0] * (len(sizes) - 1)
    modules = []
    for i, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        modules.append(_linear(m, scale[i] * rng.standard_normal((d_in, d_out)), 0.1 * rng.standard_normal((1, d_out))))
        if i < len(sizes) - 2:
            modules.append(getattr(m.nn_lib, act)())
    return m.nn_lib.Sequential(modules, m.nn_lib.CrossEntropyLoss())


@driver
def sequential_pass(m, sizes, act, N, seed):
    net = _network(m, sizes, act, seed)
    X, dout = _inputs(seed + 1, (N, sizes[0]), (N, sizes[-1]))
    out = net.forward(X.copy())
    dX = net.backward(dout.copy())
    grads = {f"grad.{k}": v for k, v in net.grads().items()}
    return {"out": out, "dX": dX, "predict": net.predict(X.copy()), **grads}


@driver
def sequential_sgd(m, sizes, act, N, iters, lr, seed):
    net = _network(m, sizes, act, seed)
    X, y = _blobs(seed, N, sizes[0], sizes[-1])
    losses = net.sgd(X.copy(), y.copy(), iters=iters, lr=lr, rng=np.random.default_rng(seed + 7))
    return {"losses": losses, **_params(net)}


def _flags(net):
    """(1 + len(net.modules),): 1.0 where the network, then each of its modules, is in train mode."""
    return np.array([float(bool(net.training))] + [float(bool(module.training)) for module in net.modules])


@driver
def train_eval_network(m, sizes, rate, N, steps, lr, seed):
    """Linear, ReLU, Dropout(rate, seeded generator), Linear and a cross-entropy, put in train mode and trained
    `steps` full-batch gradient steps, then switched with eval(). sizes: [D, H, K].
    Outputs: the scores of two eval-mode passes (N, K) and their labels (N,), the train flags after eval() and
    after train() (5,) each, the scores of one more pass in train mode (N, K) and the trained parameters."""
    lib = m.nn_lib
    D, H, K = sizes
    rng = np.random.default_rng(seed)
    modules = [_linear(m, rng.standard_normal((D, H)), 0.1 * rng.standard_normal((1, H))), lib.ReLU(),
               lib.Dropout(rate, rng=np.random.default_rng(seed + 100)),
               _linear(m, rng.standard_normal((H, K)), 0.1 * rng.standard_normal((1, K)))]
    net = lib.Sequential(modules, lib.CrossEntropyLoss())
    X, y = _blobs(seed, N, D, K)
    net.train()
    for _ in range(steps):
        net.loss.forward(net.forward(X.copy()), y.copy())
        net.backward(net.loss.backward())
        grads = net.grads()
        for name, p in net.params().items():
            p -= lr * grads[name]
    net.eval()
    out = {"eval_flags": _flags(net), "eval_scores": net.forward(X.copy()), "eval_scores_again": net.forward(X.copy()),
           "eval_labels": net.predict(X.copy()), "eval_labels_again": net.predict(X.copy())}
    net.train()
    return {**out, "train_flags": _flags(net), "train_scores": net.forward(X.copy()), **_params(net)}


@driver
def define_network(m, input_size, hidden_sizes, num_classes, activation, std, seed):
    net = m.nn_train.define_network(input_size, list(hidden_sizes), num_classes,
                                    activation=activation, std=std, seed=seed)
    X, _ = _blobs(seed, 4, input_size, num_classes)
    return {"count": len(net.modules), "scores": net.forward(X), **_params(net)}


# Q8: TwoLayerMLP ------------------------------------------------------------------------------

def _mlp(m, D, H, C, activation, seed, std=0.1):
    np.random.seed(seed)
    return m.nn_train.TwoLayerMLP(D, H, C, std=std, activation=activation)


def _toy_data(seed, N, D, C, scale=10.0):
    """X (N, D) of seeded normal entries times scale; y (N,) cycling through the C classes."""
    np.random.seed(seed)
    X = scale * np.random.randn(N, D)
    return X, np.arange(N) % C


@driver
def mlp_init(m, D, H, C, std, seed):
    net = _mlp(m, D, H, C, "relu", seed, std)
    return {f"param.{k}": net.params[k] for k in ("W1", "b1", "W2", "b2")}


@driver
def mlp_loss(m, D, H, C, N, activation, reg, seed, data_seed, labels=None, std=0.1, scale=10.0):
    """std: the weights' spread, scale: the inputs'; large ones give scores that overflow an unshifted exp."""
    net = _mlp(m, D, H, C, activation, seed, std)
    X, y = _toy_data(data_seed, N, D, C, scale)
    if labels is not None:
        y = np.array(labels)
    scores = net.loss(X.copy())
    loss, grads = net.loss(X.copy(), y.copy(), reg=reg)
    return {"scores": scores, "loss": loss, **{f"grad.{k}": grads[k] for k in ("W1", "b1", "W2", "b2")}}


@driver
def mlp_predict(m, D, H, C, N, activation, seed):
    net = _mlp(m, D, H, C, activation, seed, std=1.0)
    X, _ = _toy_data(seed + 1, N, D, C, scale=1.0)
    return {"predict": net.predict(X)}


# Q9: gradient checking ------------------------------------------------------------------------

def _smooth(c):
    """A smooth scalar function of x, and an array function for the array check."""
    return (lambda x: float(np.sum(np.sin(x) * c) + 0.5 * np.sum(x ** 2 * c))), (lambda x: np.tanh(x) * c + x ** 2)


@driver
def numerical_gradient(m, shape, seed, h=1e-5):
    x, c = _inputs(seed, tuple(shape), tuple(shape))
    f, _ = _smooth(c)
    grad = m.nn_lib.eval_numerical_gradient(f, x, h=h)
    return {"grad": grad, "x_after": x}      # compared with the original x on the grader's side


@driver
def numerical_gradient_array(m, shape, seed, h=1e-5):
    x, c, df = _inputs(seed, tuple(shape), tuple(shape), tuple(shape))
    _, f = _smooth(c)
    grad = m.nn_lib.eval_numerical_gradient_array(f, x, df, h=h)
    return {"grad": grad, "x_after": x}


@driver
def relative_error(m, shape, seed, noise, mixed_signs=False):
    """rel: x against x plus noise (with every other entry's sign flipped when mixed_signs, so that
    |x + y| is small where |x| + |y| is not); self: an array with zeros against its copy."""
    x, e = _inputs(seed, tuple(shape), tuple(shape))
    y = x + noise * e
    if mixed_signs:
        y.flat[::2] *= -1.0
    xz = _with_zeros(x, seed)       # entries where both arrays are 0 need the 1e-8 floor
    return {"rel": m.nn_lib.rel_error(x, y), "self": m.nn_lib.rel_error(xz, xz.copy())}


# Q10: training --------------------------------------------------------------------------------

MNIST_NPZ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mnist_subset.npz")
# float() of the CSV text of each pixel value, so the CSV files and this .npz give the same inputs
PIXEL_VALUES = np.array([float(format(v / 255.0, ".6g")) for v in range(256)])


def mnist():
    """The MNIST subset: {'train_x': (3000, 784), 'train_y': (3000,), 'test_x': (1000, 784), 'test_y': (1000,)}."""
    with np.load(MNIST_NPZ, allow_pickle=False) as data:
        return {"train_x": PIXEL_VALUES[data["train_pixels"]], "train_y": data["train_labels"].astype(np.int64),
                "test_x": PIXEL_VALUES[data["test_pixels"]], "test_y": data["test_labels"].astype(np.int64)}


def _dataset(data, N, M, D, K, seed, spread):
    if data == "mnist":
        full = mnist()
        return {"train_x": full["train_x"][:N], "train_y": full["train_y"][:N],
                "test_x": full["test_x"][:M], "test_y": full["test_y"][:M]}
    X, y = _blobs(seed, N + M, D, K, spread)
    return {"train_x": X[:N], "train_y": y[:N], "test_x": X[N:], "test_y": y[N:]}


@driver
def train_network(m, N, M, D, K, hidden, act, epochs, lr, batch_size, seed, spread=1.0, data="blobs", final_only=False):
    dataset = _dataset(data, N, M, D, K, seed, spread)
    net = _network(m, [D, *hidden, K], act, seed, scale=(1.0 / np.sqrt([D, *hidden])).tolist())
    stats = m.nn_train.train_network(net, dataset, num_epoch=epochs, learning_rate=lr, batch_size=batch_size)
    out = {k: np.array(stats[k], dtype=float) for k in ("train_loss", "test_loss", "train_error", "test_error")}
    if final_only:
        return {"final_train_error": out["train_error"][-1], "final_test_error": out["test_error"][-1]}
    return {**out, **_params(net)}


@driver
def mlp_train(m, N, D, H, C, activation, lr, decay, reg, iters, batch_size, seed, spread=1.0, data="blobs", M=None):
    dataset = _dataset(data, N, N // 2 if M is None else M, D, C, seed, spread)
    net = _mlp(m, D, H, C, activation, seed + 1, std=0.1 if data == "blobs" else 0.01)
    np.random.seed(seed + 2)
    stats = net.train(dataset["train_x"], dataset["train_y"], dataset["test_x"], dataset["test_y"],
                      learning_rate=lr, learning_rate_decay=decay, reg=reg, num_iters=iters, batch_size=batch_size)
    keys = ("loss_history", "grad_magnitude_history", "train_acc_history", "val_acc_history")
    return {**{k: np.array(stats[k], dtype=float) for k in keys},
            **{f"param.{k}": net.params[k] for k in ("W1", "b1", "W2", "b2")}}
