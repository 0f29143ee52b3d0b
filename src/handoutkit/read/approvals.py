"""The content folder's approval record, ``approvals.jsonl``: who approved which exact text.

``handoutkit approve`` appends one JSON object a line and never rewrites one::

    {"procedure": "microneedling", "language": "en", "sha256": "…", "text": "…",
     "by": "Dr. A. Lee", "role": "Medical Director", "at": "2026-12-04T10:15:00+00:00"}

``text`` is what was approved: the document's words as a patient reads them (title, headings,
paragraphs, list items, table cells, picture descriptions), one sentence a line, white space
collapsed; ``sha256`` is its digest. A document is *approved* when its text now has the
digest of its latest approval, *changed* when it was approved once and differs now (the
sentence diff says how), *never approved* otherwise. The record is untrusted like every
content file: read bounded, each line checked, a bad one is an error naming its line.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError
from ..inputs.files import read_file
from ..inputs.textfile import decode_text
from ..language import language_for
from ..language.sentences import sentences
from ..limits import APPROVAL_RECORD_BYTES
from ..model import (
    Approval,
    ApprovalState,
    ApprovalStatus,
    Document,
    Figure,
    ListBlock,
    Paragraph,
    SentenceDiff,
    Subheading,
    Table,
    plain,
)

APPROVALS = "approvals.jsonl"
_FIELDS = {"procedure": str, "language": str, "sha256": str, "text": str, "by": str, "at": str}
_FIX = (
    "the record is written by 'handoutkit approve' only; restore the line from version "
    "control, or remove it and approve the document again."
)


def approved_text(document: Document) -> str:
    """The words of ``document`` a patient reads, one sentence a line: what an approval is of."""
    language = language_for(document.language)
    texts = [document.meta.title, document.meta.subtitle or ""]
    for section in document.sections:
        texts.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph | Subheading):
                texts.append(block.text)
            elif isinstance(block, ListBlock):
                texts += [item.text for item in block.items]
            elif isinstance(block, Table):
                texts += [plain(cell) for row in (block.header, *block.rows) for cell in row]
            elif isinstance(block, Figure):
                texts.append(block.alt)
    lines = [" ".join(s.split()) for text in texts for s in sentences(text, language)]
    return "\n".join(line for line in lines if line)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_approvals(root: Path) -> tuple[Approval, ...]:
    """Every approval of the content folder ``root``, oldest first (none without a record)."""
    path = root / APPROVALS
    if not os.path.lexists(path):
        return ()
    data = read_file(path, root=root, limit=APPROVAL_RECORD_BYTES, error=ContentError)
    return _parse(path, data)


@lru_cache(maxsize=8)
def _parse(path: Path, data: bytes) -> tuple[Approval, ...]:
    """The record's approvals (parsed once per content: an edit of the same size and time
    is read again all the same)."""
    text = decode_text(data, path=path, error=ContentError)
    return tuple(
        _approval(line, number, path)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    )


def _approval(line: str, number: int, path: Path) -> Approval:
    def fail(problem: str) -> ContentError:
        return ContentError(problem, fix=_FIX, path=path, where=f"line {number}")

    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise fail(f"the line is not a JSON object ({exc.msg}).") from None
    if not isinstance(item, dict):
        raise fail("the line is not a JSON object.")
    for name, kind in _FIELDS.items():
        if not isinstance(item.get(name), kind) or not item[name].strip():
            raise fail(f"the field '{name}' is missing or not text.")
    role = item.get("role")
    if role is not None and not isinstance(role, str):
        raise fail("the field 'role' is not text.")
    try:
        at = datetime.fromisoformat(item["at"])
    except ValueError:
        raise fail(f"'at' is '{item['at']}', not a date and time.") from None
    if at.tzinfo is None:
        raise fail(f"'at' is '{item['at']}', without its offset from UTC.")
    if digest(item["text"]) != item["sha256"]:
        raise fail("the approved text does not have the digest recorded with it: it was edited.")
    return Approval(item["procedure"], item["language"], item["sha256"], item["text"],
                    item["by"], role or None, at, number)  # fmt: skip


def approval_state(document: Document, approvals: tuple[Approval, ...]) -> ApprovalState:
    """Whether ``document`` is approved as it is now, changed since, or never approved."""
    history = tuple(
        a for a in approvals
        if a.procedure == document.procedure and a.language == document.language
    )  # fmt: skip
    if not history:
        return ApprovalState(ApprovalStatus.NEVER)
    now = approved_text(document)
    latest = history[-1]
    if digest(now) == latest.sha256:
        return ApprovalState(ApprovalStatus.APPROVED, history)
    return ApprovalState(ApprovalStatus.CHANGED, history, sentence_diff(latest.text, now))


def sentence_diff(approved: str, now: str) -> SentenceDiff:
    """The sentences added, removed and changed from ``approved`` to ``now`` (one a line)."""
    before, after = approved.splitlines(), now.splitlines()
    added: list[str] = []
    removed: list[str] = []
    changed: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "replace":
            pairs = min(a2 - a1, b2 - b1)
            changed += list(zip(before[a1 : a1 + pairs], after[b1 : b1 + pairs], strict=True))
            removed += before[a1 + pairs : a2]
            added += after[b1 + pairs : b2]
        elif op == "delete":
            removed += before[a1:a2]
        elif op == "insert":
            added += after[b1:b2]
    return SentenceDiff(tuple(added), tuple(removed), tuple(changed))
