"""The design a deck is drawn in: the default one in the brand's colours, or a clinic's template.

A `Design` is data the one drawer (`draw`) reads: which master layouts slides use, whether
the drawer places titles itself and adds the background and accent bars (the default design)
or leaves them to the template's placeholders and colours, and the boxes of the cover and the
footer. `open_design` makes the presentation and its design for a handout.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

from ...errors import RenderError
from ...language import culture
from ...model import Colors, Handout
from ..colors import DeckColors, deck_colors
from .geometry import (
    COVER_CLINIC,
    COVER_CLINIC_PT,
    COVER_LOGO,
    FOOTER,
    FOOTER_PT,
    SLIDE_H,
    SLIDE_W,
)
from .lettering import Lettering
from .template import Box, choose_layouts, open_template, template_geometry
from .typeset import deck_fonts


class Master(Enum):
    """Which of the master's layouts a slide is made from."""

    COVER = "cover"
    CONTENT = "content"


@dataclass(frozen=True, slots=True)
class DeckStyle:
    """The clinic's deck colours and fonts, the text's direction and language, and whether a
    template's colours apply."""

    colors: DeckColors
    base: Lettering
    heading: Lettering
    language: str  # the runs' ``lang``: "ar", "zh-CN"
    rtl: bool = False  # right-to-left: paragraphs, tables and the layout mirrored
    inherit: bool = False  # a clinic template: text takes the template's colours

    def ink(self, color: str) -> str | None:
        """``color``, or None where the template's own text colours apply."""
        return None if self.inherit else color

    @property
    def base_font(self) -> str:
        return self.base.defaults.latin

    @property
    def heading_font(self) -> str:
        return self.heading.defaults.latin

    @classmethod
    def of(cls, handout: Handout, *, inherit: bool = False) -> DeckStyle:
        clinic = handout.clinic
        language, text, chains = deck_fonts(handout)
        base, headings = clinic.typography.base, clinic.typography.headings
        return cls(
            colors=deck_colors(clinic.colors),
            base=Lettering.of(chains[base], text, base.name),
            heading=Lettering.of(chains[headings], text, headings.name),
            language=culture(handout.document.language),
            rtl=language is not None and language.rtl,
            inherit=inherit,
        )


@dataclass(frozen=True, slots=True)
class Design:
    """How the slides of one deck are laid out and coloured."""

    style: DeckStyle
    cover_layout: SlideLayout
    content_layout: SlideLayout
    own_boxes: bool  # the default design: titles placed, background and accent bars drawn
    title_anchor: MSO_ANCHOR
    footer: Box
    cover_logo: Box  # the logo is fitted into it
    cover_clinic: Box
    cover_clinic_pt: float
    cover_clinic_anchor: MSO_ANCHOR
    slide_width: float = SLIDE_W

    def at(self, box: Box) -> Box:
        """``box`` as drawn: mirrored across the slide in a right-to-left deck."""
        if not self.style.rtl:
            return box
        return Box(self.slide_width - box.left - box.width, box.top, box.width, box.height)

    def layout(self, master: Master) -> SlideLayout:
        return self.cover_layout if master is Master.COVER else self.content_layout


def open_design(handout: Handout) -> tuple[PresentationType, Design]:
    """An empty presentation for ``handout``'s deck, and the design to draw it in."""
    clinic = handout.clinic
    asset = clinic.deck_template
    if asset is None:
        style = DeckStyle.of(handout)
        prs = Presentation()
        _widen(prs)
        _brand_theme(prs, style, clinic.colors)
        return prs, Design(
            style=style,
            cover_layout=_named_layout(prs, "Title Slide"),
            content_layout=_named_layout(prs, "Title Only"),
            own_boxes=True,
            title_anchor=MSO_ANCHOR.BOTTOM,
            footer=FOOTER,
            cover_logo=COVER_LOGO,
            cover_clinic=COVER_CLINIC,
            cover_clinic_pt=COVER_CLINIC_PT,
            cover_clinic_anchor=MSO_ANCHOR.BOTTOM,
        )
    prs = open_template(asset)
    layouts = choose_layouts(prs)
    geometry = template_geometry(asset)
    return prs, Design(
        style=DeckStyle.of(handout, inherit=True),
        cover_layout=layouts.cover,
        content_layout=layouts.content,
        own_boxes=False,
        title_anchor=MSO_ANCHOR.MIDDLE,
        footer=geometry.footer,
        cover_logo=geometry.cover_logo,
        cover_clinic=geometry.cover_clinic,
        cover_clinic_pt=FOOTER_PT * 1.5,
        cover_clinic_anchor=MSO_ANCHOR.TOP,
        slide_width=geometry.slide_width,
    )


def _named_layout(prs: PresentationType, name: str) -> SlideLayout:
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    raise RenderError(
        f"the default PowerPoint template has no '{name}' layout.",
        fix="reinstall python-pptx.",
    )


def _brand_theme(prs: PresentationType, style: DeckStyle, colors: Colors) -> None:
    """Theme fonts and colours = the brand's, for anything typed into the deck later."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    scheme = {
        "dk1": style.colors.text,
        "lt1": style.colors.background,
        "dk2": colors.primary,
        "lt2": colors.light,
        "accent1": colors.primary,
        "accent2": colors.secondary,
        "hlink": style.colors.title,
        "folHlink": style.colors.title,
    }
    for name, color in scheme.items():
        slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        if slot is not None:
            for child in list(slot):
                slot.remove(child)
            etree.SubElement(slot, qn("a:srgbClr"), val=color.lstrip("#").upper())
    for tag, lettering in (("a:majorFont", style.heading), ("a:minorFont", style.base)):
        fonts = lettering.defaults
        for slot, name in (("a:latin", fonts.latin), ("a:ea", fonts.east_asian),
                           ("a:cs", fonts.complex)):  # fmt: skip
            element = root.find(f".//{qn(tag)}/{qn(slot)}")
            if element is not None and name is not None:
                element.set("typeface", name)
    theme.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _widen(prs: PresentationType) -> None:
    """Make the default 4:3 template 16:9, stretching its master and layouts to match."""
    scale = Pt(SLIDE_W) / (prs.slide_width or Emu(9144000))  # the template is 10 in wide
    prs.slide_width, prs.slide_height = Pt(SLIDE_W), Pt(SLIDE_H)
    for shapes in (prs.slide_master.shapes, *(layout.shapes for layout in prs.slide_layouts)):
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = (
                    Emu(round(shape.left * scale)),
                    Emu(round(shape.width * scale)),
                )
