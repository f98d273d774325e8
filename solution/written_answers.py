"""Q11 and Q12: the written questions with one right answer, and the code that answers them with the reference
library (Q12's answers are the final accuracies of experiments.py's runs, trained once by `make experiments`).

Teaching staff only: `make handout` turns QUESTIONS into the students' `answers.toml` (values left
as nan) and `make expected` records `answer_key()` as the autograder's key. No answer is typed
in by hand: each one is computed here, including which option of a select-one question is right
and whether a true/false statement holds (each by a small experiment on the reference library).

Each question has a kind (KINDS): "number" (checked after rounding to 4 decimals), "integer",
"shape" (a list of integers), "bool" (true or false), {"kind": "choice", "options": [...]} (one
of the listed option texts) or "accuracy" (Q12: a fraction between 0 and 1, checked within the tolerance
that cases.py gives). The key is recorded as a numeric array whatever the kind (see encode).
"""
import ast
import json
import os
import sys

import numpy as np

from nn_lib import SGD, CrossEntropyLoss, Linear, MSELoss, ReLU, ResidualBlock, Sequential, Sigmoid, Tanh, softmax
from nn_train import TwoLayerMLP, count_parameters, define_network

KINDS = ("number", "integer", "shape", "bool", "choice", "accuracy")

# Q12: the final accuracies of 003 §5.6's runs (a)-(e) in experiments.py. Training them takes about a minute,
# too long for every `record`, so `make experiments` (this file run as `python solution/written_answers.py
# --experiments`) runs them once with the reference and writes ACCURACIES_FILE; the key is read from it.
# tests/test_experiment_answers.py trains one run again.
HERE = os.path.dirname(os.path.abspath(__file__))
ACCURACIES_FILE = os.path.join(HERE, "experiment_accuracies.json")
EXPERIMENT_RUNS = ("a", "b", "c", "d", "e")

# The one-hidden-layer network of the written section: 6 inputs, 4 sigmoid units, 3 classes.
# Rows are units, column 0 is the bias weight (alpha_{j,0}, beta_{k,0}).
ALPHA = np.array([[1, 1, 2, -3, 0, 1, -3],
                  [1, 2, 1, 1, 1, 0, 2],
                  [1, 3, 2, 2, 2, 2, 1],
                  [1, 2, 0, 3, 1, -2, 2]], dtype=float)
BETA = np.array([[1, 1, 2, -2, 3],
                 [1, 2, -1, 3, 1],
                 [1, 3, 1, -1, 1]], dtype=float)
X1 = np.array([[1, 0, 1, 0, 1, 1]], dtype=float)   # (1, 6), one training example
Y1 = np.array([2])                                  # class 3, zero-based

# The regression network of the activation question: 2 inputs, 2 hidden units, 1 output.
REG_X = np.array([[-1, 0.4], [3, 8], [-3, 0.3], [4, 10], [-0.5, 5]])
REG_Y = np.array([[2], [-4], [3.2], [-8.3], [-2.3]])
REG_W1 = np.array([[0.2, 3.8], [-1.1, 2.3]])        # rows are hidden units
REG_B1 = np.array([[-1.3, 0.86]])
REG_W2 = np.array([[-1.2], [0.7]])
ACTIVATION_CODES = {1: ReLU, 2: Tanh, 3: Sigmoid, 4: None}   # None: the identity
LEARNING_RATES = (0.1, 0.001, 0.0001, 0.9)

CONV_X = np.array([[-1, 0, -2, 3, 4, 1], [2, 9, 5, 6, 0, -1], [0, -3, 1, 3, 4, 4],
                   [6, 5, 2, 0, 6, 8], [-5, 4, -3, 1, 3, -2], [4, 1, 2, 8, 9, 7]], dtype=float)
CONV_F = np.array([[-2, -2, -2], [-2, 5, -2], [-2, -2, -2]], dtype=float)


def classification_network():
    """The 6-4-3 sigmoid network with the weights ALPHA and BETA."""
    hidden, out = Linear(6, 4), Linear(4, 3)
    hidden.W, hidden.b = ALPHA[:, 1:].T.copy(), ALPHA[:, :1].T.copy()
    out.W, out.b = BETA[:, 1:].T.copy(), BETA[:, :1].T.copy()
    return Sequential([hidden, Sigmoid(), out], CrossEntropyLoss())


