"""The consultation deck as PPTX bytes, drawn from `deckplan.plan_deck` with python-pptx.

The output is the same on every run for the same handout: fixed core
properties, fixed zip timestamps.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from ...errors import RenderError
from ...model import (
    Clinic,
    Colors,
    Handout,
)
from ..colors import contrast, readable
from ..images import pixel_size, raster_logo
from .plan import (
    BAR_GAP,
    BAR_H,
    BAR_W,
    BODY_LEADING,
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    CONTENT_W,
    COVER_CLINIC_PT,
    COVER_CLINIC_TOP,
    COVER_LOGO_TOP,
    COVER_SUBTITLE_PT,
    COVER_TITLE_TOP,
    FOOTER_H,
    FOOTER_PT,
    FOOTER_TOP,
    INSET_Y,
    LOGO_H,
    LOGO_MAX_W,
    LOGO_PX,
    MARGIN_X,
    SLIDE_H,
    SLIDE_W,
    TITLE_LEADING,
    TITLE_TOP,
    Role,
    SlideKind,
    SlidePlan,
    TableBox,
    TextBox,
    picture_png,
    plan_deck,
)
from .template import (
    BODY_TYPES,
    TITLE_TYPES,
    Box,
    Geometry,
    choose_layouts,
    open_template,
    template_geometry,
)

# --- drawing -------------------------------------------------------------------------------

FOOTER = Box(MARGIN_X, FOOTER_TOP, CONTENT_W, FOOTER_H)


@dataclass(frozen=True, slots=True)
class _Style:
    """The clinic's colours, checked for contrast, and its font names."""

    background: str
    text: str
    title: str
    accent: str
    secondary_text: str
    header_fill: str
    header_text: str
    band: str
    base_font: str
    heading_font: str
    language: str
    inherit: bool = False  # a clinic template: text takes the template's colours

    def ink(self, color: str) -> str | None:
        """``color``, or None where the template's own text colours apply."""
        return None if self.inherit else color

    @classmethod
    def of(cls, clinic: Clinic, language: str) -> _Style:
        c: Colors = clinic.colors
        text = readable(c.background, c.foreground, minimum=4.5)
        return cls(
            background=c.background,
            text=text,
            title=readable(c.background, c.primary, text, minimum=3.0),
            accent=readable(c.background, c.secondary, c.primary, text, minimum=1.5),
            secondary_text=readable(c.background, c.secondary, c.primary, text, minimum=4.5),
            header_fill=c.primary,
            header_text=readable(c.primary, c.background, "#ffffff", c.foreground, minimum=4.5),
            band=c.light if contrast(text, c.light) >= 4.5 else c.background,
            base_font=clinic.typography.base.name,
            heading_font=clinic.typography.headings.name,
            language=language,
        )


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _layout(prs: PresentationType, name: str) -> SlideLayout:
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    raise RenderError(
        f"the default PowerPoint template has no '{name}' layout.",
        fix="reinstall python-pptx.",
    )


