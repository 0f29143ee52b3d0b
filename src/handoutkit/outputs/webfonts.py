"""Fonts for HTML and PDF: subset, embedded as data URIs.

The brand's faces are subset to the Latin characters and the document's; the fallback
faces that draw the document's other scripts (`fonts.chain`) to the document's characters,
with all their layout features, so Arabic joins and Indic conjuncts survive.

Embedding keeps the HTML a single self-contained file (no font fetched at
view time) and lets WeasyPrint run with every URL refused. Subsetting keeps
a handout with four faces of a 700 KB font small; the PDF embeds only the
glyphs it uses.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

from ..cache import cached
from ..fonts import FontChain
from ..fonts.chain import Family
from ..fonts.faces import Face
from ..fonts.scripts import sticks
from ..model import FontFace, FontFamily

logging.getLogger("fontTools").setLevel(logging.ERROR)

# Every font is subset to this one set (Latin-1, Latin Extended-A, common punctuation), not
# to each document's characters, so a font is subset once per process for all documents.
# A document with characters outside it gets them added (and a subset of its own).
_LATIN = (
    "".join(
        chr(c)
        for c in (*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027), 0x2030, 0x20AC)
    )
    + "™−•"
)


@dataclass(frozen=True, slots=True)
class WebFont:
    """One ``@font-face`` rule's values."""

    family: str
    weight: int
    style: str
    src: str  # a data: URI


def web_fonts(
    families: tuple[FontFamily, ...],
    text: str,
    chains: tuple[FontChain, ...] = (),
    more: Sequence[tuple[FontChain, str]] = (),
) -> tuple[WebFont, ...]:
    """``@font-face`` sources for every shipped face of ``families``, subset to ``text``,
    then for the faces of ``chains`` that draw some of ``text`` the brand's do not; ``more``:
    other texts in their own chains (a notice in another language)."""
    uses = [(chain, text) for chain in chains] + list(more)
    every = set(text).union(*(set(used) for _, used in more)) - set(_LATIN) - {"\n", "\t"}
    characters = _LATIN + "".join(sorted(every))
    fonts = list(_brand_fonts(families, characters))
    brand = {family.name for family in families}
    # only the text's own characters call for a fallback face, not the Latin set
    owned: dict[str, tuple[Family, set[str]]] = {}
    for chain, used in uses:
        for char in set(used):
            family = chain.family_for(char)
            if family is not None and family.name not in brand and char.strip():
                owned.setdefault(family.name, (family, set()))[1].add(char)
    for family, own in owned.values():
        # and the digits and punctuation it has: a renderer may draw those in it too
        drawn = "".join(c for c in characters if c in own or (sticks(c) and family.covers(c)))
        for face in family.faces:
            fonts.append(WebFont(face.family, face.weight, face.style, _face_uri(face, drawn)))
    return tuple(fonts)


def fallback_families(
    chains: tuple[FontChain, ...], families: tuple[FontFamily, ...], text: str
) -> tuple[str, ...]:
    """The families after the brand's that draw some of ``text`` (for CSS font stacks), in
    the chains' order."""
    brand = {family.name for family in families}
    used: dict[str, None] = {}
    for chain in chains:
        for char in set(text):
            family = chain.family_for(char)
            if family is not None and family.name not in brand and char.strip():
                used[family.name] = None
    order = [name for chain in chains for name in chain.names]
    return tuple(sorted(used, key=order.index))


def _face_uri(face: Face, characters: str) -> str:
    data = cached(
        "font-subsets",
        ("fallback-1", fontTools.version, face.digest, characters),
        lambda: _make_subset(face.data, characters, index=face.index, features=["*"]),
    )
    return "data:font/woff2;base64," + base64.b64encode(data).decode("ascii")


def _brand_fonts(families: tuple[FontFamily, ...], characters: str) -> list[WebFont]:
    seen: set[tuple[str, int, str]] = set()
    fonts: list[WebFont] = []
    for family in families:
        for face in family.faces:
            key = (family.name, face.weight, face.style)
            if key in seen:
                continue
            seen.add(key)
            fonts.append(
                WebFont(
                    family=family.name,
                    weight=face.weight,
                    style=face.style,
                    src=_subset_uri(face, characters),
                )
            )
    return fonts


def _subset_uri(face: FontFace, characters: str) -> str:
    data = _subset(face.font.data, characters)
    return "data:font/woff2;base64," + base64.b64encode(data).decode("ascii")


_SUBSET_VERSION = "1"  # change when the options below change: the disk cache is keyed on it


@lru_cache(maxsize=64)
def _subset(font_data: bytes, characters: str) -> bytes:
    # Subsetting a large font takes a fraction of a second per face: done once per machine.
    return cached(
        "font-subsets",
        (_SUBSET_VERSION, fontTools.version, font_data, characters),
        lambda: _make_subset(font_data, characters),
    )


_LATIN_FEATURES = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]


def _make_subset(
    font_data: bytes, characters: str, *, index: int = 0, features: list[str] | None = None
) -> bytes:
    # recalcTimestamp=False keeps the bytes reproducible (no "modified now" in the head table).
    font = TTFont(io.BytesIO(font_data), recalcTimestamp=False, fontNumber=index)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = features or _LATIN_FEATURES
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=False)
    return out.getvalue()
