"""`python -m autograder VERB ...` and the console command `nn-autograder VERB ...` (pyproject's [project.scripts])."""
import os
import sys

from .cli import COMMAND, PROG, main


def _run(prog):
    code = main(prog=prog)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)   # everything is written and closed by now: skip the interpreter's teardown of numpy (~20 ms)


def console():
    """The console command's entry point."""
    _run(COMMAND)


if __name__ == "__main__":
    _run(PROG)
