"""A submitted notebook's code cells as one plain Python module, with the standard library alone.

Shipped byte for byte into the handout's tests/_grading, where run_tests.py grades a notebook
the same way, so it imports nothing but the standard library. Nothing in a notebook is run here.

Steps, in order (`convert` runs them):
  1. `read_cells`: the JSON must be an nbformat 4 notebook whose cells are well formed.
  2. `plain_python`: each code cell's IPython syntax becomes plain Python, line for line (no
     IPython needed): line magics and shell lines become `pass` (`%time STATEMENT` keeps the
     statement), `x = !cmd` gives `x = []` and `x = %magic` `x = None`, help lines (`x?`,
     `np.sum??`) become `pass`; a cell magic keeps its body where the body runs in the notebook's
     namespace (`%%time`, `%%capture`, `%%prun`) and is skipped otherwise; a `%%writefile NAME`
     cell is read as the file NAME (how a notebook carries answers.toml).
  3. `join_cells`: the cells, in order, as one module, with a line map from each module line back
     to (cell label, line in cell). A cell is labelled as Jupyter shows it: `In [7]` from its
     execution count, else `cell 12`, its position among the code cells.
Cells tagged `experiment` (long training runs) or `check` (the handout's self-check cells) are
left out; the self-check's import line does nothing and the module defines check() as a no-op, so a
check("Q3") copied into another cell costs nothing. `rewrite` turns references to the
module's lines in a message (`nn_lib.py, line 80`, `File ".../nn_lib.py", line 80`) into
references to the notebook's cells (`homework.ipynb, In [7], line 3`).
"""
import json
import re
import shlex
from dataclasses import dataclass, field

SKIPPED_TAGS = ("experiment", "check")   # long training runs, and the handout's self-check cells
KEPT_CELL_MAGICS = ("time", "capture", "prun")   # their body runs in the notebook's namespace
KEPT_LINE_MAGICS = ("time",)                    # `%time x = f()` runs `x = f()`
SELF_CHECK_IMPORT = re.compile(r"^from\s+tests\.check\s+import\s+check\s*(#.*)?$")
ASSIGN_FROM = re.compile(r"^(?P<lhs>[A-Za-z_][\w.]*)\s*=\s*(?P<escape>[!%])")
NEWLINE = re.compile(r"\r\n|\r|\n")      # what Python's tokenizer counts as a line break
PREAMBLE = ("# The code cells of {name}, in order, as one module (cells tagged experiment or check left out).",
            "def check(*args, **kwargs):",
            "    \"\"\"The notebook's self-check (tests/check.py) does nothing when graded.\"\"\"")


class NotebookError(Exception):
    """The notebook cannot be graded; the message says why and what to do."""


@dataclass
class Notebook:
    """code: the module's text; line_map[i]: (cell label, line in cell) of module line i (1-based), or None;
    files: {name: text} of its `%%writefile NAME` cells (the last one wins, as when run top to bottom);
    notes: what the student should know; labels: {file name: label of the cell that wrote it}."""
    code: str
    line_map: list
    files: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)


