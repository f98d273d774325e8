"""The generated handout: skeleton, clean reference, leak check, determinism and sync."""
import json
import os
import re
import shutil
import subprocess
import sys

from autograder import paths, spec
from autograder.author import assign, markers, sync

SOURCES = ("nn_lib.py", "nn_train.py")


def _source(name):
    with open(os.path.join(paths.SOLUTION, name), encoding="utf-8") as fh:
        return fh.read()


def test_clean_copy_equals_reference_minus_marker_comments():
    for name in SOURCES:
        text = _source(name)
        by_hand = []
        for line in text.splitlines(keepends=True):
            if re.match(r"\s*# (BEGIN|END) SOLUTION|\s*# (MUTANT|CONTROL) ", line):
                continue
            by_hand.append(re.sub(r"\s+# SOLUTION Q\d+.*$", "", line.rstrip("\n")) + "\n" if "# SOLUTION Q" in line else line)
        assert markers.clean(text, name) == "".join(by_hand)


def test_skeleton_imports_with_numpy_alone_and_every_stub_names_its_question(tmp_path):
    for name in SOURCES:
        shutil.copy(os.path.join(paths.HANDOUT, name), tmp_path)
    probe = ("before = set(sys.modules); import nn_lib, nn_train; "
             "print(sorted({m.split('.')[0] for m in set(sys.modules) - before} - set(sys.stdlib_module_names)"
             " - {'nn_lib', 'nn_train'}))")
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r}); {probe}"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['numpy']"
    for name in SOURCES:
        skeleton = open(tmp_path / name, encoding="utf-8").read()
        raised = re.findall(r"raise NotImplementedError\('(Q\d+): ([\w.]+)'\)", skeleton)
        expected = [(r.question, r.qualname) for r in markers.regions(_source(name))]
        assert raised == expected and len(raised) > 0


def test_no_line_from_a_solution_region_appears_in_the_handout():
    outside, inside = set(), set()
    for name in ("nn_lib.py", "nn_train.py", "written_answers.py"):
        for item in markers.parse(_source(name), name):
            if isinstance(item, str):
                outside.add(item.strip())
            else:
                inside.update(line.strip() for line in item.lines)
    shipped = [*assign.GRADING_FILES.values(), spec.load().drivers_file]
    for path in shipped:   # the autograder's own shipped code may share a common line
        outside.update(line.strip() for line in open(path, encoding="utf-8"))
    # a mistake's id and hint sentence may reach students, in the visible hints only (tests/hints_visible.json);
    # its code never, nor anything of a control (a correct alternative: a solution)
    declared = [m for name in ("nn_lib.py", "nn_train.py") for m in markers.declarations(_source(name), name)]
    mutant_text = {text.strip() for m in declared for text in ((m.code,) if m.kind == "mutant" else (m.id, m.code, m.hint))}
    hint_text = {text.strip() for m in declared if m.kind == "mutant" for text in (m.id, m.hint)}
    assert len(mutant_text) > 60 and sum(m.kind == "control" for m in declared) >= 5
    secret = {line for line in inside - outside if len(line) > 8}
    assert len(secret) > 50
    texts = []
    for dirpath, _, filenames in os.walk(paths.HANDOUT):
        for fname in filenames:
            path = os.path.join(dirpath, fname)
            if fname.endswith(".npz"):
                continue
            text = open(path, encoding="utf-8").read()
            if fname.endswith(".ipynb"):
                text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
            texts.append((path, {line.strip() for line in text.splitlines()}))
    leaks = [(path, line) for path, lines in texts for line in secret & lines]
    assert leaks == []
    mutant_leaks = [(path, text) for path, lines in texts
                    for text in (mutant_text if path.endswith("hints_visible.json") else mutant_text | hint_text)
                    if re.search(r"# *(MUTANT|CONTROL)\b", " ".join(lines))
                    or any(text in line for line in lines if len(text) > 12)]
    assert mutant_leaks == []


def test_handout_has_no_reference_answers_and_no_hidden_cases():
    with open(os.path.join(paths.HANDOUT, "answers.toml")) as fh:
        values = re.findall(r"^\w+ = (.*)$", fh.read(), flags=re.M)
    assert values and set(values) == {"nan"}
    spec = json.load(open(os.path.join(paths.HANDOUT_TESTS, "cases.json")))
    assert spec["cases"] and all(c["visible"] for c in spec["cases"])
    import numpy as np
    with np.load(paths.HANDOUT_VISIBLE_NPZ) as data:
        ids = {k.split("/")[0] for k in data.files}
    assert ids == {c["id"] for c in spec["cases"]}


def test_generation_is_byte_identical_on_every_run(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assign.build_handout(dest=str(first))
    assign.build_handout(dest=str(second))
    files = sorted(os.path.relpath(os.path.join(d, f), first) for d, _, fs in os.walk(first) for f in fs)
    assert len(files) >= 12
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_committed_handout_is_in_sync_with_the_source():
    assert sync.differences() == []


def test_check_sync_reports_an_edited_handout(tmp_path):
    copy = tmp_path / "handout"
    shutil.copytree(paths.HANDOUT, copy)
    with open(copy / "nn_lib.py", "a") as fh:
        fh.write("# student edit\n")
    (copy / "stray.py").write_text("x = 1\n")
    problems = sync.differences(handout=str(copy))
    assert any(p.startswith("nn_lib.py: differs") for p in problems)
    assert any(p.startswith("stray.py: in handout/") for p in problems)


def test_check_sync_cli_exits_4_when_out_of_sync(tmp_path, monkeypatch):
    from autograder import cli
    copy = tmp_path / "handout"
    shutil.copytree(paths.HANDOUT, copy)
    (copy / "answers.toml").write_text("a1 = 1\n")
    monkeypatch.setattr(spec.load(), "handout", str(copy))
    assert cli.main(["check-sync"]) == 4


def test_marker_error_in_the_source_stops_the_build_and_writes_nothing(tmp_path):
    from autograder import cli
    source = tmp_path / "solution"
    shutil.copytree(paths.SOLUTION, source)
    text = (source / "nn_lib.py").read_text()
    (source / "nn_lib.py").write_text(text.replace("        # END SOLUTION\n", "", 1))
    dest = tmp_path / "handout"
    try:
        assign.build_handout(dest=str(dest), source=str(source))
    except markers.MarkerError as exc:
        assert str(exc).startswith(os.path.join("solution", "nn_lib.py") + ":")
        assert "inside the region opened at line" in str(exc)
    else:
        raise AssertionError("a broken marker must stop the build")
    assert not dest.exists()
