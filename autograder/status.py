"""Exit codes of `python -m autograder`, documented in the README."""
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0                 # the verb did its job (a grade was produced, a check held)
    ERROR = 1              # an unexpected error in the autograder itself
    USAGE = 2              # bad command line
    BAD_SUBMISSION = 3     # the submission could not be read at all; results still written, scoring 0
    CHECK_FAILED = 4       # check / check-sync found a mismatch
    SOURCE_ERROR = 5       # the annotated source is malformed (marker error) or the reference failed a case
    INTERRUPTED = 130      # batch stopped by Ctrl-C: what was graded is recorded; the same command goes on
