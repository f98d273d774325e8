"""Where things live. Two layouts:

- a checkout of the repository (ROOT holds pyproject.toml and solution/): every verb works;
- the package alone (an installed wheel, or the Gradescope bundle's source/ folder): only PACKAGE and
  HOMEWORK exist, which is all grading needs; the authoring verbs say that they need a checkout.

The engine reaches a homework through spec.Homework, never through the checkout paths below."""
import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(PACKAGE)                       # in a checkout, the repository; else whatever holds PACKAGE
HOMEWORK = os.path.join(PACKAGE, "homework")          # this package's homework: its spec, drivers, data, arrays
EXPECTED = os.path.join(HOMEWORK, "expected")
VISIBLE_NPZ = os.path.join(EXPECTED, "visible.npz")
HIDDEN_NPZ = os.path.join(EXPECTED, "hidden.npz")

# The checkout's own places (they exist only in a checkout).
PYPROJECT = os.path.join(ROOT, "pyproject.toml")
SOLUTION = os.path.join(ROOT, "solution")
HANDOUT = os.path.join(ROOT, "handout")
DIST = os.path.join(ROOT, "dist")
REFERENCE = os.path.join(DIST, "reference")
HANDOUT_TESTS = os.path.join(HANDOUT, "tests")
HANDOUT_VISIBLE_NPZ = os.path.join(HANDOUT_TESTS, "expected_visible.npz")
MNIST_DATA = os.path.join(ROOT, "data", "mnist")


def is_checkout():
    """Whether this package runs from a checkout of the repository (not from a wheel or the bundle)."""
    return os.path.isfile(PYPROJECT) and os.path.isdir(SOLUTION)


class NotACheckout(RuntimeError):
    """An authoring verb run from an installed copy of the package."""


def require_checkout(what):
    """Raise NotACheckout, naming `what` and where the package is, unless this is a checkout."""
    if not is_checkout():
        raise NotACheckout(f"`{what}` needs a checkout of the repository (pyproject.toml and solution/ beside "
                           f"autograder/); this copy is installed in {PACKAGE}: run it from a clone instead")
