"""The PowerPoint template a deck is drawn on, and where its text goes.

A clinic may name its corporate template (``.pptx`` or ``.potx``) in its
brand file (``defaults: handoutkit: pptx_template:``). The deck then uses
that template's slide size, master and layouts: layouts are chosen by the
placeholders they hold (a title with a subtitle for the cover, a title with
a body for the content slides), never by name, so "Title and Content",
"Inhalt" and "Corporate Content" all work. Without a template, the deck is
drawn on python-pptx's default template widened to 16:9 and recoloured with
the brand (see `design`). `Geometry` tells the planner the boxes it
must fit text into, in points.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout
from pptx.util import Emu

from ...errors import RenderError
from ...model import Asset

_TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on the slide, in points."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True, slots=True)
class Layouts:
    """The layouts a deck uses, found by their placeholders."""

    cover: SlideLayout
    content: SlideLayout


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where a template puts titles, bodies and footers (points)."""

    slide_width: float
    slide_height: float
    title: Box
    body: Box
    cover_title: Box
    cover_subtitle: Box | None
    cover_logo: Box
    cover_clinic: Box
    footer: Box


def _placeholder(layout: SlideLayout, types: tuple[PP_PLACEHOLDER, ...]) -> object | None:
    for shape in layout.placeholders:
        if shape.placeholder_format.type in types:
            return shape
    return None


def placeholder_box(shape: object) -> Box:
    """A placeholder's box, inherited from the master where the layout does not set it."""
    left, top, width, height = (
        shape.left,  # type: ignore[attr-defined]
        shape.top,  # type: ignore[attr-defined]
        shape.width,  # type: ignore[attr-defined]
        shape.height,  # type: ignore[attr-defined]
    )
    return Box(Emu(left).pt, Emu(top).pt, Emu(width).pt, Emu(height).pt)


def choose_layouts(prs: PresentationType) -> Layouts:
    """The cover and content layouts of a template, by placeholder type."""
    layouts = list(prs.slide_layouts)
    if not layouts:
        raise RenderError(
            "the PowerPoint template has no slide layouts.",
            fix="save the template from PowerPoint's Slide Master view with its layouts.",
        )

    def kinds(layout: SlideLayout) -> set[PP_PLACEHOLDER]:
        return {shape.placeholder_format.type for shape in layout.placeholders}

    titled = [layout for layout in layouts if kinds(layout) & set(TITLE_TYPES)]
    if not titled:
        raise RenderError(
            "the PowerPoint template has no layout with a title placeholder, so slides "
            "would have no titles (screen readers and the slide list need them).",
            fix="add a 'Title and Content' layout to the template in PowerPoint's Slide Master "
            "view, or remove pptx_template from the brand file to use the default design.",
        )
    # A title with a body; failing that, a title alone (the body then goes in a text box).
    content = next((lay for lay in titled if kinds(lay) & set(BODY_TYPES)), None)
    if content is None:
        content = min(titled, key=lambda lay: len(kinds(lay)))
    cover = next(
        (
            lay
            for lay in titled
            if PP_PLACEHOLDER.SUBTITLE in kinds(lay) or PP_PLACEHOLDER.CENTER_TITLE in kinds(lay)
        ),
        content,
    )
    return Layouts(cover=cover, content=content)


def open_template(asset: Asset) -> PresentationType:
    """The template as a presentation with no slides (``.potx`` read as ``.pptx``)."""
    data = asset.data
    try:
        if asset.name.lower().endswith(".potx"):
            data = _as_presentation(data)
        prs = Presentation(io.BytesIO(data))
    except RenderError:
        raise
    except Exception as exc:  # python-pptx raises many kinds for a broken file
        raise RenderError(
            f"the PowerPoint template could not be opened ({type(exc).__name__}: {exc}).",
            fix="open it in PowerPoint and save it again as .pptx or .potx.",
            path=asset.name,
        ) from None
    _remove_slides(prs)
    return prs


def _as_presentation(data: bytes) -> bytes:
    """A .potx's bytes with its main part declared as a presentation, which python-pptx opens."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(_TEMPLATE_MAIN, _PRESENTATION_MAIN)
            target.writestr(info, content)
    return out.getvalue()


def _remove_slides(prs: PresentationType) -> None:
    """Drop the sample slides a corporate template often carries."""
    slide_ids = prs.slides._sldIdLst  # python-pptx has no public way to delete a slide
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


@lru_cache(maxsize=16)
def template_geometry(asset: Asset) -> Geometry:
    """The boxes of a clinic's template, for the planner."""
    prs = open_template(asset)
    try:
        layouts = choose_layouts(prs)
    except RenderError as error:
        raise RenderError(error.problem, fix=error.fix, path=asset.name) from None
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    title = placeholder_box(_placeholder(layouts.content, TITLE_TYPES))
    body_placeholder = _placeholder(layouts.content, BODY_TYPES)
    if body_placeholder is not None:
        body = placeholder_box(body_placeholder)
    else:  # a title-only layout: the body fills the space under the title
        top = title.bottom + 12.0
        body = Box(title.left, top, title.width, height * 0.88 - top)
    cover_title = placeholder_box(_placeholder(layouts.cover, TITLE_TYPES))
    subtitle = _placeholder(layouts.cover, (PP_PLACEHOLDER.SUBTITLE,))
    cover_subtitle = placeholder_box(subtitle) if subtitle is not None else None
    picture = _placeholder(layouts.cover, (PP_PLACEHOLDER.PICTURE,))
    margin = max(body.left, 18.0)
    if picture is not None:
        logo = placeholder_box(picture)
    else:
        room = max(cover_title.top - 2 * margin, 36.0)
        logo = Box(margin, margin, width / 3, min(room, height / 5))
    below = (cover_subtitle or cover_title).bottom
    clinic_h = max(min(height - below - 12.0, 40.0), 20.0)
    clinic = Box(margin, below + 6.0, width - 2 * margin, clinic_h)
    footer_top = body.bottom + 4.0
    footer = Box(margin, footer_top, width - 2 * margin, max(min(height - footer_top, 24.0), 12.0))
    return Geometry(
        slide_width=width,
        slide_height=height,
        title=title,
        body=body,
        cover_title=cover_title,
        cover_subtitle=cover_subtitle,
        cover_logo=logo,
        cover_clinic=clinic,
        footer=footer,
    )
