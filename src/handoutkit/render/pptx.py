"""The consultation deck: a handout laid out on 16:9 slides with python-pptx.

Planning and drawing are separate. `plan_deck` decides what goes on which
slide, measuring every line with the brand's font metrics so that text never
shrinks: a list that does not fit continues on the next slide, a paragraph
too long for one slide is split between sentences, a table repeats its
header. `render_deck` draws the plan and returns PPTX bytes that are the same
on every run for the same handout.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from ..errors import RenderError
from ..images import pixel_size, raster_logo
from ..labels import LABELS, Labels, labels_for
from ..measure import TextMeasurer, measurer
from ..models import (
    Asset,
    Clinic,
    Colors,
    Document,
    Figure,
    FontFamily,
    Handout,
    Inline,
    ListBlock,
    Paragraph,
    Section,
    Subheading,
    Table,
)

# --- geometry (points; the slide is 13.333 × 7.5 in) -----------------------------------

SLIDE_W = 960.0
SLIDE_H = 540.0
MARGIN_X = 48.0
CONTENT_W = SLIDE_W - 2 * MARGIN_X
TITLE_TOP = 26.0
BAR_GAP = 8.0  # title box to accent bar
BAR_H = 5.0
BAR_W = 96.0
BODY_GAP = 16.0  # accent bar to body
BODY_BOTTOM = 494.0
FOOTER_TOP = 506.0
FOOTER_H = 22.0
INSET_Y = 3.6  # top and bottom inset of every text box
GAP = 14.0  # between a text box, a table and a picture on one slide
WIDTH_SAFETY = 0.92  # measured lines must fit in 92 % of the real width (kerning, renderers)

BODY_PT = 24.0
SUBHEADING_PT = 26.0
TITLE_SIZES = (36.0, 32.0)
COVER_TITLE_SIZES = (54.0, 48.0, 44.0, 40.0)
COVER_SUBTITLE_PT = 28.0
COVER_CLINIC_PT = 24.0
FOOTER_PT = 12.0
BODY_LEADING = 1.25  # line pitch / size, unless the font itself needs more
TITLE_LEADING = 1.15
PARAGRAPH_SPACE = 12.0  # before a paragraph, subheading, list or table
ITEM_SPACE = 6.0  # between list items
CELL_MARGIN_X = 7.2
CELL_MARGIN_Y = 3.6
MIN_PICTURE_H = 160.0
MAX_PICTURE_H = 330.0
COVER_LOGO_TOP = 44.0
COVER_TITLE_TOP = 194.0
COVER_TEXT_BOTTOM = 412.0  # title and subtitle end above the clinic's name
COVER_CLINIC_TOP = 422.0  # room for two lines of the clinic's name above 490 pt
LOGO_H = 110.0
LOGO_MAX_W = 360.0
LOGO_PX = 600
PICTURE_PX = 900

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BULLET = "•"


# --- the plan ------------------------------------------------------------------------------


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


# --- measuring -----------------------------------------------------------------------------


class _Typesetter:
    """Measures runs, titles and table cells in the clinic's fonts."""

    def __init__(self, clinic: Clinic) -> None:
        self.base = clinic.typography.base
        self.headings = clinic.typography.headings
        base_em = measurer(self.base).line_height_em
        self.body_line = round(BODY_PT * max(BODY_LEADING, base_em), 2)
        self.subheading_line = round(SUBHEADING_PT * max(BODY_LEADING, base_em), 2)

    def measurer(self, family: FontFamily, bold: bool, italic: bool = False) -> TextMeasurer:
        return measurer(family, bold=bold, italic=italic)

    def lines(
        self, runs: Runs, size_pt: float, width_pt: float, family: FontFamily | None = None
    ) -> int:
        """Lines ``runs`` take; mixed styles are measured in each and the most lines kept."""
        text = "".join(run.text for run in runs)
        styles = {(run.bold, run.italic) for run in runs if run.text.strip()} or {(False, False)}
        usable = width_pt * WIDTH_SAFETY
        return max(
            self.measurer(family or self.base, bold, italic).line_count(text, size_pt, usable)
            for bold, italic in styles
        )

    def para(
        self,
        runs: Runs,
        role: Role,
        *,
        space_before: float = 0.0,
        marker: str | None = None,
        indent: float = 0.0,
    ) -> TextPara:
        size, line = (
            (SUBHEADING_PT, self.subheading_line)
            if role is Role.SUBHEADING
            else (BODY_PT, self.body_line)
        )
        family = self.headings if role is Role.SUBHEADING else self.base
        lines = self.lines(runs, size, CONTENT_W - indent, family)
        return TextPara(runs, role, size, line, lines, space_before, marker, indent)

    def title_fit(self, title: str, sizes: Sequence[float], max_lines: int) -> tuple[float, int]:
        """The largest of ``sizes`` that sets ``title`` in ``max_lines``, and its line count."""
        heading = self.measurer(self.headings, bold=True)
        lines = 0
        for size in sizes:
            lines = heading.line_count(title, size, CONTENT_W * WIDTH_SAFETY)
            if lines <= max_lines:
                return size, lines
        return sizes[-1], lines

    def marker_indent(self, markers: Iterable[str]) -> float:
        bold = self.measurer(self.base, bold=True)
        widest = max((bold.width_pt(marker, BODY_PT) for marker in markers), default=0.0)
        return round(max(widest + 14.0, 30.0), 1)

    def cell_lines(self, runs: Runs, width_pt: float) -> int:
        return self.lines(runs, BODY_PT, max(width_pt - 2 * CELL_MARGIN_X, 1.0))

    def natural_width(self, runs: Runs) -> float:
        """Width of a cell's text on one line, plus margins."""
        text = "".join(run.text for run in runs)
        bold = any(run.bold for run in runs)
        width = self.measurer(self.base, bold).width_pt(text, BODY_PT) / WIDTH_SAFETY
        return width + 2 * CELL_MARGIN_X + 1.0

    def longest_word(self, runs: Runs) -> float:
        text = "".join(run.text for run in runs)
        bold = any(run.bold for run in runs)
        m = self.measurer(self.base, bold)
        widest = max((m.width_pt(word, BODY_PT) for word in text.split()), default=0.0)
        return widest / WIDTH_SAFETY + 2 * CELL_MARGIN_X + 1.0


