"""Print the Python packages one part of the project needs, from pyproject.toml.

The lists live in pyproject.toml only; the Makefile asks this script for them.
Usage: python tools/requirements.py build|test|dev ...
"""

import sys
import tomllib
from pathlib import Path


def requirements(groups: list[str]) -> list[str]:
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    found: list[str] = []
    for group in groups:
        if group == "build":
            found += pyproject["build-system"]["requires"]
        else:
            found += pyproject["project"]["optional-dependencies"][group]
    return found


if __name__ == "__main__":
    print("\n".join(requirements(sys.argv[1:])))
