"""solution/experiments.py (students run it, the grader never does) and the seed table of solution/NOTES.md."""
import ast
import os
import re
import sys

import pytest

from autograder import paths, spec
from autograder.author import notebook

EXPERIMENTS = os.path.join(paths.SOLUTION, "experiments.py")
NOTES = os.path.join(paths.SOLUTION, "NOTES.md")
MNIST = os.path.join(paths.ROOT, "data", "mnist")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CASE_ID = re.compile(r"\bq\d+\.[A-Za-z_]\w*")


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _experiment_definitions(folder):
    """experiments.py's imports, settings and functions, run with folder's nn_lib and nn_train, without
    the statements that call one of its own functions (the training runs). Returns (namespace, the
    names those left-out statements assign)."""
    tree = ast.parse(_read(EXPERIMENTS))
    own = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}

    def runs_an_experiment(node):
        value = getattr(node, "value", None)
        return isinstance(value, ast.Call) and getattr(value.func, "id", None) in own

    left_out = {t.id for node in tree.body if runs_an_experiment(node) for t in getattr(node, "targets", [])}
    tree.body = [node for node in tree.body if not runs_an_experiment(node)]
    saved = {n: sys.modules.pop(n) for n in ("nn_lib", "nn_train") if n in sys.modules}
    sys.path.insert(0, folder)
    try:
        namespace = {"__name__": "experiments_definitions"}
        exec(compile(tree, EXPERIMENTS, "exec"), namespace)
    finally:
        sys.path.remove(folder)
        for n in ("nn_lib", "nn_train"):
            sys.modules.pop(n, None)
        sys.modules.update(saved)
    return namespace, left_out


@pytest.fixture(scope="module")
def on_reference(reference_dir):
    namespace, left_out = _experiment_definitions(reference_dir)
    assert "comparison" in left_out and {"result_a", "result_e"} <= left_out   # the runs, and only they, left out
    return namespace


def test_comparison_trains_sigmoid_and_relu_and_writes_one_png(on_reference, tmp_path, capsys):
    path = tmp_path / "comparison.png"
    stats = on_reference["compare_activations"](num_iters=60, path=str(path), folder=MNIST)
    assert sorted(stats) == ["relu", "sigmoid"]
    for run in stats.values():
        assert len(run["loss_history"]) == 60 and len(run["val_acc_history"]) == 2   # 30 batches of 100 per pass
    assert stats["sigmoid"]["loss_history"] != stats["relu"]["loss_history"]
    with open(path, "rb") as fh:
        png = fh.read()
    assert png.startswith(PNG_SIGNATURE) and len(png) > 10_000
    shown = capsys.readouterr().out
    assert f"saved the figure at {path}" in shown
    for activation in ("sigmoid", "relu"):
        assert re.search(rf"^\({activation}\) final training loss \d+\.\d{{4}}, final validation accuracy 0\.\d{{4}}$",
                         shown, re.M), activation


def test_comparison_repeats_exactly_from_the_same_seed(on_reference, tmp_path):
    first = on_reference["compare_activations"](num_iters=30, path=str(tmp_path / "c.png"), folder=MNIST, seed=3)
    again = on_reference["compare_activations"](num_iters=30, path=str(tmp_path / "d.png"), folder=MNIST, seed=3)
    other = on_reference["compare_activations"](num_iters=30, path=str(tmp_path / "e.png"), folder=MNIST, seed=4)
    for activation in ("sigmoid", "relu"):
        assert again[activation]["loss_history"] == first[activation]["loss_history"]
        assert other[activation]["loss_history"] != first[activation]["loss_history"]


def test_comparison_without_matplotlib_says_what_to_install_before_any_training(on_reference, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(RuntimeError, match=r"matplotlib, which is missing: install it with `pip install matplotlib`"):
        on_reference["compare_activations"](folder="/no/such/folder")   # raised before the data is read


def test_comparison_refuses_fewer_iterations_than_one_pass_over_the_subset(on_reference):
    with pytest.raises(ValueError, match=r"num_iters must be at least 30 \(one pass over the subset\), not 5"):
        on_reference["compare_activations"](num_iters=5, folder=MNIST)


def test_comparison_on_the_skeleton_says_what_to_write_first(skeleton_dir, tmp_path, capsys):
    namespace, _ = _experiment_definitions(skeleton_dir)
    path = tmp_path / "never.png"
    assert namespace["compare_activations"](num_iters=30, path=str(path), folder=MNIST) is None
    assert capsys.readouterr().out.startswith("(activations) needs Q8:")
    assert not path.exists()


def test_every_code_cell_of_the_experiments_is_left_out_of_grading():
    """A notebook is graded without its experiment cells: training there would cost minutes per submission."""
    cells = [(kind, tags) for kind, _, tags in notebook.split_cells(_read(EXPERIMENTS)) if kind == "code"]
    assert cells and all("experiment" in tags or "module-only" in tags for _, tags in cells)


# -- the seed table of NOTES.md ----------------------------------------------------------------------

def _seed_table():
    """The rows of NOTES.md's traceability table: [[seed, item, asks, where]]."""
    text = _read(NOTES)
    section = text.split("## Where every item of the five seeds lives", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]   # past the header


def test_every_case_id_named_in_the_notes_is_a_case_of_the_homework():
    known = {c.id for c in spec.load().cases}
    named = set(CASE_ID.findall(_read(NOTES)))
    assert named, "the notes name no case id"
    assert sorted(named - known) == []


def test_every_case_of_the_homework_is_named_in_the_seed_table():
    """A new case gets a row (or joins one): the table says which seed item each case grades."""
    named = set(CASE_ID.findall(" ".join(row[3] for row in _seed_table())))
    missing = sorted({c.id for c in spec.load().cases} - named)
    assert missing == [], (f"cases missing from the seed table of solution/NOTES.md: {missing}; "
                           "name each in the row of the seed item it grades")


def test_the_seed_table_has_rows_for_all_five_seeds_and_a_place_or_reason_in_each():
    rows = _seed_table()
    assert all(len(row) == 4 for row in rows), [row for row in rows if len(row) != 4]
    assert {row[0] for row in rows} == {"000", "001", "002", "003", "004"}
    assert all(row[1] and row[2] and row[3] for row in rows)


def test_the_seed_table_points_at_every_question_of_the_homework():
    where = " ".join(row[3] for row in _seed_table())
    for question in spec.load().questions:
        assert re.search(rf"\b{question.id}\b", where), question.id
