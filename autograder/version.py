"""The autograder's version: pyproject.toml's when running from a checkout (what runs is the checkout's
code), else the installed distribution's metadata; "unknown" where neither exists (the Gradescope bundle)."""
import tomllib
from importlib import metadata

from . import paths

DISTRIBUTION = "nn-homework-autograder"


def version():
    if paths.is_checkout():
        with open(paths.PYPROJECT, "rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed: no package metadata)"
