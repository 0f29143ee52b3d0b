"""What an imported file says, block by block, before it is written as a procedure document.

Every reader (plain text, Word, Markdown) turns its file into a `Source`: the blocks in
reading order, each with where it came from ("line 12", "paragraph 7") and its text as
written; the parts left out (page numbers, headers, footers, comments) and the doubts the
reader had, each naming the place in the source. The writer and the fidelity check read
only this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Kind(Enum):
    TITLE = "title"
    SUBTITLE = "subtitle"
    HEADING = "heading"  # a section: ## in the document
    SUBHEADING = "subheading"  # ### in the document
    PARAGRAPH = "paragraph"
    BULLET = "bullet"  # an item of a bulleted list
    NUMBER = "number"  # an item of a numbered list
    TABLE = "table"
    PICTURE = "picture"


@dataclass(frozen=True, slots=True)
class Piece:
    """Text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Pieces = tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture found in the source, saved beside the document."""

    name: str  # file name in the procedure's images/ folder
    data: bytes = field(repr=False)
    alt: str  # "" when the source gives none: flagged, never invented


@dataclass(frozen=True, slots=True)
class Block:
    kind: Kind
    origin: str  # "line 12", "paragraph 7": where it is in the source
    pieces: Pieces = ()
    number: int | None = None  # a numbered item's number as written
    term: str | None = None  # a list item opened by "Term:" (its pieces are the rest)
    rows: tuple[tuple[Pieces, ...], ...] = ()  # a table's rows, the header first
    picture: Picture | None = None
    colon: bool = False  # a title written "Title:" above its subtitle

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


@dataclass(frozen=True, slots=True)
class Omitted:
    """A part of the source not imported, and why."""

    origin: str
    text: str
    why: str  # "a page number", "the page header", "a comment by A. Lee"


@dataclass(frozen=True, slots=True)
class Doubt:
    """A decision the reader was not sure of, for a person to check."""

    origin: str
    text: str


@dataclass(frozen=True, slots=True)
class Source:
    path: Path
    form: str  # "plain text", "Word document", "Markdown"
    blocks: tuple[Block, ...]
    language: str | None = None  # the language the file says it is in
    omitted: tuple[Omitted, ...] = ()
    doubts: tuple[Doubt, ...] = ()

    def of(self, kind: Kind) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.kind is kind)
