"""Text measurement as the slide renderers draw it, for laying out slides without a renderer.

A `TextMeasurer` measures text in one style of a font chain (`fonts.FontChain`): each piece
in the face that draws it (the brand's font, or the fallback for a script the brand lacks),
shaped by HarfBuzz, so Arabic joins, Devanagari conjuncts, kerning and CJK punctuation are
measured as drawn. Lines break where the Unicode line-breaking rules (UAX #14, through
uniseg) allow: at spaces, and between the characters of Chinese and Japanese. Where no
font can be read at all a character counts 0.6 em (1 em if it is East Asian wide).
"""

from __future__ import annotations

from functools import lru_cache

from uniseg.graphemecluster import grapheme_clusters
from uniseg.linebreak import line_break_units

from ..fonts import FontChain, font_chain
from ..model import FontFamily

FALLBACK_EM = 0.6  # width of one character when no font file can be read at all
_CACHED = 50_000  # widths kept per measurer


class TextMeasurer:
    """Widths and greedy line wrapping of text set in one style of a font chain."""

    def __init__(
        self,
        family: FontFamily,
        *,
        bold: bool = False,
        italic: bool = False,
        chain: FontChain | None = None,
    ) -> None:
        self.family = family
        self.bold = bold
        self.italic = italic
        self.chain = chain if chain is not None else font_chain(family, text="")
        self._widths: dict[str, float] = {}

    @property
    def line_height_em(self) -> float:
        """The natural line height (ascent + descent + gap) of the chain's first face, in em."""
        return self.chain.line_height_em()

    def em(self, text: str) -> float:
        """Width of ``text`` in em (multiply by the size in points)."""
        cached = self._widths.get(text)
        if cached is None:
            cached = self.chain.em(text, bold=self.bold, italic=self.italic)
            if len(self._widths) < _CACHED:
                self._widths[text] = cached
        return cached

    def width_pt(self, text: str, size_pt: float) -> float:
        """Width of ``text`` on one line at ``size_pt``, in points."""
        return self.em(text) * size_pt

    def wrap(self, text: str, size_pt: float, width_pt: float) -> list[str]:
        """Lines of ``text`` wrapped greedily to ``width_pt``, as PowerPoint does.

        Lines break where UAX #14 allows (after spaces, between CJK characters, never
        before a closing mark such as ``。``); line breaks in ``text`` start new lines; a
        piece wider than the line is broken between grapheme clusters. Spaces at the end of
        a line hang in the margin, as in every renderer.
        """
        limit = width_pt / size_pt if size_pt > 0 else 0.0
        lines: list[str] = []
        for hard_line in text.split("\n"):
            lines.extend(self._wrap_em(_units(hard_line), limit))
        return lines

    def line_count(self, text: str, size_pt: float, width_pt: float) -> int:
        """How many lines ``text`` takes at ``size_pt`` in a column ``width_pt`` wide."""
        return len(self.wrap(text, size_pt, width_pt))

    def _wrap_em(self, units: tuple[str, ...], limit: float) -> list[str]:
        # Widths add up piece by piece: shaping never joins across a break opportunity.
        lines: list[str] = []
        current, used = "", 0.0  # used: the width of current, its trailing spaces too
        for unit in units:
            ink = self.em(unit.rstrip())
            if current and used + ink <= limit:
                current, used = current + unit, used + self.em(unit)
                continue
            if current:
                lines.append(current.rstrip())
            if ink <= limit:
                current, used = unit, self.em(unit)
                continue
            pieces = self._break_unit(unit, limit)
            lines.extend(piece.rstrip() for piece in pieces[:-1])
            current, used = pieces[-1], self.em(pieces[-1])
        if current or not lines:
            lines.append(current.rstrip())
        return lines

    def _break_unit(self, unit: str, limit: float) -> list[str]:
        """Split a piece wider than ``limit`` between grapheme clusters (one at least a line)."""
        pieces: list[str] = []
        current = ""
        for cluster in grapheme_clusters(unit):
            if current and self.em((current + cluster).rstrip()) > limit:
                pieces.append(current)
                current = ""
            current += cluster
        pieces.append(current)
        return pieces


@lru_cache(maxsize=4096)
def _units(line: str) -> tuple[str, ...]:
    """``line`` cut at its line-break opportunities, each piece with its trailing spaces."""
    return tuple(line_break_units(line)) if line else ()


@lru_cache(maxsize=64)
def measurer(
    family: FontFamily,
    *,
    bold: bool = False,
    italic: bool = False,
    chain: FontChain | None = None,
) -> TextMeasurer:
    """A shared `TextMeasurer` for ``family`` (through ``chain``) in the given style."""
    return TextMeasurer(family, bold=bold, italic=italic, chain=chain)
