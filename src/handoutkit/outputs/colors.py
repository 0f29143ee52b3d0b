"""Colour arithmetic shared by the renderers: WCAG contrast and readable picks."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Colors


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(on: str, *candidates: str, minimum: float) -> str:
    """The first candidate readable on ``on``, else the most readable of them, black or white."""
    for color in candidates:
        if contrast(color, on) >= minimum:
            return color
    return max((*candidates, "#000000", "#ffffff"), key=lambda c: contrast(c, on))


BODY_MINIMUM = 4.5  # WCAG 2.x AA, normal text
LARGE_MINIMUM = 3.0  # WCAG 2.x AA, large text (18 pt, or 14 pt bold)


@dataclass(frozen=True, slots=True)
class ColorPair:
    """One text colour on one background, as the brand asks for it and as it is printed."""

    role: str
    wanted: str
    used: str
    background: str
    minimum: float

    @property
    def wanted_ratio(self) -> float:
        return round(contrast(self.wanted, self.background), 2)

    @property
    def used_ratio(self) -> float:
        return round(contrast(self.used, self.background), 2)

    @property
    def adjusted(self) -> bool:
        return self.used != self.wanted


@dataclass(frozen=True, slots=True)
class TextColors:
    """The handout's text colours, each readable on its background (WCAG AA)."""

    body: ColorPair
    heading: ColorPair
    subtitle: ColorPair
    link: ColorPair
    term: ColorPair
    on_primary: ColorPair  # step numbers and table headers on the primary colour
    on_light: ColorPair  # table stripes and the disclaimer box

    @property
    def pairs(self) -> tuple[ColorPair, ...]:
        return (
            self.body,
            self.heading,
            self.subtitle,
            self.link,
            self.term,
            self.on_primary,
            self.on_light,
        )


def _pair(role: str, wanted: str, background: str, minimum: float) -> ColorPair:
    used = readable(background, wanted, minimum=minimum)
    return ColorPair(role, wanted, used, background, minimum)


def text_colors(
    *, primary: str, secondary: str, foreground: str, background: str, light: str
) -> TextColors:
    """Brand colours where they are readable; otherwise the most readable of black and white."""
    return TextColors(
        body=_pair("body text", foreground, background, BODY_MINIMUM),
        heading=_pair("headings (large)", primary, background, LARGE_MINIMUM),
        subtitle=_pair("subtitle", secondary, background, BODY_MINIMUM),
        link=_pair("links", primary, background, BODY_MINIMUM),
        term=_pair("list terms", primary, background, BODY_MINIMUM),
        on_primary=_pair("step numbers and table headers", background, primary, BODY_MINIMUM),
        on_light=_pair("text on tinted boxes", foreground, light, BODY_MINIMUM),
    )


@dataclass(frozen=True, slots=True)
class DeckColors:
    """The deck's colours (PPTX and browser slides alike), each readable where it is used."""

    background: str
    text: str
    title: str  # large text: 3:1
    link: str  # links, list numbers, the footer: text, 4.5:1
    accent: str  # the accent bar: a graphic, 1.5:1 is enough to be seen
    secondary_text: str
    header_fill: str  # table header cells
    header_text: str
    band: str  # every other table row


def deck_colors(colors: Colors) -> DeckColors:
    """The brand's colours picked for the deck (WCAG contrast)."""
    c = colors
    text = readable(c.background, c.foreground, minimum=BODY_MINIMUM)
    return DeckColors(
        background=c.background,
        text=text,
        title=readable(c.background, c.primary, text, minimum=LARGE_MINIMUM),
        link=readable(c.background, c.primary, text, minimum=BODY_MINIMUM),
        accent=readable(c.background, c.secondary, c.primary, text, minimum=1.5),
        secondary_text=readable(c.background, c.secondary, c.primary, text, minimum=BODY_MINIMUM),
        header_fill=c.primary,
        header_text=readable(c.primary, c.background, "#ffffff", c.foreground, minimum=4.5),
        band=c.light if contrast(text, c.light) >= BODY_MINIMUM else c.background,
    )
