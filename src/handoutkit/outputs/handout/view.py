"""The handout's view model: everything the templates show, decided here.

Templates only loop and print. Text stays as the clinic wrote it; this
module picks labels, formats dates, turns assets into data URIs and says
which partial draws each block.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from ...language import language_for
from ...language.labels import LABELS, Labels
from ...model import (
    Asset,
    Block,
    Clinic,
    Figure,
    Handout,
    ListBlock,
    Paper,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from ...read.printed import (
    disclaimer_of,
    printed_texts,
    review_line,
    tagline_chain,
    text_chains,
)
from ..colors import TextColors, text_colors
from ..contact import contact_links
from ..webfonts import WebFont, fallback_families, web_fonts

LARGE_PRINT_MIN_PT = 18.0  # large print: the smallest body text (RNIB, APH guidance: 16-18 pt)


@dataclass(frozen=True, slots=True)
class ContactLine:
    label: str
    text: str
    href: str | None


@dataclass(frozen=True, slots=True)
class BlockView:
    """A block and the partial (``blocks/<kind>.html.j2``) that draws it."""

    kind: str
    block: Block
    image_src: str | None = None


@dataclass(frozen=True, slots=True)
class SectionView:
    id: str
    title: str
    blocks: tuple[BlockView, ...]


@dataclass(frozen=True, slots=True)
class Sizes:
    """Type sizes in pt, and the line height, of one print size."""

    body: float
    line_height: float
    h1: float
    h2: float
    h3: float
    subtitle: float
    clinic: float
    footer: float
    step: float  # the number in a step's circle
    step_circle_mm: float
    footer_space_mm: float  # the page's bottom margin, where the running footer goes

    @classmethod
    def regular(cls, body: float, line_height: float) -> Sizes:
        return cls(body, line_height, 28, 17, 14, 16, 15, 10, 11, 6.5, 27)

    @classmethod
    def large_print(cls, body: float, line_height: float) -> Sizes:
        """For patients with low vision: body at least 18 pt, lines at least 1.5 apart."""
        body = max(LARGE_PRINT_MIN_PT, body)
        return cls(body, max(1.5, line_height), body + 16, body + 6, body + 3, body + 4,
                   body, 14, body, 10, 48)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Style:
    """Values the stylesheet needs, all validated upstream (hex colours, sizes)."""

    page_size: str
    primary: str
    secondary: str
    foreground: str
    background: str
    light: str
    text: TextColors  # readable text colours for each background
    base_family: str
    headings_family: str
    size: Sizes
    fonts: tuple[WebFont, ...]
    fallbacks: tuple[str, ...] = ()  # families after the brand's, for the scripts it lacks
    start: str = "left"  # the side lines start on: "right" in Arabic, Hebrew, Persian, Urdu
    end: str = "right"


@dataclass(frozen=True, slots=True)
class TaglineView:
    """The clinic's notice of language assistance in one language, in its own direction and
    font stack (its script may be none of the document's)."""

    language: str
    direction: str
    paragraphs: tuple[Paragraph, ...]
    families: tuple[str, ...]  # the CSS font stack, brand family first


@dataclass(frozen=True, slots=True)
class HandoutView:
    language: str
    direction: str  # "ltr" or "rtl"
    title: str
    subtitle: str | None
    clinic_name: str
    logo_src: str
    logo_alt: str
    sections: tuple[SectionView, ...]
    contact: tuple[ContactLine, ...]
    reviewed_line: str
    reviewed_iso: str
    disclaimer: str | None
    taglines: tuple[TaglineView, ...]
    labels: Labels
    style: Style


_KINDS: dict[type, str] = {
    Paragraph: "paragraph",
    Subheading: "subheading",
    ListBlock: "list",
    Table: "table",
    Figure: "figure",
}


def handout_view(handout: Handout, paper: Paper, *, large_print: bool = False) -> HandoutView:
    """Prepare ``handout`` for the handout templates on ``paper``, in regular or large print."""
    document, clinic = handout.document, handout.clinic
    language = language_for(document.language)
    labels = language.labels if language is not None else LABELS["en"]
    typography = clinic.typography
    families = (typography.base, typography.headings)
    text = "".join(piece.text for piece in printed_texts(handout))
    chains = text_chains(handout, text)
    rtl = language is not None and language.rtl
    notices = [(tagline, tagline_chain(handout, tagline)) for tagline in handout.taglines]
    taglines = tuple(
        TaglineView(
            t.language,
            t.direction,
            t.paragraphs,
            (typography.base.name, *fallback_families((chain,), (typography.base,), t.text)),
        )
        for t, chain in notices
    )
    return HandoutView(
        language=document.language,
        direction="rtl" if rtl else "ltr",
        title=document.meta.title,
        subtitle=document.meta.subtitle,
        clinic_name=clinic.name,
        logo_src=data_uri(clinic.logo),
        logo_alt=clinic.logo_alt,
        sections=tuple(_section(section, index) for index, section in enumerate(document.sections)),
        contact=contact_lines(handout, labels),
        reviewed_line=review_line(handout),
        reviewed_iso=handout.dated.isoformat() if handout.dated else "",
        disclaimer=disclaimer_of(handout),
        taglines=taglines,
        labels=labels,
        style=Style(
            page_size=paper.css_size,
            primary=clinic.colors.primary,
            secondary=clinic.colors.secondary,
            foreground=clinic.colors.foreground,
            background=clinic.colors.background,
            light=clinic.colors.light,
            text=handout_text_colors(clinic),
            base_family=typography.base.name,
            headings_family=typography.headings.name,
            size=(Sizes.large_print if large_print else Sizes.regular)(
                typography.base_size_pt, typography.line_height
            ),
            fonts=web_fonts(families, text, chains, [(c, t.text) for t, c in notices]),
            fallbacks=fallback_families(chains, families, text),
            start="right" if rtl else "left",
            end="left" if rtl else "right",
        ),
    )


def handout_text_colors(clinic: Clinic) -> TextColors:
    """The text colours the handout prints with (the quality check reports the same pairs)."""
    c = clinic.colors
    return text_colors(
        primary=c.primary,
        secondary=c.secondary,
        foreground=c.foreground,
        background=c.background,
        light=c.light,
    )


def contact_lines(handout: Handout, labels: Labels) -> tuple[ContactLine, ...]:
    """The clinic's contact details that are filled in, with links."""
    return tuple(
        ContactLine(labels.labelled(link.label) if link.label else "", link.shown, link.href)
        for link in contact_links(handout.clinic.contact, labels)
    )


def data_uri(asset: Asset) -> str:
    return f"data:{asset.media_type};base64,{base64.b64encode(asset.data).decode('ascii')}"


def _section(section: Section, index: int) -> SectionView:
    slug = re.sub(r"[^a-z0-9]+", "-", section.title.lower()).strip("-") or "section"
    return SectionView(
        id=f"s{index + 1}-{slug}",
        title=section.title,
        blocks=tuple(_block(block) for block in section.blocks),
    )


def _block(block: Block) -> BlockView:
    image_src = data_uri(block.image) if isinstance(block, Figure) else None
    return BlockView(kind=_KINDS[type(block)], block=block, image_src=image_src)
