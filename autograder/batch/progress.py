"""The progress bar of a batch: tqdm on stderr, only when stderr is a terminal (never in a log or a pipe)."""
import sys


def terminal_bar(quiet=False):
    """A factory total -> bar (with update(n) and close()), or None: when quiet, when stderr is not a
    terminal, or when tqdm is not installed."""
    if quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return lambda total: tqdm(total=total, unit="submission", desc="grading", file=sys.stderr, dynamic_ncols=True)
