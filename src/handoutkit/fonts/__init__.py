"""Which font draws each character: the brand's fonts, then per-script fallbacks.

`scripts` names a character's Unicode script and its PowerPoint font slot; `installed` finds
the fonts fontconfig knows; `faces` reads a font file's character map and shapes text with
HarfBuzz; `chain` orders the families for one job (the brand's, the brand's per-script and
per-language choices, the language's, then the fallback table in ``data/scripts.toml``) and
`coverage` proves, before anything is rendered, that every character has a glyph.
"""

from __future__ import annotations

from .chain import FontChain, font_chain
from .coverage import Text, check_coverage
from .faces import Face
from .scripts import Slot, script_of, slot_of

__all__ = [
    "Face",
    "FontChain",
    "Slot",
    "Text",
    "check_coverage",
    "font_chain",
    "script_of",
    "slot_of",
]
