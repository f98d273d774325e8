"""A submitted notebook's code cells as one Python module, via nbformat and nbconvert.

IPython magics and shell lines (`%matplotlib`, `!pip ...`), which nbconvert writes as
get_ipython() calls, become `pass` so the module imports in plain Python. Cells tagged
`experiment` (the handout's training experiments) are left out.
"""
import json

MAGIC_PREFIXES = ("get_ipython()", "get_ipython ()")
SKIPPED_TAG = "experiment"      # long training runs: not part of what is graded


class NotebookError(Exception):
    """The notebook cannot be graded; the message says why and what to do."""


def notebook_to_module(path, name="submission.ipynb"):
    """Python source of the notebook at path."""
    import nbformat
    from nbconvert import PythonExporter

    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:   # RecursionError: absurdly deep nesting
        raise NotebookError(f"{name}: not a valid notebook file (invalid JSON: {exc}); "
                            "save it again from Jupyter and resubmit") from None
    if not isinstance(data, dict) or data.get("nbformat") != 4:
        version = data.get("nbformat") if isinstance(data, dict) else None
        raise NotebookError(f"{name}: nbformat version {version!r} is not supported; "
                            "save it as a version 4 notebook (any current Jupyter does)")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
        nb.cells = [c for c in nb.cells if SKIPPED_TAG not in c.get("metadata", {}).get("tags", [])]
        code, _ = PythonExporter().from_notebook_node(nb)
    except Exception as exc:  # nbformat/nbconvert raise many types for malformed notebooks
        raise NotebookError(f"{name}: could not be read as a notebook ({type(exc).__name__}: {exc})") from None
    lines = []
    for line in code.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(MAGIC_PREFIXES):
            line = line[:len(line) - len(stripped)] + "pass  # IPython magic or shell line dropped"
        lines.append(line)
    return "\n".join(lines) + "\n"
