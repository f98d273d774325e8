"""The mutation check (`python -m autograder mutants`): every declared mutant is applied alone to the
reference, graded, and must lose points; a mutant the cases miss fails the check with exit code 4."""
import os
import shutil
import subprocess
import sys

import pytest

from autograder import paths

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "second_homework")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=paths.ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A copy of the second homework with its expected arrays recorded."""
    folder = tmp_path_factory.mktemp("mutants") / "warmup"
    shutil.copytree(SOURCE, folder)
    done = _cli("record", "--homework", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def test_mutation_check_kills_both_mutants_of_the_second_homework(recorded):
    done = _cli("mutants", "--homework", str(recorded))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(l.startswith("killed") and "q1.std_over_rows" in l and "-40 pts" in l and "visible: q1.small" in l
               for l in lines)
    assert any(l.startswith("killed") and "q2.no_factor_two" in l and "visible: q2.backward_small" in l for l in lines)
    assert lines[-1] == "2/2 mutants killed, 2 by a visible case"


def test_a_mutant_that_loses_no_points_fails_the_check_with_exit_4(recorded, tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(recorded, folder)
    path = folder / "solution" / "warmup.py"
    text = path.read_text().replace(
        "        return 2 * self.X * dY  # SOLUTION Q2: return dX = 2 X dY, shape (N, D)\n",
        "        return 2 * self.X * dY  # SOLUTION Q2: return dX = 2 X dY, shape (N, D)\n"
        "        # MUTANT q2.same_thing: return self.X * dY * 2  | written another way, still right\n")
    path.write_text(text)
    done = _cli("mutants", "--homework", str(folder))
    assert done.returncode == 4, done.stdout + done.stderr
    assert any(l.startswith("SURVIVED") and "q2.same_thing" in l and "warmup.py:" in l for l in done.stdout.splitlines())
    assert done.stdout.splitlines()[-1] == "2/3 mutants killed, 2 by a visible case"


def test_a_malformed_mutant_stops_the_check_with_file_and_line(recorded, tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(recorded, folder)
    path = folder / "solution" / "warmup.py"
    path.write_text(path.read_text().replace("    mu = X.mean(axis=0, keepdims=True)\n",
                                             "    mu = X.mean(axis=0, keepdims=True)\n    # MUTANT q1.oops mu = 0\n"))
    done = _cli("mutants", "--homework", str(folder))
    assert done.returncode == 5, done.stdout + done.stderr
    assert done.stderr.startswith("error: solution/warmup.py:") and "malformed mutant" in done.stderr
