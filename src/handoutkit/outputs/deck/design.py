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
from ...model import Clinic, Colors, Handout
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
from .template import Box, choose_layouts, open_template, template_geometry


class Master(Enum):
    """Which of the master's layouts a slide is made from."""

    COVER = "cover"
    CONTENT = "content"


@dataclass(frozen=True, slots=True)
class DeckStyle:
    """The clinic's deck colours and font names, and whether a template's colours apply."""

    colors: DeckColors
    base_font: str
    heading_font: str
    language: str
    inherit: bool = False  # a clinic template: text takes the template's colours

    def ink(self, color: str) -> str | None:
        """``color``, or None where the template's own text colours apply."""
        return None if self.inherit else color

    @classmethod
    def of(cls, clinic: Clinic, language: str, *, inherit: bool = False) -> DeckStyle:
        return cls(
            colors=deck_colors(clinic.colors),
            base_font=clinic.typography.base.name,
            heading_font=clinic.typography.headings.name,
            language=language,
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

    def layout(self, master: Master) -> SlideLayout:
        return self.cover_layout if master is Master.COVER else self.content_layout


def open_design(handout: Handout) -> tuple[PresentationType, Design]:
    """An empty presentation for ``handout``'s deck, and the design to draw it in."""
    clinic = handout.clinic
    language = handout.document.language
    asset = clinic.deck_template
    if asset is None:
        style = DeckStyle.of(clinic, language)
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
        style=DeckStyle.of(clinic, language, inherit=True),
        cover_layout=layouts.cover,
        content_layout=layouts.content,
        own_boxes=False,
        title_anchor=MSO_ANCHOR.MIDDLE,
        footer=geometry.footer,
        cover_logo=geometry.cover_logo,
        cover_clinic=geometry.cover_clinic,
        cover_clinic_pt=FOOTER_PT * 1.5,
        cover_clinic_anchor=MSO_ANCHOR.TOP,
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
    for tag, font in (("a:majorFont", style.heading_font), ("a:minorFont", style.base_font)):
        latin = root.find(f".//{qn(tag)}/{qn('a:latin')}")
        if latin is not None:
            latin.set("typeface", font)
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
