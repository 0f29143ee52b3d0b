"""Frozen, typed models of what was read: a procedure document and a clinic.

Readers (`content`, `brand`) build these after validation; renderers only
read them. Assets carry their bytes so renderers never touch the filesystem.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Asset:
    """A file's bytes, read and checked once (a logo, a figure, a font)."""

    name: str
    media_type: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


# --- procedure documents -------------------------------------------------------------


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
    reviewed: date
    reviewed_by: str
    target_grade: float | None = None  # reading grade to aim for; None: the project's default
    review_months: int | None = None  # months between reviews; None: the project's default


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


# --- clinics ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Colors:
    """The colours the templates use, as ``#rrggbb``."""

    primary: str
    secondary: str
    foreground: str
    background: str
    light: str


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font file of a family (for example Lato Bold)."""

    weight: int
    style: str
    font: Asset


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A font family; without faces it is resolved from the installed system fonts."""

    name: str
    faces: tuple[FontFace, ...] = ()

    def face(self, *, bold: bool = False, italic: bool = False) -> FontFace | None:
        """The closest face shipped with the brand, if any."""
        if not self.faces:
            return None
        want_weight = 700 if bold else 400
        want_style = "italic" if italic else "normal"
        return min(
            self.faces,
            key=lambda f: (f.style != want_style, abs(f.weight - want_weight)),
        )


@dataclass(frozen=True, slots=True)
class Typography:
    base: FontFamily
    headings: FontFamily
    base_size_pt: float
    line_height: float


@dataclass(frozen=True, slots=True)
class Contact:
    """Clinic details brand.yml has no field for (``defaults: handoutkit:``)."""

    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    booking_url: str | None = None
    disclaimer: str | None = None


@dataclass(frozen=True, slots=True)
class Clinic:
    slug: str
    name: str
    short_name: str
    logo: Asset
    logo_alt: str
    colors: Colors
    typography: Typography
    contact: Contact
    source: Path
    deck_template: Asset | None = None  # the clinic's own PowerPoint template (.pptx/.potx)


# --- jobs ------------------------------------------------------------------------------


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
class Handout:
    """One clinic's version of one document: what every renderer takes."""

    document: Document
    clinic: Clinic
    notices: tuple[Notice, ...] = ()