def _frame(frame: TextFrame, *, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    """Wrap text, never autofit, and use the insets the planner measured with."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Emu(0)
    frame.margin_top = frame.margin_bottom = Pt(INSET_Y)


def _add_run(
    paragraph: _Paragraph,
    text: str,
    *,
    font: str,
    size: float,
    color: str | None,
    style: _Style,
    bold: bool = False,
    italic: bool = False,
    href: str | None = None,
) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if color is not None:
        run.font.color.rgb = _rgb(color)
    run._r.get_or_add_rPr().set("lang", style.language)
    if href:
        run.hyperlink.address = href


def _set_paragraph(
    paragraph: _Paragraph, *, line_pt: float, space_before: float, indent: float = 0.0
) -> None:
    paragraph.line_spacing = Pt(line_pt)
    paragraph.space_before = Pt(space_before)
    paragraph.space_after = Pt(0)
    p_pr = paragraph._p.get_or_add_pPr()
    # Always set, so a template's bullet indents never narrow the measured width.
    p_pr.set("marL", str(Pt(indent)))
    p_pr.set("indent", str(-Pt(indent)))
    etree.SubElement(p_pr, qn("a:buNone"))
    if indent:
        tabs = etree.SubElement(p_pr, qn("a:tabLst"))
        etree.SubElement(tabs, qn("a:tab"), pos=str(Pt(indent)), algn="l")


def _title(slide: Slide, plan: SlidePlan, style: _Style, top: float, *, size: float) -> None:
    shape = slide.shapes.title
    if shape is None:  # the layouts used always have one
        raise RenderError("the slide layout has no title.", fix="reinstall python-pptx.")
    line = size * TITLE_LEADING
    height = plan.title_lines * line + 2 * INSET_Y
    shape.left, shape.top, shape.width, shape.height = (
        Pt(MARGIN_X),
        Pt(top),
        Pt(CONTENT_W),
        Pt(height),
    )
    frame = shape.text_frame
    frame.clear()
    _frame(frame, anchor=MSO_ANCHOR.BOTTOM)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _set_paragraph(paragraph, line_pt=line, space_before=0.0)
    _add_run(
        paragraph,
        plan.title,
        font=style.heading_font,
        size=size,
        color=style.title,
        style=style,
        bold=True,
    )


def _bar(slide: Slide, style: _Style, left: float, top: float, width: float) -> None:
    bar: Shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(width), Pt(BAR_H)
    )
    bar.name = "Accent bar"
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(style.accent)
    bar.line.fill.background()
    bar.shadow.inherit = False


def _text_box(
    slide: Slide,
    name: str,
    box: tuple[float, float, float, float],
    text: str,
    *,
    font: str,
    size: float,
    color: str | None,
    style: _Style,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height))
    shape.name = name
    frame = shape.text_frame
    _frame(frame, anchor=anchor)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    _set_paragraph(paragraph, line_pt=round(size * BODY_LEADING, 2), space_before=0.0)
    _add_run(paragraph, text, font=font, size=size, color=color, style=style, bold=bold)


def _background(slide: Slide, style: _Style) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(style.background)


def _picture(
    slide: Slide, png: bytes, alt: str, name: str, box: tuple[float, float, float, float]
) -> None:
    left, top, width, height = box
    picture = slide.shapes.add_picture(io.BytesIO(png), Pt(left), Pt(top), Pt(width), Pt(height))
    picture.name = name
    c_nv_pr = picture._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", alt)
    c_nv_pr.set("title", alt)


def _draw_cover(slide: Slide, plan: SlidePlan, handout: Handout, style: _Style) -> None:
    clinic = handout.clinic
    png = raster_logo(clinic.logo, LOGO_PX)
    width_px, height_px = pixel_size(png)
    aspect = width_px / height_px if height_px else 1.0
    logo_h = min(LOGO_H, LOGO_MAX_W / aspect)
    logo_box = (MARGIN_X, COVER_LOGO_TOP, logo_h * aspect, logo_h)
    _picture(slide, png, clinic.logo_alt, "Logo", logo_box)
    title_top = COVER_TITLE_TOP
    _bar(slide, style, MARGIN_X, title_top - 16.0, BAR_W)
    _title(slide, plan, style, title_top, size=plan.title_size_pt)
    title_h = plan.title_lines * plan.title_line_pt + 2 * INSET_Y
    subtitle = next((ph for ph in slide.placeholders if ph.placeholder_format.idx == 1), None)
    if subtitle is not None:
        if plan.subtitle:
            line = round(COVER_SUBTITLE_PT * BODY_LEADING, 2)
            subtitle.left, subtitle.top = Pt(MARGIN_X), Pt(title_top + title_h + 8.0)
            subtitle.width = Pt(CONTENT_W)
            subtitle.height = Pt(plan.subtitle_lines * line + 2 * INSET_Y)
            frame = subtitle.text_frame
            frame.clear()
            _frame(frame)
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            _set_paragraph(paragraph, line_pt=line, space_before=0.0)
            _add_run(
                paragraph,
                plan.subtitle,
                font=style.base_font,
                size=COVER_SUBTITLE_PT,
                color=style.text,
                style=style,
            )
        else:
            subtitle._element.getparent().remove(subtitle._element)
    _text_box(
        slide,
        "Clinic",
        (MARGIN_X, COVER_CLINIC_TOP, CONTENT_W, 490.0 - COVER_CLINIC_TOP),
        clinic.name,
        font=style.heading_font,
        size=COVER_CLINIC_PT,
        color=style.secondary_text,
        style=style,
        bold=True,
        anchor=MSO_ANCHOR.BOTTOM,
    )


def _draw_text(
    slide: Slide, box: TextBox, style: _Style, name: str, placeholder: Shape | None = None
) -> None:
    """The box's paragraphs, in the layout's body placeholder if given, else in a text box."""
    box_pt = (Pt(box.left_pt), Pt(box.top_pt), Pt(box.width_pt), Pt(box.height_pt))
    if placeholder is not None:
        shape = placeholder
        shape.left, shape.top, shape.width, shape.height = box_pt
    else:
        shape = slide.shapes.add_textbox(*box_pt)
    shape.name = name
    frame = shape.text_frame
    frame.clear()
    _frame(frame)
    for index, para in enumerate(box.paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        _set_paragraph(
            paragraph,
            line_pt=para.line_pt,
            space_before=para.space_before_pt,
            indent=para.indent_pt,
        )
        color = style.ink(style.title if para.role is Role.SUBHEADING else style.text)
        if para.marker:
            _add_run(
                paragraph,
                f"{para.marker}\t",
                font=style.base_font,
                size=para.size_pt,
                color=style.ink(style.title),
                style=style,
                bold=True,
            )
        font = style.heading_font if para.role is Role.SUBHEADING else style.base_font
        for run in para.runs:
            _add_run(
                paragraph,
                run.text,
                font=font,
                size=para.size_pt,
                color=color,
                style=style,
                bold=run.bold,
                italic=run.italic or para.role is Role.NOTE,
                href=run.href,
            )


def _draw_table(slide: Slide, box: TableBox, style: _Style) -> None:
    rows = 1 + len(box.rows)
    cols = len(box.column_widths_pt)
    frame = slide.shapes.add_table(
        rows,
        cols,
        Pt(box.left_pt),
        Pt(box.top_pt),
        Pt(sum(box.column_widths_pt)),
        Pt(box.height_pt),
    )
    frame.name = "Table"
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for c, width in enumerate(box.column_widths_pt):
        table.columns[c].width = Pt(width)
    for r, height in enumerate(box.row_heights_pt):
        table.rows[r].height = Pt(height)
    for r, row in enumerate((box.header, *box.rows)):
        header = r == 0
        for c in range(cols):
            cell = table.cell(r, c)
            cell.fill.solid()
            fill = style.header_fill if header else (style.band if r % 2 == 0 else style.background)
            cell.fill.fore_color.rgb = _rgb(fill)
            cell.margin_left = cell.margin_right = Pt(CELL_MARGIN_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_MARGIN_Y)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            frame_ = cell.text_frame
            frame_.word_wrap = True
            paragraph = frame_.paragraphs[0]
            _set_paragraph(paragraph, line_pt=box.line_pt, space_before=0.0)
            for run in row[c] if c < len(row) else ():
                _add_run(
                    paragraph,
                    run.text,
                    font=style.base_font,
                    size=box.size_pt,
                    color=style.header_text if header else style.text,
                    style=style,
                    bold=run.bold or header,
                    italic=run.italic,
                    href=run.href,
                )


def _draw_footer(
    slide: Slide, number: int, total: int, clinic: Clinic, style: _Style, footer: Box = FOOTER
) -> None:
    _text_box(
        slide,
        "Footer clinic",
        (footer.left, footer.top, footer.width * 0.7, footer.height),
        clinic.name,
        font=style.base_font,
        size=FOOTER_PT,
        color=style.ink(style.text),
        style=style,
    )
    _text_box(
        slide,
        "Footer number",
        (footer.left + footer.width * 0.7, footer.top, footer.width * 0.3, footer.height),
        f"{number} / {total}",
        font=style.base_font,
        size=FOOTER_PT,
        color=style.ink(style.text),
        style=style,
        align=PP_ALIGN.RIGHT,
    )


def _draw_content(
    slide: Slide, plan: SlidePlan, style: _Style, number: int, total: int, clinic: Clinic
) -> None:
    _title(slide, plan, style, TITLE_TOP, size=plan.title_size_pt)
    title_h = plan.title_lines * plan.title_line_pt + 2 * INSET_Y
    _bar(slide, style, MARGIN_X, TITLE_TOP + title_h + BAR_GAP, BAR_W)
    for index, part in enumerate(plan.body, start=1):
        if isinstance(part, TextBox):
            _draw_text(slide, part, style, f"Body {index}")
        elif isinstance(part, TableBox):
            _draw_table(slide, part, style)
        else:
            _picture(
                slide,
                picture_png(part.image),
                part.alt,
                f"Figure {index}",
                (part.left_pt, part.top_pt, part.width_pt, part.height_pt),
            )
    _draw_footer(slide, number, total, clinic, style)


def _brand_theme(prs: PresentationType, style: _Style, colors: Colors) -> None:
    """Theme fonts and colours = the brand's, for anything typed into the deck later."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    scheme = {
        "dk1": style.text,
        "lt1": style.background,
        "dk2": colors.primary,
        "lt2": colors.light,
        "accent1": colors.primary,
        "accent2": colors.secondary,
        "hlink": style.title,
        "folHlink": style.title,
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


def _core_properties(prs: PresentationType, handout: Handout) -> None:
    meta = handout.document.meta
    when = datetime(meta.reviewed.year, meta.reviewed.month, meta.reviewed.day)
    props = prs.core_properties
    props.title = f"{meta.title}: {meta.subtitle}" if meta.subtitle else meta.title
    props.subject = meta.subtitle or ""
    props.author = handout.clinic.name
    props.last_modified_by = handout.clinic.name
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = meta.language
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1


FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and attributes, entries in written order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()


def render_deck(handout: Handout, plans: Sequence[SlidePlan] | None = None) -> bytes:
    """PPTX bytes of the consultation deck (identical for identical handouts).

    ``plans`` is ``plan_deck(handout)``, when the caller already has it.
    """
    if plans is None:
        plans = plan_deck(handout)
    clinic = handout.clinic
    style = _Style.of(clinic, handout.document.language)
    if clinic.deck_template is not None:
        prs = _template_deck(handout, plans, replace(style, inherit=True))
        _core_properties(prs, handout)
        buffer = io.BytesIO()
        prs.save(buffer)
        return _stable_zip(buffer.getvalue())
    prs = Presentation()
    _widen(prs)
    _brand_theme(prs, style, clinic.colors)
    cover_layout = _layout(prs, "Title Slide")
    content_layout = _layout(prs, "Title Only")
    total = len(plans)
    for number, plan in enumerate(plans, start=1):
        layout = cover_layout if plan.kind is SlideKind.TITLE else content_layout
        slide = prs.slides.add_slide(layout)
        _background(slide, style)
        if plan.kind is SlideKind.TITLE:
            _draw_cover(slide, plan, handout, style)
        else:
            _draw_content(slide, plan, style, number, total, clinic)
        slide.notes_slide.notes_text_frame.text = plan.notes
    _core_properties(prs, handout)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _stable_zip(buffer.getvalue())


# --- a clinic's own template ------------------------------------------------------------


def _placeholder_of(slide: Slide, types: tuple[PP_PLACEHOLDER, ...]) -> Shape | None:
    for shape in slide.placeholders:
        if shape.placeholder_format.type in types:
            return shape
    return None


def _remove(shape: Shape) -> None:
    shape._element.getparent().remove(shape._element)


def _fill_title(shape: Shape, text: str, size: float, line: float, style: _Style) -> None:
    """Title text in the template's own title placeholder, where the template put it."""
    frame = shape.text_frame
    frame.clear()
    _frame(frame, anchor=MSO_ANCHOR.MIDDLE)
    paragraph = frame.paragraphs[0]
    _set_paragraph(paragraph, line_pt=line, space_before=0.0)
    _add_run(
        paragraph, text, font=style.heading_font, size=size, color=None, style=style, bold=True
    )


def _fitted(png: bytes, box: Box) -> tuple[float, float, float, float]:
    """``png`` scaled into ``box`` keeping its proportions, at the box's top left."""
    width_px, height_px = pixel_size(png)
    aspect = width_px / height_px if height_px else 1.0
    height = min(box.height, box.width / aspect)
    return (box.left, box.top, height * aspect, height)


def _template_cover(
    slide: Slide, plan: SlidePlan, handout: Handout, style: _Style, geometry: Geometry
) -> None:
    title = _placeholder_of(slide, TITLE_TYPES)
    if title is not None:
        _fill_title(title, plan.title, plan.title_size_pt, plan.title_line_pt, style)
    subtitle = _placeholder_of(slide, (PP_PLACEHOLDER.SUBTITLE,))
    if subtitle is not None:
        if plan.subtitle:
            frame = subtitle.text_frame
            frame.clear()
            _frame(frame)
            paragraph = frame.paragraphs[0]
            line = round(COVER_SUBTITLE_PT * BODY_LEADING, 2)
            _set_paragraph(paragraph, line_pt=line, space_before=0.0)
            _add_run(
                paragraph,
                plan.subtitle,
                font=style.base_font,
                size=COVER_SUBTITLE_PT,
                color=None,
                style=style,
            )
        else:
            _remove(subtitle)
    png = raster_logo(handout.clinic.logo, LOGO_PX)
    picture = _placeholder_of(slide, (PP_PLACEHOLDER.PICTURE,))
    logo_box = geometry.cover_logo
    if picture is not None:
        _remove(picture)  # a logo is never cropped to the placeholder: fitted into its box
    _picture(slide, png, handout.clinic.logo_alt, "Logo", _fitted(png, logo_box))
    clinic = geometry.cover_clinic
    _text_box(
        slide,
        "Clinic",
        (clinic.left, clinic.top, clinic.width, clinic.height),
        handout.clinic.name,
        font=style.heading_font,
        size=FOOTER_PT * 1.5,
        color=None,
        style=style,
        bold=True,
    )
    for shape in list(slide.placeholders):
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            _remove(shape)  # empty placeholders would show "Click to add text" when edited


def _template_content(
    slide: Slide,
    plan: SlidePlan,
    style: _Style,
    number: int,
    total: int,
    clinic: Clinic,
    geometry: Geometry,
) -> None:
    title = _placeholder_of(slide, TITLE_TYPES)
    if title is not None:
        _fill_title(title, plan.title, plan.title_size_pt, plan.title_line_pt, style)
    body = _placeholder_of(slide, BODY_TYPES)
    for index, part in enumerate(plan.body, start=1):
        if isinstance(part, TextBox):
            _draw_text(slide, part, style, f"Body {index}", placeholder=body)
            body = None  # the placeholder takes the first text box only
        elif isinstance(part, TableBox):
            _draw_table(slide, part, style)
        else:
            _picture(
                slide,
                picture_png(part.image),
                part.alt,
                f"Figure {index}",
                (part.left_pt, part.top_pt, part.width_pt, part.height_pt),
            )
    for shape in list(slide.placeholders):
        if shape.placeholder_format.type not in TITLE_TYPES and not (
            shape.has_text_frame and shape.text_frame.text.strip()
        ):
            _remove(shape)
    _draw_footer(slide, number, total, clinic, style, geometry.footer)


def _template_deck(handout: Handout, plans: Sequence[SlidePlan], style: _Style) -> PresentationType:
    """The deck on the clinic's template: its size, master and layouts, placeholders filled."""
    asset = handout.clinic.deck_template
    assert asset is not None
    prs = open_template(asset)
    layouts = choose_layouts(prs)
    geometry = template_geometry(asset)
    total = len(plans)
    for number, plan in enumerate(plans, start=1):
        if plan.kind is SlideKind.TITLE:
            slide = prs.slides.add_slide(layouts.cover)
            _template_cover(slide, plan, handout, style, geometry)
        else:
            slide = prs.slides.add_slide(layouts.content)
            _template_content(slide, plan, style, number, total, handout.clinic, geometry)
        slide.notes_slide.notes_text_frame.text = plan.notes
    return prs


__all__ = ["render_deck"]