# --- 1. reading -------------------------------------------------------------------------------------
def read_cells(raw, name):
    """The cells (list of dicts) of the notebook bytes raw; raises NotebookError naming name."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:   # RecursionError: absurdly deep nesting
        raise NotebookError(f"{name}: not a valid notebook file (invalid JSON: {exc}); "
                            "save it again from Jupyter and resubmit") from None
    if not isinstance(data, dict) or data.get("nbformat") != 4:
        version = data.get("nbformat") if isinstance(data, dict) else None
        raise NotebookError(f"{name}: nbformat version {version!r} is not supported; "
                            "save it as a version 4 notebook (any current Jupyter does)")
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise NotebookError(f"{name}: not a valid notebook file (it has no list of cells); "
                            "save it again from Jupyter and resubmit")
    for i, cell in enumerate(cells, 1):
        problem = _cell_problem(cell)
        if problem:
            raise NotebookError(f"{name}: cell {i} of the notebook is malformed ({problem}); "
                                "save it again from Jupyter and resubmit")
    return cells


def _cell_problem(cell):
    if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
        return "it has no cell_type"
    source = cell.get("source", "")
    if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
        return "its source is not text"
    metadata = cell.get("metadata", {})
    if not isinstance(metadata, dict):
        return "its metadata is not a mapping"
    tags = metadata.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return "its tags are not a list of names"
    return ""


def source_of(cell):
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def label_of(cell, position):
    """'In [7]' when the cell has an execution count, else 'cell 12' (its position among code cells)."""
    count = cell.get("execution_count")
    if type(count) is int and count > 0:
        return f"In [{count}]"
    return f"cell {position}"


# --- 2. IPython syntax to plain Python ----------------------------------------------------------------
def _scan(line, quote, depth):
    """Carry a tiny lexer over one line. quote: the open string delimiter or None; depth: open brackets.
    Returns (quote, depth, continued, comment start or None); continued: a backslash ends the line."""
    i, n, comment = 0, len(line), None
    while i < n:
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
            elif line.startswith(quote, i):
                i, quote = i + len(quote), None
            else:
                i += 1
            continue
        if c == "#":
            comment = i
            break
        if c in "\"'":
            quote = c * 3 if line.startswith(c * 3, i) else c
            i += len(quote)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        i += 1
    continued = line.endswith("\\") and comment is None
    if quote in ("'", '"') and not continued:
        quote = None               # an unclosed one-line string: a syntax error Python will report
    return quote, depth, continued, comment


def _plain_line(line):
    """One line that starts a statement, with its IPython syntax made plain Python (same indentation)."""
    stripped = line.lstrip()
    indent = line[:len(line) - len(stripped)]
    if stripped.startswith("!"):                                   # !pip install ..., !!ls
        return indent + "pass"
    if stripped.startswith("%"):                                   # %matplotlib inline, %time x = f()
        magic = re.match(r"%(\w+)\s*(.*)$", stripped)
        if magic and magic.group(1) in KEPT_LINE_MAGICS and magic.group(2).strip():
            return indent + magic.group(2)
        return indent + "pass"
    assign = ASSIGN_FROM.match(stripped)
    if assign:                                                     # files = !ls, names = %who_ls
        return indent + assign.group("lhs") + (" = []" if assign.group("escape") == "!" else " = None")
    if SELF_CHECK_IMPORT.match(stripped):
        return indent + "pass"
    return line


def _is_help(line, comment):
    code = (line if comment is None else line[:comment]).strip()
    return code.startswith("?") or code.endswith("?")


def plain_lines(lines):
    """lines of Python with IPython line syntax (no cell magic), made plain Python, one line for one."""
    out, quote, depth, continued = [], None, 0, False
    for line in lines:
        if quote is None and depth == 0 and not continued:
            new = _plain_line(line)
            if new == line:
                _, _, _, comment = _scan(line, None, 0)
                if _is_help(line, comment):                      # x?, np.sum??, ?x
                    new = line[:len(line) - len(line.lstrip())] + "pass"
            line = new
        quote, depth, continued, _ = _scan(line, quote, depth)
        out.append(line)
    return out


def _dedent(lines):
    """IPython's leading-indent rule: a cell whose first line is indented loses that indentation."""
    first = next((ln for ln in lines if ln.strip()), "")
    indent = first[:len(first) - len(first.lstrip())]
    if not indent:
        return lines
    return [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines]


def plain_python(source):
    """(lines, cell magic or None, its argument text): the cell source as plain Python, one line for each
    of its lines; a cell magic's first line becomes blank, and its body too where it is not run."""
    lines = NEWLINE.split(source)
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is not None and lines[first].startswith("%%"):
        magic = re.match(r"%%(\w*)\s*(.*)$", lines[first])
        name, args = (magic.group(1), magic.group(2)) if magic else ("", "")
        head = [""] * (first + 1)
        body = lines[first + 1:]
        if name in KEPT_CELL_MAGICS:
            return head + plain_lines(_dedent(body)), name, args
        return head + [""] * len(body), name, args
    return plain_lines(_dedent(lines)), None, ""


