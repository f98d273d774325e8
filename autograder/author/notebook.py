"""Build the handout notebook (nbformat v4) from percent-format sources.

`# %%` starts a code cell, `# %% [markdown]` a markdown cell whose lines drop their leading '# '.
A code cell tagged module-only (`# %% tags=["module-only"]`) exists only in the .py files, e.g. the
import of nn_lib that a notebook, holding both files, must not run. Cell ids are fixed, so the
same sources always give the same bytes.
"""
import re

import nbformat

CELL = re.compile(r"^# %%(?P<rest>.*)$")


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


def build(parts, intro):
    """parts: [(name, percent-format text)]; intro: markdown for the first cell. Returns the .ipynb text."""
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
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"
