"""python-pptx primitives the drawer builds slides from: runs, paragraphs, text boxes, pictures.

Every text frame wraps, never autofits, and has the insets the planner measured with; every
paragraph sets its indents, so a template's bullet indents never narrow the measured width.
"""

from __future__ import annotations

import io
import re

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from .design import DeckStyle
from .geometry import BAR_H, BODY_LEADING, INSET_Y
from .lettering import Lettering, isolate_ltr
from .template import Box


def rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def set_frame(frame: TextFrame, *, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    """Wrap text, never autofit, and use the insets the planner measured with."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Emu(0)
    frame.margin_top = frame.margin_bottom = Pt(INSET_Y)


def add_run(
    paragraph: _Paragraph,
    text: str,
    *,
    font: Lettering,
    size: float,
    color: str | None,
    style: DeckStyle,
    bold: bool = False,
    italic: bool = False,
    href: str | None = None,
) -> None:
    """``text`` in one style: a run for each face that draws part of it, declaring that face
    in its slot (`lettering`); in a right-to-left deck, left-to-right stretches isolated."""
    if style.rtl:
        text = isolate_ltr(text)
    for piece, fonts, slanted in font.pieces(text, bold=bold, italic=italic):
        run = paragraph.add_run()
        run.text = piece
        run.font.name = fonts.latin
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = slanted
        if color is not None:
            run.font.color.rgb = rgb(color)
        r_pr = run._r.get_or_add_rPr()
        r_pr.set("lang", style.language)
        latin = r_pr.find(qn("a:latin"))
        for slot, name in (("a:cs", fonts.complex), ("a:ea", fonts.east_asian)):
            if name is not None:  # after a:latin, in the schema's order: latin, ea, cs
                latin.addnext(etree.Element(qn(slot), typeface=name))
        if href:
            run.hyperlink.address = href


def set_paragraph(
    paragraph: _Paragraph,
    *,
    line_pt: float,
    space_before: float,
    indent: float = 0.0,
    rtl: bool = False,
    bullet: str | None = None,
    bullet_color: str | None = None,
) -> None:
    """Exact line pitch and spacing, the hanging indent, and the direction: a right-to-left
    paragraph (``rtl="1"``) starts at the right, where its indent goes too. ``bullet``
    ("•", "3." or "3)") is drawn by the renderer in the hanging indent; otherwise the
    caller puts the marker in the text, before a tab."""
    paragraph.line_spacing = Pt(line_pt)
    paragraph.space_before = Pt(space_before)
    paragraph.space_after = Pt(0)
    p_pr = paragraph._p.get_or_add_pPr()
    # No punctuation hanging past the measured width (LibreOffice hangs CJK's 。 by default).
    p_pr.set("hangingPunct", "0")
    if rtl:
        p_pr.set("rtl", "1")
        if paragraph.alignment is None:
            paragraph.alignment = PP_ALIGN.RIGHT
    # Always set, so a template's bullet indents never narrow the measured width.
    p_pr.set("marL", str(Pt(indent)))
    p_pr.set("indent", str(-Pt(indent)))
    if bullet is not None:
        _bullet(p_pr, bullet, bullet_color)
        return
    etree.SubElement(p_pr, qn("a:buNone"))
    if indent:
        tabs = etree.SubElement(p_pr, qn("a:tabLst"))
        etree.SubElement(tabs, qn("a:tab"), pos=str(Pt(indent)), algn="l")


_NUMBER = re.compile(r"(\d+)([.)])")


def _bullet(p_pr: etree._Element, marker: str, color: str | None) -> None:
    """The paragraph's bullet (``a:buChar``) or number (``a:buAutoNum``, from ``marker``'s)."""
    if color is not None:
        etree.SubElement(etree.SubElement(p_pr, qn("a:buClr")), qn("a:srgbClr"),
                         val=color.lstrip("#").upper())  # fmt: skip
    number = _NUMBER.fullmatch(marker)
    if number is None:
        etree.SubElement(p_pr, qn("a:buChar"), char=marker)
        return
    scheme = "arabicPeriod" if number.group(2) == "." else "arabicParenR"
    etree.SubElement(p_pr, qn("a:buAutoNum"), type=scheme, startAt=number.group(1))


def mirrored(align: PP_ALIGN) -> PP_ALIGN:
    """Left for right and right for left."""
    return {PP_ALIGN.LEFT: PP_ALIGN.RIGHT, PP_ALIGN.RIGHT: PP_ALIGN.LEFT}.get(align, align)


def place(shape: Shape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        Pt(box.left),
        Pt(box.top),
        Pt(box.width),
        Pt(box.height),
    )


def text_box(
    slide: Slide,
    name: str,
    box: Box,
    text: str,
    *,
    font: str,
    size: float,
    color: str | None,
    style: DeckStyle,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    """A text box holding one line of ``text`` (``align`` is mirrored right to left)."""
    shape = slide.shapes.add_textbox(Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))
    shape.name = name
    frame = shape.text_frame
    set_frame(frame, anchor=anchor)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = mirrored(align) if style.rtl else align
    set_paragraph(paragraph, line_pt=round(size * BODY_LEADING, 2), space_before=0.0, rtl=style.rtl)
    add_run(paragraph, text, font=font, size=size, color=color, style=style, bold=bold)


def picture(slide: Slide, png: bytes, alt: str, name: str, box: Box) -> None:
    """A picture with its alternative text (``descr``, read by screen readers)."""
    shape = slide.shapes.add_picture(
        io.BytesIO(png), Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)
    )
    shape.name = name
    c_nv_pr = shape._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", alt)
    c_nv_pr.set("title", alt)


def bar(slide: Slide, style: DeckStyle, at: Box) -> None:
    """The accent bar of the default design, at ``at``'s left and top and as wide."""
    shape: Shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Pt(at.left), Pt(at.top), Pt(at.width), Pt(BAR_H)
    )
    shape.name = "Accent bar"
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(style.colors.accent)
    shape.line.fill.background()
    shape.shadow.inherit = False


def background(slide: Slide, style: DeckStyle) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = rgb(style.colors.background)


def placeholder_of(slide: Slide, types: tuple[PP_PLACEHOLDER, ...]) -> Shape | None:
    for shape in slide.placeholders:
        if shape.placeholder_format.type in types:
            return shape
    return None


def remove(shape: Shape) -> None:
    shape._element.getparent().remove(shape._element)


def remove_empty_placeholders(slide: Slide) -> None:
    """Placeholders left empty would show "Click to add text" when the deck is edited."""
    for shape in list(slide.placeholders):
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            remove(shape)
