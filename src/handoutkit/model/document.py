"""A procedure document as read: sections of paragraphs, lists, tables and figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .asset import Asset


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with the inline formatting the author gave it."""

    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    href: str | None = None


Inline = tuple[Span, ...]


def plain(spans: Inline) -> str:
    """The text of ``spans`` without formatting."""
    return "".join(span.text for span in spans)


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: Inline

    @property
    def text(self) -> str:
        return plain(self.spans)


@dataclass(frozen=True, slots=True)
class Subheading:
    """A ``###`` heading inside a section."""

    spans: Inline

    @property
    def text(self) -> str:
        return plain(self.spans)


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item; ``term`` is set for items written ``**Term:** description``."""

    spans: Inline
    term: str | None = None

    @property
    def description(self) -> str:
        return plain(self.spans)

    @property
    def text(self) -> str:
        """The item as the author wrote it, without Markdown markers."""
        return f"{self.term}: {self.description}" if self.term else self.description


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet list, or a numbered list (steps) when ``ordered``."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1

    @property
    def has_terms(self) -> bool:
        return any(item.term for item in self.items)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """An image on its own line: ``![alt text](images/file.png)``."""

    alt: str
    image: Asset


Block = Paragraph | Subheading | ListBlock | Table | Figure


@dataclass(frozen=True, slots=True)
class Section:
    """A ``##`` heading and everything up to the next one."""

    title: str
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    title: str
    subtitle: str | None
    language: str
    reviewed: date | None  # reviewed outside Handout Kit (``handoutkit approve`` records its own)
    reviewed_by: str | None
    target_grade: float | None = None  # reading grade to aim for; None: the project's default
    review_months: int | None = None  # months between reviews; None: the project's default

    @property
    def full_title(self) -> str:
        """ "Title: Subtitle", or the title alone: the name of every output of the document."""
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title


@dataclass(frozen=True, slots=True)
class Document:
    """A procedure's patient-education text in one language."""

    procedure: str
    meta: DocumentMeta
    sections: tuple[Section, ...]
    source: Path
    # Pictures it shows from outside its own folder (elsewhere in the content folder): the
    # build fingerprints them with the job, since the folder's digest does not cover them.
    outside_inputs: tuple[Path, ...] = ()

    @property
    def language(self) -> str:
        return self.meta.language
