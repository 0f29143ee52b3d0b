"""The deck's plan: plain, frozen data saying what goes on which slide, already measured.

The planner (`plan`, `pack`) makes it; the PPTX drawer (`draw`) and the browser slides
(`outline`) read it. Nothing here knows python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ...model import Asset
from .geometry import CONTENT_W, MARGIN_X, TITLE_LEADING


class SlideKind(Enum):
    """What a slide is for."""

    TITLE = "title"
    SECTION = "section"
    CONTACT = "contact"


class Role(Enum):
    """What a text paragraph on a slide is, for its styling."""

    PARAGRAPH = "paragraph"
    SUBHEADING = "subheading"
    ITEM = "item"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Runs = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class TextPara:
    """One paragraph of a text box, already measured."""

    runs: Runs
    role: Role
    size_pt: float
    line_pt: float
    lines: int
    space_before_pt: float = 0.0
    marker: str | None = None  # "1." or "•", in the hanging indent
    indent_pt: float = 0.0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def height_pt(self) -> float:
        """Height of the lines, without the space before."""
        return self.lines * self.line_pt


@dataclass(frozen=True, slots=True)
class TextBox:
    """Paragraphs in one text box at ``top_pt``."""

    paragraphs: tuple[TextPara, ...]
    top_pt: float
    height_pt: float
    width_pt: float = CONTENT_W
    left_pt: float = MARGIN_X


@dataclass(frozen=True, slots=True)
class TableBox:
    """A table (or the rows of one that fit on this slide), header first."""

    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    column_widths_pt: tuple[float, ...]
    row_heights_pt: tuple[float, ...]  # header row first
    top_pt: float
    size_pt: float
    line_pt: float
    left_pt: float = MARGIN_X

    @property
    def height_pt(self) -> float:
        return sum(self.row_heights_pt)


@dataclass(frozen=True, slots=True)
class PictureBox:
    """A figure scaled to ``width_pt`` × ``height_pt``."""

    alt: str
    image: Asset
    top_pt: float
    width_pt: float
    height_pt: float
    left_pt: float = MARGIN_X


BodyPart = TextBox | TableBox | PictureBox


@dataclass(frozen=True, slots=True)
class SlidePlan:
    """One slide: its title, what its body shows, and its speaker notes."""

    kind: SlideKind
    title: str
    title_size_pt: float
    title_lines: int
    body: tuple[BodyPart, ...]
    notes: str
    subtitle: str | None = None
    subtitle_lines: int = 0

    @property
    def title_line_pt(self) -> float:
        return self.title_size_pt * TITLE_LEADING