def gd_step(net, X, y, lr):
    """One full-batch gradient-descent step on net; returns the loss before the step."""
    loss = net.loss.forward(net.forward(X), y)
    net.backward(net.loss.backward())
    SGD(lr).step(net)
    return loss


def regression_network(activation_code=1):
    hidden, out = Linear(2, 2), Linear(2, 1)
    hidden.W, hidden.b = REG_W1.T.copy(), REG_B1.copy()
    out.W, out.b = REG_W2.copy(), np.zeros((1, 1))
    act = ACTIVATION_CODES[activation_code]
    return Sequential([hidden] + ([act()] if act else []) + [out], MSELoss())


def mse_after(activation_code, lr, steps):
    net = regression_network(activation_code)
    for _ in range(steps):
        gd_step(net, REG_X, REG_Y, lr)
    return net.loss.forward(net.forward(REG_X), REG_Y)


def conv_same(X, F):
    """2-D cross-correlation with zero padding and stride 1; output shaped like X."""
    k = F.shape[0] // 2
    padded = np.pad(X, k)
    return np.array([[np.sum(padded[i:i + F.shape[0], j:j + F.shape[1]] * F)
                      for j in range(X.shape[1])] for i in range(X.shape[0])])


def residual_gradients():
    """004 T1: gradients of z = ReLU(x1 * w1 + b1 + x0), x1 = ReLU(x0 * w0 + b0)."""
    block = ResidualBlock(1, 1)
    block.fc1.W, block.fc1.b = np.array([[0.3]]), np.array([[0.1]])
    block.fc2.W, block.fc2.b = np.array([[-0.2]]), np.array([[-0.3]])
    block.forward(np.array([[1.0]]))
    block.backward(np.array([[1.0]]))
    return block


def _forward_values():
    net = classification_network()
    a = net.modules[0].forward(X1)
    z = net.modules[1].forward(a)
    b = net.modules[2].forward(z)
    return a, z, b, softmax(b)


def _after_one_step():
    net = classification_network()
    gd_step(net, X1, Y1, lr=1.0)
    return net


def _class_after_training():
    net = classification_network()
    for _ in range(2000):
        gd_step(net, X1, Y1, lr=1.0)
    return int(net.predict(X1)[0]) + 1


def _regularised_loss():
    net = classification_network()
    penalty = np.sum(ALPHA[:, 1:] ** 2) + np.sum(BETA[:, 1:] ** 2)
    return net.loss.forward(net.forward(X1), Y1) + 0.01 * penalty


# 003 §1.1(c): the options and what each does to beta (3, 5) and z (4,); b = beta @ z must be defined and be b.
B_FIX_OPTIONS = ["transpose beta", "transpose z", "append a row of 1s as the first row of beta",
                 "append a 1 as the first element of z", "append a column of 1s as the first column of beta"]
_B_FIXES = {
    "transpose beta": lambda beta, z: (beta.T, z),
    "transpose z": lambda beta, z: (beta, z.T),
    "append a row of 1s as the first row of beta": lambda beta, z: (np.vstack([np.ones(beta.shape[1]), beta]), z),
    "append a 1 as the first element of z": lambda beta, z: (beta, np.concatenate([[1.0], z])),
    "append a column of 1s as the first column of beta": lambda beta, z: (np.hstack([np.ones((beta.shape[0], 1)), beta]), z),
}


def _b_fix():
    """The option of B_FIX_OPTIONS under which beta @ z is defined and equals the network's b."""
    _, z, b, _ = _forward_values()
    right = []
    for option in B_FIX_OPTIONS:
        beta, vec = _B_FIXES[option](BETA, z[0])
        if beta.ndim == 2 and beta.shape[1] == vec.shape[0] and np.allclose(beta @ vec, b[0]):
            right.append(option)
    assert len(right) == 1, right
    return right[0]


def _gradient_shapes():
    """(shape of dl/dbeta, shape of dl/dalpha) in the seed's layout (one row per unit, bias column first)."""
    net = classification_network()
    net.loss.forward(net.forward(X1), Y1)
    net.backward(net.loss.backward())
    hidden, out = net.modules[0], net.modules[2]
    return (list(np.hstack([out.db.T, out.dW.T]).shape), list(np.hstack([hidden.db.T, hidden.dW.T]).shape))


# 004 T2: the network of T3 on a batch of 32 inputs.
T2_BATCH = 32