def _runs(spans: Inline) -> Runs:
    return tuple(Run(s.text, s.strong, s.emphasis, s.href) for s in spans if s.text)


def _text(runs: Runs) -> str:
    return "".join(run.text for run in runs)


def _slice(runs: Runs, start: int, end: int) -> Runs:
    """The runs covering characters ``start:end`` of their joined text."""
    out: list[Run] = []
    offset = 0
    for run in runs:
        a, b = max(start, offset), min(end, offset + len(run.text))
        if a < b:
            out.append(replace(run, text=run.text[a - offset : b - offset]))
        offset += len(run.text)
    return tuple(out)


def _strip(runs: Runs) -> Runs:
    """``runs`` without leading and trailing whitespace."""
    text = _text(runs)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return _slice(runs, start, end)


# Sentence ends: ., ! or ? (and closing quotes/brackets), then space, then a capital,
# digit or opening quote. Common abbreviations are not ends.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(¿¡]?[^\W\d_]|\d)")
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "approx", "no", "fig"}


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text`` (covering all of it)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        following = text[match.end() : match.end() + 2]
        if word in _ABBREVIATIONS or not (following[:1].isupper() or not following[:1].isalpha()):
            continue
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


# --- packing a section's blocks onto slides ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _TextUnit:
    """A paragraph, subheading or list item waiting to be placed."""

    runs: Runs
    role: Role
    space_before: float
    marker: str | None = None
    indent: float = 0.0
    note_prefix: str = ""
    keep_with_next: bool = False


@dataclass(frozen=True, slots=True)
class _TableUnit:
    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]


@dataclass(frozen=True, slots=True)
class _PictureUnit:
    figure: Figure


_Unit = _TextUnit | _TableUnit | _PictureUnit


class _Page:
    """The body of one slide being filled from the top."""

    def __init__(self, top: float, capacity: float) -> None:
        self.top = top
        self.capacity = capacity
        self.parts: list[BodyPart] = []
        self.text: list[TextPara] = []
        self.text_top = 0.0
        self.used = 0.0
        self.notes: list[str] = []

    @property
    def empty(self) -> bool:
        return not self.parts and not self.text

    @property
    def remaining(self) -> float:
        return self.capacity - self.used

    def text_cost(self, para: TextPara) -> float:
        if self.text:
            return para.space_before_pt + para.height_pt
        return (0.0 if self.empty else GAP) + 2 * INSET_Y + para.height_pt

    def add_text(self, para: TextPara, note: str) -> None:
        cost = self.text_cost(para)
        if not self.text:
            self.text_top = self.top + self.used + (0.0 if self.empty else GAP)
            para = replace(para, space_before_pt=0.0)
        self.text.append(para)
        self.used += cost
        self.notes.append(note)

    def block_top(self) -> float:
        self._close_text()
        return self.top + self.used + (0.0 if self.empty else GAP)

    def block_cost(self, height: float) -> float:
        return (0.0 if self.empty else GAP) + height

    def add_block(self, part: TableBox | PictureBox, height: float, note: str) -> None:
        self._close_text()
        self.used += self.block_cost(height)
        self.parts.append(part)
        self.notes.append(note)

    def _close_text(self) -> None:
        if self.text:
            height = sum(p.space_before_pt + p.height_pt for p in self.text) + 2 * INSET_Y
            self.parts.append(TextBox(tuple(self.text), self.text_top, height))
            self.text = []

    def finish(self, bottom: float) -> tuple[BodyPart, ...]:
        """The page's parts; the last text box reaches down to ``bottom``."""
        self._close_text()
        parts = list(self.parts)
        if parts and isinstance(parts[-1], TextBox):
            last = parts[-1]
            parts[-1] = replace(last, height_pt=max(last.height_pt, bottom - last.top_pt))
        return tuple(parts)


