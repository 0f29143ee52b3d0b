"""The consultation deck as PPTX bytes: each planned slide drawn on its layout, notes attached.

The output is the same on every run for the same handout: fixed core properties, fixed zip
timestamps and attributes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

from pptx.presentation import Presentation as PresentationType

from ...model import Handout
from .design import open_design
from .draw import Canvas
from .layouts import layout_for, plan_deck
from .slides import SlidePlan

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
UNDATED = date(2000, 1, 1)  # a deck of a document neither approved nor reviewed


def render_deck(handout: Handout, plans: Sequence[SlidePlan] | None = None) -> bytes:
    """PPTX bytes of the consultation deck (identical for identical handouts).

    ``plans`` is ``plan_deck(handout)``, when the caller already has it.
    """
    if plans is None:
        plans = plan_deck(handout)
    prs, design = open_design(handout)
    for number, plan in enumerate(plans, start=1):
        layout = layout_for(plan.kind)
        slide = prs.slides.add_slide(design.layout(layout.master))
        layout.draw(Canvas(slide, number, len(plans), design, handout), plan)
        slide.notes_slide.notes_text_frame.text = plan.notes
    _core_properties(prs, handout)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _stable_zip(buffer.getvalue())


def _core_properties(prs: PresentationType, handout: Handout) -> None:
    meta = handout.document.meta
    props = prs.core_properties
    props.title = meta.full_title
    props.subject = meta.subtitle or ""
    props.author = handout.clinic.name
    props.last_modified_by = handout.clinic.name
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = meta.language
    # The approval's or review's date, never the build's: the same inputs, the same bytes.
    day = handout.dated or UNDATED
    when = datetime(day.year, day.month, day.day)
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1


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


__all__ = ["render_deck"]