def _layer_output_shapes():
    """[shape of each Linear's output] of the 30-1024-512-1 network on a (32, 30) batch."""
    net, X, shapes = define_network(30, [1024, 512], 1), np.zeros((T2_BATCH, 30)), []
    for module in net.modules:
        X = module.forward(X)
        if isinstance(module, Linear):
            shapes.append(list(X.shape))
    return shapes


# 003 §1.5(d): the statements, numbered from 1; the answer is the list of the true ones ([] would be "none").
REGULARIZATION_STATEMENTS = [
    "The non-regularized loss is always higher than the regularized loss",
    "As weights become larger, the regularized loss increases faster than the non-regularized loss",
    "On adding regularization to the loss function, gradient updates for the network always become larger",
    "When using large initial weights, weight values decrease more rapidly for a network which uses regularized loss",
]
LAMBDA = 0.01


def _losses(scale):
    """(loss, regularized loss) of the 6-4-3 network with every weight multiplied by scale."""
    net = classification_network()
    for layer in (net.modules[0], net.modules[2]):
        layer.W, layer.b = layer.W * scale, layer.b * scale
    loss = net.loss.forward(net.forward(X1), Y1)
    return loss, loss + LAMBDA * (np.sum(net.modules[0].W ** 2) + np.sum(net.modules[2].W ** 2))


def _weight_norm_after(steps, decay, scale=10.0):
    """Sum of squared non-bias weights after steps of lr-1 descent from scale x the weights; decay: 2 lambda or 0."""
    net = classification_network()
    for layer in (net.modules[0], net.modules[2]):
        layer.W, layer.b = layer.W * scale, layer.b * scale
    for _ in range(steps):
        net.loss.forward(net.forward(X1), Y1)
        net.backward(net.loss.backward())
        SGD(1.0, weight_decay=decay).step(net)
    return np.sum(net.modules[0].W ** 2) + np.sum(net.modules[2].W ** 2)


def _true_regularization_statements():
    net = classification_network()
    net.loss.forward(net.forward(X1), Y1)
    net.backward(net.loss.backward())
    plain = np.concatenate([net.modules[0].dW.ravel(), net.modules[2].dW.ravel()])
    weights = np.concatenate([net.modules[0].W.ravel(), net.modules[2].W.ravel()])
    regularized = plain + 2 * LAMBDA * weights
    (l1, r1), (l2, r2) = _losses(1.0), _losses(2.0)
    holds = [bool(l1 > r1),                                     # here the regularized loss is the higher one
             bool(r2 - r1 > l2 - l1),
             bool(np.all(np.abs(regularized) >= np.abs(plain))),
             bool(_weight_norm_after(5, 2 * LAMBDA) < _weight_norm_after(5, 0.0))]
    return [i + 1 for i, h in enumerate(holds) if h]


# 003 §2: x (3,), hidden z_j = x . w_j (no bias), y = v1 sigmoid(z1) + v2 sigmoid(z2), all weights zero,
# learning rate 1, dl/dy = 1 at every step (any nonzero value gives the same relations).
INIT_X = np.array([[1.0, -2.0, 0.5]])
W_RELATIONS = ["w1 > w2 > 0", "w1 = w2 = 0", "w1 = w2 != 0", "w1 < w2 < 0", "none of the above"]
V_RELATIONS = ["v1 > v2", "v1 = v2", "v1 < v2"]


def _zero_initialised(steps, dl_dy=1.0):
    """(w (3, 2), v (2, 1)) after steps of backpropagation from all-zero weights."""
    hidden, out = Linear(3, 2), Linear(2, 1)
    hidden.W, out.W = np.zeros((3, 2)), np.zeros((2, 1))
    net = Sequential([hidden, Sigmoid(), out])
    for _ in range(steps):
        hidden.b, out.b = np.zeros((1, 2)), np.zeros((1, 1))     # the network has no biases
        net.forward(INIT_X)
        net.backward(np.array([[dl_dy]]))
        SGD(1.0).step(net)
    return hidden.W, out.W


def _w_relation(steps=5):
    w, _ = _zero_initialised(steps)
    w1, w2 = w[:, 0], w[:, 1]
    if np.allclose(w1, w2):
        return "w1 = w2 = 0" if np.allclose(w1, 0) else "w1 = w2 != 0"
    if np.all(w1 > w2) and np.all(w2 > 0):
        return "w1 > w2 > 0"
    if np.all(w1 < w2) and np.all(w2 < 0):
        return "w1 < w2 < 0"
    return "none of the above"


