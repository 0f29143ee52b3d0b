"""Sign-off: who approved which exact text of a document, and whether it is still that text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


@dataclass(frozen=True, slots=True)
class Approval:
    """One line of the content folder's approval record (``approvals.jsonl``)."""

    procedure: str
    language: str
    sha256: str  # of the approved text
    text: str  # the approved text: the document's sentences, one a line
    by: str
    role: str | None
    at: datetime  # when, with its UTC offset
    line: int  # in the record, for messages


@dataclass(frozen=True, slots=True)
class SentenceDiff:
    """How a document's sentences differ from the approved ones."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()  # (approved, now)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def lines(self) -> tuple[str, ...]:
        """One line a difference: "‘old’ became ‘new’", "added ‘…’", "removed ‘…’"."""
        return (
            *(f"‘{old}’ became ‘{new}’" for old, new in self.changed),
            *(f"added ‘{text}’" for text in self.added),
            *(f"removed ‘{text}’" for text in self.removed),
        )

    def summary(self) -> str:
        counts = [(len(self.changed), "changed"), (len(self.added), "added"),
                  (len(self.removed), "removed")]  # fmt: skip
        return ", ".join(f"{n} sentence{'s' if n != 1 else ''} {what}" for n, what in counts if n)


class ApprovalStatus(Enum):
    APPROVED = "approved"  # the latest approval is of this very text
    CHANGED = "changed"  # approved once, edited since
    NEVER = "never"  # never approved


@dataclass(frozen=True, slots=True)
class ApprovalState:
    """A document's approval: its status, the latest approval, the history (oldest first)
    and, when it changed since, how."""

    status: ApprovalStatus
    history: tuple[Approval, ...] = ()
    diff: SentenceDiff = SentenceDiff()

    @property
    def latest(self) -> Approval | None:
        return self.history[-1] if self.history else None

    @property
    def approved(self) -> bool:
        return self.status is ApprovalStatus.APPROVED

    def describe(self) -> str:
        """One line for reports: "approved 2026-12-04 by Dr. Lee (Medical Director)"."""
        latest = self.latest
        if latest is None:
            return "never approved"
        who = f"{latest.by} ({latest.role})" if latest.role else latest.by
        when = latest.at.date().isoformat()
        if self.approved:
            return f"approved {when} by {who}"
        return f"changed since its approval {when} by {who}: {self.diff.summary()}"
