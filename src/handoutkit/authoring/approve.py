"""``handoutkit approve``: record that one exact text of a document is approved.

Appends one line to the content folder's record (``approvals.jsonl``, see
`read.approvals`), never rewriting a line: the document, its language, the approved text and
its digest, who approved it, their role, and when. The document must read cleanly first.
"""

from __future__ import annotations

import fcntl
import json
import os
import stat
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from ..errors import ContentError, SelectionError
from ..model import Approval
from ..read.approvals import APPROVALS, approved_text, digest, read_approvals
from ..read.catalog import discover
from ..read.content import read_document

NAME_CHARS = 200  # a name or a role, at most


@dataclass(frozen=True, slots=True)
class Recorded:
    """What ``approve`` recorded, and what it says about it."""

    approval: Approval
    sentences: int
    record: Path
    again: bool  # this very text was approved before


def approve(
    content_dir: Path,
    procedure: str,
    language: str,
    by: str,
    role: str | None = None,
    *,
    now: datetime | None = None,
) -> Recorded:
    """Append the approval of the document ``procedure``/``language`` as it is now."""
    catalog = discover(content_dir)
    catalog.select(procedures=[procedure], languages=[language])  # names the ones that exist
    by, role = _person(by, "--by"), _person(role, "--role") if role else None
    path = catalog.document_path(procedure, language)
    document, _ = read_document(path, content_root=catalog.root)
    text = approved_text(document)
    record = catalog.root / APPROVALS
    earlier = read_approvals(catalog.root)  # a damaged record is refused before it grows
    when = (now or _now()).replace(microsecond=0)
    line = json.dumps(
        {
            "procedure": procedure,
            "language": language,
            "sha256": digest(text),
            "text": text,
            "by": by,
            "role": role,
            "at": when.isoformat(),
        },
        ensure_ascii=False,
    )
    number = _append(record, line)
    approval = Approval(procedure, language, digest(text), text, by, role, when, number)
    again = any(
        a.procedure == procedure and a.language == language and a.sha256 == approval.sha256
        for a in earlier
    )
    return Recorded(approval, len(text.splitlines()), record, again)


def _now() -> datetime:
    """Now, in the local time zone; noon UTC of ``HANDOUTKIT_TODAY`` where that fixes today
    (for tests and audits, as the quality checks' date)."""
    fixed = os.environ.get("HANDOUTKIT_TODAY", "").strip()
    if fixed:
        return datetime.combine(date.fromisoformat(fixed), time(12), tzinfo=UTC)
    return datetime.now(UTC).astimezone()


def _person(value: str, option: str) -> str:
    text = " ".join(value.split())
    if (
        not text
        or len(text) > NAME_CHARS
        or any(unicodedata.category(char).startswith("C") for char in text)
    ):
        raise SelectionError(
            f"{option} must be a name of 1 to {NAME_CHARS} characters, got {value!r}.",
            fix=f'write it in quotes: {option} "Dr. A. Lee".',
        )
    return text


def _append(record: Path, line: str) -> int:
    """Append ``line`` to ``record`` (created if missing), flushed to disk, under a lock;
    the line's number."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(record, flags, 0o644)
    except OSError as exc:
        raise ContentError(
            f"the approval record cannot be written ({exc.strerror}).",
            fix="make sure the content folder is writable and the record is a plain file, "
            "not a link.",
            path=record,
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ContentError(
                "the approval record is not a regular file.",
                fix="remove it, or restore it from version control.",
                path=record,
            )
        fcntl.flock(fd, fcntl.LOCK_EX)  # two approvals at once: one after the other
        with open(record, "rb") as reader:
            existing = reader.read()
        prefix = b"\n" if existing and not existing.endswith(b"\n") else b""
        os.write(fd, prefix + line.encode("utf-8") + b"\n")
        os.fsync(fd)
        return existing.count(b"\n") + (1 if prefix else 0) + 1
    finally:
        os.close(fd)
