"""A clinic's brand as read: names, logo, colours, fonts, contact details, deck template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .asset import Asset


@dataclass(frozen=True, slots=True)
class Colors:
    """The colours the templates use, as ``#rrggbb``."""

    primary: str
    secondary: str
    foreground: str
    background: str
    light: str


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font file of a family (for example Lato Bold)."""

    weight: int
    style: str
    font: Asset


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A font family; without faces it is resolved from the installed system fonts."""

    name: str
    faces: tuple[FontFace, ...] = ()

    def face(self, *, bold: bool = False, italic: bool = False) -> FontFace | None:
        """The closest face shipped with the brand, if any."""
        if not self.faces:
            return None
        want_weight = 700 if bold else 400
        want_style = "italic" if italic else "normal"
        return min(
            self.faces,
            key=lambda f: (f.style != want_style, abs(f.weight - want_weight)),
        )


@dataclass(frozen=True, slots=True)
class ScriptFont:
    """A brand's font for one script (``Arab``, ISO 15924) or one language (``ja``)."""

    key: str
    family: FontFamily
    by_language: bool
    where: str  # in the brand file, for messages: "line 40, field defaults.handoutkit..."


@dataclass(frozen=True, slots=True)
class Typography:
    base: FontFamily
    headings: FontFamily
    base_size_pt: float
    line_height: float
    scripts: tuple[ScriptFont, ...] = ()  # fonts for scripts the base family lacks


@dataclass(frozen=True, slots=True)
class Contact:
    """Clinic details brand.yml has no field for (``defaults: handoutkit:``)."""

    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    booking_url: str | None = None
    disclaimer: str | None = None  # written in `language`
    language: str = "en"  # the language the clinic's own texts are written in
    disclaimers: tuple[tuple[str, str], ...] = ()  # (language tag, text) for other languages

    def disclaimer_in(self, code: str) -> str | None:
        """The clinic's disclaimer for a document in ``code``, if it wrote one in that
        language (a regional tag falls back to its language: ``es-MX`` to ``es``)."""
        given = dict(self.disclaimers)
        if self.disclaimer is not None:
            given.setdefault(self.language, self.disclaimer)
        by_case = {tag.casefold(): text for tag, text in given.items()}
        found = by_case.get(code.casefold())
        if found is None:
            found = by_case.get(code.split("-")[0].casefold())
        return found


@dataclass(frozen=True, slots=True)
class Clinic:
    slug: str
    name: str
    short_name: str
    logo: Asset
    logo_alt: str
    colors: Colors
    typography: Typography
    contact: Contact
    source: Path
    deck_template: Asset | None = None  # the clinic's own PowerPoint template (.pptx/.potx)
