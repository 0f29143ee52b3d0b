"""Digests of folders and files that never open what lies outside them.

Content folders are untrusted: nothing outside the folder is opened, not even
to be hashed. A symbolic link is resolved first and followed only when it
stays inside the allowed folder; a link that leaves it, a broken link or a
special file (a named pipe, a device, a socket) is never opened: it enters
the digest by name only and becomes a warning. A folder over the limits on
files or bytes is an error for whoever reads it. The build fingerprints jobs
with these; a kernel uses them to know when a file it read has changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, HandoutKitError
from ..limits import APPROVAL_RECORD_BYTES, FOLDER_BYTES, FOLDER_FILES
from ..model import Notice
from .files import FileProblem, digest_located, locate, read_file
from .statcache import StatCache

_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git"}


@dataclass(frozen=True, slots=True)
class FolderDigest:
    """A folder's files and their digests, what it could not read, and the limit it broke."""

    entries: tuple[tuple[str, bytes], ...]  # (path relative to the folder, digest), in order
    notices: tuple[Notice, ...] = ()
    error: HandoutKitError | None = None  # jobs that read this folder fail with it
    digest: str = field(init=False)  # of every entry: computed once, used by every job

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", _combine(self.entries))


def _combine(entries: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for relative, file_digest in entries:
        digest.update(relative.encode())
        digest.update(b"\0")
        digest.update(file_digest)
    return digest.hexdigest()


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            found = [e for e in listing if not e.name.startswith(".")]
    except OSError:
        return []
    return sorted((e for e in found if e.name not in _IGNORED_DIRS), key=lambda e: e.name)


def _mode(entry: os.DirEntry[str]) -> int:
    """The mode of what ``entry`` is or points to (0 for a broken link)."""
    try:
        return entry.stat(follow_symlinks=True).st_mode
    except OSError:
        return 0


def scan_folder(
    folder: Path, *, root: Path | None = None, cache: StatCache | None = None
) -> FolderDigest:
    """Every file under ``folder`` and its sha256 (hidden files and caches left out).

    Symbolic links are followed only while they stay inside ``root`` (default: ``folder``).
    ``cache``: digests of unchanged files are taken from it, new ones added.
    """
    root = (root or folder).resolve()
    if not folder.is_dir():
        return FolderDigest((("", b"missing"),))
    entries: list[tuple[str, bytes]] = []
    notices: list[Notice] = []
    size = 0
    seen: set[Path] = set()
    stack = [(folder, "")]
    while stack:
        current, prefix = stack.pop()
        real = current.resolve()
        if real in seen:  # a link back to a folder already hashed
            continue
        seen.add(real)
        children = []
        for entry in _entries(current):
            relative, path = f"{prefix}{entry.name}", Path(entry.path)
            if stat.S_ISDIR(_mode(entry)):
                if path.resolve().is_relative_to(root):
                    children.append((path, f"{relative}/"))
                else:
                    entries.append((relative, b"outside"))
                    notices.append(
                        Notice(
                            f"is a symbolic link to a folder outside {root}; nothing in it "
                            "is read.",
                            path=path,
                        )
                    )
                continue
            try:
                located = locate(path, root=root)
                known = cache.get(located) if cache is not None else None
                if known is None:
                    known = digest_located(located)
                    if cache is not None:
                        cache.put(located, known)
                entries.append((relative, known))
            except FileProblem as problem:
                entries.append((relative, f"unreadable: {problem.problem}".encode()))
                notices.append(Notice(f"{problem.problem} It is not read.", path=path))
                continue
            size += located.size
            too_many = len(entries) > FOLDER_FILES.value
            if too_many or size > FOLDER_BYTES.value:
                limit, found = (FOLDER_FILES, len(entries)) if too_many else (FOLDER_BYTES, size)
                error = ContentError(
                    f"the folder is too large: {limit.exceeded(found)}.",
                    fix="keep only the files the handouts use in the folder (move archives, "
                    "videos and originals elsewhere).",
                    path=folder,
                )
                return FolderDigest(tuple(entries), tuple(notices), error)
        # Depth first, in name order: the same tree always gives the same digest.
        stack.extend(reversed(children))
    return FolderDigest(tuple(entries), tuple(notices))


def digest_folder(folder: Path, *, root: Path | None = None) -> str:
    """sha256 of every file under ``folder``; see `scan_folder`."""
    return scan_folder(folder, root=root).digest


def digest_file(path: Path, *, root: Path) -> str:
    """sha256 of one file inside ``root``, or a marker saying why it cannot be read."""
    try:
        return digest_located(locate(path, root=root)).hex()
    except FileProblem as problem:
        return f"unreadable: {problem.problem}"


def document_digest(folder: FolderDigest, document: Path) -> str:
    """The document and the files beside it, but not the other languages' documents."""
    return _combine(
        [
            (relative, file_digest)
            for relative, file_digest in folder.entries
            if relative == document.name or "/" in relative or not relative.endswith(".md")
        ]
    )


def digest_document(document: Path) -> str:
    """A procedure document and the files beside it."""
    return document_digest(scan_folder(document.parent, root=document.parents[2]), document)


UNREADABLE = ("", "")  # the key of an approval record that cannot be read


def latest_approvals(content_root: Path) -> dict[tuple[str, str], str]:
    """(procedure, language) → the digest of its latest line in the content folder's approval
    record (``approvals.jsonl``; see ``read.approvals``), for fingerprints. A line that cannot
    be read is skipped here: the jobs that read the record say what is wrong with it."""

    path = content_root / "approvals.jsonl"
    if not os.path.lexists(path):
        return {}
    try:
        data = read_file(path, root=content_root, limit=APPROVAL_RECORD_BYTES, error=ContentError)
    except HandoutKitError:
        return {UNREADABLE: "unreadable"}  # every job is planned again, and says why
    latest: dict[tuple[str, str], str] = {}
    for line in data.splitlines():
        try:
            item = json.loads(line)
            key = (str(item["procedure"]), str(item["language"]))
        except (ValueError, KeyError, TypeError):
            continue
        latest[key] = hashlib.sha256(line).hexdigest()
    return latest
