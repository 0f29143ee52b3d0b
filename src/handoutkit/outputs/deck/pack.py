"""Packing a section's blocks onto as many slides as they need, text never shrunk.

A list that does not fit continues on the next slide (at most `MAX_ITEMS` items a slide), a
paragraph too long for one slide is split between sentences (`language.sentences`), a long
paragraph shows its first sentences with the whole text in the notes, a table repeats its
header, and a heading stays with what follows it. `balanced` then evens out the slides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ...errors import RenderError
from ...language.sentences import sentence_bounds
from ...model import Figure
from .geometry import (
    BODY_PT,
    CONTENT_W,
    GAP,
    INSET_Y,
    ITEM_SPACE,
    LEAD_LINES,
    LEAD_OVER_LINES,
    MARGIN_X,
    MAX_ITEMS,
    MAX_PICTURE_H,
    MIN_COLUMN_PT,
    MIN_PICTURE_H,
)
from .rasters import picture_size
from .slides import BodyPart, PictureBox, Role, Runs, TableBox, TextBox, TextPara
from .tables import column_widths, row_height, table_note
from .typeset import Typesetter, slice_runs, strip_runs, text_of


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A paragraph, subheading or list item waiting to be placed."""

    runs: Runs
    role: Role
    space_before: float
    marker: str | None = None
    indent: float = 0.0
    note_prefix: str = ""
    keep_with_next: bool = False


@dataclass(frozen=True, slots=True)
class TableUnit:
    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]


@dataclass(frozen=True, slots=True)
class PictureUnit:
    figure: Figure


Unit = TextUnit | TableUnit | PictureUnit


class Page:
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


class Packer:
    """Places a section's units on as many pages as they need."""

    def __init__(
        self, ts: Typesetter, top: float, capacity: float, section: str, where: str
    ) -> None:
        self.ts = ts
        self.top = top
        self.capacity = capacity
        self.section = section
        self.where = where
        self.pages: list[Page] = [Page(top, capacity, ts.width, ts.frame.left)]
        self.breaks = 0  # paragraphs and tables broken over slides

    def with_capacity(self, capacity: float) -> Packer:
        return Packer(self.ts, self.top, capacity, self.section, self.where)

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        if not self.page.empty:
            self.pages.append(Page(self.top, self.capacity, self.ts.width, self.ts.frame.left))

    def pack(self, units: Sequence[Unit]) -> list[Page]:
        for index, unit in enumerate(units):
            following = units[index + 1] if index + 1 < len(units) else None
            if isinstance(unit, TextUnit):
                self.place_text(unit, following)
            elif isinstance(unit, TableUnit):
                self.place_table(unit)
            else:
                self.place_picture(unit)
        return self.pages

    # -- text ---------------------------------------------------------------------------

    def para_of(self, unit: TextUnit, runs: Runs, *, first: bool) -> TextPara:
        return self.ts.para(
            runs,
            unit.role,
            space_before=unit.space_before if first else ITEM_SPACE,
            marker=unit.marker if first else None,
            indent=unit.indent,
        )

    def lead_cost(self, unit: Unit | None) -> float:
        """Space the start of ``unit`` needs, for keeping a heading with what follows."""
        if unit is None:
            return 0.0
        if isinstance(unit, TextUnit):
            para = self.ts.para(unit.runs, unit.role, space_before=unit.space_before)
            return unit.space_before + min(para.lines, 2) * para.line_pt
        if isinstance(unit, TableUnit):
            return GAP + 3 * self.ts.body_line
        return GAP + MIN_PICTURE_H

    def place_text(self, unit: TextUnit, following: Unit | None) -> None:
        note = unit.note_prefix + text_of(unit.runs)  # the notes always hold the whole text
        para = self.para_of(unit, unit.runs, first=True)
        if unit.role is Role.PARAGRAPH and para.lines > LEAD_OVER_LINES:
            lead = self.lead(unit)
            if lead is not None:
                unit = replace(unit, runs=lead)
                para = self.para_of(unit, lead, first=True)
        if unit.marker and self.page.items >= MAX_ITEMS:
            self.new_page()
        fresh = Page(self.top, self.capacity, self.ts.width, self.ts.frame.left)
        if fresh.text_cost(para) <= self.capacity:
            need = self.page.text_cost(para)
            if unit.keep_with_next:
                need += self.lead_cost(following)
            if need > self.page.remaining:
                self.new_page()
            self.page.add_text(para, note)
            return
        self.place_sentences(unit)

    def lead(self, unit: TextUnit) -> Runs | None:
        """The first whole sentences of a long paragraph, as many as fit in LEAD_LINES lines."""
        bounds = sentence_bounds(text_of(unit.runs), self.ts.language)
        if len(bounds) < 2:
            return None
        lead = strip_runs(slice_runs(unit.runs, bounds[0][0], bounds[0][1]))
        for count in range(2, len(bounds)):
            runs = strip_runs(slice_runs(unit.runs, bounds[0][0], bounds[count - 1][1]))
            if self.para_of(unit, runs, first=True).lines > LEAD_LINES:
                break
            lead = runs
        return lead

    def place_sentences(self, unit: TextUnit) -> None:
        """A paragraph taller than a slide: fill slides with whole sentences."""
        text = text_of(unit.runs)
        pending = sentence_bounds(text, self.ts.language)
        first = True
        while pending:
            taken = 0
            para: TextPara | None = None
            for count in range(1, len(pending) + 1):
                runs = strip_runs(slice_runs(unit.runs, pending[0][0], pending[count - 1][1]))
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
            shown = text_of(para.runs)
            self.page.add_text(para, (unit.note_prefix if first else "") + shown)
            pending = pending[taken:]
            first = False
            if pending:
                self.breaks += 1
                self.new_page()

    # -- tables -------------------------------------------------------------------------

    def place_table(self, unit: TableUnit) -> None:
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
        widths = column_widths(self.ts, unit.header, unit.rows)
        header_h = row_height(self.ts, unit.header, widths)
        heights = [row_height(self.ts, row, widths) for row in unit.rows]
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
            self.page.add_block(box, box.height_pt, table_note(unit.header, rows))
            index = end
            if index >= len(unit.rows):
                break
            self.breaks += 1
            self.new_page()

    # -- pictures -----------------------------------------------------------------------

    def place_picture(self, unit: PictureUnit) -> None:
        width_px, height_px = picture_size(unit.figure.image)
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


def balanced(packer: Packer, units: Sequence[Unit]) -> list[Page]:
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
