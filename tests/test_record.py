"""Recording: deterministic, complete, and the hidden arrays never reach the handout."""
import os

import numpy as np

from autograder import npzio, paths, spec
from autograder.author import record
HW = spec.load()


def test_re_recording_reproduces_the_committed_expected_arrays(tmp_path):
    record.main(out_dir=str(tmp_path), handout_tests=None)
    for name in ("visible.npz", "hidden.npz"):
        fresh = npzio.load(str(tmp_path / name))
        committed = npzio.load(os.path.join(paths.EXPECTED, name))
        assert sorted(fresh) == sorted(committed), name
        for key in committed:
            assert fresh[key].shape == committed[key].shape and fresh[key].dtype == committed[key].dtype, key
            np.testing.assert_allclose(fresh[key], committed[key], rtol=1e-12, atol=1e-15, err_msg=key)


def test_every_case_has_recorded_outputs():
    expected = {**npzio.load(paths.VISIBLE_NPZ), **npzio.load(paths.HIDDEN_NPZ)}
    recorded = {k.split("/")[0] for k in expected}
    assert recorded == {c.id for c in HW.cases}


def test_hidden_arrays_are_only_in_the_autograder():
    hidden_ids = {c.id for c in HW.cases if not c.visible}
    assert {k.split("/")[0] for k in npzio.load(paths.HIDDEN_NPZ)} == hidden_ids
    assert not hidden_ids & {k.split("/")[0] for k in npzio.load(paths.HANDOUT_VISIBLE_NPZ)}


def test_npz_writer_is_byte_deterministic_and_refuses_objects(tmp_path):
    arrays = {"b/x": np.arange(3.0), "a/y": np.array(2.5), "c/z": np.array([[1, 2]], dtype=np.int64)}
    npzio.save(str(tmp_path / "1.npz"), arrays)
    npzio.save(str(tmp_path / "2.npz"), dict(reversed(list(arrays.items()))))
    assert (tmp_path / "1.npz").read_bytes() == (tmp_path / "2.npz").read_bytes()
    back = npzio.load(str(tmp_path / "1.npz"))
    assert back["a/y"].shape == () and back["c/z"].dtype == np.int64
    try:
        npzio.save(str(tmp_path / "3.npz"), {"o": np.array([object()])})
    except ValueError:
        pass
    else:
        raise AssertionError("object arrays must not be written")
    assert sorted(os.listdir(tmp_path)) == ["1.npz", "2.npz"]


def test_a_failing_reference_writes_nothing(tmp_path):
    source = tmp_path / "broken"
    source.mkdir()
    for name in os.listdir(paths.SOLUTION):
        text = open(os.path.join(paths.SOLUTION, name), encoding="utf-8").read()
        (source / name).write_text(text.replace("return X @ self.W + self.b", "raise ValueError('boom')"))
    out = tmp_path / "out"
    try:
        record.main(source=str(source), out_dir=str(out), handout_tests=None)
    except record.RecordError as exc:
        assert "q1.forward_small" in str(exc) and "ValueError: boom" in str(exc)
    else:
        raise AssertionError("a failing reference must stop the recording")
    assert not out.exists()