class _Packer:
    """Places a section's units on as many pages as they need."""

    def __init__(
        self, ts: _Typesetter, top: float, capacity: float, section: str, where: str
    ) -> None:
        self.ts = ts
        self.top = top
        self.capacity = capacity
        self.section = section
        self.where = where
        self.pages: list[_Page] = [_Page(top, capacity)]
        self.breaks = 0  # paragraphs and tables broken over slides

    def with_capacity(self, capacity: float) -> _Packer:
        return _Packer(self.ts, self.top, capacity, self.section, self.where)

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        if not self.page.empty:
            self.pages.append(_Page(self.top, self.capacity))

    def pack(self, units: Sequence[_Unit]) -> list[_Page]:
        for index, unit in enumerate(units):
            following = units[index + 1] if index + 1 < len(units) else None
            if isinstance(unit, _TextUnit):
                self.place_text(unit, following)
            elif isinstance(unit, _TableUnit):
                self.place_table(unit)
            else:
                self.place_picture(unit)
        return self.pages

    # -- text ---------------------------------------------------------------------------

    def para_of(self, unit: _TextUnit, runs: Runs, *, first: bool) -> TextPara:
        return self.ts.para(
            runs,
            unit.role,
            space_before=unit.space_before if first else ITEM_SPACE,
            marker=unit.marker if first else None,
            indent=unit.indent,
        )

    def lead_cost(self, unit: _Unit | None) -> float:
        """Space the start of ``unit`` needs, for keeping a heading with what follows."""
        if unit is None:
            return 0.0
        if isinstance(unit, _TextUnit):
            para = self.ts.para(unit.runs, unit.role, space_before=unit.space_before)
            return unit.space_before + min(para.lines, 2) * para.line_pt
        if isinstance(unit, _TableUnit):
            return GAP + 3 * self.ts.body_line
        return GAP + MIN_PICTURE_H

    def place_text(self, unit: _TextUnit, following: _Unit | None) -> None:
        note = unit.note_prefix + _text(unit.runs)
        para = self.para_of(unit, unit.runs, first=True)
        fresh = _Page(self.top, self.capacity)
        if fresh.text_cost(para) <= self.capacity:
            need = self.page.text_cost(para)
            if unit.keep_with_next:
                need += self.lead_cost(following)
            if need > self.page.remaining:
                self.new_page()
            self.page.add_text(para, note)
            return
        self.place_sentences(unit)

    def place_sentences(self, unit: _TextUnit) -> None:
        """A paragraph taller than a slide: fill slides with whole sentences."""
        text = _text(unit.runs)
        pending = sentence_bounds(text)
        first = True
        while pending:
            taken = 0
            para: TextPara | None = None
            for count in range(1, len(pending) + 1):
                runs = _strip(_slice(unit.runs, pending[0][0], pending[count - 1][1]))
                candidate = self.para_of(unit, runs, first=first)
                if self.page.text_cost(candidate) > self.page.remaining:
                    break
                taken, para = count, candidate
            if para is None:
                if self.page.empty:
                    sentence = text[pending[0][0] : pending[0][1]].strip()
                    raise RenderError(
                        f"a sentence in the section '{self.section}' is too long for one "
                        f"slide at {BODY_PT:g} pt: '{sentence[:80]}…'.",
                        fix="split the sentence into shorter ones.",
                        where=self.where,
                    )
                self.new_page()
                continue
            shown = _text(para.runs)
            self.page.add_text(para, (unit.note_prefix if first else "") + shown)
            pending = pending[taken:]
            first = False
            if pending:
                self.breaks += 1
                self.new_page()

    # -- tables -------------------------------------------------------------------------

    def place_table(self, unit: _TableUnit) -> None:
        widths = _column_widths(self.ts, unit)
        header_h = self.row_height(unit.header, widths)
        heights = [self.row_height(row, widths) for row in unit.rows]
        if any(header_h + h > self.capacity for h in heights) or header_h > self.capacity:
            raise RenderError(
                f"a table row in the section '{self.section}' is too tall for one slide.",
                fix="shorten the text in that row's cells, or use fewer columns.",
                where=self.where,
            )
        index = 0
        while index < len(unit.rows) or index == 0:
            if self.page.block_cost(header_h + (heights[index] if heights else 0.0)) > (
                self.page.remaining
            ):
                self.new_page()
            room = self.page.remaining - self.page.block_cost(header_h)
            end = index
            while end < len(unit.rows) and heights[end] <= room:
                room -= heights[end]
                end += 1
            rows = unit.rows[index:end]
            box = TableBox(
                header=unit.header,
                rows=rows,
                column_widths_pt=widths,
                row_heights_pt=(header_h, *heights[index:end]),
                top_pt=self.page.block_top(),
                size_pt=BODY_PT,
                line_pt=self.ts.body_line,
            )
            self.page.add_block(box, box.height_pt, _table_note(unit.header, rows))
            index = end
            if index >= len(unit.rows):
                break
            self.breaks += 1
            self.new_page()

    def row_height(self, row: Sequence[Runs], widths: Sequence[float]) -> float:
        lines = max(
            (self.ts.cell_lines(cell, width) for cell, width in zip(row, widths, strict=False)),
            default=1,
        )
        return round(lines * self.ts.body_line + 2 * CELL_MARGIN_Y, 2)

    # -- pictures -----------------------------------------------------------------------

    def place_picture(self, unit: _PictureUnit) -> None:
        width_px, height_px = _picture_size(unit.figure.image)
        aspect = width_px / height_px if height_px else 1.0
        ideal = min(self.capacity, MAX_PICTURE_H, CONTENT_W / aspect)
        if self.page.remaining - self.page.block_cost(0.0) < min(ideal, MIN_PICTURE_H):
            self.new_page()
        height = min(ideal, self.page.remaining - self.page.block_cost(0.0))
        box = PictureBox(
            alt=unit.figure.alt,
            image=unit.figure.image,
            top_pt=self.page.block_top(),
            width_pt=round(height * aspect, 2),
            height_pt=round(height, 2),
        )
        self.page.add_block(box, box.height_pt, unit.figure.alt)