def _v_relation(steps=5):
    _, v = _zero_initialised(steps)
    return "v1 = v2" if np.isclose(v[0, 0], v[1, 0]) else ("v1 > v2" if v[0, 0] > v[1, 0] else "v1 < v2")


def _sgd_error_always_decreases(lr=1e-3):
    """003 §4.1: at the optimum of two conflicting points, one small SGD step on one of them raises the training error."""
    net = Sequential([Linear(1, 1)], MSELoss())
    net.modules[0].W, net.modules[0].b = np.zeros((1, 1)), np.zeros((1, 1))
    X, Y = np.array([[1.0], [1.0]]), np.array([[1.0], [-1.0]])
    before = net.loss.forward(net.forward(X), Y)
    gd_step(net, X[:1], Y[:1], lr)
    return bool(net.loss.forward(net.forward(X), Y) <= before)


def _cnn_needs_2d_input():
    """003 §4.2: the filtering of conv_same is as well defined on a 1-D sequence (a 1 x n input) as on an image."""
    seq = CONV_X[:1]
    out = conv_same(np.pad(seq, ((1, 1), (0, 0))), CONV_F)[1:2]
    return not (out.shape == seq.shape and np.all(np.isfinite(out)))


def _relu_gets_stronger_gradients():
    """001 Q2.4: on the toy model and data, is the gradient on W1 larger with ReLU than with sigmoid?"""
    np.random.seed(1)
    X, y = 10 * np.random.randn(5, 4), np.array([0, 1, 2, 2, 1])
    norms = {}
    for activation in ("relu", "sigmoid"):
        np.random.seed(0)
        net = TwoLayerMLP(4, 10, 3, std=1e-1, activation=activation)
        _, grads = net.loss(X, y, reg=0.0)
        norms[activation] = np.linalg.norm(grads["W1"])
    return bool(norms["relu"] > norms["sigmoid"])


