"""One font face as drawn: its bytes, its character map, and text shaped with HarfBuzz.

A `Face` is a brand's font file or an installed one. Widths come from HarfBuzz shaping with
the face's own features, so Arabic joins, Devanagari conjuncts and CJK punctuation are
measured as the renderer draws them; the character map says what the face covers.
"""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import sha256

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from ..model import FontFace
from .installed import InstalledFace

logging.getLogger("fontTools").setLevel(logging.ERROR)
_SHAPED_CACHE = 50_000  # widths kept per face


@dataclass(frozen=True, slots=True)
class Face:
    """A face of a family, with the bytes it is drawn from."""

    family: str
    weight: int  # CSS: 400 regular, 700 bold
    style: str  # "normal" or "italic"
    digest: str  # sha256 of the bytes (and the index): what the caches key on
    index: int = 0  # in a collection (.ttc)
    data: bytes = field(default=b"", repr=False, compare=False, hash=False)
    path: str | None = field(default=None, compare=False, hash=False)  # an installed file

    @property
    def bold(self) -> bool:
        return self.weight >= 600

    def covers(self, char: str) -> bool:
        return ord(char) in _cmap(self)

    @property
    def characters(self) -> frozenset[int]:
        return _cmap(self)

    def em(self, text: str) -> float:
        """Width of ``text`` shaped in this face, in em."""
        return _shaper(self).em(text)

    @property
    def line_height_em(self) -> float:
        return _shaper(self).line_height_em


def brand_face(family: str, face: FontFace) -> Face:
    data = face.font.data
    return Face(family, face.weight, face.style, sha256(data).hexdigest(), 0, data)


@lru_cache(maxsize=128)
def installed_face(found: InstalledFace, family: str) -> Face | None:
    """The installed file ``found`` as a `Face` (None when it cannot be read)."""
    try:
        with open(found.path, "rb") as handle:
            data = handle.read()
        stat = os.stat(found.path)
    except OSError:
        return None
    digest = sha256(f"{found.path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
    weight = 700 if found.weight >= 200 else 400
    style = "italic" if found.italic else "normal"
    return Face(family, weight, style, f"{digest}:{found.index}", found.index, data, found.path)


@lru_cache(maxsize=128)
def _cmap(face: Face) -> frozenset[int]:
    try:
        font = TTFont(io.BytesIO(face.data), fontNumber=face.index, lazy=True)
        return frozenset(font.getBestCmap() or {})
    except Exception:  # an unreadable font covers nothing: the coverage check says so
        return frozenset()


class _Shaper:
    def __init__(self, face: Face) -> None:
        self.font: hb.Font | None = None
        self.upem = 1000.0
        self.line_height_em = 1.2
        try:
            hb_face = hb.Face(hb.Blob(face.data), face.index)
            if hb_face.glyph_count == 0:  # not a font HarfBuzz can read: measured flat
                raise ValueError("no glyphs")
            self.font = hb.Font(hb_face)
            self.upem = float(hb_face.upem)
            extents = self.font.get_font_extents("ltr")
            gap = max(extents.line_gap, 0)
            self.line_height_em = (extents.ascender - extents.descender + gap) / self.upem
        except Exception:  # unreadable: measured as 0.6 em a character
            self.font = None
        self.widths: dict[str, float] = {}

    def em(self, text: str) -> float:
        if not text:
            return 0.0
        cached = self.widths.get(text)
        if cached is not None:
            return cached
        if self.font is None:
            width = 0.6 * len(text)
        else:
            buffer = hb.Buffer()
            buffer.add_str(text)
            buffer.guess_segment_properties()
            hb.shape(self.font, buffer, {})
            width = sum(p.x_advance for p in buffer.glyph_positions) / self.upem
        if len(self.widths) < _SHAPED_CACHE:
            self.widths[text] = width
        return width


@lru_cache(maxsize=64)
def _shaper(face: Face) -> _Shaper:
    return _Shaper(face)
