"""What a job's outputs depend on, as one digest: unchanged digest, nothing to rebuild.

A job (clinic × procedure × language) reads its procedure document and the
files beside it (figures), its clinic's folder (brand file, logo, fonts,
template overrides), the project's templates and notebooks, the package
itself, and the build options. Each folder is hashed once per build, by file
content and path relative to the folder, so the digest does not depend on
where the project is checked out.

Content folders are untrusted: nothing outside the folder is opened, not even
to be hashed. A symbolic link is resolved first and followed only when it
stays inside the allowed folder; a link that leaves it, a broken link or a
special file (a named pipe, a device, a socket) is never opened: it enters
the digest by name only and becomes a warning. A folder over the limits on
files or bytes fails the jobs that read it. This module imports nothing
heavy: a build with nothing to do must stay fast.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import HandoutKitError
from ..inputs.folders import (
    UNREADABLE,
    FolderDigest,
    document_digest,
    latest_approvals,
    scan_folder,
)
from ..inputs.statcache import StatCache
from ..model import Notice

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # handoutkit itself, every step of it


@dataclass(slots=True)
class Fingerprinter:
    """Digests of a build's inputs, each folder hashed at most once."""

    notebooks_dir: Path
    templates_dir: Path
    options: Sequence[str]  # the build options that change outputs, as text
    extra: Sequence[Path] = ()  # more folders every job reads (output kinds' own notebooks)
    content_root: Path | None = None  # symbolic links in documents' folders may go up to it
    cache: StatCache | None = None  # digests of files unchanged since an earlier build
    _folders: dict[Path, FolderDigest] = field(default_factory=dict)
    _shared: str | None = None
    _approvals: dict[tuple[str, str], str] | None = None
    _parts: dict[tuple[str, Path], str | HandoutKitError] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)  # the caller's, for what jobs share

    def _folder(self, folder: Path, root: Path | None = None) -> FolderDigest:
        if folder not in self._folders:
            self._folders[folder] = scan_folder(folder, root=root, cache=self.cache)
        return self._folders[folder]

    @property
    def notices(self) -> tuple[Notice, ...]:
        """What the digests could not read (links out, broken links, special files)."""
        found = (notice for digest in self._folders.values() for notice in digest.notices)
        return tuple(dict.fromkeys(found))

    def trust_shared(self, digest: str) -> None:
        """Take ``digest`` as `shared` instead of hashing the project's folders again."""
        self._shared = digest

    def shared(self) -> str:
        """Inputs every job has in common: package, templates, notebooks, options."""
        if self._shared is None:
            parts = [
                f"handoutkit {__version__}",
                self._folder(PACKAGE_DIR).digest,
                self._folder(self.templates_dir).digest,
                self._folder(self.notebooks_dir).digest,
                *(self._folder(folder).digest for folder in self.extra),
                *self.options,
            ]
            self._shared = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return self._shared

    def approval(self, content_root: Path, procedure: str, language: str) -> str:
        """The digest of the latest approval line of a document in the content folder's
        record, "" when there is none; the record is read once a build (by digest)."""
        if self._approvals is None:
            self._approvals = latest_approvals(content_root)
        fallback = self._approvals.get(UNREADABLE, "")
        return self._approvals.get((procedure, language), fallback)

    def job(
        self,
        clinic_dir: Path,
        document: Path,
        *,
        folders: Sequence[Path] = (),
        facts: Sequence[str] = (),
    ) -> str:
        """The digest of everything one job reads; raises the error of a folder too large.

        ``folders``: more folders the job reads (the group's notices of language assistance);
        ``facts``: what else its outputs show (the languages its procedure is written in).
        Each part is worked out once per folder or document (a catalog has many jobs each)."""
        parts = [
            self.shared(),
            self._part(("clinic", clinic_dir), lambda: self._checked(clinic_dir).digest),
            self._part(("document", document), lambda: self._document(document)),
            *(
                self._part(("folder", folder), lambda folder=folder: self._more(folder))
                for folder in folders
            ),
            *facts,
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def _part(self, key: tuple[str, Path], make: Callable[[], str]) -> str:
        found = self._parts.get(key)
        if found is None:
            try:
                found = self._parts[key] = make()
            except HandoutKitError as error:
                self._parts[key] = error
                raise
        if isinstance(found, HandoutKitError):
            raise found
        return found

    def _checked(self, folder: Path, root: Path | None = None) -> FolderDigest:
        scanned = self._folder(folder, root)
        if scanned.error is not None:
            raise scanned.error
        return scanned

    def _document(self, document: Path) -> str:
        beside = self._checked(document.parent, self.content_root or document.parents[2])
        return document_digest(beside, document)

    def _more(self, folder: Path) -> str:
        return self._checked(folder).digest if folder.is_dir() else ""
