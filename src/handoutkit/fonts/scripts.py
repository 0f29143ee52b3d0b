"""A character's Unicode script (UAX #24, from fontTools' Unicode data) and font slot.

PowerPoint and LibreOffice give each run three fonts, one per class of script: Latin
(``a:latin``, also Cyrillic, Greek and the rest of the alphabets), East Asian (``a:ea``:
Han, kana, Hangul) and complex (``a:cs``: scripts that need shaping or run right to left).
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from fontTools import unicodedata as script_data

COMMON = frozenset({"Zyyy", "Zinh", "Zzzz"})  # digits, punctuation, marks: any script's
EAST_ASIAN = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo", "Yiii"})
COMPLEX = frozenset({
    "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml",
    "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Khmr", "Mymr", "Tibt",
})  # fmt: skip
RIGHT_TO_LEFT = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo"})


class Slot(Enum):
    """The font slot of a DrawingML run that draws a script."""

    LATIN = "a:latin"
    EAST_ASIAN = "a:ea"
    COMPLEX = "a:cs"


def script_of(char: str) -> str:
    """The ISO 15924 code of ``char``'s script: ``Latn``, ``Arab``, ``Hani``; ``Zyyy`` for
    characters every script shares (digits, most punctuation)."""
    return str(script_data.script(char))


def script_name(code: str) -> str:
    """``Arabic`` for ``Arab``."""
    return str(script_data.script_name(code, default=code))


def slot_of(script: str) -> Slot:
    if script in EAST_ASIAN:
        return Slot.EAST_ASIAN
    if script in COMPLEX:
        return Slot.COMPLEX
    return Slot.LATIN


def needs_glyph(char: str) -> bool:
    """False for what no font draws: white space, controls and format characters (ZWJ,
    direction marks), which a font may lack without anything missing on the page."""
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"))


def sticks(char: str) -> bool:
    """True for a character drawn with its neighbour's font when that font has it: marks,
    joiners, and the digits and punctuation every script shares."""
    return unicodedata.category(char) in ("Mn", "Me", "Mc", "Cf") or script_of(char) in COMMON


def is_wide(char: str) -> bool:
    """An East Asian wide or full-width character (a line may break around it)."""
    return unicodedata.east_asian_width(char) in ("W", "F")
