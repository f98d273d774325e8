"""Intake: only the expected files, taken safely from zips and folders, whatever else is beside them."""
import json
import os
import stat
import zipfile

import pytest

from autograder.engine import intake

ANSWERS = ("answers.toml", "a1 = 1\n")      # one expected file, so that the intake has something to grade
EXPECTED = "expected nn_lib.py, nn_train.py and answers.toml, or a notebook (.ipynb)"


def _zip(path, entries):
    """entries: [(name, data) or (ZipInfo, data)]."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return str(path)


def _take(tmp_path, source):
    folder = tmp_path / "taken"
    folder.mkdir()
    return intake.take(source, str(folder)), folder


def _files(folder, names):
    """Create the files names (paths below folder) with a line of code each; returns folder as a str."""
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {name}\n")
    return str(folder)


def _notebook(code):
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "metadata": {}, "source": code, "outputs": [],
                                  "execution_count": None}]})


def test_only_expected_file_names_are_taken(tmp_path):
    src = _zip(tmp_path / "s.zip", [("nn_lib.py", "x = 1\n"), ("numpy.py", "boom"), ("conftest.py", "boom"),
                                     ("sitecustomize.py", "boom"), ANSWERS])
    result, folder = _take(tmp_path, src)
    assert sorted(os.listdir(folder)) == ["answers.toml", "nn_lib.py"]
    assert result.missing() == ["nn_train.py"]
    assert any("nn_train.py is missing" in m for m in result.messages)
    assert result.ignored == 3 and "ignored 3 other entries (numpy.py, conftest.py, sitecustomize.py)" in result.messages


@pytest.mark.parametrize("name", ["../nn_lib.py", "/tmp/nn_lib.py", "a/../../nn_lib.py", "C:/nn_lib.py"])
def test_unsafe_paths_are_skipped_and_nothing_is_written_outside(tmp_path, name):
    src = _zip(tmp_path / "s.zip", [(name, "evil = 1\n"), ANSWERS])
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == ["answers.toml"] and not (tmp_path / "nn_lib.py").exists()
    if not name.startswith("C:"):
        assert any("unsafe path" in m for m in result.messages)


def test_symlink_entries_are_skipped(tmp_path):
    info = zipfile.ZipInfo("nn_lib.py")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    src = _zip(tmp_path / "s.zip", [(info, "/etc/passwd"), ANSWERS])
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == ["answers.toml"] and any("symbolic link" in m for m in result.messages)


def test_zip_bomb_is_capped(tmp_path):
    src = str(tmp_path / "s.zip")
    with zipfile.ZipFile(src, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nn_lib.py", b"#" * (intake.limits.MAX_FILE_BYTES + 10))
        zf.writestr(*ANSWERS)
    assert os.path.getsize(src) < 100_000
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == ["answers.toml"] and any("larger than" in m for m in result.messages)


def test_zip_with_a_virtualenv_inside_is_graded_from_the_expected_files(tmp_path):
    """41,210 other entries (a zipped virtualenv and a data folder) cost nothing but a count in the report."""
    path = tmp_path / "with_venv.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name in ("nn_lib.py", "nn_train.py", "answers.toml"):
            zf.writestr(f"hw/{name}", f"# {name}\n")
        for i in range(40_000):
            zf.writestr(f"hw/.venv/lib/python3.11/site-packages/pkg{i // 100}/module{i % 100}.py", b"")
        for i in range(1_210):
            zf.writestr(f"hw/data/sample{i}.npy", b"")
    result, folder = _take(tmp_path, str(path))
    assert sorted(os.listdir(folder)) == ["answers.toml", "nn_lib.py", "nn_train.py"]
    assert (folder / "nn_lib.py").read_text() == "# nn_lib.py\n"
    assert result.ignored == 41_210
    assert "ignored 41,210 other entries (.venv/, data/)" in result.messages


def test_central_directory_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(intake.limits, "MAX_DIRECTORY_BYTES", 64 << 10)
    path = tmp_path / "huge.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(*ANSWERS)
        for i in range(3_000):                                  # 3,000 * (46 + 30) bytes: over 128 KiB
            zf.writestr(f"data/{i:025d}.npy", b"")
    read = []
    real_read = intake.zip_reader.BoundedFile.read
    monkeypatch.setattr(intake.zip_reader.BoundedFile, "read", lambda self, size=-1: read.append(size) or real_read(self, size))
    with pytest.raises(intake.SubmissionError) as caught:
        _take(tmp_path, str(path))
    assert str(caught.value) == ("huge.zip: its list of entries (the zip's central directory) is over 0.0625 MiB, too many "
                                 "to read: zip only nn_lib.py, nn_train.py and answers.toml, or a notebook (.ipynb)")
    assert max(read) > 128 << 10 and sum(s for s in read if s != max(read)) < 70_000   # refused, not read


def test_central_directory_under_the_limit_is_read(tmp_path):
    path = tmp_path / "ok.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(*ANSWERS)
        zf.writestr("x" * 60_000, b"")                   # a 60 kB name: the end records are searched past it
    result, folder = _take(tmp_path, str(path))
    assert os.listdir(folder) == ["answers.toml"] and result.ignored == 1


def test_many_copies_of_a_file_are_reported_in_one_short_message(tmp_path):
    src = _zip(tmp_path / "s.zip", [(f"copy{i:04d}/nn_lib.py", f"v = {i}\n") for i in range(5_000)])
    result, folder = _take(tmp_path, src)
    assert (folder / "nn_lib.py").read_text() == "v = 0\n"
    [line] = [m for m in result.messages if "several copies" in m]
    assert line == ("nn_lib.py: several copies found; graded 'copy0000/nn_lib.py', ignored 'copy0001/nn_lib.py', "
                    "'copy0002/nn_lib.py', 'copy0003/nn_lib.py' and 4,996 more")
    assert result.ignored == 4_999


def test_only_the_shallowest_notebook_is_taken(tmp_path):
    entries = [("hw/homework.ipynb", _notebook("x = 1\n")), ("hw/old/draft.ipynb", _notebook("x = 2\n")),
               ("hw/.ipynb_checkpoints/homework-checkpoint.ipynb", _notebook("x = 3\n"))]
    entries += [(f"hw/lectures/week{i}.ipynb", _notebook("y = 0\n")) for i in range(2_000)]
    result, folder = _take(tmp_path, _zip(tmp_path / "s.zip", entries))
    assert result.notebook_name == "homework.ipynb" and "x = 1" in (folder / "nn_lib.py").read_text()
    assert not [n for n in os.listdir(folder) if n.endswith(".ipynb")]
    assert "only one notebook is graded, 'hw/homework.ipynb': ignored 'hw/lectures/week0.ipynb', " \
           "'hw/lectures/week1.ipynb', 'hw/lectures/week10.ipynb' and 1,998 more" in result.messages


def test_files_in_hidden_folders_of_a_zip_are_not_taken(tmp_path):
    src = _zip(tmp_path / "s.zip", [(".venv/nn_lib.py", "v = 1\n"), ANSWERS])
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == ["answers.toml"] and result.missing() == ["nn_lib.py", "nn_train.py"]


def test_nested_zip_is_not_opened(tmp_path):
    inner = _zip(tmp_path / "inner.zip", [("nn_lib.py", "x = 1\n")])
    src = _zip(tmp_path / "s.zip", [("inner.zip", open(inner, "rb").read()), ANSWERS])
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == ["answers.toml"] and any("nested archives" in m for m in result.messages)


def test_shallowest_copy_wins_and_the_choice_is_reported(tmp_path):
    src = _zip(tmp_path / "s.zip", [("hw/nn_lib.py", "a = 1\n"), ("hw/old/nn_lib.py", "a = 2\n")])
    result, folder = _take(tmp_path, src)
    assert (folder / "nn_lib.py").read_text() == "a = 1\n"
    assert any("taken from the folder 'hw/'" in m for m in result.messages)


@pytest.mark.parametrize("entries", [[], [("README.md", "hi"), ("data/x.npy", "")], [("__MACOSX/._nn_lib.py", "")]],
                         ids=["empty", "only_other_files", "only_mac_metadata"])
def test_zip_with_nothing_to_grade_is_refused_in_one_line_naming_the_expected_files(tmp_path, entries):
    with pytest.raises(intake.SubmissionError) as caught:
        _take(tmp_path, _zip(tmp_path / "s.zip", entries))
    line = str(caught.value)
    assert line.startswith(f"nothing to grade in s.zip: {EXPECTED}") and "\n" not in line
    if len(entries) == 2:
        assert line.endswith("; ignored 2 other entries (README.md, data/)")


def test_zip_of_only_skipped_entries_is_refused_saying_why(tmp_path):
    with pytest.raises(intake.SubmissionError) as caught:
        _take(tmp_path, _zip(tmp_path / "s.zip", [("../nn_lib.py", "x = 1\n")]))
    assert str(caught.value) == f"nothing to grade in s.zip: {EXPECTED}; skipped: ../nn_lib.py (unsafe path)"


def test_empty_folder_is_refused_in_one_line(tmp_path):
    empty = tmp_path / "submission"
    empty.mkdir()
    with pytest.raises(intake.SubmissionError) as caught:
        _take(tmp_path, str(empty))
    assert str(caught.value) == f"nothing to grade in submission: {EXPECTED}"


def test_missing_path_is_refused_saying_what_was_expected(tmp_path):
    with pytest.raises(intake.SubmissionError) as caught:
        _take(tmp_path, str(tmp_path / "nothing.zip"))
    assert str(caught.value) == (f"{tmp_path / 'nothing.zip'} does not exist: expected a .zip or a folder holding "
                                 "nn_lib.py, nn_train.py and answers.toml, or a notebook (.ipynb)")


def test_file_that_is_not_a_zip_is_refused_saying_what_was_expected(tmp_path):
    path = tmp_path / "nn_lib.py"
    path.write_text("x = 1\n")
    with pytest.raises(intake.SubmissionError, match="nn_lib.py is not a readable zip file .*: expected a .zip or a "
                                                     "folder holding nn_lib.py, nn_train.py and answers.toml"):
        _take(tmp_path, str(path))


def test_folder_with_a_virtualenv_and_data_is_graded_from_the_expected_files(tmp_path):
    sub = tmp_path / "sub"
    _files(sub, ["nn_lib.py", "nn_train.py", "answers.toml", ".venv/lib/nn_lib.py", "venv/bin/python3",
                 *(f"venv/lib/python3.11/site-packages/pkg{i}/m.py" for i in range(50)),
                 *(f"data/train/{i}.npy" for i in range(3_000))])
    result, folder = _take(tmp_path, str(sub))
    assert sorted(os.listdir(folder)) == ["answers.toml", "nn_lib.py", "nn_train.py"]
    assert (folder / "nn_lib.py").read_text() == "# nn_lib.py\n"
    # .venv/ is not entered; site-packages is MAX_DEPTH deep, so its 50 folders are counted, not entered
    assert result.ignored == 1 + 1 + 50 + 3_000
    assert result.messages == ["ignored 3,052 other entries (.venv/, data/, venv/)"]


def test_folder_search_stops_at_the_entry_limit_and_grades_what_it_found(tmp_path, monkeypatch):
    monkeypatch.setattr(intake.limits, "MAX_VISITED", 500)
    sub = _files(tmp_path / "sub", ["nn_lib.py", "answers.toml", *(f"data/{i}.npy" for i in range(2_000)),
                                    "data/zz/nn_train.py"])
    result, folder = _take(tmp_path, sub)
    assert sorted(os.listdir(folder)) == ["answers.toml", "nn_lib.py"]
    assert "stopped looking after 500 entries: files further in the folder were not searched" in result.messages


def test_shallowest_copy_in_a_folder_wins(tmp_path):
    sub = _files(tmp_path / "sub", ["hw/old/nn_lib.py", "hw/nn_lib.py", "hw/answers.toml"])
    result, folder = _take(tmp_path, sub)
    assert (folder / "nn_lib.py").read_text() == "# hw/nn_lib.py\n"
    assert "nn_lib.py: taken from the folder 'hw/'" in result.messages
    assert "ignored 1 other entry (old/)" in result.messages


def test_folder_symlinks_are_not_followed(tmp_path):
    sub = tmp_path / "sub"
    _files(sub, ["answers.toml"])
    secret = tmp_path / "secret.py"
    secret.write_text("s = 1\n")
    os.symlink(secret, sub / "nn_lib.py")
    result, folder = _take(tmp_path, str(sub))
    assert os.listdir(folder) == ["answers.toml"]
    assert "skipped: nn_lib.py (symbolic link)" in result.messages


def test_fifo_named_like_a_student_file_is_skipped_without_blocking(tmp_path):
    sub = tmp_path / "sub"
    _files(sub, ["answers.toml"])
    os.mkfifo(sub / "nn_lib.py")
    result, folder = _take(tmp_path, str(sub))
    assert os.listdir(folder) == ["answers.toml"]
    assert "skipped: nn_lib.py (not a regular file)" in result.messages
