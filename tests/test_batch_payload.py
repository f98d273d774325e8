"""A folder submission is packed by the intake's own bounded walk: the files intake could take and nothing
else, in a fixed order, and a folder too large to search is cut where intake stops looking."""
import os

from autograder.batch import payload
from autograder.engine import intake

WANTED = ("nn_lib.py", "nn_train.py", "answers.toml")


def _files(root, names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {name}\n")
    return root


def test_a_folder_packs_only_what_intake_could_take_sorted_by_path(tmp_path):
    sub = _files(tmp_path / "carol", ["nn_lib.py", "answers.toml", "notes.txt", "work/homework.ipynb",
                                      ".venv/nn_train.py", "a/b/c/d/e/nn_train.py", "src/nn_train.py"])
    os.symlink(sub / "nn_lib.py", sub / "work" / "nn_lib.py")
    packed = payload.pack(str(sub), WANTED)
    assert [rel for rel, _ in packed.files] == ["answers.toml", "nn_lib.py", "src/nn_train.py", "work/homework.ipynb"]
    assert packed.sha256 == payload.digest(str(sub), WANTED)
    assert dict(packed.files)["src/nn_train.py"] == b"# src/nn_train.py\n"


def test_packing_a_huge_folder_stops_where_intake_stops_looking(tmp_path, monkeypatch):
    monkeypatch.setattr(intake.limits, "MAX_VISITED", 500)
    sub = _files(tmp_path / "dave", ["nn_lib.py", *(f"data/{i}.npy" for i in range(2_000)), "data/zz/nn_train.py"])
    assert [rel for rel, _ in payload.pack(str(sub), WANTED).files] == ["nn_lib.py"]
