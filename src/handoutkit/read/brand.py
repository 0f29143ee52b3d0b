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

from ..errors import BrandError, UnsafePathError
from ..inputs.files import read_file
from ..inputs.textfile import decode_text
from ..inputs.yamlfile import load_yaml
from ..limits import YAML_FILE_BYTES
from ..model import Clinic, Colors, Notice
from .assets import PICTURE, is_url, read_asset, resolve_local
from .brandparts import (
    CONTACT_FIELDS,
    DEFAULT_FONT,
    MIN_BODY_PT,
    TEMPLATE_FIELD,
    BrandParts,
)
from .catalog import BRAND_FILE

# The typography, contact details and deck template are read in `brandparts`.
__all__ = [
    "BRAND_FILE",
    "CONTACT_FIELDS",
    "DEFAULT_FONT",
    "MIN_BODY_PT",
    "TEMPLATE_FIELD",
    "read_clinic",
]

_FIELD = re.compile(r"^[a-z0-9_\-]+$")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def read_clinic(folder: Path) -> tuple[Clinic, tuple[Notice, ...]]:
    """Read and validate ``content/clinics/<slug>/_brand.yml``."""
    reader = _BrandReader(folder / BRAND_FILE)
    return reader.read()


class _BrandReader(BrandParts):
    """Reads the whole brand file: its own checks, then its name, logo and colours."""

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