# (key, visible, question text, kind, how to compute the answer). Visible answers are the ones the
# source homeworks publish; their values ship with the handout's visible tests. The kind is a name of
# KINDS, or {"kind": "choice", "options": a list constant of this module}, read by the handout's
# generator without running anything.
QUESTIONS = [
    ("a1", False, "The one-hidden-layer network, example x = [1, 0, 1, 0, 1, 1] with class 3: value of a_1.",
     "number", lambda: _forward_values()[0][0, 0]),
    ("z1", False, "Value of z_1.", "number", lambda: _forward_values()[1][0, 0]),
    ("b2", False, "Value of b_2.",
     "number", lambda: _forward_values()[2][0, 1]),
    ("y_hat2", False, "Value of y_hat_2.",
     "number", lambda: _forward_values()[3][0, 1]),
    ("predicted_class", False, "Predicted class (1, 2 or 3) for the example.",
     "integer", lambda: int(np.argmax(_forward_values()[3])) + 1),
    ("loss", False, "Cross-entropy loss on the example.",
     "number", lambda: classification_network().loss.forward(classification_network().forward(X1), Y1)),
    ("beta21_updated", True, "After one step of backpropagation with learning rate 1: beta_{2,1}.",
     "number", lambda: _after_one_step().modules[2].W[0, 1]),
    ("beta10_updated", True, "After that step: the bias weight beta_{1,0}.",
     "number", lambda: _after_one_step().modules[2].b[0, 0]),
    ("alpha34_updated", False, "After that step: alpha_{3,4}.",
     "number", lambda: _after_one_step().modules[0].W[3, 2]),
    ("class_after_training", False, "Class predicted after many steps on this example (1, 2 or 3).",
     "integer", _class_after_training),
    ("regularized_loss", True, "Loss plus 0.01 * (sum of squared non-bias weights), before the update.",
     "number", _regularised_loss),
    ("mse_loss", True, "The small regression network with ReLU: mean squared error at the given weights.",
     "number", lambda: mse_after(1, 0.0, 0)),
    ("best_activation", False, "Activation with the lowest loss at those weights: 1 ReLU, 2 tanh, 3 sigmoid, 4 linear.",
     "integer", lambda: min(ACTIVATION_CODES, key=lambda c: mse_after(c, 0.0, 0))),
    ("best_learning_rate", False, "Of 0.1, 0.001, 0.0001, 0.9: learning rate with the lowest loss after 2 more steps (ReLU).",
     "number", lambda: min(LEARNING_RATES, key=lambda lr: mse_after(1, lr, 2))),
    ("conv_J", False, "Zero-padded, stride-1 filtering of X by F: entry J (row 2, column 4).",
     "number", lambda: conv_same(CONV_X, CONV_F)[1, 3]),
    ("dz_dw0", False, "Residual block x0=1, w0=0.3, b0=0.1, w1=-0.2, b1=-0.3: dz/dw0.",
     "number", lambda: residual_gradients().fc1.dW[0, 0]),
    ("dz_dw1", False, "dz/dw1.",
     "number", lambda: residual_gradients().fc2.dW[0, 0]),
    ("dz_db0", False, "dz/db0.",
     "number", lambda: residual_gradients().fc1.db[0, 0]),
    ("dz_db1", False, "dz/db1.",
     "number", lambda: residual_gradients().fc2.db[0, 0]),
    ("param_count", True, "Learnable parameters of a 30-1024-512-1 fully connected network, biases included.",
     "integer", lambda: count_parameters(define_network(30, [1024, 512], 1))),
    ("t2_output_a", True, "The same network on a batch of 32 inputs: the shape of the first hidden layer's output A.",
     "shape", lambda: _layer_output_shapes()[0]),
    ("t2_output_b", False, "The shape of the second hidden layer's output B.", "shape", lambda: _layer_output_shapes()[1]),
    ("t2_output_c", False, "The shape of the network's output C.", "shape", lambda: _layer_output_shapes()[2]),
    ("b_fix", True, "The 6-4-3 network: which change makes b = beta z well defined?",
     {"kind": "choice", "options": B_FIX_OPTIONS}, _b_fix),
    ("dl_dbeta_shape", True, "The shape of dl/dbeta, in the layout of beta (bias column included).",
     "shape", lambda: _gradient_shapes()[0]),
    ("dl_dalpha_shape", False, "The shape of dl/dalpha, in the layout of alpha (bias column included).",
     "shape", lambda: _gradient_shapes()[1]),
    ("regularization_true", False, "The numbers (1 to 4) of the true statements about L2 regularization, as a list.",
     "shape", _true_regularization_statements),
    ("init_w1_one_step", False, "All-zero initialisation: w1 after one step of backpropagation, as a list [a, b, c].",
     "shape", lambda: [int(round(w)) for w in _zero_initialised(1)[0][:, 0]]),
    ("init_v2_one_step", False, "v2 after that step, as a multiple of dl/dy (v2 = this number times dl/dy).",
     "number", lambda: _zero_initialised(1)[1][1, 0]),
    ("init_w_relation", True, "After n steps: how are w1 and w2 related?",
     {"kind": "choice", "options": W_RELATIONS}, _w_relation),
    ("init_v_relation", False, "After n steps: how are v1 and v2 related?",
     {"kind": "choice", "options": V_RELATIONS}, _v_relation),
    ("sgd_error_decreases", True, "True or false: for any network, with a small enough constant step size, "
     "SGD's training error always decreases monotonically.", "bool", _sgd_error_always_decreases),
    ("cnn_only_2d", False, "True or false: convolutional networks can only take two-dimensional inputs such as images.",
     "bool", _cnn_needs_2d_input),
    ("relu_stronger_gradients", False, "True or false: on the toy model, the ReLU network gets larger gradients on W1 "
     "than the sigmoid one.", "bool", _relu_gets_stronger_gradients),
    # Q12: the experiments' final accuracies (see ACCURACIES_FILE); run (a) is visible, so students can check
    # their runs reproduce the reference's.
    ("exp_a_train_accuracy", True, "Run (a) of experiments.py: the final training accuracy it prints.",
     "accuracy", lambda: _accuracy("a", "train")),
    ("exp_a_test_accuracy", True, "Run (a) of experiments.py: the final test accuracy it prints.",
     "accuracy", lambda: _accuracy("a", "test")),
    ("exp_b_train_accuracy", False, "Run (b) of experiments.py: the final training accuracy it prints.",
     "accuracy", lambda: _accuracy("b", "train")),
    ("exp_b_test_accuracy", False, "Run (b) of experiments.py: the final test accuracy it prints.",
     "accuracy", lambda: _accuracy("b", "test")),
    ("exp_c_train_accuracy", False, "Run (c) of experiments.py: the final training accuracy it prints.",
     "accuracy", lambda: _accuracy("c", "train")),
    ("exp_c_test_accuracy", False, "Run (c) of experiments.py: the final test accuracy it prints.",
     "accuracy", lambda: _accuracy("c", "test")),
    ("exp_d_train_accuracy", False, "Run (d) of experiments.py: the final training accuracy it prints.",
     "accuracy", lambda: _accuracy("d", "train")),
    ("exp_d_test_accuracy", False, "Run (d) of experiments.py: the final test accuracy it prints.",
     "accuracy", lambda: _accuracy("d", "test")),
    ("exp_e_train_accuracy", False, "Run (e) of experiments.py: the final training accuracy it prints.",
     "accuracy", lambda: _accuracy("e", "train")),
    ("exp_e_test_accuracy", False, "Run (e) of experiments.py: the final test accuracy it prints.",
     "accuracy", lambda: _accuracy("e", "test")),
]


