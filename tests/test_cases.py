"""The case table: coverage per question, points, and hidden cases that differ from visible ones."""
import json
from collections import defaultdict

from autograder import spec
from autograder.homework import drivers
HW = spec.load()


def test_points_sum_to_100_and_each_question_to_its_points():
    per = defaultdict(float)
    for c in HW.cases:
        per[c.question] += c.points
    assert {q.id: q.points for q in HW.questions} == dict(per)
    assert sum(q.points for q in HW.questions) == 100


def test_every_question_has_two_visible_and_three_hidden_cases():
    for q in HW.questions:
        mine = [c for c in HW.cases if c.question == q.id]
        assert sum(c.visible for c in mine) >= 2, q.id
        assert sum(not c.visible for c in mine) >= 3, q.id


def test_case_ids_are_unique_and_drivers_exist():
    assert len(HW.by_id) == len(HW.cases)
    for c in HW.cases:
        assert c.driver == "answer" or c.driver in drivers.DRIVERS, c.id
        json.dumps(c.spec())


def test_hidden_cases_never_repeat_a_visible_call():
    visible = {(c.driver, json.dumps(c.args, sort_keys=True)) for c in HW.cases if c.visible}
    for c in HW.cases:
        if not c.visible:
            assert (c.driver, json.dumps(c.args, sort_keys=True)) not in visible, c.id


def test_hidden_cases_probe_the_promised_edge_cases():
    hidden = [c for c in HW.cases if not c.visible]
    def has(pred):
        return any(pred(c) for c in hidden)
    assert has(lambda c: c.args.get("N") == 1)                                  # batch of one
    assert has(lambda c: c.driver == "sigmoid_function" and c.args.get("scale") == 1000.0)
    assert has(lambda c: c.driver == "softmax_function" and c.args.get("scale") == 1000.0)
    assert has(lambda c: c.args.get("name") == "ReLU" and c.args.get("zeros"))  # ReLU exactly at 0
    assert has(lambda c: c.driver == "dropout")                                 # fixed generator
    assert has(lambda c: c.driver == "sgd_steps" and c.args.get("momentum") and c.args.get("steps", 1) > 2)
    assert has(lambda c: c.driver == "sgd_steps" and c.args.get("weight_decay"))
    assert has(lambda c: c.question == "Q10")                                   # curves on a second data set


def test_visible_cases_probe_the_edge_cases_students_get_wrong():
    visible = [c for c in HW.cases if c.visible]
    def has(pred):
        return any(pred(c) for c in visible)
    for drv in ("sigmoid_function", "softmax_function", "cross_entropy"):          # exp overflows past 709
        assert has(lambda c: c.driver == drv and c.args.get("scale", 1.0) >= 800), drv
    assert has(lambda c: c.driver == "mlp_loss" and c.args.get("std", 0.1) * c.args.get("scale", 10.0) >= 100)
    assert has(lambda c: c.args.get("name") == "ReLU" and c.args.get("zeros"))
    assert has(lambda c: c.args.get("name") == "Sigmoid")                        # the module's backward
    assert has(lambda c: c.driver == "dropout" and c.args.get("rate") not in (0.0, 0.5) and "draws" not in c.args)
    assert has(lambda c: c.driver == "dropout" and c.args.get("rate") in c.args.get("draws", ()))
    assert has(lambda c: c.driver == "sgd_steps" and c.args.get("weight_decay"))
    assert has(lambda c: c.driver == "relative_error" and c.args.get("mixed_signs"))
    for drv in ("softmax_module", "nll_loss", "lr_decay", "sequential_sgd", "numerical_gradient_array"):
        assert has(lambda c: c.driver == drv), drv


def test_the_stub_generator_hands_out_its_draws_in_order_for_any_way_of_giving_the_size():
    stub = drivers._StubGenerator([0.25, 0.5, 0.75])
    by_position, by_keyword = stub.random((2, 2)), stub.random(size=(2, 2))
    assert by_position.tolist() == by_keyword.tolist() == [[0.25, 0.5], [0.75, 0.25]]
    assert stub.random(4).tolist() == [0.25, 0.5, 0.75, 0.25] and stub.random() == 0.25


def test_no_hidden_case_id_is_part_of_a_visible_case_id():
    """What students see names visible cases; a hidden id inside one would look like a hidden case leaking."""
    visible = [c.id for c in HW.cases if c.visible]
    assert [(h.id, v) for h in HW.cases if not h.visible for v in visible if h.id in v] == []
