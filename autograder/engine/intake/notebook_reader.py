"""A notebook in a submission becomes its modules and answers file (read, never run: notebook_intake)."""
import os

from .. import notebook_intake


def from_notebook(intake):
    """The notebook's code cells become the first module (nn_lib.py) where it was not given, the other
    modules (nn_train.py) import everything from it, and its `%%writefile answers.toml` cell becomes
    answers.toml where that was not given. Nothing of the notebook runs here; the line map from the
    module's lines to the cells is kept (trusted) for the grader to rewrite the worker's messages."""
    nb_path = intake.files.pop("submission.ipynb")
    for name in [n for n in intake.files if n.endswith(".ipynb")]:
        intake.messages.append(f"{name}: ignored, only one notebook is graded")
        os.remove(intake.files.pop(name))
    name = intake.notebook_name or "the notebook"
    with open(nb_path, "rb") as fh:
        raw = fh.read()
    os.remove(nb_path)                      # the worker gets the modules, not the notebook
    try:
        nb = notebook_intake.convert(raw, name)
    except notebook_intake.NotebookError as exc:
        intake.messages.append(str(exc))
        return
    intake.messages += nb.notes
    first, *others = intake.modules
    if first in intake.files:
        intake.messages.append(f"a notebook and {first} were both submitted: {first} is graded, "
                               "the notebook's code is ignored")
    else:
        for module, text in notebook_intake.module_files(nb, [m[:-3] for m in intake.modules]).items():
            if module not in intake.files:
                intake.write(module, text.encode())
        intake.line_maps[first] = nb.line_map
        intake.source_kind += "+notebook"
        also = f" ({', '.join(others)} import{'s' if len(others) == 1 else ''} everything from it)" if others else ""
        intake.messages.append(f"{name}: its code cells are graded as {first}{also}")
    answers = next((n for n in intake.expected if n.endswith(".toml")), None)
    if answers in nb.files:
        cell = f"{nb.labels[answers]}, %%writefile {answers}"
        if answers in intake.files:
            intake.messages.append(f"{answers} and an answers cell of {name} ({cell}) were both submitted: "
                                   f"the file {answers} is graded, the cell is ignored")
        else:
            intake.write(answers, nb.files[answers].encode())
            intake.messages.append(f"{answers}: read from {name} ({cell})")
