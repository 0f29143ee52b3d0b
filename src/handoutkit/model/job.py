"""One job: a clinic's version of one procedure in one language, and what it is made from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from .approval import ApprovalState
from .clinic import Clinic
from .document import Document, Paragraph


@dataclass(frozen=True, slots=True, order=True)
class JobKey:
    """One clinic's version of one procedure in one language."""

    clinic: str
    procedure: str
    language: str

    @property
    def stem(self) -> str:
        """File name prefix that says what a file is when taken out of its folder."""
        return f"{self.clinic}_{self.procedure}_{self.language}"

    def __str__(self) -> str:
        return f"{self.clinic} × {self.procedure} × {self.language}"


class Paper(Enum):
    """Printable paper sizes, with their CSS ``@page`` size."""

    LETTER = "letter"
    A4 = "a4"

    @property
    def css_size(self) -> str:
        return {"letter": "8.5in 11in", "a4": "210mm 297mm"}[self.value]


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning for the people who maintain content and brand files."""

    message: str
    path: Path | None = None
    where: str | None = None

    def __str__(self) -> str:
        location = ", ".join(
            p for p in (str(self.path) if self.path else "", self.where or "") if p
        )
        return f"{location}: {self.message}" if location else self.message


@dataclass(frozen=True, slots=True)
class Tagline:
    """A clinic's notice of free language assistance in one language, in its own words
    (``content/notices/language-assistance/<language>.md``); never written by Handout Kit."""

    language: str  # a BCP 47 tag: "es", "zh-Hant"
    direction: str  # "ltr" or "rtl"
    paragraphs: tuple[Paragraph, ...]
    source: Path

    @property
    def text(self) -> str:
        return "\n".join(paragraph.text for paragraph in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Handout:
    """One clinic's version of one document: what every renderer takes."""

    document: Document
    clinic: Clinic
    notices: tuple[Notice, ...] = ()
    taglines: tuple[Tagline, ...] = ()  # the notice of language assistance, per language
    languages: tuple[str, ...] = ()  # every language the procedure is written in
    approval: ApprovalState | None = None  # None: not looked up (a handout made in a test)

    @property
    def dated(self) -> date | None:
        """The date the outputs carry: the approval's, else the review's (never the build's,
        so the same inputs give the same files)."""
        if self.approval is not None and self.approval.approved and self.approval.latest:
            return self.approval.latest.at.date()
        return self.document.meta.reviewed
