"""The parts of a clinic's brand file read beside its name, logo and colours.

`BrandFile` locates things in the YAML for messages; `BrandParts` adds what a
print pipeline needs from the rest of the file: the typography (body size at
least 12 pt, fonts from local files or the system, never downloaded), the
clinic's contact details under ``defaults: handoutkit:``, its fonts per script or
language (``defaults: handoutkit: fonts: {scripts: {Arab: Amiri}, languages: {ja: ...}}``)
and its own PowerPoint template. `brand._BrandReader` is one class built on these.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from brand_yml import Brand
from brand_yml.typography import (
    BrandTypographyFontFiles,
    BrandTypographyFontSystem,
)
from fontTools import unicodedata

from ..errors import BrandError
from ..inputs.yamlfile import where as yaml_where
from ..limits import FONT_FILES, SCRIPT_FONTS
from ..model import Asset, Contact, FontFace, FontFamily, Notice, ScriptFont, Typography
from .assets import DECK_TEMPLATE, FONT, read_asset

MIN_BODY_PT = 12.0
DEFAULT_FONT = "DejaVu Sans"
CONTACT_FIELDS = ("phone", "email", "website", "address", "booking_url", "disclaimer")
TEMPLATE_FIELD = "pptx_template"  # the clinic's own PowerPoint template, beside the brand file
FONTS_FIELD = "fonts"  # the brand's fonts per script and per language
LANGUAGE_FIELD = "language"  # the language of the clinic's own texts (its disclaimer)
OTHER_FIELDS = (LANGUAGE_FIELD, FONTS_FIELD, TEMPLATE_FIELD)
_SCRIPT_KEY = re.compile(r"[A-Z][a-z]{3}")  # ISO 15924: Arab, Hani, Deva
_LANGUAGE_KEY = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # BCP 47: ja, zh-Hant


class BrandFile:
    """A brand file being read: its path, its YAML tree and the notices found so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.parent
        self.tree: Any = None
        self.notices: list[Notice] = []

    # -- locating things in the YAML for messages ----------------------------------------

    def where(self, *keys: str | int) -> str:
        """``line N, field a.b.c`` for the deepest key of ``keys`` found in the file."""
        return yaml_where(self.tree, *keys)

    def fail(self, problem: str, fix: str, *keys: str | int) -> BrandError:
        return BrandError(
            problem, fix=fix, path=self.path, where=self.where(*keys) if keys else None
        )


