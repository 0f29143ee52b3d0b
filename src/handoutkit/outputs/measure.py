"""Text measurement with real font metrics, for laying out slides without a renderer.

A `TextMeasurer` reads the advance widths (``cmap`` + ``hmtx``) of one face:
the brand's own font file when the clinic ships one, otherwise the installed
font ``fc-match`` picks for the family, then DejaVu Sans, and as a last
resort a flat 0.6 em per character. Kerning is ignored, so callers keep a
small safety margin.
"""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..model import FontFamily

FALLBACK_FAMILY = "DejaVu Sans"
FALLBACK_EM = 0.6  # width of one character when no font file can be read at all
_WIDE_EM = 1.0  # East Asian wide characters a face does not cover
_DEFAULT_LINE_HEIGHT_EM = 1.2

logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class FontMetrics:
    """Advance widths of one face, in em, keyed by code point."""

    name: str
    advances: dict[int, float] = field(repr=False, compare=False, hash=False)
    line_height_em: float = _DEFAULT_LINE_HEIGHT_EM
    missing_em: float = FALLBACK_EM


@dataclass(frozen=True, slots=True)
class _FontBytes:
    """Font file bytes that hash and compare by their SHA-256 only (the cache key)."""

    sha256: str
    data: bytes = field(repr=False, compare=False, hash=False)


@lru_cache(maxsize=32)
def _parse_font(font: _FontBytes, number: int = 0) -> FontMetrics | None:
    """Advance widths of a TTF/OTF/WOFF file, or None when fontTools cannot read it."""
    try:
        tt = TTFont(io.BytesIO(font.data), fontNumber=number, lazy=True)
        units = float(tt["head"].unitsPerEm)
        cmap = tt.getBestCmap() or {}
        hmtx = tt["hmtx"].metrics
        advances = {cp: hmtx[glyph][0] / units for cp, glyph in cmap.items() if glyph in hmtx}
        hhea = tt["hhea"]
        line_height = (hhea.ascent - hhea.descent + max(hhea.lineGap, 0)) / units
        name = tt["name"].getBestFamilyName() or "font"
    except Exception:  # any unreadable or unusual font file: fall back, never fail a render
        return None
    if not advances:
        return None
    return FontMetrics(name=name, advances=advances, line_height_em=line_height)


@lru_cache(maxsize=64)
def _system_font_file(family: str, bold: bool, italic: bool) -> tuple[str, int] | None:
    """The file (and index in a collection) fontconfig uses for ``family``, if any."""
    if shutil.which("fc-match") is None:
        return None
    pattern = (
        f"{family}:weight={'bold' if bold else 'regular'}:slant={'italic' if italic else 'roman'}"
    )
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or not lines or not lines[0]:
        return None
    index = int(lines[1]) if len(lines) > 1 and lines[1].isdigit() else 0
    return lines[0], index


@lru_cache(maxsize=64)
def _system_metrics(path: str, number: int) -> FontMetrics | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return _parse_font(_font_bytes(data), number)


def _font_bytes(data: bytes) -> _FontBytes:
    return _FontBytes(hashlib.sha256(data).hexdigest(), data)


def _fallback_metrics(name: str) -> FontMetrics:
    return FontMetrics(name=name, advances={})


@lru_cache(maxsize=64)
def _metrics_for(family: FontFamily, bold: bool, italic: bool) -> FontMetrics:
    face = family.face(bold=bold, italic=italic)
    if face is not None:
        metrics = _parse_font(_font_bytes(face.font.data))
        if metrics is not None:
            return metrics
    for name in (family.name, FALLBACK_FAMILY):
        found = _system_font_file(name, bold, italic)
        if found is not None:
            metrics = _system_metrics(*found)
            if metrics is not None:
                return metrics
    return _fallback_metrics(family.name)


class TextMeasurer:
    """Widths and greedy line wrapping of text set in one face of a family."""

    def __init__(self, family: FontFamily, *, bold: bool = False, italic: bool = False) -> None:
        self.family = family
        self.bold = bold
        self.italic = italic
        self.metrics = _metrics_for(family, bold, italic)
        self._advances = self.metrics.advances
        self._word_cache: dict[str, float] = {}

    @property
    def line_height_em(self) -> float:
        """The face's natural line height (ascent + descent + gap), in em."""
        return self.metrics.line_height_em

    def _char_em(self, char: str) -> float:
        width = self._advances.get(ord(char))
        if width is not None:
            return width
        if unicodedata.east_asian_width(char) in ("W", "F"):
            return _WIDE_EM
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return 0.0
        return self.metrics.missing_em

    def em(self, text: str) -> float:
        """Width of ``text`` in em (multiply by the size in points)."""
        cached = self._word_cache.get(text)
        if cached is None:
            cached = sum(self._char_em(char) for char in text)
            if len(self._word_cache) < 50_000:
                self._word_cache[text] = cached
        return cached

    def width_pt(self, text: str, size_pt: float) -> float:
        """Width of ``text`` on one line at ``size_pt``, in points."""
        return self.em(text) * size_pt

    def wrap(self, text: str, size_pt: float, width_pt: float) -> list[str]:
        """Lines of ``text`` wrapped greedily at spaces to ``width_pt``, as PowerPoint does.

        Line breaks in ``text`` start new lines; a word wider than the line is broken
        between characters. Runs of spaces count as one.
        """
        limit = width_pt / size_pt if size_pt > 0 else 0.0
        lines: list[str] = []
        for hard_line in text.split("\n"):
            lines.extend(self._wrap_em(hard_line.split(), limit))
        return lines

    def line_count(self, text: str, size_pt: float, width_pt: float) -> int:
        """How many lines ``text`` takes at ``size_pt`` in a column ``width_pt`` wide."""
        return len(self.wrap(text, size_pt, width_pt))

    def _wrap_em(self, words: list[str], limit: float) -> list[str]:
        space = self.em(" ")
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for word in words:
            width = self.em(word)
            if current and used + space + width <= limit:
                current.append(word)
                used += space + width
                continue
            if current:
                lines.append(" ".join(current))
                current, used = [], 0.0
            if width <= limit:
                current, used = [word], width
                continue
            pieces = self._break_word(word, limit)
            lines.extend(pieces[:-1])
            current, used = [pieces[-1]], self.em(pieces[-1])
        if current or not lines:
            lines.append(" ".join(current))
        return lines

    def _break_word(self, word: str, limit: float) -> list[str]:
        """Split a word wider than ``limit`` between characters (at least one per line)."""
        pieces: list[str] = []
        start, used = 0, 0.0
        for index, char in enumerate(word):
            width = self._char_em(char)
            if index > start and used + width > limit:
                pieces.append(word[start:index])
                start, used = index, 0.0
            used += width
        pieces.append(word[start:])
        return pieces


@lru_cache(maxsize=64)
def measurer(family: FontFamily, *, bold: bool = False, italic: bool = False) -> TextMeasurer:
    """A shared `TextMeasurer` for ``family`` in the given style."""
    return TextMeasurer(family, bold=bold, italic=italic)
