"""Benchmark: grading the reference as a notebook against grading the same code as .py files.

Times, as wall clock of a fresh subprocess, interpreter start-up included:

  grade/py        `python -m autograder grade FOLDER`: the clean reference's nn_lib.py, nn_train.py, answers.toml;
  grade/notebook  `python -m autograder grade homework.ipynb`: the same code as the handout notebook is
                  laid out (its markdown, experiment cells and answers cell; built by
                  autograder.author.notebook from the reference files), nothing else submitted.

Both must score 100. The goal: a notebook costs at most 0.1 s more than the .py files (median of
the difference). To show where a notebook's cost went, it also times three ways of reading that
notebook into a module, each in a fresh `python -c` (imports included), against a bare `python -c pass`:

  read/nbconvert  nbformat.reads + nbconvert's PythonExporter (the intake before it had its own reader);
  read/nbformat   nbformat.reads alone (parsing and validating against the schema, no export);
  read/intake     autograder.engine.notebook_intake.convert (json and the standard library).

Every round runs each command once: the two grades back to back (which one first alternates from round
to round, so each pair saw the same machine), then the readers in an order rotated from round to round;
one warm-up round is run first and discarded. Prints medians, and the median of the pairs' differences;
writes them and every sample to bench/results/notebook.json.

Usage: python bench/notebook.py [--runs N]      (default 9, at least 5)
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
PY = sys.executable
GOAL_SECONDS = 0.1

READERS = {
    "read/nbconvert": "import nbformat, sys; from nbconvert import PythonExporter; "
                      "nb = nbformat.reads(open(sys.argv[1]).read(), as_version=4); PythonExporter().from_notebook_node(nb)",
    "read/nbformat": "import nbformat, sys; nbformat.reads(open(sys.argv[1]).read(), as_version=4)",
    "read/intake": "import sys; from autograder.engine import notebook_intake; "
                   "notebook_intake.convert(open(sys.argv[1], 'rb').read(), 'homework.ipynb')",
    "python/bare": "pass",
}


def make_submissions(tmp):
    """(folder of .py files, path of the notebook): the clean reference both ways."""
    from autograder import paths
    from autograder.author import assign, markers, notebook
    files = {}
    for name in ("nn_lib.py", "nn_train.py"):
        with open(os.path.join(paths.SOLUTION, name), encoding="utf-8") as fh:
            files[name] = markers.clean(fh.read(), name)
    files["answers.toml"] = assign.answers_toml(assign.written_questions(), assign.answer_key())
    folder = os.path.join(tmp, "py")
    os.mkdir(folder)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    with open(os.path.join(paths.SOLUTION, "experiments.py"), encoding="utf-8") as fh:
        experiments = markers.clean(fh.read(), "experiments.py")
    parts = [(n, files[n]) for n in ("nn_lib.py", "nn_train.py")] + [("experiments.py", experiments)]
    text = notebook.build(parts, "# The reference as a notebook", answers=("answers.toml", files["answers.toml"]))
    path = os.path.join(tmp, "homework.ipynb")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return folder, path


def commands(folder, nb_path):
    """[(label, argv)]."""
    cmds = [("grade/py", [PY, "-m", "autograder", "grade", folder]),
            ("grade/notebook", [PY, "-m", "autograder", "grade", nb_path])]
    cmds += [(label, [PY, "-c", code, nb_path]) for label, code in READERS.items() if _installed(label)]
    return cmds


def _installed(label):
    """read/nbconvert and read/nbformat need those packages, which the grader itself no longer does."""
    import importlib.util
    needs = {"read/nbconvert": "nbconvert", "read/nbformat": "nbformat"}.get(label)
    return needs is None or importlib.util.find_spec(needs) is not None


def time_one(label, argv):
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {label} exited {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    score = re.search(r"Score\s+([\d.]+) / ([\d.]+)", proc.stdout)
    if label.startswith("grade/") and (not score or score.group(1) != score.group(2)):
        sys.exit(f"bench: {label} did not score full marks:\n{proc.stdout[-3000:]}")
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured rounds (at least 5; default 9)")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    import numpy
    info = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "load_average_1min": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="nn-bench-notebook-") as tmp:
        cmds = commands(*make_submissions(tmp))
        samples = {label: [] for label, _ in cmds}
        grades, readers = cmds[:2], cmds[2:]
        for round_no in range(args.runs + 1):          # round 0 warms caches and is discarded
            k = round_no % len(readers)
            for label, cmd in grades[::(-1) ** round_no] + readers[k:] + readers[:k]:
                seconds = time_one(label, cmd)
                if round_no:
                    samples[label].append(seconds)
            print(f"round {round_no}/{args.runs}{' (warm-up)' if not round_no else ''} done", file=sys.stderr)
    median = {label: round(statistics.median(s), 4) for label, s in samples.items()}
    extra = statistics.median(nb - py for nb, py in zip(samples["grade/notebook"], samples["grade/py"]))
    bare = median["python/bare"]
    results = {"machine": info, "runs": args.runs, "goal_extra_s": GOAL_SECONDS, "median_s": median,
               "notebook_extra_s": round(extra, 4), "samples_s": samples}

    print(f"\nThe reference graded as .py files and as a notebook, median of {args.runs} runs ({info['date']}, "
          f"{info['nproc']} CPUs, Python {info['python']}, load {info['load_average_1min']})\n")
    print(f"{'grade, .py files':<34}{median['grade/py']:>8.3f} s")
    print(f"{'grade, notebook':<34}{median['grade/notebook']:>8.3f} s")
    verdict = "within" if extra <= GOAL_SECONDS else "OVER"
    print(f"{'notebook - .py (median of pairs)':<34}{extra:>+8.3f} s   ({verdict} the {GOAL_SECONDS} s goal)")
    print(f"\nreading the notebook into a module, in a fresh python (bare `python -c pass`: {bare:.3f} s)")
    for label in [r for r in ("read/nbconvert", "read/nbformat", "read/intake") if r in median]:
        print(f"{label:<34}{median[label]:>8.3f} s   ({median[label] - bare:+.3f} s over bare)")

    out = os.path.join(ROOT, "bench", "results", "notebook.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as fh:
        json.dump(results, fh, indent=1)
        fh.write("\n")
    print(f"\nwrote {os.path.relpath(out, ROOT)}")
    return 0 if extra <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
