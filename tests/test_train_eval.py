"""Train and eval mode (002's is_train): every module has train()/eval(), Sequential's reaches each module,
Dropout follows its mode unless forward is told, and the cases that grade it are visible and hidden."""
import numpy as np
import pytest

from autograder import spec
from autograder.author import mutated
from autograder.engine import grade

HW = spec.load()
TRAIN_EVAL_CASES = {"q4.eval_identity", "q4.eval_mode_identity", "q7.train_eval_dropout", "q7.train_eval_dropout_wide"}


def _network(lib, rate=0.5, seed=0):
    """Linear(4, 16), ReLU, Dropout(rate), Linear(16, 3), as the cases build it; inputs X (10, 4)."""
    rng = np.random.default_rng(seed)
    modules = [lib.Linear(4, 16, rng=rng), lib.ReLU(), lib.Dropout(rate, rng=np.random.default_rng(seed + 1)),
               lib.Linear(16, 3, rng=rng)]
    return lib.Sequential(modules, lib.CrossEntropyLoss()), rng.standard_normal((10, 4))


def test_every_module_starts_in_train_mode_and_both_switches_return_the_module(reference):
    lib = reference["nn_lib"]
    for module in (lib.Linear(2, 3, rng=np.random.default_rng(0)), lib.ReLU(), lib.Dropout(0.5), lib.Sequential([])):
        assert module.training is True
        assert module.eval() is module and module.training is False
        assert module.train() is module and module.training is True
        assert module.train(False) is module and module.training is False


def test_a_network_with_dropout_predicts_the_same_twice_in_eval_mode_and_drops_in_train_mode(reference):
    lib = reference["nn_lib"]
    net, X = _network(lib)
    assert not np.array_equal(net.forward(X), net.forward(X)), "in train mode dropout draws a new mask each pass"
    net.eval()
    assert all(module.training is False for module in net.modules)
    first = net.forward(X)
    np.testing.assert_array_equal(first, net.forward(X))
    np.testing.assert_array_equal(net.predict(X), net.predict(X))
    without_dropout = lib.Sequential([m for m in net.modules if not isinstance(m, lib.Dropout)])
    np.testing.assert_array_equal(first, without_dropout.forward(X))   # eval-mode dropout is the identity, unscaled
    net.train()
    assert all(module.training is True for module in net.modules)
    assert not np.array_equal(net.forward(X), first)


def test_sequential_train_reaches_a_nested_network(reference):
    lib = reference["nn_lib"]
    inner, X = _network(lib)
    outer = lib.Sequential([inner])
    outer.eval()
    assert inner.modules[2].training is False
    np.testing.assert_array_equal(outer.forward(X), outer.forward(X))


def test_predict_leaves_the_mode_as_it_was(reference):
    lib = reference["nn_lib"]
    net, X = _network(lib)
    net.predict(X)
    assert all(module.training for module in net.modules)
    net.eval().predict(X)
    assert not any(module.training for module in net.modules)


def test_an_explicit_train_argument_wins_over_the_layers_mode(reference):
    lib = reference["nn_lib"]
    X = np.random.default_rng(3).standard_normal((6, 5))
    layer = lib.Dropout(0.5, rng=np.random.default_rng(4)).eval()
    assert not np.array_equal(layer.forward(X, train=True), X)
    layer.train()
    np.testing.assert_array_equal(layer.forward(X, train=False), X)
    np.testing.assert_array_equal(layer.scale, np.ones_like(X))


def test_train_and_eval_are_graded_by_visible_and_hidden_cases():
    by_id = {c.id: c for c in HW.cases}
    assert TRAIN_EVAL_CASES <= set(by_id)
    network_cases = [by_id[i] for i in TRAIN_EVAL_CASES if i.startswith("q7.")]
    assert {c.visible for c in network_cases} == {True, False}
    assert sum(q.points for q in HW.questions) == 100


def test_the_reference_passes_every_train_eval_case(reference_dir):
    result = grade.grade(reference_dir, [c for c in HW.cases if c.id in TRAIN_EVAL_CASES])
    assert [r.id for r in result.results if not r.passed] == []


@pytest.mark.parametrize("mutant, failing", [
    ("q7.train_not_reaching_modules", {"q7.train_eval_dropout", "q7.train_eval_dropout_wide"}),
    ("q4.dropout_ignores_mode", {"q4.eval_mode_identity", "q7.train_eval_dropout", "q7.train_eval_dropout_wide"}),
    ("q4.dropout_scaled_at_test", TRAIN_EVAL_CASES),
])
def test_a_network_left_in_train_mode_or_rescaled_at_test_fails_exactly_the_train_eval_cases(mutant, failing):
    with mutated.reference_with(HW, "nn_lib.py", mutant) as (_, folder):
        result = grade.grade(folder, [c for c in HW.cases if c.id in TRAIN_EVAL_CASES])
    assert {r.id for r in result.results if not r.passed} == failing
