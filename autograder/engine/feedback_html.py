"""feedback.html: what a student may see of one grading, as one self-contained web page.

It is the student's version and follows the rule of everything a student sees (report.py): before grades
are published a student sees nothing derived from hidden cases, so the page holds only the visible cases:
their per-question table (visible points earned / visible points, totalled as "Visible cases"), each
visible case with its reason, the intake notes, and the visible training cases' plots; a line says
hidden cases are shown once grades are published. The instructor keeps report.txt, which has every case.

Self-contained: the plots are PNG data URIs, the style sheet is inline; no script, no external resource.
It reads on a phone (a viewport meta tag and one narrow column that tables and plots fit). Every text
that can carry content from a submission (case reasons, notes, the submission's name) is escaped.

`fragment(result, plots)` is the page's body, also results.json's top-level `output` (output_format
"html"); without the style sheet it still reads, since Gradescope may strip <style>. `page` wraps it.
"""
import base64
import html
import os

from . import report, scoring

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PLOT_KINDS = {"curves.png": "learning curves, yours and the reference's",
              "weights.png": "first-layer weights, yours and the reference's"}
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"     # no script, nothing fetched
NOTHING_GRADED = "Nothing was graded (see the note above): every case scores 0."

STYLE = """
*{box-sizing:border-box}
body{margin:0 auto;max-width:52rem;padding:1rem;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1b1b1b;background:#fff;overflow-wrap:anywhere}
h1{font-size:1.35rem;margin:.2rem 0 .4rem}
h2{font-size:1.1rem;margin:1.6rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #d0d7de}
.meta{color:#57606a;font-size:.85rem}
table{width:100%;border-collapse:collapse}
th,td{padding:.4rem .45rem;border-bottom:1px solid #e4e7ea;text-align:left;vertical-align:top}
thead th{font-size:.85rem;color:#57606a}
tfoot th{border-top:2px solid #8c959f;border-bottom:0}
.score{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.full .score{color:#1a7f37}
tr.short .score{color:#cf222e;font-weight:600}
.note{background:#fff8c5;border-left:4px solid #bf8700;padding:.5rem .75rem;margin:1rem 0}
ul{padding-left:1.2rem}
ul.failed{list-style:none;padding:0}
ul.failed li{border-left:4px solid #cf222e;background:#fff5f5;margin:.5rem 0;padding:.1rem .5rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font:.85rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:.3rem 0}
p.hint{margin:.2rem 0 .4rem;font-size:.9rem;color:#6e4b00}
ul.passed{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem}
ul.passed li{background:#dafbe1;border-radius:1rem;padding:.1rem .6rem;font-size:.85rem}
figure{margin:1rem 0}
img{max-width:100%;height:auto;border:1px solid #e4e7ea}
figcaption{font-size:.85rem;color:#57606a}
"""


def _e(text):
    """text, escaped for HTML element content and attribute values."""
    return html.escape(str(text), quote=True)


def _questions(result):
    from .. import spec
    return [(q.id, q.title, q.points) for q in (result.homework or spec.load()).questions]


def _table(visible, questions):
    rows = scoring.per_question(visible, questions)
    body = [f'<tr class="{"full" if score == possible else "short"}"><td>{_e(qid)} {_e(title)}</td>'
            f'<td class="score">{_e(scoring.fmt(score))} / {_e(scoring.fmt(possible))}</td><td>{_e(status)}</td></tr>'
            for qid, title, score, possible, status in rows]
    earned, possible = sum(r[2] for r in rows), sum(r[3] for r in rows)
    return ("<table><thead><tr><th>Question</th><th class=\"score\">Score</th><th>Status</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody><tfoot><tr><th>{_e(report.VISIBLE_TITLE)}</th>"
            f'<th class="score">{_e(scoring.fmt(earned))} / {_e(scoring.fmt(possible))}</th><th></th></tr></tfoot></table>')


def _cases(result, visible):
    """The visible cases not passed, each with its reason in full and its hint, then the visible cases passed."""
    if getattr(result, "unreadable", ""):
        return [f"<p>{_e(NOTHING_GRADED)}</p>"]
    failed = [r for r in visible if not r.passed]
    passed = [r for r in visible if r.passed]
    out = []
    if failed:
        out += ["<h2>Visible cases not passed</h2>", '<ul class="failed">']
        out += [f"<li><pre>{_e(report.case_line(r))}</pre>"
                + "".join(f'<p class="hint">{_e(h)}</p>' for h in report.hint_lines(r)) + "</li>" for r in failed]
        out.append("</ul>")
    if passed:
        out += ["<h2>Visible cases passed</h2>", '<ul class="passed">']
        out += [f"<li>{_e(r.id)} ({_e(scoring.fmt(r.points))} pt)</li>" for r in passed]
        out.append("</ul>")
    return out


def _plot_caption(name, visible):
    """The caption of plot file `name` when it is exactly a visible case's plot ('q10_train_curves.png'
    for case q10.train), else None: a picture of anything else is never shown."""
    for r in visible:
        for kind, words in PLOT_KINDS.items():
            if name == f"{r.id.replace('.', '_')}_{kind}":
                return f"{r.id}: {words}"
    return None


def _figures(plots, visible):
    out = []
    for name, data in sorted((plots or {}).items()):
        caption = _plot_caption(name, visible)
        if caption is None or not bytes(data).startswith(PNG_SIGNATURE):
            continue
        uri = "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")
        out.append(f'<figure><img src="{uri}" alt="{_e(caption)}" style="max-width:100%;height:auto">'
                   f"<figcaption>{_e(caption)}</figcaption></figure>")
    return ["<h2>Training plots</h2>"] + out if out else []


def title(result):
    """The page's title: 'Feedback on <the submission's file or folder name>'."""
    return f"Feedback on {os.path.basename(os.path.normpath(result.submission))}"


def fragment(result, plots=None):
    """The student's feedback as HTML markup without a document around it. result: a grade.GradeResult;
    plots: {file name: PNG bytes} as plots.save_case_plots names them; only a visible case's are shown."""
    visible = [r for r in result.results if r.visible]
    out = [f"<h1>{_e(title(result))}</h1>",
           f'<p class="meta">Graded in {result.seconds:.1f} s; isolation: {_e(report.isolation_text(result.isolation))}</p>']
    if result.messages:
        out += ["<ul>"] + [f"<li>note: {_e(m)}</li>" for m in result.messages] + ["</ul>"]
    out += ["<h2>Visible cases, per question</h2>", _table(visible, _questions(result))]
    if len(visible) < len(result.results):
        out.append(f'<p class="note">{_e(report.HIDDEN_NOTE)}</p>')
    out += _cases(result, visible)
    out += _figures(plots, visible)
    return "\n".join(out)


def page(result, plots=None):
    """feedback.html: fragment(result, plots) as a whole HTML document (UTF-8, viewport, inline style)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
            f"<title>{_e(title(result))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"{fragment(result, plots)}\n</body>\n</html>\n")


def write(result, path, plots=None):
    """Write page(result, plots) to path (UTF-8) atomically: a reader never sees half a page."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.tmp{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(page(result, plots))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
