"""feedback.html: a page a student opens, on a phone too, that shows the visible cases only, escapes what a
submission wrote, embeds the training plots, and renders in a real browser (headless Chromium)."""
import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import numpy as np
import pytest

from autograder import spec
from autograder.engine import feedback_html, html_text, report, student_view
from autograder.engine.grade import GradeResult
from autograder.engine.scoring import CaseResult
from tests.fixtures import submissions

HW = spec.load()
HOSTILE = "<script>document.title='PWNED'</script> & <b>not bold</b> \"quoted\""
MOMENTUM = "v = self.momentum * v - self.lr * g"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


class _Elements(HTMLParser):
    """Every element's tag and attributes, in document order."""

    def __init__(self, markup):
        super().__init__()
        self.found = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _made_up_result():
    """A grading of two Q1 cases (one visible passed, one visible crashed with a hostile message) and a
    hidden Q1 case that failed with a reason of its own."""
    results = [
        CaseResult("q1.forward_small", "Q1", 1.5, 1.5, "passed", True, "passed"),
        CaseResult("q1.backward_small", "Q1", 1.5, 0.0, "error", True, f"raised an exception: ValueError: {HOSTILE}"),
        CaseResult("q1.hidden_wide_batch", "Q1", 2.0, 0.0, "failed", False, "dX: wrong values (SECRET-REASON)"),
    ]
    return GradeResult("alice<img src=x>.zip", results, ["note from intake: <i>alice</i>"], {}, seconds=1.25,
                       homework=HW)


def test_page_shows_visible_cases_only_and_says_hidden_ones_come_after_publication():
    page = feedback_html.page(_made_up_result())
    seen = html_text.text(page)
    assert "q1.forward_small" in seen and "q1.backward_small" in seen
    assert "hidden_wide_batch" not in page and "SECRET-REASON" not in page
    assert re.search(r"^Q1 Linear layer  1\.5 / 3  1/2 passed \(error\)$", seen, re.M), seen
    assert re.search(r"^Visible cases  1\.5 / 3$", seen, re.M), "the total counts visible cases only"
    assert not re.search(r"\b1\.5 / 5\b", seen), "a score including the hidden case is shown"
    assert report.HIDDEN_NOTE in seen


def test_hostile_exception_text_is_escaped_and_runs_no_script():
    page = feedback_html.page(_made_up_result())
    tags = [tag for tag, _ in _Elements(page).found]
    assert "script" not in tags and "b" not in tags and "i" not in tags
    assert tags.count("img") == 0, "the submission's name is not markup"
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt; &amp; &lt;b&gt;" in page
    seen = html_text.text(page)
    assert HOSTILE in seen and "note from intake: <i>alice</i>" in seen and "alice<img src=x>.zip" in seen


def test_page_is_self_contained_and_sized_for_a_phone():
    plots = {"q10_train_network_mnist_curves.png": PNG}
    result = _made_up_result()
    result.results.append(CaseResult("q10.train_network_mnist", "Q10", 2.5, 2.5, "passed", True, "passed"))
    page = feedback_html.page(result, plots)
    elements = _Elements(page).found
    metas = {a.get("name") or a.get("http-equiv"): a.get("content") for t, a in elements if t == "meta"}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert "default-src 'none'" in metas["Content-Security-Policy"]
    assert not [t for t, _ in elements if t in ("script", "link", "iframe", "object", "embed")]
    sources = [a[k] for t, a in elements for k in ("src", "href") if k in a]
    assert sources == ["data:image/png;base64," + base64.b64encode(PNG).decode()]
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert "img{max-width:100%" in style and "pre{white-space:pre-wrap" in style, "plots and reasons fit the width"


def test_only_a_visible_cases_png_plot_is_embedded():
    result = _made_up_result()
    plots = {"q1_hidden_wide_batch_curves.png": PNG, "q1_forward_small_curves.png": b"GIF89a not a png",
             "q1_backward_small_notes.png": PNG, "q1_backward_small_curves.png": PNG}
    page = feedback_html.page(result, plots)
    figures = [a["alt"] for t, a in _Elements(page).found if t == "img"]
    assert figures == ["q1.backward_small: learning curves, yours and the reference's"]


def test_unreadable_submission_page_says_nothing_was_graded_once():
    result = _made_up_result()
    result.unreadable = "nothing to grade in empty.zip"
    seen = html_text.text(feedback_html.page(result))
    assert seen.count(feedback_html.NOTHING_GRADED) == 1 and "raised an exception" not in seen


def test_arrays_that_break_a_plot_leave_it_out_with_a_note_and_the_feedback_is_still_written(tmp_path):
    from autograder.engine import grade
    case = "q10.train_network_mnist"
    result = GradeResult("huge", [CaseResult(case, "Q10", 2.5, 0.0, "failed", True, "loss_history: wrong values")],
                         outputs={case: {"loss_history": np.array([1e308, -1e308])}}, homework=HW)
    written = grade.write_feedback(result, str(tmp_path / "out"))
    assert sorted(os.path.basename(p) for p in written) == ["feedback.html", "report.txt", "results.json"]
    assert f"no plot of {case}: " in (tmp_path / "out" / "report.txt").read_text()
    assert "<img" not in (tmp_path / "out" / "feedback.html").read_text()


