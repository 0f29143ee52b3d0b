"""Read a clinic's ``_brand.yml`` (the brand.yml standard) into a `Clinic`.

Parsing is brand_yml's; this module adds what a print pipeline needs: line
numbers in errors, colour validation, local-only logo and font files, and the
clinic details kept under ``defaults: handoutkit:``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pydantic
from brand_yml import Brand
from brand_yml.file import FileLocationLocal
from brand_yml.logo import BrandLogo, BrandLogoResource, BrandLogoResourceLightDark
from brand_yml.typography import (
    BrandTypographyFontFiles,
    BrandTypographyFontSystem,
)

from ..errors import BrandError, UnsafePathError
from ..inputs.files import read_file
from ..inputs.textfile import decode_text
from ..inputs.yamlfile import load_yaml
from ..inputs.yamlfile import where as yaml_where
from ..limits import FONT_FILES, YAML_FILE_BYTES
from ..model import (
    Asset,
    Clinic,
    Colors,
    Contact,
    FontFace,
    FontFamily,
    Notice,
    Typography,
)
from .assets import DECK_TEMPLATE, FONT, PICTURE, is_url, read_asset, resolve_local
from .catalog import BRAND_FILE

MIN_BODY_PT = 12.0
DEFAULT_FONT = "DejaVu Sans"
CONTACT_FIELDS = ("phone", "email", "website", "address", "booking_url", "disclaimer")
TEMPLATE_FIELD = "pptx_template"  # the clinic's own PowerPoint template, beside the brand file
_FIELD = re.compile(r"^[a-z0-9_\-]+$")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def read_clinic(folder: Path) -> tuple[Clinic, tuple[Notice, ...]]:
    """Read and validate ``content/clinics/<slug>/_brand.yml``."""
    reader = _BrandReader(folder / BRAND_FILE)
    return reader.read()


class _BrandReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.parent
        self.tree: Any = None
        self.notices: list[Notice] = []
        self.font_files = 0

    # -- locating things in the YAML for messages ----------------------------------------

    def where(self, *keys: str | int) -> str:
        """``line N, field a.b.c`` for the deepest key of ``keys`` found in the file."""
        return yaml_where(self.tree, *keys)

    def fail(self, problem: str, fix: str, *keys: str | int) -> BrandError:
        return BrandError(
            problem, fix=fix, path=self.path, where=self.where(*keys) if keys else None
        )

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> tuple[Clinic, tuple[Notice, ...]]:
        brand = self.parse()
        name = self.clinic_name(brand)
        logo, logo_alt = self.logo(brand, name)
        clinic = Clinic(
            slug=self.folder.name,
            name=name,
            short_name=self.short_name(brand, name),
            logo=logo,
            logo_alt=logo_alt,
            colors=self.colors(brand),
            typography=self.typography(brand),
            contact=self.contact(brand),
            source=self.path,
            deck_template=self.deck_template(brand),
        )
        return clinic, tuple(self.notices)

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

    def parse(self) -> Brand:
        data = read_file(self.path, root=self.folder, limit=YAML_FILE_BYTES, error=BrandError)
        text = decode_text(data, path=self.path, error=BrandError)
        self.tree = load_yaml(text, path=self.path, error=BrandError, limit=YAML_FILE_BYTES)
        if not isinstance(self.tree, dict):
            raise BrandError(
                "the brand file must be a set of 'field: value' entries.",
                fix="start from the demo clinic's _brand.yml.",
                path=self.path,
            )
        self.refuse_urls(self.tree, ())
        try:
            return Brand.from_yaml_str(text, path=self.path)
        except pydantic.ValidationError as exc:
            error = exc.errors()[0]
            # pydantic's location mixes field names with model names (BrandLogo...).
            keys = [k for k in error["loc"] if isinstance(k, int) or _FIELD.match(k)]
            raise self.fail(
                f"{error['msg']} (got {error.get('input')!r}).",
                "compare the field with the brand.yml reference "
                "(https://posit-dev.github.io/brand-yml/) or the demo clinic's file.",
                *keys,
            ) from None
        except Exception as exc:  # brand_yml's own reading: ValueError, TypeError, ...
            raise BrandError(
                f"the brand file could not be read: {exc}",
                fix="compare it with the demo clinic's _brand.yml.",
                path=self.path,
            ) from None

    def refuse_urls(self, node: object, keys: tuple[str | int, ...]) -> None:
        """Refuse any file ``path`` that is a URL before brand_yml sees it."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "path" and isinstance(value, str) and is_url(value):
                    raise UnsafePathError(
                        f"'{value}' is a URL; Handout Kit never fetches files from the network "
                        "or from outside the clinic folder.",
                        fix=f"copy the file into {self.folder} and give its path relative to "
                        "that folder, for example 'logo/logo.svg'.",
                        path=self.path,
                        where=self.where(*keys, key),
                    )
                self.refuse_urls(value, (*keys, str(key)))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self.refuse_urls(value, (*keys, index))

    def clinic_name(self, brand: Brand) -> str:
        name = brand.meta.name if brand.meta else None
        full = name if isinstance(name, str) else (name.full if name else None)
        if not full or not full.strip():
            raise self.fail(
                "the clinic has no name.",
                "add 'meta: name: full: Your Clinic Name' to the brand file.",
                "meta",
            )
        return full.strip()

    @staticmethod
    def short_name(brand: Brand, full: str) -> str:
        name = brand.meta.name if brand.meta else None
        short = None if name is None or isinstance(name, str) else name.short
        return short.strip() if short and short.strip() else full

    def logo(self, brand: Brand, clinic_name: str) -> tuple[Any, str]:
        logo = brand.logo
        keys: tuple[str, ...] = ("logo",)
        resource: Any = logo
        if isinstance(logo, BrandLogo):
            for size in ("large", "medium", "small"):
                if getattr(logo, size) is not None:
                    resource, keys = getattr(logo, size), ("logo", size)
                    break
            else:
                resource = None
        if isinstance(resource, BrandLogoResourceLightDark):
            resource = resource.light or resource.dark
        if not isinstance(resource, BrandLogoResource):
            raise self.fail(
                "the clinic has no logo.",
                "add 'logo: logo/your-logo.svg' (a file in the clinic folder) to the brand file.",
                *keys,
            )
        location = resource.path
        reference = str(location.root)
        keys = self.logo_path_keys(keys)
        where = self.where(*keys)
        if not isinstance(location, FileLocationLocal):
            # resolve_local refuses URLs with the message the user needs.
            resolve_local(
                reference, base=self.folder, root=self.folder, source=self.path, where=where
            )
        asset = read_asset(
            reference,
            base=self.folder,
            root=self.folder,
            source=self.path,
            where=where,
            kind=PICTURE,
            error=BrandError,
        )
        return asset, (resource.alt or f"{clinic_name} logo").strip()

    def logo_path_keys(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """Where the logo's path is written: ``logo.images.<name>.path`` when the size names
        an image (``large: mark``), else the size's own field."""
        node = self.tree.get("logo") if isinstance(self.tree, dict) else None
        size = node.get(keys[-1]) if isinstance(node, dict) and len(keys) > 1 else None
        images = node.get("images") if isinstance(node, dict) else None
        if isinstance(size, str) and isinstance(images, dict) and size in images:
            image = images[size]
            return (
                ("logo", "images", size, "path")
                if isinstance(image, dict)
                else ("logo", "images", size)
            )
        return keys

    def colors(self, brand: Brand) -> Colors:
        color = brand.color
        values: dict[str, str | None] = {}
        if color is not None:
            for name, value in (color.palette or {}).items():
                self.check_color(value, "color", "palette", name)
            for name in ("primary", "secondary", "foreground", "background", "light"):
                value = getattr(color, name)
                if value is not None:
                    values[name] = self.check_color(value, "color", name)
        primary = values.get("primary")
        if primary is None:
            raise self.fail(
                "the brand has no primary colour.",
                "add 'color: primary: \"#5B3F8C\"' (your main brand colour) to the brand file.",
                "color",
            )
        return Colors(
            primary=primary,
            secondary=values.get("secondary") or primary,
            foreground=values.get("foreground") or "#1a1a1a",
            background=values.get("background") or "#ffffff",
            light=values.get("light") or _tint(primary, 0.9),
        )

    def check_color(self, value: object, *keys: str) -> str:
        if not isinstance(value, str) or not _HEX.match(value.strip()):
            raise self.fail(
                f"'{value}' is not a colour Handout Kit can use.",
                'write colours as quoted hex codes like "#5B3F8C", or as the name of a '
                "colour defined under color: palette:.",
                *keys,
            )
        return _normalise_hex(value.strip())

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
        return Typography(base=base, headings=headings, base_size_pt=size, line_height=line_height)

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
        for key, value in settings.items():
            keys = ("defaults", "handoutkit", key)
            if key == TEMPLATE_FIELD:
                continue
            if key not in CONTACT_FIELDS:
                self.notices.append(
                    Notice(
                        f"unknown clinic detail '{key}' is ignored "
                        f"(known: {', '.join(CONTACT_FIELDS)}).",
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
        return Contact(**values)


def _normalise_hex(value: str) -> str:
    value = value.lower()
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def _rgb(value: str) -> Sequence[int]:
    return [int(value[i : i + 2], 16) for i in (1, 3, 5)]


def _tint(value: str, amount: float) -> str:
    """Mix ``value`` with white; ``amount`` 1.0 is white."""
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in _rgb(value))
