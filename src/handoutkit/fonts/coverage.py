"""Before anything is rendered: every character has a glyph in a font the output uses.

A renderer that lacks a glyph draws a box (or nothing) and still extracts the right text,
so a missing glyph is a handout that looks right to a test and wrong to a patient. Here it
is an error naming the character, where it is, and the font to add.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import FontError
from .chain import FontChain, suggested_family
from .scripts import needs_glyph, script_name, script_of

SHOWN = 5  # other missing characters listed in the message


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text an output prints, and where it comes from."""

    text: str
    path: Path | str | None
    where: str  # "section 'Aftercare' (from line 12)", "field 'meta.name'"


def check_coverage(texts: Iterable[Text], chains: Iterable[FontChain]) -> None:
    """Raise `FontError` for the first character of ``texts`` that no family of some chain
    in ``chains`` draws."""
    pieces = tuple(texts)
    for chain in chains:
        missing: dict[str, Text] = {}
        for piece in pieces:
            for char in piece.text:
                if char not in missing and needs_glyph(char) and chain.family_for(char) is None:
                    missing[char] = piece
        if missing:
            raise _error(missing, chain)


def _error(missing: dict[str, Text], chain: FontChain) -> FontError:
    char, piece = next(iter(missing.items()))
    script = script_of(char)
    others = [c for c in missing if c != char][:SHOWN]
    more = f" Also without a glyph: {', '.join(_name(c) for c in others)}." if others else ""
    family = suggested_family(script)
    fonts = ", ".join(chain.names) or "none"
    if family is None:  # a character of no script (private use): no font is known to have it
        fix = (
            "use a character Unicode assigns to a script instead, or ship a font that has "
            "this one with the brand (typography: fonts:) and name it under 'defaults: "
            f"handoutkit: fonts: scripts: {script}:'."
        )
        of = None
    else:
        fix = (
            f"install a font that covers the {script_name(script)} script, such as "
            f"'{family}' (scripts/install-system-deps.sh installs the Noto fonts), or name one "
            f"in the brand file under 'defaults: handoutkit: fonts: scripts: {script}:'."
        )
        of = script_name(script)
    return FontError(
        f"the character {_name(char, of)} has no glyph in any "
        f"font the outputs use ({fonts}); it would print as an empty box.{more}",
        fix=fix,
        path=piece.path,
        where=piece.where,
    )


def _name(char: str, script: str | None = None) -> str:
    """How a character is named in messages: 'ᱚ' (U+1C5A OL CHIKI LETTER LA, Ol Chiki script)."""
    name = unicodedata.name(char, "")
    of = f", {script} script" if script else ""
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''}{of})"
