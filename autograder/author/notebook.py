"""Build the handout notebook (nbformat v4) from percent-format sources.

`# %%` starts a code cell, `# %% [markdown]` a markdown cell whose lines drop their leading '# '.
A code cell tagged module-only (`# %% tags=["module-only"]`) exists only in the .py files, e.g. the
import of nn_lib that a notebook, holding both files, must not run. Cell ids are fixed, so the
same sources always give the same bytes.

Besides the sources' cells the notebook gets, in this order of building:
  - an answers cell, `%%writefile answers.toml` and the TOML body: run in Jupyter it writes the
    answers.toml that run_tests.py reads; graded, its body is read as answers.toml (nothing runs);
  - the self-check: a first code cell `from tests.check import check` and, after the last cell of
    each question's section, `check("Q3")`. These cells are tagged `check`, which grading leaves out.
A question's section starts at a markdown cell whose first line names it (`## Q7 (continued)`,
`**Q1.**`) and ends at the next such cell or a top-level heading (`# Experiments`).
"""
import re

import nbformat

CELL = re.compile(r"^# %%(?P<rest>.*)$")
QUESTION = re.compile(r"^(?:#+\s*|\*\*)?(?P<id>Q\d+)\b")
TOP_HEADING = re.compile(r"^# ")
CHECK_TAG = "check"
CHECK_IMPORT = """\
# Self-check: check("Q3") at the end of a question runs its visible cases on what this notebook
# defines now, with the grader's own comparison code (run the cells above it first).
# `python run_tests.py homework.ipynb` checks the saved notebook as the grader reads it.
# The cells tagged check are left out when the notebook is graded.
from tests.check import check"""
ANSWERS_HELP = """\
Write your answers in the cell below and run it: it saves them as `{name}`, which `run_tests.py`
reads. The comment above each answer says its form: a number, an integer, a list of integers,
`true` or `false`, or one of the listed options in double quotes; a `nan` left in place is
"not answered yet". When you submit this notebook, the grader reads this cell as `{name}` (without running it);
a separate `{name}` in the same zip is graded instead of the cell."""


def split_cells(text):
    """[(kind, source, tags)] of a percent-format source; kind is 'code' or 'markdown'."""
    cells, kind, tags, lines = [], "code", [], []

    def flush():
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines:
            body = [re.sub(r"^# ?", "", ln) for ln in lines] if kind == "markdown" else lines
            cells.append((kind, "\n".join(body), list(tags)))

    for line in text.splitlines():
        m = CELL.match(line)
        if m:
            flush()
            rest = m.group("rest")
            kind = "markdown" if "[markdown]" in rest else "code"
            tags = re.findall(r'"([^"]+)"', rest.split("tags=", 1)[1]) if "tags=" in rest else []
            lines = []
        else:
            lines.append(line)
    flush()
    return cells


def build(parts, intro, checks=(), answer_checks=(), answers=None):
    """parts: [(name, percent-format text)]; intro: markdown for the first cell; checks: question ids
    to give a check("Qn") cell at the end of their section; answers: (file name, text) for the answers
    cell, or None; answer_checks: question ids graded from the answers file alone, whose check("Qn")
    cells follow the answers cell in this order (they read what it writes). Returns the .ipynb text."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    nb.cells.append(nbformat.v4.new_markdown_cell(intro, id="intro"))
    for name, text in parts:
        stem = name.rsplit(".", 1)[0].replace("_", "-")
        for i, (kind, source, tags) in enumerate(split_cells(text)):
            if "module-only" in tags:
                continue
            cell_id = f"{stem}-{i:02d}"
            cell = (nbformat.v4.new_markdown_cell(source, id=cell_id) if kind == "markdown"
                    else nbformat.v4.new_code_cell(source, id=cell_id))
            if tags:
                cell.metadata["tags"] = tags
            nb.cells.append(cell)
    if answers:
        file_name, body = answers
        nb.cells.append(nbformat.v4.new_markdown_cell(ANSWERS_HELP.format(name=file_name), id="answers-help"))
        nb.cells.append(nbformat.v4.new_code_cell(f"%%writefile {file_name}\n{body.rstrip()}", id="answers"))
        for q in answer_checks:
            nb.cells.append(_check_cell(q))
    _add_checks(nb, checks, bool(answer_checks))
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def sections(cells):
    """The question id whose section each cell is in, or None, cell by cell."""
    current, out = None, []
    for cell in cells:
        if cell.cell_type == "markdown":
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
            found = QUESTION.match(first)
            if found:
                current = found.group("id")
            elif TOP_HEADING.match(first):
                current = None
        out.append(current)
    return out


def _check_cell(q):
    cell = nbformat.v4.new_code_cell(f'check("{q}")', id=f"check-{q.lower()}")
    cell.metadata["tags"] = [CHECK_TAG]
    return cell


def _add_checks(nb, checks, any_checks=False):
    """A check("Qn") cell after the last cell of each question's section, and the import cell first
    (any_checks: some check cell is there already)."""
    where = {q: i for i, q in enumerate(sections(nb.cells)) if q in checks}
    if not where and not any_checks:
        return
    for q, i in sorted(where.items(), key=lambda item: -item[1]):
        nb.cells.insert(i + 1, _check_cell(q))
    cell = nbformat.v4.new_code_cell(CHECK_IMPORT, id="check-import")
    cell.metadata["tags"] = [CHECK_TAG]
    nb.cells.insert(1, cell)