class BrandParts(BrandFile):
    """Reads the typography, the contact details and the deck template of a brand."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.font_files = 0

    def typography(self, brand: Brand) -> Typography:
        typo = brand.typography
        base_name = typo.base.family if typo and typo.base and typo.base.family else None
        head_name = (
            typo.headings.family if typo and typo.headings and typo.headings.family else None
        )
        base = self.family(brand, base_name or DEFAULT_FONT, "base")
        headings = self.family(brand, head_name, "headings") if head_name else base
        size = MIN_BODY_PT
        if typo and typo.base and typo.base.size:
            size = self.points(typo.base.size, "typography", "base", "size")
            if size < MIN_BODY_PT:
                self.notices.append(
                    Notice(
                        f"body text size {typo.base.size} is below {MIN_BODY_PT:g} pt; "
                        f"handouts use {MIN_BODY_PT:g} pt so patients can read them.",
                        path=self.path,
                        where=self.where("typography", "base", "size"),
                    )
                )
                size = MIN_BODY_PT
        line_height = 1.45
        if typo and typo.base and typo.base.line_height:
            line_height = float(typo.base.line_height)
        return Typography(
            base=base,
            headings=headings,
            base_size_pt=size,
            line_height=line_height,
            scripts=self.script_fonts(brand),
        )

    def script_fonts(self, brand: Brand) -> tuple[ScriptFont, ...]:
        """The brand's fonts per script and per language, in the order the file lists them."""
        settings = (brand.defaults or {}).get("handoutkit") or {}
        fonts = settings.get(FONTS_FIELD) if isinstance(settings, dict) else None
        if fonts is None:
            return ()
        keys: tuple[str, ...] = ("defaults", "handoutkit", FONTS_FIELD)
        example = "scripts: {Arab: Amiri} or languages: {ja: Noto Sans CJK JP}"
        if not isinstance(fonts, dict) or set(fonts) - {"scripts", "languages"}:
            raise self.fail(
                "'fonts:' under 'defaults: handoutkit:' must hold 'scripts:' and/or 'languages:'.",
                f"write, for example, {example}.",
                *keys,
            )
        found: list[ScriptFont] = []
        for part, pattern, what in (
            ("languages", _LANGUAGE_KEY, "a language tag such as 'ja' or 'zh-Hant'"),
            ("scripts", _SCRIPT_KEY, "an ISO 15924 script code such as 'Arab', 'Hani', 'Deva'"),
        ):
            table = fonts.get(part) or {}
            if not isinstance(table, dict):
                raise self.fail(
                    f"'{part}:' must map {what} to a font family.",
                    f"write, for example, {example}.",
                    *keys,
                    part,
                )
            for key, family in table.items():
                at = (*keys, part, str(key))
                if (
                    not isinstance(key, str)
                    or not pattern.fullmatch(key)
                    or (part == "scripts" and not _known_script(key))
                ):
                    raise self.fail(f"'{key}' is not {what}.", f"use {what} as the key.", *at)
                if not isinstance(family, str) or not family.strip():
                    raise self.fail(
                        f"the font for '{key}' must be a family name.",
                        "write the family, as in typography: fonts: (or an installed one).",
                        *at,
                    )
                if len(found) >= SCRIPT_FONTS.value:
                    raise self.fail(
                        f"the brand names too many fonts: {SCRIPT_FONTS.exceeded(len(found) + 1)}.",
                        "name a font only for the scripts and languages the brand's own "
                        "fonts do not cover.",
                        *at,
                    )
                found.append(
                    ScriptFont(
                        key=key,
                        family=self.family(brand, family.strip(), key),
                        by_language=part == "languages",
                        where=self.where(*at),
                    )
                )
        return tuple(found)

    def family(self, brand: Brand, name: str, role: str) -> FontFamily:
        fonts = brand.typography.fonts if brand.typography else []
        for index, font in enumerate(fonts):
            if font.family != name:
                continue
            if isinstance(font, BrandTypographyFontSystem):
                return FontFamily(name)
            if isinstance(font, BrandTypographyFontFiles):
                return FontFamily(name, tuple(self.faces(font, index)))
            raise self.fail(
                f"the font '{name}' comes from '{font.source}', which would be downloaded "
                "from the internet; Handout Kit never fetches fonts.",
                "put the font files in the clinic folder and use 'source: file' with "
                "'files: - path: fonts/YourFont-Regular.ttf', or 'source: system' for an "
                "installed font.",
                "typography",
                "fonts",
                index,
                "source",
            )
        return FontFamily(name)  # brand_yml lists undeclared families as system fonts

    def faces(self, font: BrandTypographyFontFiles, index: int) -> list[FontFace]:
        faces = []
        for number, file in enumerate(font.files):
            keys = ("typography", "fonts", index, "files", number, "path")
            self.font_files += 1
            if self.font_files > FONT_FILES.value:
                raise self.fail(
                    f"the brand names too many font files: {FONT_FILES.exceeded(self.font_files)}.",
                    "list only the faces the handouts use (regular, bold, italic, bold italic).",
                    *keys,
                )
            weight = file.weight.root
            asset = read_asset(
                str(file.path.root),
                base=self.folder,
                root=self.folder,
                source=self.path,
                where=self.where(*keys),
                kind=FONT,
                error=BrandError,
            )
            numeric = weight if isinstance(weight, int) else {"bold": 700}.get(str(weight), 400)
            faces.append(FontFace(weight=numeric, style=file.style, font=asset))
        return faces

    def points(self, value: str, *keys: str) -> float:
        match = re.fullmatch(r"\s*([0-9.]+)\s*(pt|px|rem|em)?\s*", str(value))
        if not match:
            raise self.fail(
                f"'{value}' is not a font size.",
                "write sizes like '12pt', '16px' or '1rem'.",
                *keys,
            )
        number, unit = float(match.group(1)), match.group(2) or "pt"
        return {"pt": number, "px": number * 0.75, "rem": number * 12, "em": number * 12}[unit]

    def contact(self, brand: Brand) -> Contact:
        settings = (brand.defaults or {}).get("handoutkit") or {}
        if not isinstance(settings, dict):
            raise self.fail(
                "'defaults: handoutkit:' must hold fields like 'phone:' and 'email:'.",
                f"write one field per line under it: {', '.join(CONTACT_FIELDS)}.",
                "defaults",
                "handoutkit",
            )
        values: dict[str, str] = {}
        disclaimers: tuple[tuple[str, str], ...] = ()
        for key, value in settings.items():
            keys = ("defaults", "handoutkit", key)
            if key in (TEMPLATE_FIELD, FONTS_FIELD):
                continue
            if key == "disclaimer" and isinstance(value, dict):
                disclaimers = self.disclaimers(value, keys)
                continue
            if key not in CONTACT_FIELDS and key != LANGUAGE_FIELD:
                self.notices.append(
                    Notice(
                        f"unknown clinic detail '{key}' is ignored "
                        f"(known: {', '.join((*CONTACT_FIELDS, *OTHER_FIELDS))}).",
                        path=self.path,
                        where=self.where(*keys),
                    )
                )
                continue
            if not isinstance(value, str) or not value.strip():
                raise self.fail(
                    f"'{key}' must be text.", f"put the value of '{key}' in quotes.", *keys
                )
            if key in ("website", "booking_url") and not value.startswith(("https://", "http://")):
                raise self.fail(
                    f"'{key}' must be a full web address, got '{value}'.",
                    "start the address with https://.",
                    *keys,
                )
            if key == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
                raise self.fail(
                    f"'{value}' is not an e-mail address.", "write it like name@clinic.com.", *keys
                )
            if key == LANGUAGE_FIELD and not _LANGUAGE_KEY.fullmatch(value):
                raise self.fail(
                    f"'{value}' is not a language tag.",
                    "write the language the clinic's own texts are in, such as en or es.",
                    *keys,
                )
            values[key] = " ".join(value.split())
        missing = [key for key in ("phone", "address") if key not in values]
        if missing:
            self.notices.append(
                Notice(
                    f"no {' or '.join(missing)} under 'defaults: handoutkit:'; the handout "
                    "footer will not show it.",
                    path=self.path,
                    where=self.where("defaults"),
                )
            )
        return Contact(**values, disclaimers=disclaimers)

    def disclaimers(self, value: dict[object, object], keys: tuple[str, ...]
                    ) -> tuple[tuple[str, str], ...]:  # fmt: skip
        """``disclaimer:`` given per language: ``{en: "...", ar: "..."}``."""
        found: list[tuple[str, str]] = []
        for tag, text in value.items():
            at = (*keys, str(tag))
            if not isinstance(tag, str) or not _LANGUAGE_KEY.fullmatch(tag):
                raise self.fail(
                    f"'{tag}' is not a language tag.",
                    "give the disclaimer per language: 'en:', 'es:', 'zh-Hant:'.",
                    *at,
                )
            if not isinstance(text, str) or not text.strip():
                raise self.fail(
                    f"the disclaimer in '{tag}' must be text.", "put it in quotes.", *at
                )
            found.append((tag, " ".join(text.split())))
        return tuple(found)

    def deck_template(self, brand: Brand) -> Asset | None:
        settings = (brand.defaults or {}).get("handoutkit") or {}
        reference = settings.get(TEMPLATE_FIELD) if isinstance(settings, dict) else None
        if reference is None:
            return None
        keys = ("defaults", "handoutkit", TEMPLATE_FIELD)
        if not isinstance(reference, str) or not reference.strip():
            raise self.fail(
                f"'{TEMPLATE_FIELD}' must name a file.",
                "write the path of the .pptx or .potx file, relative to the clinic folder.",
                *keys,
            )
        asset = read_asset(
            reference,
            base=self.folder,
            root=self.folder,
            source=self.path,
            where=self.where(*keys),
            kind=DECK_TEMPLATE,
            error=BrandError,
        )
        return asset


def _known_script(code: str) -> bool:
    return unicodedata.script_name(code, default=None) is not None
