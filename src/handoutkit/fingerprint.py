"""What a job's outputs depend on, as one digest: unchanged digest, nothing to rebuild.

A job (clinic × procedure × language) reads its procedure document and the
files beside it (figures), its clinic's folder (brand file, logo, fonts,
template overrides), the project's templates and notebooks, the package
itself, and the build options. Each folder is hashed once per build, by file
content and path relative to the folder, so the digest does not depend on
where the project is checked out. This module imports nothing heavy: a build
with nothing to do must stay fast.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git"}


def _files(folder: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in _IGNORED_DIRS)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def digest_files(files: Iterable[Path], *, relative_to: Path) -> str:
    """sha256 over the relative paths and contents of ``files``, in the order given."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(relative_to).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def digest_folder(folder: Path) -> str:
    """sha256 of every file under ``folder`` (hidden files and caches left out)."""
    return digest_files(_files(folder), relative_to=folder) if folder.is_dir() else "missing"


@dataclass(slots=True)
class Fingerprinter:
    """Digests of a build's inputs, each folder hashed at most once."""

    notebooks_dir: Path
    templates_dir: Path
    options: Sequence[str]  # the build options that change outputs, as text
    _folders: dict[Path, str] = field(default_factory=dict)
    _shared: str | None = None

    def _folder(self, folder: Path) -> str:
        if folder not in self._folders:
            self._folders[folder] = digest_folder(folder)
        return self._folders[folder]

    def shared(self) -> str:
        """Inputs every job has in common: package, templates, notebooks, options."""
        if self._shared is None:
            parts = [
                f"handoutkit {__version__}",
                self._folder(PACKAGE_DIR),
                self._folder(self.templates_dir),
                self._folder(self.notebooks_dir),
                *self.options,
            ]
            self._shared = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return self._shared

    def job(self, clinic_dir: Path, document: Path) -> str:
        """The digest of everything one job reads."""
        parts = [self.shared(), self._folder(clinic_dir), digest_document(document)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def digest_document(document: Path) -> str:
    """A procedure document and the files beside it, but not the other languages' documents."""
    folder = document.parent
    beside = [
        path
        for path in _files(folder)
        if path == document or not (path.parent == folder and path.suffix == ".md")
    ]
    return digest_files(beside, relative_to=folder)
