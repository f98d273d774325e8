"""Grade as the (non-root) user this runs as, the way tests/hostile/levels.py asks, and print a JSON summary.

python -m tests.hostile.grade_as_user REQUEST.json: {"submission", "cases": {id: timeout}, "expected_dir",
"out", "reference", "reference_expected_dir"}. Grades the submission against expected_dir, writes
out/results.json as the autograder does, then grades the reference (the next correct submission
on this machine, unless reference is null) against reference_expected_dir.
"""
import dataclasses
import json
import sys

from tests.hostile.levels import summary
from autograder import spec
from autograder.engine import grade, report
HW = spec.load()


def main(path):
    with open(path) as fh:
        request = json.load(fh)
    selected = [dataclasses.replace(HW.by_id[cid], timeout=t) for cid, t in request["cases"].items()]
    result = grade.grade(request["submission"], selected, grade.load_expected(request["expected_dir"]))
    report.write_json(result, request["out"] + "/results.json")
    after = None
    if request["reference"]:
        after = grade.grade(request["reference"], selected, grade.load_expected(request["reference_expected_dir"]))
    json.dump(summary(result, after), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