def test_html_text_reads_cells_pre_entities_and_images_and_skips_style():
    markup = ("<style>p{color:red}</style><h2>A &amp; B</h2><table><tr><td>Q1 x</td><td>1 / 2</td></tr></table>"
              "<ul><li><pre>two  spaces\nand a line</pre></li></ul><p>many\n   words</p><img alt=\"a plot\" src=\"\">")
    assert html_text.text(markup) == "A & B\nQ1 x  1 / 2\ntwo  spaces\nand a line\nmany words\n[image: a plot]"


def _hostile_submission(folder):
    """The reference whose momentum update raises an exception carrying markup (visible q6.momentum_two_steps
    fails with it; the training cases, which use no momentum, still pass and draw their plots)."""
    submissions.build("reference", folder)
    path = os.path.join(folder, "nn_lib.py")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    assert text.count(MOMENTUM) == 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(MOMENTUM, f"raise ValueError({HOSTILE!r})"))
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(feedback folder, results.json of --json) of the hostile submission, graded as users grade: the CLI."""
    folder = tmp_path_factory.mktemp("feedback-html")
    submission = _hostile_submission(str(folder / "hostile"))
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", submission, "--feedback", str(folder / "out"),
                          "--json", str(folder / "results.json")], cwd=folder, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    with open(folder / "results.json") as fh:
        return str(folder / "out"), json.load(fh)


def test_grade_feedback_writes_feedback_html_with_the_plots_embedded(graded):
    out, _ = graded
    with open(os.path.join(out, "feedback.html"), encoding="utf-8") as fh:
        page = fh.read()
    pngs = sorted(n for n in os.listdir(out) if n.endswith(".png"))
    assert pngs, "the training cases pass, so their plots are drawn"
    images = [a["src"] for t, a in _Elements(page).found if t == "img"]
    assert len(images) == len(pngs)
    for name, src in zip(pngs, images):
        with open(os.path.join(out, name), "rb") as fh:
            assert src == "data:image/png;base64," + base64.b64encode(fh.read()).decode()
    hidden = [c.id for c in HW.cases if not c.visible]
    assert [c for c in hidden if re.search(re.escape(c) + r"(?![\w.])", page)] == []
    assert "q6.momentum_two_steps (visible, 2 pt): raised an exception" in html_text.text(page)
    assert "<script>" not in page


def test_results_json_output_is_the_pages_body_in_html_and_tests_stay_text(graded, tmp_path):
    out, doc = graded
    with open(os.path.join(out, "results.json")) as fh:
        assert json.load(fh) == doc, "--json and the feedback folder write the same results.json"
    assert doc["output_format"] == "html" and doc["test_output_format"] == "text"
    with open(os.path.join(out, "feedback.html"), encoding="utf-8") as fh:
        assert doc["output"] in fh.read()
    assert "<script>" not in doc["output"] and "data:image/png;base64," in doc["output"]
    seen = student_view.render(doc)
    assert HOSTILE in seen and "Autograder score" not in seen
    failed = next(t for t in doc["tests"] if t["name"] == "Q6 q6.momentum_two_steps")
    assert HOSTILE in failed["output"], "a test's output is plain text, shown as written"


# -- a real browser ------------------------------------------------------------------------------------
def _chromium():
    """Debian's chromium, installed with apt-get where missing (one install at a time on this machine:
    two suites wait on one lock); skips, saying why, when it cannot be installed."""
    found = shutil.which("chromium")
    if found:
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        pytest.skip("chromium is missing and cannot be installed here (needs apt-get as root): "
                    "`apt-get install -y chromium` to run the browser checks")
    lock = os.path.join(tempfile.gettempdir(), "nn-autograder-chromium-install.lock")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not shutil.which("chromium"):
            for command in (["apt-get", "-o", "DPkg::Lock::Timeout=600", "update"],
                            ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "chromium"]):
                try:
                    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)
                except subprocess.TimeoutExpired:
                    pytest.skip(f"chromium is missing and `{' '.join(command)}` ran out of time")
                if run.returncode != 0:
                    last = (run.stderr.strip().splitlines() or ["no message"])[-1]
                    pytest.skip(f"chromium is missing and `{' '.join(command)}` failed: {last}")
    found = shutil.which("chromium")
    if not found:
        pytest.skip("apt-get installed chromium but no `chromium` is on PATH")
    return found


def _browser(chromium, profile, *args):
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", f"--user-data-dir={profile}", *args]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_feedback_html_renders_in_headless_chromium_at_phone_width(graded, tmp_path):
    from matplotlib import image
    chromium = _chromium()
    out, _ = graded
    url = "file://" + os.path.abspath(os.path.join(out, "feedback.html"))
    shot = tmp_path / "phone.png"
    _browser(chromium, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=412,900", url)
    pixels = image.imread(str(shot))[..., :3]
    assert pixels.shape[:2] == (900, 412)
    grey = pixels.mean(axis=2)
    assert grey.std() > 0.05 and (grey < 0.5).mean() > 0.01, "the screenshot is blank"
    assert (np.abs(pixels[..., 0] - pixels[..., 1]) > 0.2).any(), "no coloured score or mark is drawn"
    dom = _browser(chromium, tmp_path / "profile-dom", "--window-size=412,900", "--dump-dom", url)
    assert "<title>PWNED</title>" not in dom and "<script" not in dom, "a submission's markup ran"
    rows = re.findall(r"<tr class=\"(?:full|short)\"><td>(Q\d+) ", dom)
    assert rows == [q.id for q in HW.questions], "the per-question table is in the DOM"
    assert "<tfoot><tr><th>Visible cases</th>" in dom
    assert dom.count("<img ") == len([n for n in os.listdir(out) if n.endswith(".png")])
