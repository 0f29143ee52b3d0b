"""Where things go on a slide of the default design, in points (the slide is 13.333 × 7.5 in).

Every measure the planner fits text into and the drawer places shapes at is here, once:
margins, type sizes and leading, the boxes of the cover, the footer. A clinic's own
PowerPoint template replaces the body and title boxes with its placeholders' (`Frame`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Clinic
from .template import Box, Geometry, template_geometry

SLIDE_W = 960.0
SLIDE_H = 540.0
MARGIN_X = 48.0
CONTENT_W = SLIDE_W - 2 * MARGIN_X
TITLE_TOP = 26.0
BAR_GAP = 8.0  # title box to accent bar
BAR_H = 5.0
BAR_W = 96.0
BODY_GAP = 16.0  # accent bar to body
BODY_BOTTOM = 494.0
FOOTER_TOP = 506.0
FOOTER_H = 22.0
INSET_Y = 3.6  # top and bottom inset of every text box
GAP = 14.0  # between a text box, a table and a picture on one slide
WIDTH_SAFETY = 0.92  # measured lines must fit in 92 % of the real width (kerning, renderers)

BODY_PT = 24.0
SUBHEADING_PT = 26.0
TITLE_SIZES = (36.0, 32.0, 28.0)
COVER_TITLE_SIZES = (54.0, 48.0, 44.0, 40.0)
COVER_SUBTITLE_PT = 28.0
COVER_CLINIC_PT = 24.0
FOOTER_PT = 12.0
BODY_LEADING = 1.25  # line pitch / size, unless the font itself needs more
TITLE_LEADING = 1.15
PARAGRAPH_SPACE = 12.0  # before a paragraph, subheading, list or table
ITEM_SPACE = 6.0  # between list items
CELL_MARGIN_X = 7.2
CELL_MARGIN_Y = 3.6
MIN_COLUMN_PT = 72.0  # a table column narrower than an inch holds a few letters a line
MIN_PICTURE_H = 160.0
MAX_PICTURE_H = 330.0
MAX_ITEMS = 6  # list items on one slide, at most: more continue on the next slide
LEAD_OVER_LINES = 4  # a paragraph longer than this shows its first sentences; notes hold all
LEAD_LINES = 3  # as many whole sentences as fit in this many lines (at least one)
QR_PT = 200.0  # side of the booking QR code on the contact slide
COVER_LOGO_TOP = 44.0
COVER_TITLE_TOP = 194.0
COVER_TEXT_BOTTOM = 412.0  # title and subtitle end above the clinic's name
COVER_CLINIC_TOP = 422.0  # room for two lines of the clinic's name above 490 pt
LOGO_H = 110.0
LOGO_MAX_W = 360.0
LOGO_PX = 600
PICTURE_PX = 900

BULLET = "•"

FOOTER = Box(MARGIN_X, FOOTER_TOP, CONTENT_W, FOOTER_H)
COVER_LOGO = Box(MARGIN_X, COVER_LOGO_TOP, LOGO_MAX_W, LOGO_H)  # the logo is fitted into it
COVER_CLINIC = Box(MARGIN_X, COVER_CLINIC_TOP, CONTENT_W, 490.0 - COVER_CLINIC_TOP)


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a deck's body and titles go (points): the default design's, or a template's."""

    left: float
    width: float
    bottom: float
    title_width: float
    template: Geometry | None = None  # a clinic template's fixed title and body boxes


DEFAULT_FRAME = Frame(MARGIN_X, CONTENT_W, BODY_BOTTOM, CONTENT_W)


def frame_for(clinic: Clinic) -> Frame:
    """The default frame, or the boxes of the clinic's own PowerPoint template."""
    if clinic.deck_template is None:
        return DEFAULT_FRAME
    geometry = template_geometry(clinic.deck_template)
    body = geometry.body
    return Frame(body.left, body.width, body.bottom, geometry.title.width, geometry)