def _table_note(header: Sequence[Runs], rows: Sequence[Sequence[Runs]]) -> str:
    lines = [" | ".join(_text(cell) for cell in row) for row in (header, *rows)]
    return "\n".join(lines)


def _column_widths(ts: _Typesetter, unit: _TableUnit) -> tuple[float, ...]:
    """Columns as wide as their text wants, sharing the slide's width."""
    count = (
        max(len(unit.header), *(len(row) for row in unit.rows)) if unit.rows else len(unit.header)
    )
    rows = [unit.header, *unit.rows]
    natural = [
        max((ts.natural_width(row[c]) for row in rows if c < len(row)), default=1.0)
        for c in range(count)
    ]
    minimum = [
        min(
            max((ts.longest_word(row[c]) for row in rows if c < len(row)), default=1.0),
            CONTENT_W / count,
        )
        for c in range(count)
    ]
    widths = _share(natural, minimum, CONTENT_W)
    scale = CONTENT_W / sum(widths)  # fill the width; shrink only if the minima do not fit
    return tuple(round(w * scale, 2) for w in widths)


def _share(natural: Sequence[float], minimum: Sequence[float], total: float) -> list[float]:
    """Column widths: narrow columns get their natural width, as in HTML tables; the
    others share what is left in proportion to their text, never below their longest word.
    """
    widths = list(natural)
    pending = set(range(len(natural)))
    remaining = total
    while pending:
        share = remaining / len(pending)
        narrow = [c for c in pending if natural[c] <= share]
        if not narrow:
            break
        remaining -= sum(natural[c] for c in narrow)
        pending.difference_update(narrow)
    while pending:
        wanted = sum(natural[c] for c in pending)
        too_narrow = [c for c in pending if remaining * natural[c] / wanted < minimum[c]]
        if not too_narrow:
            for c in pending:
                widths[c] = remaining * natural[c] / wanted
            break
        for c in too_narrow:
            widths[c] = minimum[c]
        remaining -= sum(minimum[c] for c in too_narrow)
        pending.difference_update(too_narrow)
    return widths


@lru_cache(maxsize=32)
def _picture_png(image: Asset) -> bytes:
    return raster_logo(image, PICTURE_PX)


def _picture_size(image: Asset) -> tuple[int, int]:
    return pixel_size(_picture_png(image))


# --- planning the deck ---------------------------------------------------------------------


def _labels(document: Document) -> Labels:
    return labels_for(document.language) or LABELS["en"]


def _section_units(ts: _Typesetter, section: Section) -> list[_Unit]:
    """A section's blocks as units to place, in order."""
    units: list[_Unit] = []
    for block in section.blocks:
        space = PARAGRAPH_SPACE
        if isinstance(block, Paragraph):
            text = block.text.rstrip()
            units.append(
                _TextUnit(
                    _runs(block.spans), Role.PARAGRAPH, space, keep_with_next=text[-1:] == ":"
                )
            )
        elif isinstance(block, Subheading):
            runs = tuple(replace(run, bold=True) for run in _runs(block.spans))
            units.append(_TextUnit(runs, Role.SUBHEADING, space, keep_with_next=True))
        elif isinstance(block, ListBlock):
            markers = [
                f"{block.start + i}." if block.ordered else BULLET for i in range(len(block.items))
            ]
            indent = ts.marker_indent(markers)
            for i, (item, marker) in enumerate(zip(block.items, markers, strict=True)):
                runs = _runs(item.spans)
                if item.term:
                    runs = (Run(f"{item.term}:", bold=True), Run(" "), *runs)
                units.append(
                    _TextUnit(
                        runs,
                        Role.ITEM,
                        space if i == 0 else ITEM_SPACE,
                        marker=marker,
                        indent=indent,
                        note_prefix=f"{marker} ",
                    )
                )
        elif isinstance(block, Table):
            header = tuple(
                tuple(replace(run, bold=True) for run in _runs(cell)) for cell in block.header
            )
            units.append(_TableUnit(header, tuple(tuple(map(_runs, r)) for r in block.rows)))
        elif isinstance(block, Figure):
            units.append(_PictureUnit(block))
    return units


def _balanced(packer: _Packer, units: Sequence[_Unit]) -> list[_Page]:
    """Pages for ``units``, filled evenly when they need more than one.

    The body height is lowered as far as it can go without adding a slide or
    breaking a paragraph or table that did not need breaking, so a list of
    twelve items shows 4 + 4 + 4 rather than 5 + 5 + 2.
    """
    pages = packer.pack(units)
    low, high = 0.0, packer.capacity
    best = pages
    while len(pages) > 1 and high - low > 2.0:
        middle = (low + high) / 2
        trial = packer.with_capacity(middle)
        try:
            trial_pages = trial.pack(units)
        except RenderError:  # something no longer fits on a slide at all
            trial_pages = []
        if len(trial_pages) == len(pages) and trial.breaks == packer.breaks:
            high, best = middle, trial_pages
        else:
            low = middle
    return best


