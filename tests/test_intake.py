"""Intake: only the expected files, taken safely from zips and folders."""
import os
import stat
import zipfile

import pytest

from autograder.engine import intake


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


def test_only_expected_file_names_are_taken(tmp_path):
    src = _zip(tmp_path / "s.zip", [("nn_lib.py", "x = 1\n"), ("numpy.py", "boom"), ("conftest.py", "boom"),
                                     ("sitecustomize.py", "boom"), ("answers.toml", "a1 = 1\n")])
    result, folder = _take(tmp_path, src)
    assert sorted(os.listdir(folder)) == ["answers.toml", "nn_lib.py"]
    assert result.missing() == ["nn_train.py"]
    assert any("nn_train.py is missing" in m for m in result.messages)


@pytest.mark.parametrize("name", ["../nn_lib.py", "/tmp/nn_lib.py", "a/../../nn_lib.py", "C:/nn_lib.py"])
def test_unsafe_paths_are_skipped_and_nothing_is_written_outside(tmp_path, name):
    src = _zip(tmp_path / "s.zip", [(name, "evil = 1\n")])
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == [] and not (tmp_path / "nn_lib.py").exists()
    if not name.startswith("C:"):
        assert any("unsafe path" in m for m in result.messages)


def test_symlink_entries_are_skipped(tmp_path):
    info = zipfile.ZipInfo("nn_lib.py")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    src = _zip(tmp_path / "s.zip", [(info, "/etc/passwd")])
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == [] and any("symbolic link" in m for m in result.messages)


def test_zip_bomb_is_capped(tmp_path):
    src = _zip(tmp_path / "s.zip", [])
    with zipfile.ZipFile(src, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nn_lib.py", b"#" * (intake.MAX_FILE_BYTES + 10))
    assert os.path.getsize(src) < 100_000
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == [] and any("larger than" in m for m in result.messages)


def test_too_many_entries_is_refused(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(intake.MAX_ENTRIES + 1):
            zf.writestr(f"f{i}", b"")
    with pytest.raises(intake.SubmissionError, match="entries"):
        _take(tmp_path, str(path))


def test_nested_zip_is_not_opened(tmp_path):
    inner = _zip(tmp_path / "inner.zip", [("nn_lib.py", "x = 1\n")])
    src = _zip(tmp_path / "s.zip", [("inner.zip", open(inner, "rb").read())])
    result, folder = _take(tmp_path, src)
    assert os.listdir(folder) == [] and any("nested archives" in m for m in result.messages)


def test_shallowest_copy_wins_and_the_choice_is_reported(tmp_path):
    src = _zip(tmp_path / "s.zip", [("hw/nn_lib.py", "a = 1\n"), ("hw/old/nn_lib.py", "a = 2\n")])
    result, folder = _take(tmp_path, src)
    assert (folder / "nn_lib.py").read_text() == "a = 1\n"
    assert any("taken from the folder 'hw/'" in m for m in result.messages)


def test_folder_symlinks_are_not_followed(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    secret = tmp_path / "secret.py"
    secret.write_text("s = 1\n")
    os.symlink(secret, sub / "nn_lib.py")
    result, folder = _take(tmp_path, str(sub))
    assert os.listdir(folder) == []
