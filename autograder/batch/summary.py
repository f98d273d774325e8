"""The end of a batch in a few lines: counts by status, mean and median per question, the slowest
submissions and a histogram of totals, as text (printed, and kept in OUT/summary.txt) and as a PNG
(OUT/histogram.png, where matplotlib is installed). Counts are per submission, not per student."""
import os
import statistics

from . import merge

BINS, BAR, SLOWEST = 10, 40, 5


def _fmt(x):
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x)}"


def complete_totals(standings, hw):
    """The totals of the submissions graded on every question."""
    qids = hw.question_ids()
    return [sum(st.score(q) for q in qids) for st in standings.values() if not st.missing(qids)]


def histogram(totals, maximum, bins=BINS):
    """[(low, high, count)]: bins equal slices of [0, maximum], the last one holding maximum itself."""
    width = maximum / bins if maximum else 1
    counts = [0] * bins
    for t in totals:
        counts[min(int(t / width), bins - 1) if t > 0 else 0] += 1
    return [(i * width, (i + 1) * width, c) for i, c in enumerate(counts)]


def text(standings, hw, run=None):
    """The summary; run: {"graded", "skipped", "seconds", "where", "warnings"} of this run, if any."""
    qids, maximum = hw.question_ids(), sum(q.points for q in hw.questions)
    subs = list(standings.values())
    students = sum(len(st.students) or 1 for st in subs)
    lines = []
    if run:
        lines.append(f"{len(subs)} submissions ({students} students): {run['graded']} graded now, {run['skipped']} "
                     f"unchanged and skipped, in {run['seconds']:.1f} s on {run['where']}")
    else:
        lines.append(f"{len(subs)} submissions ({students} students)")
    counts = {s: 0 for s in merge.STATUSES}
    for st in subs:
        counts[st.status] += 1
    incomplete = sum(1 for st in subs if st.missing(qids))
    lines.append("status: " + ", ".join(f"{s} {n}" for s, n in counts.items())
                 + (f"; {incomplete} not graded on every question" if incomplete else ""))
    lines += ["", "per question (over the submissions graded on it):"]
    width = max(len(q.title) for q in hw.questions)
    for q in hw.questions:
        scores = [st.score(q.id) for st in subs if st.graded(q.id)]
        if scores:
            lines.append(f"  {q.id:<4} {q.title:<{width}}  mean {_fmt(statistics.fmean(scores)):>5}  median "
                         f"{_fmt(statistics.median(scores)):>5}  of {_fmt(q.points):<3} (n={len(scores)})")
        else:
            lines.append(f"  {q.id:<4} {q.title:<{width}}  not graded yet")
    totals = complete_totals(standings, hw)
    if totals:
        lines.append(f"  {'':4} {'Total':<{width}}  mean {_fmt(statistics.fmean(totals)):>5}  median "
                     f"{_fmt(statistics.median(totals)):>5}  of {_fmt(maximum):<3} (n={len(totals)})")
    slow = sorted(subs, key=lambda st: (-st.seconds, st.key))[:SLOWEST]
    if slow:
        lines += ["", "slowest:"]
        key_width = max(len(st.key) for st in slow)
        lines += [f"  {st.key:<{key_width}}  {st.seconds:6.1f} s  {st.status}" for st in slow]
    if totals:
        bins = histogram(totals, maximum)
        top = max(c for _, _, c in bins)
        lines += ["", "totals:"]
        for low, high, count in bins:
            bar = "#" * round(BAR * count / top) if top else ""
            lines.append(f"  {_fmt(low):>5} to {_fmt(high):<5} {bar} {count}")
    for warning in (run or {}).get("warnings", []):
        lines.append(f"warning: {warning}")
    return "\n".join(lines)


def histogram_png(standings, hw, path):
    """Draw the histogram of complete totals into path. Returns None, or why nothing was drawn."""
    totals = complete_totals(standings, hw)
    if not totals:
        return "no histogram.png: no submission is graded on every question yet"
    try:
        import matplotlib
    except ImportError:
        return "no histogram.png: it needs matplotlib (pip install matplotlib)"
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    maximum = sum(q.points for q in hw.questions)
    bins = histogram(totals, maximum)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.bar([low for low, _, _ in bins], [c for _, _, c in bins], width=maximum / BINS, align="edge",
           color="C0", edgecolor="white")
    ax.set_xlim(0, maximum)
    ax.set_xlabel(f"total (of {_fmt(maximum)})")
    ax.set_ylabel("submissions")
    ax.set_title(f"{hw.title}: totals of {len(totals)} submissions")
    fig.tight_layout()
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp{os.getpid()}.png")
    try:
        fig.savefig(tmp, dpi=80)
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.remove(tmp)
    return None
