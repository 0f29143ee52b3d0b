"""The families that draw one job's text, in order, and the face each character takes.

A character is drawn by the first family that has it, of: the brand's family for the role
(body or headings); the brand's font for the document's language; then for the character's
own script the brand's font for it, the language's own families (``fonts`` in its data file)
and the fallback table's (``data/scripts.toml``); then every other family of the chain; last
the families for shared digits and symbols. So in a text of several scripts each keeps its
own font: Hebrew is not drawn by a font brought in for Cyrillic, nor Chinese by the Korean
one. A family that is neither shipped with the brand nor installed is left out; `coverage`
then names what is missing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from ..language import Language
from ..model import FontFamily, ScriptFont
from .faces import Face, brand_face, installed_face
from .installed import find_installed
from .scripts import COMMON, script_name, script_of, sticks

SHARED = frozenset({"Zyyy", "Zinh"})  # digits, punctuation, marks: drawn with their neighbours
_CHOSEN = 20_000  # characters whose family a chain remembers


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
    """The families of one role of one job, first choice first; ``lead`` of them come before
    any script's own (the brand's family and its font for the language), and ``scripts``
    gives each script its own families, tried next."""

    families: tuple[Family, ...]
    lead: int = 1
    scripts: tuple[tuple[str, tuple[Family, ...]], ...] = ()
    _chosen: dict[str, Family | None] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(family.name for family in self.families)

    def family_for(self, char: str) -> Family | None:
        """The family that draws ``char``, or None when none of the chain has it."""
        if char in self._chosen:
            return self._chosen[char]
        own = dict(self.scripts).get(script_of(char), ())
        order = (*self.families[: self.lead], *own, *self.families[self.lead :])
        found = next((family for family in order if family.covers(char)), None)
        if len(self._chosen) < _CHOSEN:
            self._chosen[char] = found
        return found

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
    tag: str | None = None,
) -> FontChain:
    """The chain for text in ``primary`` (a brand's body or headings family); ``tag`` is the
    document's own language tag (``zh-HK``), whose brand font comes before its language's."""
    scripts = _scripts_in(text)
    tags = _tags(tag, language)
    return _chain(primary, scripts, language, brand_fonts, tags)


@lru_cache(maxsize=64)
def _chain(primary: FontFamily, scripts: tuple[str, ...], language: Language | None,
           brand_fonts: tuple[ScriptFont, ...], tags: tuple[str, ...]) -> FontChain:  # fmt: skip
    lead = [primary, *_by_language(brand_fonts, tags)]
    own: dict[str, list[FontFamily]] = {}
    table = fallback_table()
    for script in scripts:
        wanted = [f.family for f in brand_fonts if not f.by_language and f.key == script]
        if language is not None and script != "Latn":
            wanted += [FontFamily(name) for name in language.fonts]
        own[script] = wanted + [FontFamily(name) for name in table.get(script, ())]
    rest = [family for script in scripts for family in own[script]]
    common = [FontFamily(name) for name in table.get("common", ())]
    found: dict[str, Family] = {}
    for family in (*lead, *rest, *common):
        key = family.name.casefold()
        if key not in found and (resolved := resolve(family)) is not None:
            found[key] = resolved
    families = tuple(found.values())
    lead_count = sum(1 for family in lead if family.name.casefold() in found)
    by_script = tuple(
        (script, tuple(found[f.name.casefold()] for f in own[script] if f.name.casefold() in found))
        for script in scripts
    )
    return FontChain(families, lead_count, by_script)


def _tags(tag: str | None, language: Language | None) -> tuple[str, ...]:
    """The tags a brand's per-language font may be given for: the document's own, its
    language's, and the bare language (``zh-HK``, ``zh-Hant``, ``zh``), case ignored."""
    found = [t for t in (tag, language.code if language is not None else None) if t]
    found += [t.split("-")[0] for t in found]
    return tuple(dict.fromkeys(t.casefold() for t in found))


def _by_language(brand_fonts: tuple[ScriptFont, ...], tags: tuple[str, ...]) -> list[FontFamily]:
    """The brand's fonts for the document's language, the most specific tag first."""
    fonts = [f for f in brand_fonts if f.by_language and f.key.casefold() in tags]
    return [f.family for f in sorted(fonts, key=lambda f: tags.index(f.key.casefold()))]


def _scripts_in(text: str) -> tuple[str, ...]:
    """The scripts of ``text`` (``Zzzz`` for characters of none, such as private use: a
    brand may name a font for those too), not those every script shares."""
    seen: dict[str, None] = {}
    for char in set(text):
        script = script_of(char)
        if script not in SHARED:
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


def suggested_family(script: str) -> str | None:
    """A family that covers ``script``: the table's first, else Noto's name for it; None for
    characters of no script (private use), which no such family has."""
    names = fallback_table().get(script)
    if names:
        return names[0]
    return None if script in COMMON else f"Noto Sans {script_name(script)}"