def _body_geometry(title_lines: int, title_size: float) -> tuple[float, float]:
    """Top and height of the body under a title of ``title_lines`` lines."""
    title_h = title_lines * title_size * TITLE_LEADING + 2 * INSET_Y
    top = TITLE_TOP + title_h + BAR_GAP + BAR_H + BODY_GAP
    return top, BODY_BOTTOM - top


def _plan_slides(
    ts: _Typesetter,
    labels: Labels,
    kind: SlideKind,
    title: str,
    units: Sequence[_Unit],
    where: str,
) -> list[SlidePlan]:
    """One or more slides for ``units`` under ``title``, continued as "(n of m)"."""
    titles = [title]
    pages: list[_Page] = []
    size, lines = TITLE_SIZES[0], 1
    for _ in range(6):
        fits = [ts.title_fit(t, TITLE_SIZES, 2) for t in titles]
        size, lines = min(s for s, _ in fits), max(n for _, n in fits)
        top, capacity = _body_geometry(lines, size)
        if capacity < 3 * ts.body_line:
            raise RenderError(
                f"the heading '{title}' is too long for a slide title.",
                fix="shorten the heading to a few words.",
                where=where,
            )
        pages = _balanced(_Packer(ts, top, capacity, title, where), units)
        wanted = (
            [title]
            if len(pages) == 1
            else [labels.continued(title, n, len(pages)) for n in range(1, len(pages) + 1)]
        )
        if wanted == titles:
            break
        titles = wanted
    return [
        SlidePlan(
            kind=kind,
            title=slide_title,
            title_size_pt=size,
            title_lines=lines,
            body=page.finish(BODY_BOTTOM),
            notes="\n".join([slide_title, *page.notes]),
        )
        for slide_title, page in zip(titles, pages, strict=True)
    ]


def _title_slide(ts: _Typesetter, handout: Handout) -> SlidePlan:
    meta = handout.document.meta
    size, lines = ts.title_fit(meta.title, COVER_TITLE_SIZES, 2)
    subtitle_lines = 0
    if meta.subtitle:
        regular = ts.measurer(ts.base, bold=False)
        subtitle_lines = regular.line_count(
            meta.subtitle, COVER_SUBTITLE_PT, CONTENT_W * WIDTH_SAFETY
        )
    bottom = (
        COVER_TITLE_TOP
        + lines * size * TITLE_LEADING
        + 2 * INSET_Y
        + (8.0 + subtitle_lines * COVER_SUBTITLE_PT * BODY_LEADING + 2 * INSET_Y)
    )
    if bottom > COVER_TEXT_BOTTOM:
        raise RenderError(
            "the title and subtitle are too long to fit on the title slide.",
            fix="shorten the 'title' or 'subtitle' field in the front matter.",
            path=handout.document.source,
            where="front matter",
        )
    notes = "\n".join(part for part in (meta.title, meta.subtitle, handout.clinic.name) if part)
    return SlidePlan(
        kind=SlideKind.TITLE,
        title=meta.title,
        title_size_pt=size,
        title_lines=lines,
        body=(),
        notes=notes,
        subtitle=meta.subtitle,
        subtitle_lines=subtitle_lines,
    )


def _contact_units(clinic: Clinic, labels: Labels) -> list[_Unit]:
    contact = clinic.contact
    lines: list[Runs] = [(Run(clinic.name, bold=True),)]
    if contact.phone:
        tel = "tel:" + re.sub(r"[^\d+]", "", contact.phone)
        lines.append((Run(f"{labels.phone}: ", bold=True), Run(contact.phone, href=tel)))
    if contact.email:
        mail = f"mailto:{contact.email}"
        lines.append((Run(f"{labels.email}: ", bold=True), Run(contact.email, href=mail)))
    if contact.website:
        site = contact.website
        lines.append((Run(f"{labels.website}: ", bold=True), Run(site, href=_web(site))))
    if contact.address:
        lines.append((Run(contact.address),))
    if contact.booking_url:
        book = contact.booking_url
        lines.append((Run(f"{labels.booking}: ", bold=True), Run(book, href=_web(book))))
    units: list[_Unit] = [
        _TextUnit(runs, Role.PARAGRAPH, ITEM_SPACE if i else 0.0) for i, runs in enumerate(lines)
    ]
    if contact.disclaimer:
        units.append(_TextUnit((Run(contact.disclaimer, italic=True),), Role.NOTE, 2 * GAP))
    return units


def _web(address: str) -> str:
    return address if re.match(r"^[a-z][a-z0-9+.-]*:", address, re.I) else f"https://{address}"