def _body_after_magic(source):
    """The text after a cell magic's line (what %%writefile writes), ending with a line break."""
    lines = NEWLINE.split(source)
    first = next(i for i, ln in enumerate(lines) if ln.strip())
    body = "\n".join(lines[first + 1:])
    return body if body.endswith("\n") else body + "\n"


def _writefile_target(args):
    """(file name, append?) of a %%writefile line's arguments, or (None, False)."""
    try:
        words = shlex.split(args)
    except ValueError:
        return None, False
    names = [w for w in words if not w.startswith("-")]
    append = any(w in ("-a", "--append") for w in words)
    if len(names) != 1:
        return None, False
    name = names[0][2:] if names[0].startswith("./") else names[0]
    return (name if name and "/" not in name and "\\" not in name else None), append


# --- 3. one module ------------------------------------------------------------------------------------
def join_cells(cells, name):
    """A Notebook: every code cell not tagged in SKIPPED_TAGS, made plain Python, as one module."""
    shown = "".join(c if c.isprintable() else "?" for c in name)      # one comment line, whatever the name
    lines = [PREAMBLE[0].format(name=shown), *PREAMBLE[1:], ""]
    line_map = [None] * (len(lines) + 1)                 # index 0 unused: lines count from 1
    nb = Notebook("", line_map)
    skipped = []
    position = 0
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        position += 1
        if any(tag in SKIPPED_TAGS for tag in cell.get("metadata", {}).get("tags", [])):
            continue
        label = label_of(cell, position)
        source = source_of(cell)
        plain, magic, args = plain_python(source)
        if magic == "writefile":
            target, append = _writefile_target(args)
            if target:
                body = _body_after_magic(source)
                nb.files[target] = (nb.files.get(target, "") if append else "") + body
                nb.labels[target] = label
        elif magic is not None and magic not in KEPT_CELL_MAGICS:
            skipped.append(f"{label} (%%{magic})")
        lines.append(f"# {label}")
        line_map.append(None)
        for j, line in enumerate(plain, 1):
            lines.append(line)
            line_map.append((label, j))
        lines.append("")
        line_map.append(None)
    if skipped:
        nb.notes.append(f"{name}: not run when graded: {', '.join(skipped)}; cell magics other than "
                        f"{', '.join('%%' + m for m in KEPT_CELL_MAGICS)} (and %%writefile answers.toml) are skipped")
    nb.code = "\n".join(lines) + "\n"
    return nb


def convert(raw, name="the notebook"):
    """The Notebook of the .ipynb bytes raw (see the module docstring); raises NotebookError naming name."""
    return join_cells(read_cells(raw, name), name)


def module_files(nb, modules):
    """{file name: text} of the submitted modules made from nb: the first of modules (nn_lib) holds
    the notebook's code, the others (nn_train) import everything from it."""
    first, *others = modules
    files = {f"{first}.py": nb.code}
    for name in others:
        files[f"{name}.py"] = f"from {first} import *  # the notebook holds every file's code\n"
    return files


# --- messages -----------------------------------------------------------------------------------------
def where(line_map, lineno):
    """'In [7], line 3' for line lineno of the module, or None when it is not a cell's line."""
    if 0 < lineno < len(line_map) and line_map[lineno]:
        label, line = line_map[lineno]
        return f"{label}, line {line}"
    return None


def rewrite(text, notebook, line_maps):
    """text with references to lines of the modules in line_maps ({'nn_lib.py': line map}) turned into
    references to the notebook's cells; references it cannot map stay as they are."""
    if not text or not line_maps:
        return text
    names = "|".join(re.escape(n) for n in sorted(line_maps, key=len, reverse=True))
    pattern = re.compile(r'(?P<file>File ")?(?P<dir>[^\s"\'(),]*/)?(?<![\w.])(?P<name>' + names +
                         r')(?(file)"), line (?P<line>\d+)')

    def replace(m):
        place = where(line_maps[m.group("name")], int(m.group("line")))
        if place is None:
            return m.group(0)
        return f'File "{notebook}", {place}' if m.group("file") else f"{notebook}, {place}"

    return pattern.sub(replace, text)
