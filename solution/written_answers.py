"""Q11: the written numeric questions and the code that answers them with the reference library.

Teaching staff only: `make handout` turns QUESTIONS into the students' `answers.toml` (values left
as nan) and `make expected` records `answer_key()` as the autograder's key. No answer is typed
in by hand: each one is computed here.
"""
import numpy as np

from nn_lib import SGD, CrossEntropyLoss, Linear, MSELoss, ReLU, ResidualBlock, Sequential, Sigmoid, Tanh, softmax
from nn_train import count_parameters, define_network

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


# (key, visible, question text, how to compute the answer). Visible answers are the ones the
# source homeworks publish; their values ship with the handout's visible tests.
QUESTIONS = [
    ("a1", False, "The one-hidden-layer network, example x = [1, 0, 1, 0, 1, 1] with class 3: value of a_1.",
     lambda: _forward_values()[0][0, 0]),
    ("z1", False, "Value of z_1.", lambda: _forward_values()[1][0, 0]),
    ("b2", False, "Value of b_2.", lambda: _forward_values()[2][0, 1]),
    ("y_hat2", False, "Value of y_hat_2.", lambda: _forward_values()[3][0, 1]),
    ("predicted_class", False, "Predicted class (1, 2 or 3) for the example.",
     lambda: int(np.argmax(_forward_values()[3])) + 1),
    ("loss", False, "Cross-entropy loss on the example.",
     lambda: classification_network().loss.forward(classification_network().forward(X1), Y1)),
    ("beta21_updated", True, "After one step of backpropagation with learning rate 1: beta_{2,1}.",
     lambda: _after_one_step().modules[2].W[0, 1]),
    ("beta10_updated", True, "After that step: the bias weight beta_{1,0}.",
     lambda: _after_one_step().modules[2].b[0, 0]),
    ("alpha34_updated", False, "After that step: alpha_{3,4}.",
     lambda: _after_one_step().modules[0].W[3, 2]),
    ("class_after_training", False, "Class predicted after many steps on this example (1, 2 or 3).",
     _class_after_training),
    ("regularized_loss", True, "Loss plus 0.01 * (sum of squared non-bias weights), before the update.",
     _regularised_loss),
    ("mse_loss", True, "The small regression network with ReLU: mean squared error at the given weights.",
     lambda: mse_after(1, 0.0, 0)),
    ("best_activation", False, "Activation with the lowest loss at those weights: 1 ReLU, 2 tanh, 3 sigmoid, 4 linear.",
     lambda: min(ACTIVATION_CODES, key=lambda c: mse_after(c, 0.0, 0))),
    ("best_learning_rate", False, "Of 0.1, 0.001, 0.0001, 0.9: learning rate with the lowest loss after 2 more steps (ReLU).",
     lambda: min(LEARNING_RATES, key=lambda lr: mse_after(1, lr, 2))),
    ("conv_J", False, "Zero-padded, stride-1 filtering of X by F: entry J (row 2, column 4).",
     lambda: conv_same(CONV_X, CONV_F)[1, 3]),
    ("dz_dw0", False, "Residual block x0=1, w0=0.3, b0=0.1, w1=-0.2, b1=-0.3: dz/dw0.",
     lambda: residual_gradients().fc1.dW[0, 0]),
    ("dz_dw1", False, "dz/dw1.", lambda: residual_gradients().fc2.dW[0, 0]),
    ("dz_db0", False, "dz/db0.", lambda: residual_gradients().fc1.db[0, 0]),
    ("dz_db1", False, "dz/db1.", lambda: residual_gradients().fc2.db[0, 0]),
    ("param_count", True, "Learnable parameters of a 30-1024-512-1 fully connected network, biases included.",
     lambda: count_parameters(define_network(30, [1024, 512], 1))),
]


def answer_key():
    """{key: float} for every written question."""
    return {key: float(compute()) for key, _, _, compute in QUESTIONS}