def plan_deck(handout: Handout) -> tuple[SlidePlan, ...]:
    """What goes on which slide: titles, measured body parts and speaker notes."""
    ts = _Typesetter(handout.clinic)
    document = handout.document
    labels = _labels(document)
    slides = [_title_slide(ts, handout)]
    for section in document.sections:
        title = section.title.strip() or document.meta.title
        where = f"line {section.line}"
        with _located(document.source, where):
            units = _section_units(ts, section)
            slides += _plan_slides(ts, labels, SlideKind.SECTION, title, units, where)
    where = "defaults.handoutkit"
    with _located(handout.clinic.source, where):
        contact = _contact_units(handout.clinic, labels)
        slides += _plan_slides(ts, labels, SlideKind.CONTACT, labels.contact, contact, where)
    return tuple(slides)


@contextmanager
def _located(path: Path, where: str) -> Iterator[None]:
    """Name the file and place of a render error that does not name one yet."""
    try:
        yield
    except RenderError as exc:
        if exc.path is not None:
            raise
        raise RenderError(exc.problem, fix=exc.fix, path=path, where=where) from None


# --- drawing -------------------------------------------------------------------------------


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _readable(on: str, *candidates: str, minimum: float) -> str:
    """The first candidate readable on ``on``, else the most readable of them, black or white."""
    for color in candidates:
        if contrast(color, on) >= minimum:
            return color
    return max((*candidates, "#000000", "#ffffff"), key=lambda c: contrast(c, on))


@dataclass(frozen=True, slots=True)
class _Style:
    """The clinic's colours, checked for contrast, and its font names."""

    background: str
    text: str
    title: str
    accent: str
    secondary_text: str
    header_fill: str
    header_text: str
    band: str
    base_font: str
    heading_font: str
    language: str

    @classmethod
    def of(cls, clinic: Clinic, language: str) -> _Style:
        c: Colors = clinic.colors
        text = _readable(c.background, c.foreground, minimum=4.5)
        return cls(
            background=c.background,
            text=text,
            title=_readable(c.background, c.primary, text, minimum=3.0),
            accent=_readable(c.background, c.secondary, c.primary, text, minimum=1.5),
            secondary_text=_readable(c.background, c.secondary, c.primary, text, minimum=4.5),
            header_fill=c.primary,
            header_text=_readable(c.primary, c.background, "#ffffff", c.foreground, minimum=4.5),
            band=c.light if contrast(text, c.light) >= 4.5 else c.background,
            base_font=clinic.typography.base.name,
            heading_font=clinic.typography.headings.name,
            language=language,
        )


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _layout(prs: PresentationType, name: str) -> SlideLayout:
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    raise RenderError(
        f"the default PowerPoint template has no '{name}' layout.",
        fix="reinstall python-pptx.",
    )


