"""The families that draw one job's text, in order, and the face each character takes.

Order: the brand's family for the role (body or headings); the brand's font for the
document's language, then for each script the text uses; the language's own families
(``fonts`` in its data file); the fallback table (``data/scripts.toml``) for those scripts;
last the families for shared digits and symbols. A family that is neither shipped with the
brand nor installed is left out; `coverage` then names what is missing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..language import Language
from ..model import FontFamily, ScriptFont
from .faces import Face, brand_face, installed_face
from .installed import find_installed
from .scripts import COMMON, script_name, script_of, sticks


@dataclass(frozen=True, slots=True)
class Family:
    """A family as found: its faces, shipped or installed."""

    name: str
    faces: tuple[Face, ...]

    def face(self, *, bold: bool = False, italic: bool = False) -> Face:
        want = "italic" if italic else "normal"
        weight = 700 if bold else 400
        return min(self.faces, key=lambda f: (f.style != want, abs(f.weight - weight)))

    def covers(self, char: str) -> bool:
        return self.faces[0].covers(char)


@dataclass(frozen=True, slots=True)
class FontChain:
    """The families of one role of one job, first choice first."""

    families: tuple[Family, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(family.name for family in self.families)

    def family_for(self, char: str) -> Family | None:
        return next((family for family in self.families if family.covers(char)), None)

    def segments(self, text: str, *, bold: bool = False, italic: bool = False
                 ) -> list[tuple[str, Face | None]]:  # fmt: skip
        """``text`` cut where the face that draws it changes. Marks, joiners, digits and
        punctuation stay in the face before them when it has them, as renderers keep them."""
        pieces: list[tuple[str, Face | None]] = []
        current: Family | None = None
        start = 0
        for index, char in enumerate(text):
            if index and sticks(char) and (current is None or current.covers(char)
                                           or not char.strip()):  # fmt: skip
                continue
            family = self.family_for(char)
            if index and family is current:
                continue
            if index:
                pieces.append((text[start:index], _face(current, bold, italic)))
            current, start = family, index
        if text:
            pieces.append((text[start:], _face(current, bold, italic)))
        return pieces

    def em(self, text: str, *, bold: bool = False, italic: bool = False) -> float:
        """Width of ``text`` in em, each piece shaped in the face that draws it."""
        return sum(
            face.em(piece) if face is not None else 0.6 * len(piece)
            for piece, face in self.segments(text, bold=bold, italic=italic)
        )

    def line_height_em(self, text: str = "") -> float:
        """The tallest natural line height of the families that draw ``text`` (of the first
        family when empty)."""
        used = {face for _, face in self.segments(text) if face is not None} if text else set()
        heights = [face.line_height_em for face in used] or [
            self.families[0].faces[0].line_height_em if self.families else 1.2
        ]
        return max(heights)


def _face(family: Family | None, bold: bool, italic: bool) -> Face | None:
    return family.face(bold=bold, italic=italic) if family is not None else None


def font_chain(
    primary: FontFamily,
    *,
    text: str,
    language: Language | None = None,
    brand_fonts: tuple[ScriptFont, ...] = (),
) -> FontChain:
    """The chain for text in ``primary`` (a brand's body or headings family)."""
    scripts = _scripts_in(text)
    return _chain(primary, scripts, language, brand_fonts)


@lru_cache(maxsize=64)
def _chain(primary: FontFamily, scripts: tuple[str, ...], language: Language | None,
           brand_fonts: tuple[ScriptFont, ...]) -> FontChain:  # fmt: skip
    code = language.code if language is not None else ""
    wanted: list[FontFamily] = [primary]
    wanted += [f.family for f in brand_fonts if f.by_language and _same_language(f.key, code)]
    for script in scripts:
        wanted += [f.family for f in brand_fonts if not f.by_language and f.key == script]
    if language is not None:
        wanted += [FontFamily(name) for name in language.fonts]
    table = fallback_table()
    for script in scripts:
        wanted += [FontFamily(name) for name in table.get(script, ())]
    wanted += [FontFamily(name) for name in table.get("common", ())]
    found: list[Family] = []
    for family in wanted:
        if any(f.name.casefold() == family.name.casefold() for f in found):
            continue
        resolved = resolve(family)
        if resolved is not None:
            found.append(resolved)
    return FontChain(tuple(found))


def _same_language(key: str, code: str) -> bool:
    return key == code or code.split("-")[0] == key


def _scripts_in(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for char in set(text):
        script = script_of(char)
        if script not in COMMON:
            seen[script] = None
    return tuple(sorted(seen))


@lru_cache(maxsize=64)
def resolve(family: FontFamily) -> Family | None:
    """``family``'s faces: the brand's files, else the installed faces; None if neither."""
    if family.faces:
        return Family(family.name, tuple(brand_face(family.name, f) for f in family.faces))
    faces: dict[str, Face] = {}
    for bold in (False, True):
        for italic in (False, True):
            found = find_installed(family.name, bold=bold, italic=italic)
            face = installed_face(found, family.name) if found is not None else None
            if face is not None:
                faces.setdefault(face.digest, face)
    return Family(family.name, tuple(faces.values())) if faces else None


@lru_cache(maxsize=1)
def fallback_table() -> dict[str, tuple[str, ...]]:
    """Script code (and ``common``) to the families that draw it, from ``data/scripts.toml``."""
    data = tomllib.loads(files(__package__).joinpath("data/scripts.toml").read_text("utf-8"))
    table = {code: tuple(names) for code, names in data["scripts"].items()}
    table["common"] = tuple(data["common"]["families"])
    return table


def suggested_family(script: str) -> str:
    """A family that covers ``script``: the table's first, else Noto's name for it."""
    names = fallback_table().get(script)
    return names[0] if names else f"Noto Sans {script_name(script)}"
