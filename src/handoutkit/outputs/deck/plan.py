"""Planning the consultation deck: which text goes on which slide.

`plan_deck` measures every line with the brand's font metrics so that text
never shrinks: a list that does not fit continues on the next slide, a
paragraph too long for one slide is split between sentences, a table repeats
its header. The plan is plain data; `render.pptx` draws it.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from pathlib import Path

import segno

from ...errors import RenderError
from ...language.labels import LABELS, Labels, labels_for
from ...model import (
    Asset,
    Clinic,
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
from ..images import pixel_size, raster_logo
from ..measure import TextMeasurer, measurer
from .template import Geometry, template_geometry

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
TITLE_SIZES = (36.0, 32.0, 28.0)
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
MIN_COLUMN_PT = 72.0  # a table column narrower than an inch holds a few letters a line
MIN_PICTURE_H = 160.0
MAX_PICTURE_H = 330.0
MAX_ITEMS = 6  # list items on one slide, at most: more continue on the next slide
LEAD_OVER_LINES = 4  # a paragraph longer than this shows its first sentences; notes hold all
LEAD_LINES = 3  # as many whole sentences as fit in this many lines (at least one)
QR_PT = 200.0  # side of the booking QR code on the contact slide
COVER_LOGO_TOP = 44.0
COVER_TITLE_TOP = 194.0
COVER_TEXT_BOTTOM = 412.0  # title and subtitle end above the clinic's name
COVER_CLINIC_TOP = 422.0  # room for two lines of the clinic's name above 490 pt
LOGO_H = 110.0
LOGO_MAX_W = 360.0
LOGO_PX = 600
PICTURE_PX = 900

BULLET = "•"


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a deck's body and titles go (points): the default design's, or a template's."""

    left: float
    width: float
    bottom: float
    title_width: float
    template: Geometry | None = None  # a clinic template's fixed title and body boxes


DEFAULT_FRAME = Frame(MARGIN_X, CONTENT_W, BODY_BOTTOM, CONTENT_W)


def frame_for(clinic: Clinic) -> Frame:
    """The default frame, or the boxes of the clinic's own PowerPoint template."""
    if clinic.deck_template is None:
        return DEFAULT_FRAME
    geometry = template_geometry(clinic.deck_template)
    body = geometry.body
    return Frame(body.left, body.width, body.bottom, geometry.title.width, geometry)


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


# --- measuring -----------------------------------------------------------------------------


