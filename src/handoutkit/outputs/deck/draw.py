"""The one drawer: a planned slide onto a python-pptx slide, in the default design or a template.

Where the two designs differ is data in `Design`: the default design places titles itself
and draws a background and accent bars; a template keeps its placeholders where they are and
its own colours (`DeckStyle.ink` gives None). Everything else (the cover's logo and clinic
name, body text, tables, pictures, the footer) is drawn by the same code for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Pt

from ...model import Handout
from .design import Design
from .geometry import (
    BAR_GAP,
    BAR_W,
    BODY_LEADING,
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    CONTENT_W,
    COVER_SUBTITLE_PT,
    COVER_TITLE_TOP,
    FOOTER_PT,
    INSET_Y,
    MARGIN_X,
    TITLE_TOP,
)
from .rasters import fitted, logo_png, picture_png
from .shapes import (
    add_run,
    background,
    bar,
    picture,
    place,
    placeholder_of,
    remove,
    remove_empty_placeholders,
    rgb,
    set_frame,
    set_paragraph,
    text_box,
)
from .slides import PictureBox, Role, SlidePlan, TableBox, TextBox
from .template import BODY_TYPES, TITLE_TYPES, Box


@dataclass(frozen=True, slots=True)
class Canvas:
    """One slide being drawn: the slide, its number, the deck's design and handout."""

    slide: Slide
    number: int
    total: int
    design: Design
    handout: Handout


def draw_cover(canvas: Canvas, plan: SlidePlan) -> None:
    """The title slide: title, subtitle, logo, accent bar (default design), clinic name."""
    slide, design = canvas.slide, canvas.design
    style, clinic = design.style, canvas.handout.clinic
    if design.own_boxes:
        background(slide, style)
    _title(canvas, plan, COVER_TITLE_TOP)
    title_h = plan.title_lines * plan.title_line_pt + 2 * INSET_Y
    subtitle = placeholder_of(slide, (PP_PLACEHOLDER.SUBTITLE,))
    if subtitle is not None and plan.subtitle:
        line = round(COVER_SUBTITLE_PT * BODY_LEADING, 2)
        if design.own_boxes:
            height = plan.subtitle_lines * line + 2 * INSET_Y
            place(
                subtitle,
                design.at(Box(MARGIN_X, COVER_TITLE_TOP + title_h + 8.0, CONTENT_W, height)),
            )
        frame = subtitle.text_frame
        frame.clear()
        set_frame(frame)
        paragraph = frame.paragraphs[0]
        if design.own_boxes:
            paragraph.alignment = PP_ALIGN.RIGHT if style.rtl else PP_ALIGN.LEFT
        set_paragraph(paragraph, line_pt=line, space_before=0.0, rtl=style.rtl)
        add_run(
            paragraph,
            plan.subtitle,
            font=style.base,
            size=COVER_SUBTITLE_PT,
            color=style.ink(style.colors.text),
            style=style,
        )
    for shape in [s for s in slide.placeholders if _is(s, PP_PLACEHOLDER.PICTURE)]:
        remove(shape)  # a logo is never cropped to a picture placeholder: fitted into its box
    png = logo_png(clinic.logo)
    picture(slide, png, clinic.logo_alt, "Logo", design.at(fitted(png, design.cover_logo)))
    if design.own_boxes:
        bar(slide, style, design.at(Box(MARGIN_X, COVER_TITLE_TOP - 16.0, BAR_W, 0.0)))
    text_box(
        slide,
        "Clinic",
        design.at(design.cover_clinic),
        clinic.name,
        font=style.heading,
        size=design.cover_clinic_pt,
        color=style.ink(style.colors.secondary_text),
        style=style,
        bold=True,
        anchor=design.cover_clinic_anchor,
    )
    remove_empty_placeholders(slide)


def draw_content(canvas: Canvas, plan: SlidePlan) -> None:
    """A section or contact slide: title, body parts in order, footer."""
    slide, design = canvas.slide, canvas.design
    if design.own_boxes:
        background(slide, design.style)
    _title(canvas, plan, TITLE_TOP)
    if design.own_boxes:
        title_h = plan.title_lines * plan.title_line_pt + 2 * INSET_Y
        bar(slide, design.style, design.at(Box(MARGIN_X, TITLE_TOP + title_h + BAR_GAP, BAR_W, 0)))
    body = placeholder_of(slide, BODY_TYPES)  # a template's body placeholder takes the text
    for index, part in enumerate(plan.body, start=1):
        if isinstance(part, TextBox):
            _text(canvas, part, f"Body {index}", placeholder=body)
            body = None  # the placeholder takes the first text box only
        elif isinstance(part, TableBox):
            _table(canvas, part)
        else:
            _picture_part(canvas, part, f"Figure {index}")
    remove_empty_placeholders(slide)
    _footer(canvas)


def _is(shape: Shape, kind: PP_PLACEHOLDER) -> bool:
    return shape.placeholder_format.type == kind