def _frame(frame: TextFrame, *, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    """Wrap text, never autofit, and use the insets the planner measured with."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Emu(0)
    frame.margin_top = frame.margin_bottom = Pt(INSET_Y)


def _add_run(
    paragraph: _Paragraph,
    text: str,
    *,
    font: str,
    size: float,
    color: str,
    style: _Style,
    bold: bool = False,
    italic: bool = False,
    href: str | None = None,
) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = _rgb(color)
    run._r.get_or_add_rPr().set("lang", style.language)
    if href:
        run.hyperlink.address = href


def _set_paragraph(
    paragraph: _Paragraph, *, line_pt: float, space_before: float, indent: float = 0.0
) -> None:
    paragraph.line_spacing = Pt(line_pt)
    paragraph.space_before = Pt(space_before)
    paragraph.space_after = Pt(0)
    p_pr = paragraph._p.get_or_add_pPr()
    if indent:
        p_pr.set("marL", str(Pt(indent)))
        p_pr.set("indent", str(-Pt(indent)))
    etree.SubElement(p_pr, qn("a:buNone"))
    if indent:
        tabs = etree.SubElement(p_pr, qn("a:tabLst"))
        etree.SubElement(tabs, qn("a:tab"), pos=str(Pt(indent)), algn="l")


def _title(slide: Slide, plan: SlidePlan, style: _Style, top: float, *, size: float) -> None:
    shape = slide.shapes.title
    if shape is None:  # the layouts used always have one
        raise RenderError("the slide layout has no title.", fix="reinstall python-pptx.")
    line = size * TITLE_LEADING
    height = plan.title_lines * line + 2 * INSET_Y
    shape.left, shape.top, shape.width, shape.height = (
        Pt(MARGIN_X),
        Pt(top),
        Pt(CONTENT_W),
        Pt(height),
    )
    frame = shape.text_frame
    frame.clear()
    _frame(frame, anchor=MSO_ANCHOR.BOTTOM)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _set_paragraph(paragraph, line_pt=line, space_before=0.0)
    _add_run(
        paragraph,
        plan.title,
        font=style.heading_font,
        size=size,
        color=style.title,
        style=style,
        bold=True,
    )


def _bar(slide: Slide, style: _Style, left: float, top: float, width: float) -> None:
    bar: Shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(width), Pt(BAR_H)
    )
    bar.name = "Accent bar"
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(style.accent)
    bar.line.fill.background()
    bar.shadow.inherit = False


def _text_box(
    slide: Slide,
    name: str,
    box: tuple[float, float, float, float],
    text: str,
    *,
    font: str,
    size: float,
    color: str,
    style: _Style,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height))
    shape.name = name
    frame = shape.text_frame
    _frame(frame, anchor=anchor)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    _set_paragraph(paragraph, line_pt=round(size * BODY_LEADING, 2), space_before=0.0)
    _add_run(paragraph, text, font=font, size=size, color=color, style=style, bold=bold)


def _background(slide: Slide, style: _Style) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(style.background)


def _picture(
    slide: Slide, png: bytes, alt: str, name: str, box: tuple[float, float, float, float]
) -> None:
    left, top, width, height = box
    picture = slide.shapes.add_picture(io.BytesIO(png), Pt(left), Pt(top), Pt(width), Pt(height))
    picture.name = name
    c_nv_pr = picture._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", alt)
    c_nv_pr.set("title", alt)


def _draw_cover(slide: Slide, plan: SlidePlan, handout: Handout, style: _Style) -> None:
    clinic = handout.clinic
    png = raster_logo(clinic.logo, LOGO_PX)
    width_px, height_px = pixel_size(png)
    aspect = width_px / height_px if height_px else 1.0
    logo_h = min(LOGO_H, LOGO_MAX_W / aspect)
    logo_box = (MARGIN_X, COVER_LOGO_TOP, logo_h * aspect, logo_h)
    _picture(slide, png, clinic.logo_alt, "Logo", logo_box)
    title_top = COVER_TITLE_TOP
    _bar(slide, style, MARGIN_X, title_top - 16.0, BAR_W)
    _title(slide, plan, style, title_top, size=plan.title_size_pt)
    title_h = plan.title_lines * plan.title_line_pt + 2 * INSET_Y
    subtitle = next((ph for ph in slide.placeholders if ph.placeholder_format.idx == 1), None)
    if subtitle is not None:
        if plan.subtitle:
            line = round(COVER_SUBTITLE_PT * BODY_LEADING, 2)
            subtitle.left, subtitle.top = Pt(MARGIN_X), Pt(title_top + title_h + 8.0)
            subtitle.width = Pt(CONTENT_W)
            subtitle.height = Pt(plan.subtitle_lines * line + 2 * INSET_Y)
            frame = subtitle.text_frame
            frame.clear()
            _frame(frame)
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            _set_paragraph(paragraph, line_pt=line, space_before=0.0)
            _add_run(
                paragraph,
                plan.subtitle,
                font=style.base_font,
                size=COVER_SUBTITLE_PT,
                color=style.text,
                style=style,
            )
        else:
            subtitle._element.getparent().remove(subtitle._element)
    _text_box(
        slide,
        "Clinic",
        (MARGIN_X, COVER_CLINIC_TOP, CONTENT_W, 490.0 - COVER_CLINIC_TOP),
        clinic.name,
        font=style.heading_font,
        size=COVER_CLINIC_PT,
        color=style.secondary_text,
        style=style,
        bold=True,
        anchor=MSO_ANCHOR.BOTTOM,
    )


def _draw_text(slide: Slide, box: TextBox, style: _Style, name: str) -> None:
    shape = slide.shapes.add_textbox(Pt(MARGIN_X), Pt(box.top_pt), Pt(CONTENT_W), Pt(box.height_pt))
    shape.name = name
    frame = shape.text_frame
    _frame(frame)
    for index, para in enumerate(box.paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        _set_paragraph(
            paragraph,
            line_pt=para.line_pt,
            space_before=para.space_before_pt,
            indent=para.indent_pt,
        )
        color = style.title if para.role is Role.SUBHEADING else style.text
        if para.marker:
            _add_run(
                paragraph,
                f"{para.marker}\t",
                font=style.base_font,
                size=para.size_pt,
                color=style.title,
                style=style,
                bold=True,
            )
        font = style.heading_font if para.role is Role.SUBHEADING else style.base_font
        for run in para.runs:
            _add_run(
                paragraph,
                run.text,
                font=font,
                size=para.size_pt,
                color=color,
                style=style,
                bold=run.bold,
                italic=run.italic or para.role is Role.NOTE,
                href=run.href,
            )


def _draw_table(slide: Slide, box: TableBox, style: _Style) -> None:
    rows = 1 + len(box.rows)
    cols = len(box.column_widths_pt)
    frame = slide.shapes.add_table(
        rows, cols, Pt(MARGIN_X), Pt(box.top_pt), Pt(CONTENT_W), Pt(box.height_pt)
    )
    frame.name = "Table"
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for c, width in enumerate(box.column_widths_pt):
        table.columns[c].width = Pt(width)
    for r, height in enumerate(box.row_heights_pt):
        table.rows[r].height = Pt(height)
    for r, row in enumerate((box.header, *box.rows)):
        header = r == 0
        for c in range(cols):
            cell = table.cell(r, c)
            cell.fill.solid()
            fill = style.header_fill if header else (style.band if r % 2 == 0 else style.background)
            cell.fill.fore_color.rgb = _rgb(fill)
            cell.margin_left = cell.margin_right = Pt(CELL_MARGIN_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_MARGIN_Y)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            frame_ = cell.text_frame
            frame_.word_wrap = True
            paragraph = frame_.paragraphs[0]
            _set_paragraph(paragraph, line_pt=box.line_pt, space_before=0.0)
            for run in row[c] if c < len(row) else ():
                _add_run(
                    paragraph,
                    run.text,
                    font=style.base_font,
                    size=box.size_pt,
                    color=style.header_text if header else style.text,
                    style=style,
                    bold=run.bold or header,
                    italic=run.italic,
                    href=run.href,
                )


def _draw_footer(slide: Slide, number: int, total: int, clinic: Clinic, style: _Style) -> None:
    _text_box(
        slide,
        "Footer clinic",
        (MARGIN_X, FOOTER_TOP, CONTENT_W * 0.7, FOOTER_H),
        clinic.name,
        font=style.base_font,
        size=FOOTER_PT,
        color=style.text,
        style=style,
    )
    _text_box(
        slide,
        "Footer number",
        (MARGIN_X + CONTENT_W * 0.7, FOOTER_TOP, CONTENT_W * 0.3, FOOTER_H),
        f"{number} / {total}",
        font=style.base_font,
        size=FOOTER_PT,
        color=style.text,
        style=style,
        align=PP_ALIGN.RIGHT,
    )


def _draw_content(
    slide: Slide, plan: SlidePlan, style: _Style, number: int, total: int, clinic: Clinic
) -> None:
    _title(slide, plan, style, TITLE_TOP, size=plan.title_size_pt)
    title_h = plan.title_lines * plan.title_line_pt + 2 * INSET_Y
    _bar(slide, style, MARGIN_X, TITLE_TOP + title_h + BAR_GAP, BAR_W)
    for index, part in enumerate(plan.body, start=1):
        if isinstance(part, TextBox):
            _draw_text(slide, part, style, f"Body {index}")
        elif isinstance(part, TableBox):
            _draw_table(slide, part, style)
        else:
            _picture(
                slide,
                _picture_png(part.image),
                part.alt,
                f"Figure {index}",
                (MARGIN_X, part.top_pt, part.width_pt, part.height_pt),
            )
    _draw_footer(slide, number, total, clinic, style)


def _brand_theme(prs: PresentationType, style: _Style, colors: Colors) -> None:
    """Theme fonts and colours = the brand's, for anything typed into the deck later."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    scheme = {
        "dk1": style.text,
        "lt1": style.background,
        "dk2": colors.primary,
        "lt2": colors.light,
        "accent1": colors.primary,
        "accent2": colors.secondary,
        "hlink": style.title,
        "folHlink": style.title,
    }
    for name, color in scheme.items():
        slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        if slot is not None:
            for child in list(slot):
                slot.remove(child)
            etree.SubElement(slot, qn("a:srgbClr"), val=color.lstrip("#").upper())
    for tag, font in (("a:majorFont", style.heading_font), ("a:minorFont", style.base_font)):
        latin = root.find(f".//{qn(tag)}/{qn('a:latin')}")
        if latin is not None:
            latin.set("typeface", font)
    theme.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _widen(prs: PresentationType) -> None:
    """Make the default 4:3 template 16:9, stretching its master and layouts to match."""
    scale = Pt(SLIDE_W) / (prs.slide_width or Emu(9144000))  # the template is 10 in wide
    prs.slide_width, prs.slide_height = Pt(SLIDE_W), Pt(SLIDE_H)
    for shapes in (prs.slide_master.shapes, *(layout.shapes for layout in prs.slide_layouts)):
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = (
                    Emu(round(shape.left * scale)),
                    Emu(round(shape.width * scale)),
                )


