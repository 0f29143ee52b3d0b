"""The fonts each run of the deck declares: one per class of script, as the measurer used them.

A DrawingML run names three typefaces: ``a:latin`` (Latin, Cyrillic, Greek...), ``a:ea``
(Chinese, Japanese, Korean) and ``a:cs`` (Arabic, Hebrew, Indic, Thai...); PowerPoint and
LibreOffice draw each character in the slot its script belongs to. A `Lettering` cuts a
run's text where the face that draws it changes (`fonts.FontChain.segments`), so a Latin
brand name inside an Arabic sentence stays in the brand's font, and declares on each piece
the face the typesetter measured it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...fonts import FontChain, Slot, script_of, slot_of
from ...fonts.scripts import COMMON
from ...language.bidi import ltr_spans

# Left-to-right isolate and pop directional isolate (Unicode 6.3, UAX #9).
LRI, PDI = "\u2066", "\u2069"


@dataclass(frozen=True, slots=True)
class RunFonts:
    """The typefaces of a run, one per slot (None: the slot is not used)."""

    latin: str
    east_asian: str | None = None
    complex: str | None = None


@dataclass(frozen=True, slots=True)
class Lettering:
    """The fonts of one role (body or headings) of a deck."""

    chain: FontChain
    defaults: RunFonts  # per slot, the family that draws the document's text of that slot

    @classmethod
    def of(cls, chain: FontChain, text: str, primary: str) -> Lettering:
        """``chain``'s lettering for a deck that prints ``text``; ``primary`` is the brand's
        family, declared for Latin when no font of the chain draws it."""
        found: dict[Slot, str] = {}
        for char in text:
            script = script_of(char)
            if script in COMMON:
                continue
            slot = slot_of(script)
            if slot not in found:
                family = chain.family_for(char)
                if family is not None:
                    found[slot] = family.name
        latin = found.get(Slot.LATIN) or (chain.names[0] if chain.names else primary)
        return cls(chain, RunFonts(latin, found.get(Slot.EAST_ASIAN), found.get(Slot.COMPLEX)))

    def pieces(
        self, text: str, *, bold: bool = False, italic: bool = False
    ) -> list[tuple[str, RunFonts, bool]]:
        """``text`` cut where its face changes, each piece with the fonts it declares and
        whether it is set in italic: only where its face has an italic (renderers would
        slant Arabic or Chinese, which have none, and past the measured width)."""
        out: list[tuple[str, RunFonts, bool]] = []
        for piece, face in self.chain.segments(text, bold=bold, italic=italic):
            slanted = italic and (face is None or face.style == "italic")
            fonts = self.defaults
            if face is not None:
                slot = _slot(piece)
                if slot is Slot.EAST_ASIAN:
                    fonts = RunFonts(fonts.latin, face.family, fonts.complex)
                elif slot is Slot.COMPLEX:
                    fonts = RunFonts(fonts.latin, fonts.east_asian, face.family)
                else:
                    fonts = RunFonts(face.family, fonts.east_asian, fonts.complex)
            if out and out[-1][1:] == (fonts, slanted):
                out[-1] = (out[-1][0] + piece, fonts, slanted)
            else:
                out.append((piece, fonts, slanted))
        return out


def _slot(piece: str) -> Slot:
    """The slot of the first character of ``piece`` that belongs to a script."""
    for char in piece:
        script = script_of(char)
        if script not in COMMON:
            return slot_of(script)
    return Slot.LATIN


def isolate_ltr(text: str) -> str:
    """``text`` with each left-to-right stretch wrapped in LRI … PDI, for a right-to-left
    paragraph: "+1 (555) 010-2030" or "120 Example Avenue" then keep their order inside an
    Arabic sentence, as the bidirectional algorithm would otherwise reorder their parts."""
    out: list[str] = []
    last = 0
    for start, end in ltr_spans(text):
        out += [text[last:start], LRI, text[start:end], PDI]
        last = end
    out.append(text[last:])
    return "".join(out)