def experiment_accuracies(path=ACCURACIES_FILE):
    """{run: [final train accuracy, final test accuracy]} of every run of EXPERIMENT_RUNS, as recorded."""
    try:
        with open(path, encoding="utf-8") as fh:
            recorded = json.load(fh)
    except FileNotFoundError:
        raise RuntimeError(f"{os.path.basename(path)} is missing: run `make experiments` to train the runs of "
                           "experiments.py once and record their accuracies") from None
    missing = [run for run in EXPERIMENT_RUNS if run not in recorded]
    if missing:
        raise RuntimeError(f"{os.path.basename(path)} has no run {', '.join(missing)}: run `make experiments`")
    return recorded


def _accuracy(run, split):
    return experiment_accuracies()[run][("train", "test").index(split)]


def _experiment_definitions(path=os.path.join(HERE, "experiments.py")):
    """experiments.py's imports, constants and functions, without the cells that run an experiment (a top-level
    assignment or expression whose value calls a function the file defines)."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), path)
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}

    def runs_one(node):
        value = getattr(node, "value", None)
        return (isinstance(node, (ast.Assign, ast.Expr)) and isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name) and value.func.id in defined)
    tree.body = [n for n in tree.body if not runs_one(n)]
    space = {"__name__": "experiment_definitions"}
    exec(compile(tree, path, "exec"), space)
    return space


def run_experiments(runs=EXPERIMENT_RUNS, folder="data/mnist"):
    """{run: [final train accuracy, final test accuracy]}, trained now with experiments.run_experiment."""
    run_experiment = _experiment_definitions()["run_experiment"]
    results = {}
    for run in runs:
        accuracies = run_experiment(run, folder=folder)
        if accuracies is None:
            raise RuntimeError(f"run ({run}) could not be trained: the code it needs is not written")
        results[run] = [float(v) for v in accuracies]
    return results


def record_experiments(path=ACCURACIES_FILE, folder="data/mnist"):
    """Train every run and write path atomically; returns what was written."""
    results = run_experiments(EXPERIMENT_RUNS, folder)
    partial = path + ".partial"
    with open(partial, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1, sort_keys=True)
        fh.write("\n")
    os.replace(partial, path)
    return results


def kind_of(spec):
    """(kind name, options or None) of a QUESTIONS row's kind."""
    if isinstance(spec, dict):
        return spec["kind"], list(spec["options"])
    return spec, None


def encode(value, spec):
    """The recorded key of one answer, a numeric array whatever the kind: number -> float, integer -> int,
    shape -> (d,) int array, choice -> the index of the option, bool -> 0 or 1."""
    kind, options = kind_of(spec)
    if kind in ("number", "accuracy"):
        return np.array(float(value))
    if kind == "integer":
        return np.array(int(value))
    if kind == "shape":
        return np.array([int(v) for v in value], dtype=np.int64)
    if kind == "choice":
        return np.array(options.index(value))
    if kind == "bool":
        return np.array(int(bool(value)))
    raise ValueError(f"unknown answer kind {kind!r}: use one of {', '.join(KINDS)}")


def answer_key():
    """{key: array} for every written question (see encode)."""
    return {key: encode(compute(), spec) for key, _, _, spec, compute in QUESTIONS}


if __name__ == "__main__":
    if sys.argv[1:] != ["--experiments"]:
        sys.exit("usage: python solution/written_answers.py --experiments   (from the project's root, as make "
                 "experiments runs it: trains runs (a)-(e) of experiments.py and writes experiment_accuracies.json)")
    for run, (train_acc, test_acc) in record_experiments().items():
        print(f"({run}) train {train_acc:.4f} test {test_acc:.4f}")
    print(f"wrote {ACCURACIES_FILE}")
