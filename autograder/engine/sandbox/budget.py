"""How long each case of one grading may run: calibrated from the reference's recorded time, and cut
short for a function already seen hanging.

`record` stores, for every case the worker runs, the reference's time rounded up to a power of two
(`seconds`) and the functions of the submitted files the reference called (`calls`), in the homework's
expected/timing.json. For each case of a grading, with `seconds` its recorded time:

    ceiling(case) = min(case.timeout, max(FLOOR_S, FACTOR * seconds))
    short(case)   = min(ceiling(case), max(SHORT_FLOOR_S, SHORT_FACTOR * seconds))

A function is *suspect* once a case whose reference run called it has timed out in this grading while
no case whose reference run called it has come back with outputs (status 'ok'). A case whose reference
run calls a suspect function gets short(case); every other case gets ceiling(case). A visible case
looks only at the visible cases' outcomes, so what a student sees before grades are published
depends on nothing hidden.

What the worker says can only lower its own score: ceiling(case) comes from the recording and the
case table alone, and nothing raises a limit above it. A worker that hangs on purpose, or claims
'timeout', only shortens its own later cases; one that claims 'ok' only gets ceiling(case) back. The
worker's timings are never read. A correct submission never times out, so it always gets
ceiling(case): at least FLOOR_S seconds and FACTOR times the reference's time, unless the case's own
timeout is lower. Without timing.json (an older recording), or where the grader may not read it, every
case gets its declared timeout.
"""
import json
import math
import os

from ... import spec

FLOOR_S = 3.0           # no calibrated limit is below this (the case's own timeout may be)
FACTOR = 100.0          # times the reference's recorded (rounded-up) time
SHORT_FLOOR_S = 1.0     # a case calling a function already seen hanging: at least this
SHORT_FACTOR = 3.0      # ... and this many times the reference's time
BUCKET_MIN_S = 1 / 64   # the smallest recorded time: every case faster than ~16 ms records this
TIMING_ABOUT = ("written by `python -m autograder record`: per case the reference's time rounded up to a power "
                "of two, and the submitted functions it called; read by autograder/engine/sandbox/budget.py")


def bucket(seconds):
    """seconds rounded up to a power of two, at least BUCKET_MIN_S: coarse, so re-recording seldom moves it."""
    if not seconds > BUCKET_MIN_S:         # also NaN
        return BUCKET_MIN_S
    return 2.0 ** math.ceil(math.log2(seconds))


def save_timing(path, timing):
    """Write {case id: (seconds, calls)} to path as JSON, atomically; the same timing gives the same bytes."""
    cases = {cid: {"calls": sorted(set(calls)), "seconds": bucket(seconds)}
             for cid, (seconds, calls) in timing.items()}
    text = json.dumps({"about": TIMING_ABOUT, "cases": cases}, indent=1, sort_keys=True) + "\n"
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def load_timing(path):
    """{case id: (seconds, frozenset of calls)} from a timing.json; {} when there is none, or when this user may
    not read it (a grader given its expected arrays by its caller): the declared timeouts then apply."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (FileNotFoundError, PermissionError):
        return {}
    except (OSError, ValueError) as exc:
        raise spec.HomeworkError(f"{path} cannot be read ({exc}): re-record it with `python -m autograder record`")
    timing = {}
    cases = data.get("cases") if isinstance(data, dict) else None
    for cid, entry in (cases.items() if isinstance(cases, dict) else [(None, None)]):
        seconds = entry.get("seconds") if isinstance(entry, dict) else None
        calls = entry.get("calls") if isinstance(entry, dict) else None
        if (type(seconds) not in (int, float) or not math.isfinite(seconds) or seconds <= 0
                or not isinstance(calls, list) or not all(isinstance(c, str) for c in calls)):
            raise spec.HomeworkError(f"{path}: case {cid!r} needs a positive 'seconds' and a list of 'calls': "
                                     "re-record it with `python -m autograder record`")
        timing[cid] = (bucket(seconds), frozenset(calls))
    return timing


class Budget:
    """The wall-clock limits of one grading's cases; see the module's docstring for the rule.

    ceilings: {case id: seconds}, the most each case may ever get; reference: {case id: recorded seconds};
    calls: {case id: set of 'file.py:Qualified.name'} the reference called; visible: the visible case ids.
    A plain Budget(ceilings) gives every case its ceiling."""

    def __init__(self, ceilings, reference=None, calls=None, visible=()):
        self.ceilings = {cid: float(t) for cid, t in ceilings.items()}
        self.reference = dict(reference or {})
        self.calls = {cid: frozenset(names) for cid, names in (calls or {}).items()}
        self.visible = frozenset(visible)

    @classmethod
    def for_cases(cls, cases, timing_file):
        """The budget of spec.Case list `cases`, calibrated with the recording in timing_file (if there is one)."""
        recorded = load_timing(timing_file)
        ceilings, reference, calls = {}, {}, {}
        for case in cases:
            ceilings[case.id] = case.timeout
            if case.id in recorded:
                reference[case.id], calls[case.id] = recorded[case.id]
                ceilings[case.id] = min(case.timeout, max(FLOOR_S, FACTOR * reference[case.id]))
        return cls(ceilings, reference, calls, [c.id for c in cases if c.visible])

    def ceiling(self, cid):
        return self.ceilings[cid]

    def suspects(self, outcomes, visible_only=False):
        """{function: how many timed-out cases call it} for the functions that a timed-out case of outcomes
        ({case id: Outcome}) calls in the reference and no case that came back 'ok' does; with visible_only,
        from the visible cases' outcomes alone."""
        hung, returned = {}, set()
        for cid, outcome in outcomes.items():
            if visible_only and cid not in self.visible:
                continue
            if outcome.status == "timeout":
                for name in self.calls.get(cid, ()):
                    hung[name] = hung.get(name, 0) + 1
            elif outcome.status == "ok":
                returned |= self.calls.get(cid, frozenset())
        return {name: n for name, n in hung.items() if name not in returned}

    def limit(self, cid, outcomes):
        """(seconds, why) for case cid, given the outcomes so far; why is '' or says why the limit is shorter."""
        ceiling = self.ceilings[cid]
        suspects = self.suspects(outcomes, cid in self.visible)
        hung = {name: suspects[name] for name in self.calls.get(cid, ()) if name in suspects}
        short = min(ceiling, max(SHORT_FLOOR_S, SHORT_FACTOR * self.reference.get(cid, ceiling)))
        if not hung or short >= ceiling:
            return ceiling, ""
        most = max(hung.values())        # named: the functions most of the hung cases call
        names = sorted(name for name, n in hung.items() if n == most)
        shown = " or ".join(names[:3]) + (f" (or {len(names) - 3} more)" if len(names) > 3 else "")
        return short, f" (shortened: it calls {shown}, as did a case that hung earlier)"
