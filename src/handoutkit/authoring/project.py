"""``handoutkit init DIR``: a new project, ready to build.

The folder gets the example clinic and procedure (the demo content), the settings file, a
short README for the marketing team and a ``.gitignore`` for ``build/``. Run ``handoutkit
build`` inside it: the commands find ``content/`` and write ``build/`` there. An existing
folder that is not empty is refused: nothing of anyone's is overwritten.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from ..errors import SelectionError
from ..resources import EXAMPLE_CONTENT

STARTER = resources.files(__package__).joinpath("starter")
SETTINGS = "handoutkit.yml"


def init_project(folder: Path) -> list[Path]:
    """Make the project ``folder``; the files made, relative to it."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SelectionError(
            f"{folder} already exists and is not an empty folder; handoutkit init writes "
            "only into a new or empty one.",
            fix="name a new folder: handoutkit init my-handouts",
        )
    folder.mkdir(parents=True, exist_ok=True)
    content = folder / "content"
    shutil.copytree(
        EXAMPLE_CONTENT,
        content,
        ignore=shutil.ignore_patterns("approvals.jsonl", SETTINGS, ".*", "__pycache__"),
    )
    (content / SETTINGS).write_bytes(STARTER.joinpath(SETTINGS).read_bytes())
    (folder / "README.md").write_bytes(STARTER.joinpath("README.md").read_bytes())
    (folder / ".gitignore").write_bytes(STARTER.joinpath("gitignore").read_bytes())
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())