class _Typesetter:
    """Measures runs, titles and table cells in the clinic's fonts."""

    def __init__(self, clinic: Clinic, frame: Frame = DEFAULT_FRAME) -> None:
        self.frame = frame
        self.base = clinic.typography.base
        self.headings = clinic.typography.headings
        base_em = measurer(self.base).line_height_em
        self.body_line = round(BODY_PT * max(BODY_LEADING, base_em), 2)
        self.subheading_line = round(SUBHEADING_PT * max(BODY_LEADING, base_em), 2)
        self.width = frame.width  # of body text boxes

    def narrowed(self, width: float) -> _Typesetter:
        """The same typesetter for text boxes ``width`` wide."""
        narrow = copy.copy(self)
        narrow.width = width
        return narrow

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
        lines = self.lines(runs, size, self.width - indent, family)
        return TextPara(runs, role, size, line, lines, space_before, marker, indent)

    def title_fit(
        self,
        title: str,
        sizes: Sequence[float],
        max_lines: int,
        *,
        width: float | None = None,
        height: float | None = None,
        leading: float = TITLE_LEADING,
    ) -> tuple[float, int]:
        """The largest of ``sizes`` that sets ``title`` in ``max_lines`` (and in ``height``, if
        given), and its line count; ``(0, lines)`` if none does."""
        heading = self.measurer(self.headings, bold=True)
        usable = (width or self.frame.title_width) * WIDTH_SAFETY
        lines = 0
        for size in sizes:
            allowed = max_lines
            if height is not None:
                allowed = min(allowed, int((height - 2 * INSET_Y) // (size * leading)))
            lines = heading.line_count(title, size, usable)
            if lines <= allowed:
                return size, lines
        return (sizes[-1], lines) if height is None else (0.0, lines)

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

    def __init__(
        self, top: float, capacity: float, width: float = CONTENT_W, left: float = MARGIN_X
    ) -> None:
        self.top = top
        self.capacity = capacity
        self.width = width
        self.left = left
        self.items = 0  # list items placed
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
        if para.marker:
            self.items += 1

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
            box = TextBox(tuple(self.text), self.text_top, height, self.width, self.left)
            self.parts.append(box)
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
        self.pages: list[_Page] = [_Page(top, capacity, ts.width, ts.frame.left)]
        self.breaks = 0  # paragraphs and tables broken over slides

    def with_capacity(self, capacity: float) -> _Packer:
        return _Packer(self.ts, self.top, capacity, self.section, self.where)

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        if not self.page.empty:
            self.pages.append(_Page(self.top, self.capacity, self.ts.width, self.ts.frame.left))

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
        note = unit.note_prefix + _text(unit.runs)  # the notes always hold the whole text
        para = self.para_of(unit, unit.runs, first=True)
        if unit.role is Role.PARAGRAPH and para.lines > LEAD_OVER_LINES:
            lead = self.lead(unit)
            if lead is not None:
                unit = replace(unit, runs=lead)
                para = self.para_of(unit, lead, first=True)
        if unit.marker and self.page.items >= MAX_ITEMS:
            self.new_page()
        fresh = _Page(self.top, self.capacity, self.ts.width, self.ts.frame.left)
        if fresh.text_cost(para) <= self.capacity:
            need = self.page.text_cost(para)
            if unit.keep_with_next:
                need += self.lead_cost(following)
            if need > self.page.remaining:
                self.new_page()
            self.page.add_text(para, note)
            return
        self.place_sentences(unit)

    def lead(self, unit: _TextUnit) -> Runs | None:
        """The first whole sentences of a long paragraph, as many as fit in LEAD_LINES lines."""
        bounds = sentence_bounds(_text(unit.runs))
        if len(bounds) < 2:
            return None
        lead = _strip(_slice(unit.runs, bounds[0][0], bounds[0][1]))
        for count in range(2, len(bounds)):
            runs = _strip(_slice(unit.runs, bounds[0][0], bounds[count - 1][1]))
            if self.para_of(unit, runs, first=True).lines > LEAD_LINES:
                break
            lead = runs
        return lead

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
        columns = max((len(row) for row in (unit.header, *unit.rows)), default=0)
        fits = max(1, int(self.ts.width // MIN_COLUMN_PT))
        if columns > fits:
            raise RenderError(
                f"the table in the section '{self.section}' has {columns} columns, but a slide "
                f"of this deck fits at most {fits} (columns narrower than an inch would hold "
                "only a few letters a line at the deck's text size).",
                fix="split the table into two with fewer columns, or turn it into a list with "
                "one item per row.",
                where=self.where,
            )
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
                left_pt=self.ts.frame.left,
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
        ideal = min(self.capacity, MAX_PICTURE_H, self.ts.width / aspect)
        if self.page.remaining - self.page.block_cost(0.0) < min(ideal, MIN_PICTURE_H):
            self.new_page()
        height = min(ideal, self.page.remaining - self.page.block_cost(0.0))
        box = PictureBox(
            alt=unit.figure.alt,
            image=unit.figure.image,
            top_pt=self.page.block_top(),
            width_pt=round(height * aspect, 2),
            height_pt=round(height, 2),
            left_pt=self.ts.frame.left,
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
            ts.width / count,
        )
        for c in range(count)
    ]
    widths = _share(natural, minimum, ts.width)
    scale = ts.width / sum(widths)  # fill the width; shrink only if the minima do not fit
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
def picture_png(image: Asset) -> bytes:
    """A content figure as PNG at the resolution the deck uses."""
    return raster_logo(image, PICTURE_PX)


def _picture_size(image: Asset) -> tuple[int, int]:
    return pixel_size(picture_png(image))


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


def _body_geometry(ts: _Typesetter, title_lines: int, title_size: float) -> tuple[float, float]:
    """Top and height of the body under a title of ``title_lines`` lines."""
    template = ts.frame.template
    if template is not None:
        return template.body.top, template.body.height
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
        template = ts.frame.template
        height = template.title.height if template else None
        fits = [ts.title_fit(t, TITLE_SIZES, 2, height=height) for t in titles]
        size, lines = min(s for s, _ in fits), max(n for _, n in fits)
        top, capacity = _body_geometry(ts, lines, size)
        if not size or capacity < 3 * ts.body_line:
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
            body=page.finish(ts.frame.bottom),
            notes="\n".join([slide_title, *page.notes]),
        )
        for slide_title, page in zip(titles, pages, strict=True)
    ]


def _title_slide(ts: _Typesetter, handout: Handout) -> SlidePlan:
    meta = handout.document.meta
    template = ts.frame.template
    if template is not None:
        return _template_title_slide(ts, handout, template)
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


def _template_title_slide(ts: _Typesetter, handout: Handout, template: Geometry) -> SlidePlan:
    """The cover of a clinic's template: title and subtitle must fit its placeholders."""
    meta = handout.document.meta
    box = template.cover_title
    size, lines = ts.title_fit(
        meta.title, COVER_TITLE_SIZES + TITLE_SIZES, 2, width=box.width, height=box.height
    )
    subtitle_lines = 0
    subtitle_fits = True
    if meta.subtitle:
        sub = template.cover_subtitle
        regular = ts.measurer(ts.base, bold=False)
        if sub is None:
            subtitle_fits = True  # no subtitle placeholder: the subtitle is in the notes only
        else:
            subtitle_lines = regular.line_count(
                meta.subtitle, COVER_SUBTITLE_PT, sub.width * WIDTH_SAFETY
            )
            line = COVER_SUBTITLE_PT * BODY_LEADING
            subtitle_fits = subtitle_lines * line + 2 * INSET_Y <= sub.height + 0.01
    if not size or not subtitle_fits:
        raise RenderError(
            "the title or subtitle is too long for the title slide of the clinic's template.",
            fix="shorten the 'title' or 'subtitle' field in the front matter, or give the "
            "template's title slide larger placeholders.",
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
    ts = _Typesetter(handout.clinic, frame_for(handout.clinic))
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
        booking = handout.clinic.contact.booking_url
        if booking:
            # The contact details beside a QR code of the booking link.
            narrow = ts.narrowed(ts.width - _qr_side(ts) - GAP)
            closing = _plan_slides(
                narrow, labels, SlideKind.CONTACT, labels.contact, contact, where
            )
            closing[0] = _with_qr(ts, closing[0], _web(booking), labels)
        else:
            closing = _plan_slides(ts, labels, SlideKind.CONTACT, labels.contact, contact, where)
        slides += closing
    return _unique_titles(slides)


def _qr_side(ts: _Typesetter) -> float:
    _, height = _body_geometry(ts, 1, TITLE_SIZES[0])
    return min(QR_PT, height, ts.width / 3)


@lru_cache(maxsize=64)
def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as PNG bytes (a clinic's decks all share one: encode it once)."""

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()


def _with_qr(ts: _Typesetter, slide: SlidePlan, url: str, labels: Labels) -> SlidePlan:
    alt = f"QR code: {labels.booking}, {url}"
    side = _qr_side(ts)
    top = slide.body[0].top_pt if slide.body else _body_geometry(ts, 1, TITLE_SIZES[0])[0]
    qr = PictureBox(
        alt=alt,
        image=Asset("booking-qr.png", "image/png", qr_png(url)),
        top_pt=top,
        width_pt=side,
        height_pt=side,
        left_pt=ts.frame.left + ts.frame.width - side,
    )
    return replace(slide, body=(*slide.body, qr), notes=f"{slide.notes}\n{alt}")


def _unique_titles(slides: Sequence[SlidePlan]) -> tuple[SlidePlan, ...]:
    """Number repeated titles ("Risks", "Risks (2)") so every slide's title is its own."""
    seen: dict[str, int] = {}
    unique = []
    for slide in slides:
        count = seen[slide.title] = seen.get(slide.title, 0) + 1
        if count > 1:
            title = f"{slide.title} ({count})"
            notes = slide.notes.replace(slide.title, title, 1)
            slide = replace(slide, title=title, notes=notes)
        unique.append(slide)
    return tuple(unique)


@contextmanager
def _located(path: Path, where: str) -> Iterator[None]:
    """Name the file and place of a render error that does not name one yet."""
    try:
        yield
    except RenderError as exc:
        if exc.path is not None:
            raise
        raise RenderError(exc.problem, fix=exc.fix, path=path, where=where) from None
