"""Where templates come from: the project's ``templates/`` folder, overridable per clinic.

Like Pelican's theme override chain: a file in
``content/clinics/<slug>/templates/handout/`` replaces the project's file of
the same name for that clinic only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import RenderError

PROJECT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True, slots=True)
class TemplateFolders:
    """The template folders in override order (first match wins)."""

    handout: tuple[Path, ...]
    nbconvert: Path

    @property
    def roots(self) -> tuple[Path, ...]:
        """Every folder a renderer may read from."""
        return (*self.handout, self.nbconvert)


def template_folders(
    root: Path | None = None, *, clinic_folder: Path | None = None
) -> TemplateFolders:
    """The folders to use; ``root`` defaults to the project's ``templates/``."""
    root = (root or PROJECT_TEMPLATES).resolve()
    handout = root / "handout"
    nbconvert = root / "nbconvert"
    if not (handout / "handout.html.j2").is_file() or not nbconvert.is_dir():
        raise RenderError(
            f"the templates folder {root} is missing 'handout/handout.html.j2' or 'nbconvert/'.",
            fix="run Handout Kit from a clone of the project (pip install -e .), or pass "
            "--templates with a folder laid out like the project's templates/.",
            path=root,
        )
    override = clinic_folder / "templates" / "handout" if clinic_folder else None
    folders = (override, handout) if override and override.is_dir() else (handout,)
    return TemplateFolders(handout=folders, nbconvert=nbconvert)