def _core_properties(prs: PresentationType, handout: Handout) -> None:
    meta = handout.document.meta
    when = datetime(meta.reviewed.year, meta.reviewed.month, meta.reviewed.day)
    props = prs.core_properties
    props.title = f"{meta.title}: {meta.subtitle}" if meta.subtitle else meta.title
    props.subject = meta.subtitle or ""
    props.author = handout.clinic.name
    props.last_modified_by = handout.clinic.name
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = meta.language
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and attributes, entries in written order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()


def render_deck(handout: Handout) -> bytes:
    """PPTX bytes of the consultation deck (identical for identical handouts)."""
    plans = plan_deck(handout)
    clinic = handout.clinic
    style = _Style.of(clinic, handout.document.language)
    prs = Presentation()
    _widen(prs)
    _brand_theme(prs, style, clinic.colors)
    cover_layout = _layout(prs, "Title Slide")
    content_layout = _layout(prs, "Title Only")
    total = len(plans)
    for number, plan in enumerate(plans, start=1):
        layout = cover_layout if plan.kind is SlideKind.TITLE else content_layout
        slide = prs.slides.add_slide(layout)
        _background(slide, style)
        if plan.kind is SlideKind.TITLE:
            _draw_cover(slide, plan, handout, style)
        else:
            _draw_content(slide, plan, style, number, total, clinic)
        slide.notes_slide.notes_text_frame.text = plan.notes
    _core_properties(prs, handout)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _stable_zip(buffer.getvalue())


__all__ = [
    "BodyPart",
    "PictureBox",
    "Role",
    "Run",
    "SlideKind",
    "SlidePlan",
    "TableBox",
    "TextBox",
    "TextPara",
    "contrast",
    "plan_deck",
    "render_deck",
    "sentence_bounds",
]
