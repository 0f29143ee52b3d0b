"""Typesetting for the deck: how many lines text takes in the clinic's fonts, and runs of text.

Lines are measured as drawn (`outputs.measure`: shaped by HarfBuzz in the font chain that
draws each script, broken by UAX #14) in 92 % of the real width, so text set here never
needs shrinking when PowerPoint or LibreOffice draws it. The drawer declares the same fonts
on every run (`fonts_of`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ...fonts import FontChain, font_chain
from ...language import Language, language_for
from ...model import Clinic, FontFamily, Handout, Inline
from ...read.printed import printed_texts
from ..measure import TextMeasurer, measurer
from .geometry import (
    BODY_LEADING,
    BODY_PT,
    CELL_MARGIN_X,
    DEFAULT_FRAME,
    INSET_Y,
    SUBHEADING_PT,
    TITLE_LEADING,
    WIDTH_SAFETY,
    Frame,
)
from .slides import Role, Run, Runs, TextPara


class Typesetter:
    """Measures runs, titles and table cells in the clinic's fonts."""

    def __init__(
        self,
        clinic: Clinic,
        frame: Frame = DEFAULT_FRAME,
        language: Language | None = None,
        text: str = "",
        chains: dict[FontFamily, FontChain] | None = None,
    ) -> None:
        """``text``: every character the deck prints; ``chains``: the fonts that draw it,
        by family (`deck_fonts`; the brand's family and the shared fallbacks if not given)."""
        self.frame = frame
        self.language = language  # where sentences end, for splitting paragraphs
        typography = clinic.typography
        self.base = typography.base
        self.headings = typography.headings
        self.chains: dict[FontFamily, FontChain] = chains or {
            family: font_chain(family, text=text, language=language, brand_fonts=typography.scripts)
            for family in (self.base, self.headings)
        }
        # Lines as tall as the tallest face the text is drawn in (Arabic, Devanagari: taller).
        base_em = self.chains[self.base].line_height_em(text)
        self.body_line = round(BODY_PT * max(BODY_LEADING, base_em), 2)
        self.subheading_line = round(SUBHEADING_PT * max(BODY_LEADING, base_em), 2)
        self.width = frame.width  # of body text boxes

    def narrowed(self, width: float) -> Typesetter:
        """The same typesetter for text boxes ``width`` wide."""
        narrow = copy.copy(self)
        narrow.width = width
        return narrow

    def measurer(self, family: FontFamily, bold: bool, italic: bool = False) -> TextMeasurer:
        chain = self.chains.get(family)
        return measurer(family, bold=bold, italic=italic, chain=chain)

    def chain(self, family: FontFamily) -> FontChain:
        """The fonts ``family``'s text is drawn in (the drawer declares them on each run)."""
        return self.chains[family]

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


def deck_fonts(handout: Handout) -> tuple[Language | None, str, dict[FontFamily, FontChain]]:
    """A deck's language (English's rules for one without its own), every character it
    prints, and the font chain of its body and its headings families."""
    language = language_for(handout.document.language) or language_for("en")
    text = "".join(piece.text for piece in printed_texts(handout))
    typography = handout.clinic.typography
    tag, brand = handout.document.language, typography.scripts
    chains = {
        family: font_chain(family, text=text, language=language, brand_fonts=brand, tag=tag)
        for family in (typography.base, typography.headings)
    }
    return language, text, chains


def runs_of(spans: Inline) -> Runs:
    return tuple(Run(s.text, s.strong, s.emphasis, s.href) for s in spans if s.text)


def text_of(runs: Runs) -> str:
    return "".join(run.text for run in runs)


def slice_runs(runs: Runs, start: int, end: int) -> Runs:
    """The runs covering characters ``start:end`` of their joined text."""
    out: list[Run] = []
    offset = 0
    for run in runs:
        a, b = max(start, offset), min(end, offset + len(run.text))
        if a < b:
            out.append(replace(run, text=run.text[a - offset : b - offset]))
        offset += len(run.text)
    return tuple(out)


def strip_runs(runs: Runs) -> Runs:
    """``runs`` without leading and trailing whitespace."""
    text = text_of(runs)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return slice_runs(runs, start, end)