def _title(canvas: Canvas, plan: SlidePlan, top: float) -> None:
    """The slide's title in the layout's title placeholder (placed, in the default design)."""
    design, style = canvas.design, canvas.design.style
    shape = placeholder_of(canvas.slide, TITLE_TYPES)
    if shape is None:  # a template layout without a title: the notes still hold it
        return
    if design.own_boxes:
        height = plan.title_lines * plan.title_line_pt + 2 * INSET_Y
        place(shape, design.at(Box(MARGIN_X, top, CONTENT_W, height)))
    frame = shape.text_frame
    frame.clear()
    set_frame(frame, anchor=design.title_anchor)
    paragraph = frame.paragraphs[0]
    if design.own_boxes:
        paragraph.alignment = PP_ALIGN.RIGHT if style.rtl else PP_ALIGN.LEFT
    set_paragraph(paragraph, line_pt=plan.title_line_pt, space_before=0.0, rtl=style.rtl)
    add_run(
        paragraph,
        plan.title,
        font=style.heading,
        size=plan.title_size_pt,
        color=style.ink(style.colors.title),
        style=style,
        bold=True,
    )


def _text(canvas: Canvas, box: TextBox, name: str, placeholder: Shape | None) -> None:
    """The box's paragraphs, in the layout's body placeholder if given, else in a text box."""
    style = canvas.design.style
    where = canvas.design.at(Box(box.left_pt, box.top_pt, box.width_pt, box.height_pt))
    if placeholder is not None:
        shape = placeholder
        place(shape, where)
    else:
        shape = canvas.slide.shapes.add_textbox(
            Pt(where.left), Pt(where.top), Pt(where.width), Pt(where.height)
        )
    shape.name = name
    frame = shape.text_frame
    frame.clear()
    set_frame(frame)
    for index, para in enumerate(box.paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        # Right to left, the marker is the paragraph's own bullet or number: renderers mirror
        # those into the hanging indent, but ignore a tab stop there.
        bullet = para.marker if style.rtl else None
        set_paragraph(
            paragraph,
            line_pt=para.line_pt,
            space_before=para.space_before_pt,
            indent=para.indent_pt,
            rtl=style.rtl,
            bullet=bullet,
            bullet_color=style.ink(style.colors.title),
        )
        subheading = para.role is Role.SUBHEADING
        color = style.ink(style.colors.title if subheading else style.colors.text)
        if para.marker and bullet is None:
            add_run(
                paragraph,
                f"{para.marker}\t",
                font=style.base,
                size=para.size_pt,
                color=style.ink(style.colors.title),
                style=style,
                bold=True,
            )
        font = style.heading if subheading else style.base
        for run in para.runs:
            add_run(
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


def _table(canvas: Canvas, box: TableBox) -> None:
    style = canvas.design.style
    colors = style.colors
    rows = 1 + len(box.rows)
    cols = len(box.column_widths_pt)
    at = canvas.design.at(Box(box.left_pt, box.top_pt, sum(box.column_widths_pt), box.height_pt))
    frame = canvas.slide.shapes.add_table(
        rows, cols, Pt(at.left), Pt(at.top), Pt(at.width), Pt(at.height)
    )
    frame.name = "Table"
    table = frame.table
    if style.rtl:  # the first column on the right
        frame._element.graphic.graphicData.tbl.tblPr.set("rtl", "1")
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
            banded = colors.band if r % 2 == 0 else colors.background
            cell.fill.fore_color.rgb = rgb(colors.header_fill if header else banded)
            cell.margin_left = cell.margin_right = Pt(CELL_MARGIN_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_MARGIN_Y)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            cell_frame = cell.text_frame
            cell_frame.word_wrap = True
            paragraph = cell_frame.paragraphs[0]
            set_paragraph(paragraph, line_pt=box.line_pt, space_before=0.0, rtl=style.rtl)
            for run in row[c] if c < len(row) else ():
                add_run(
                    paragraph,
                    run.text,
                    font=style.base,
                    size=box.size_pt,
                    color=colors.header_text if header else colors.text,
                    style=style,
                    bold=run.bold or header,
                    italic=run.italic,
                    href=run.href,
                )


def _picture_part(canvas: Canvas, part: PictureBox, name: str) -> None:
    box = canvas.design.at(Box(part.left_pt, part.top_pt, part.width_pt, part.height_pt))
    picture(canvas.slide, picture_png(part.image), part.alt, name, box)


def _footer(canvas: Canvas) -> None:
    """The clinic's name at the start (left, or right in a right-to-left deck), "3 / 12" at
    the end."""
    style, footer = canvas.design.style, canvas.design.footer
    texts = (
        ("Footer clinic", 0.0, 0.7, canvas.handout.clinic.name, PP_ALIGN.LEFT),
        ("Footer number", 0.7, 0.3, f"{canvas.number} / {canvas.total}", PP_ALIGN.RIGHT),
    )
    for name, start, share, text, align in texts:
        box = canvas.design.at(
            Box(footer.left + footer.width * start, footer.top, footer.width * share, footer.height)
        )
        text_box(
            canvas.slide,
            name,
            box,
            text,
            font=style.base,
            size=FOOTER_PT,
            color=style.ink(style.colors.text),
            style=style,
            align=align,
        )
