"""Where the project's own templates and notebooks are.

They live in the repository's top-level ``templates/`` and ``notebooks/`` folders; a wheel
carries them as package data under ``handoutkit/_data/`` (see ``pyproject.toml``). A wheel
install finds them there, with `importlib.resources`; a source checkout or an editable
install finds them beside ``src/``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def project_folder(name: str) -> Path:
    """``templates``, ``notebooks`` or ``content`` (the example): packaged with the wheel, or
    the checkout's own."""
    packaged = Path(str(resources.files("handoutkit") / "_data" / name))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


PROJECT_TEMPLATES = project_folder("templates")
PROJECT_NOTEBOOKS = project_folder("notebooks")
EXAMPLE_CONTENT = project_folder("content")  # the demo: what handoutkit init starts from
