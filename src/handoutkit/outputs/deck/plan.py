"""The deck's planners: what goes on the cover, on each section's slides, on the contact slide.

Each planner takes the `DeckContext` and returns its slides; `layouts.SLIDE_LAYOUTS` runs
them in order. A section's blocks become units that `pack` places on as many slides as they
need, continued as "(2 of 3)"; a title that does not fit its box is an error naming the line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import RenderError
from ...language.labels import LABELS, Labels
from ...model import (
    Asset,
    Clinic,
    Figure,
    Handout,
    ListBlock,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from ...read.printed import disclaimer_of
from ..contact import ContactLink, Field, contact_links
from .geometry import (
    BAR_GAP,
    BAR_H,
    BODY_BOTTOM,
    BODY_GAP,
    BODY_LEADING,
    BULLET,
    CONTENT_W,
    COVER_SUBTITLE_PT,
    COVER_TEXT_BOTTOM,
    COVER_TITLE_SIZES,
    COVER_TITLE_TOP,
    GAP,
    INSET_Y,
    ITEM_SPACE,
    PARAGRAPH_SPACE,
    QR_PT,
    TITLE_LEADING,
    TITLE_SIZES,
    TITLE_TOP,
    WIDTH_SAFETY,
    frame_for,
)
from .pack import Packer, Page, PictureUnit, TableUnit, TextUnit, Unit, balanced
from .rasters import qr_png
from .slides import PictureBox, Role, Run, Runs, SlideKind, SlidePlan
from .template import Geometry
from .typeset import Typesetter, deck_fonts, runs_of


@dataclass(frozen=True, slots=True)
class DeckContext:
    """What every planner needs: the handout, its typesetter and the words of its language."""

    handout: Handout
    ts: Typesetter
    labels: Labels

    @classmethod
    def of(cls, handout: Handout) -> DeckContext:
        language, text, chains = deck_fonts(handout)
        ts = Typesetter(handout.clinic, frame_for(handout.clinic), language, text, chains)
        labels = language.labels if language is not None else LABELS["en"]
        return cls(handout, ts, labels)


def plan_cover(deck: DeckContext) -> list[SlidePlan]:
    """The title slide: the document's title and subtitle, fitted to the cover."""
    ts, handout = deck.ts, deck.handout
    meta = handout.document.meta
    template = ts.frame.template
    if template is not None:
        return [_template_title_slide(ts, handout, template)]
    size, lines = ts.title_fit(meta.title, COVER_TITLE_SIZES, 2)
    subtitle_lines = 0
    if meta.subtitle:
        regular = ts.measurer(ts.base, bold=False)
        subtitle_lines = regular.line_count(
            meta.subtitle, COVER_SUBTITLE_PT, CONTENT_W * WIDTH_SAFETY
        )
    bottom = (
        COVER_TITLE_TOP
        + lines * size * TITLE_LEADING
        + 2 * INSET_Y
        + (8.0 + subtitle_lines * COVER_SUBTITLE_PT * BODY_LEADING + 2 * INSET_Y)
    )
    if bottom > COVER_TEXT_BOTTOM:
        raise RenderError(
            "the title and subtitle are too long to fit on the title slide.",
            fix="shorten the 'title' or 'subtitle' field in the front matter.",
            path=handout.document.source,
            where="front matter",
        )
    return [_cover(handout, size, lines, subtitle_lines)]


def _template_title_slide(ts: Typesetter, handout: Handout, template: Geometry) -> SlidePlan:
    """The cover of a clinic's template: title and subtitle must fit its placeholders."""
    meta = handout.document.meta
    box = template.cover_title
    size, lines = ts.title_fit(
        meta.title, COVER_TITLE_SIZES + TITLE_SIZES, 2, width=box.width, height=box.height
    )
    subtitle_lines = 0
    subtitle_fits = True
    if meta.subtitle:
        sub = template.cover_subtitle
        regular = ts.measurer(ts.base, bold=False)
        if sub is None:
            subtitle_fits = True  # no subtitle placeholder: the subtitle is in the notes only
        else:
            subtitle_lines = regular.line_count(
                meta.subtitle, COVER_SUBTITLE_PT, sub.width * WIDTH_SAFETY
            )
            line = COVER_SUBTITLE_PT * BODY_LEADING
            subtitle_fits = subtitle_lines * line + 2 * INSET_Y <= sub.height + 0.01
    if not size or not subtitle_fits:
        raise RenderError(
            "the title or subtitle is too long for the title slide of the clinic's template.",
            fix="shorten the 'title' or 'subtitle' field in the front matter, or give the "
            "template's title slide larger placeholders.",
            path=handout.document.source,
            where="front matter",
        )
    return _cover(handout, size, lines, subtitle_lines)


def _cover(handout: Handout, size: float, lines: int, subtitle_lines: int) -> SlidePlan:
    """The title slide's plan; its notes hold the title, subtitle and the clinic's name."""
    meta = handout.document.meta
    notes = "\n".join(part for part in (meta.title, meta.subtitle, handout.clinic.name) if part)
    return SlidePlan(
        kind=SlideKind.TITLE,
        title=meta.title,
        title_size_pt=size,
        title_lines=lines,
        body=(),
        notes=notes,
        subtitle=meta.subtitle,
        subtitle_lines=subtitle_lines,
    )


def plan_sections(deck: DeckContext) -> list[SlidePlan]:
    """One or more slides for each section of the document, in order."""
    document = deck.handout.document
    slides: list[SlidePlan] = []
    for section in document.sections:
        title = section.title.strip() or document.meta.title
        where = f"line {section.line}"
        with located(document.source, where):
            units = _section_units(deck.ts, section)
            slides += plan_slides(deck.ts, deck.labels, SlideKind.SECTION, title, units, where)
    return slides


def plan_contact(deck: DeckContext) -> list[SlidePlan]:
    """The closing slide: the clinic's contact details, beside a QR code of its booking link."""
    ts, labels, clinic = deck.ts, deck.labels, deck.handout.clinic
    where = "defaults.handoutkit"
    with located(clinic.source, where):
        contact = _contact_units(clinic, labels, disclaimer_of(deck.handout))
        contact += [
            TextUnit(runs_of(paragraph.spans), Role.NOTE, GAP)
            for paragraph in own_tagline(deck.handout)
        ]
        booking = clinic.contact.booking_url
        if not booking:
            return plan_slides(ts, labels, SlideKind.CONTACT, labels.contact, contact, where)
        narrow = ts.narrowed(ts.width - _qr_side(ts) - GAP)
        closing = plan_slides(narrow, labels, SlideKind.CONTACT, labels.contact, contact, where)
        closing[0] = _with_qr(ts, closing[0], booking, labels)
        return closing


def own_tagline(handout: Handout) -> tuple[Paragraph, ...]:
    """The clinic's notice of language assistance in the document's language, if it has one
    (the handout prints every language's; the deck's contact slide points to it)."""
    base = handout.document.language.split("-")[0].casefold()
    for tagline in handout.taglines:
        if tagline.language.split("-")[0].casefold() == base:
            return tagline.paragraphs
    return ()


def _booking_last(link: ContactLink) -> bool:
    return link.field is Field.BOOKING


def _contact_units(clinic: Clinic, labels: Labels, disclaimer: str) -> list[Unit]:
    """The clinic's name and contact lines (booking last, beside its QR code), the disclaimer."""
    links = sorted(contact_links(clinic.contact, labels), key=_booking_last)
    lines: list[Runs] = [(Run(clinic.name, bold=True),)]
    for link in links:
        text = Run(link.text, href=link.href)
        lines.append((Run(labels.labelled(link.label), bold=True), text) if link.label else (text,))
    units: list[Unit] = [
        TextUnit(runs, Role.PARAGRAPH, ITEM_SPACE if i else 0.0) for i, runs in enumerate(lines)
    ]
    units.append(TextUnit((Run(disclaimer, italic=True),), Role.NOTE, 2 * GAP))
    return units


def _section_units(ts: Typesetter, section: Section) -> list[Unit]:
    """A section's blocks as units to place, in order."""
    units: list[Unit] = []
    for block in section.blocks:
        space = PARAGRAPH_SPACE
        if isinstance(block, Paragraph):
            text = block.text.rstrip()
            units.append(
                TextUnit(
                    runs_of(block.spans), Role.PARAGRAPH, space, keep_with_next=text[-1:] == ":"
                )
            )
        elif isinstance(block, Subheading):
            runs = tuple(replace(run, bold=True) for run in runs_of(block.spans))
            units.append(TextUnit(runs, Role.SUBHEADING, space, keep_with_next=True))
        elif isinstance(block, ListBlock):
            markers = [
                f"{block.start + i}." if block.ordered else BULLET for i in range(len(block.items))
            ]
            indent = ts.marker_indent(markers)
            for i, (item, marker) in enumerate(zip(block.items, markers, strict=True)):
                runs = runs_of(item.spans)
                if item.term:
                    runs = (Run(f"{item.term}:", bold=True), Run(" "), *runs)
                units.append(
                    TextUnit(
                        runs,
                        Role.ITEM,
                        space if i == 0 else ITEM_SPACE,
                        marker=marker,
                        indent=indent,
                        note_prefix=f"{marker} ",
                    )
                )
        elif isinstance(block, Table):
            header = tuple(
                tuple(replace(run, bold=True) for run in runs_of(cell)) for cell in block.header
            )
            units.append(TableUnit(header, tuple(tuple(map(runs_of, r)) for r in block.rows)))
        elif isinstance(block, Figure):
            units.append(PictureUnit(block))
    return units


def body_geometry(ts: Typesetter, title_lines: int, title_size: float) -> tuple[float, float]:
    """Top and height of the body under a title of ``title_lines`` lines."""
    template = ts.frame.template
    if template is not None:
        return template.body.top, template.body.height
    title_h = title_lines * title_size * TITLE_LEADING + 2 * INSET_Y
    top = TITLE_TOP + title_h + BAR_GAP + BAR_H + BODY_GAP
    return top, BODY_BOTTOM - top


def plan_slides(
    ts: Typesetter,
    labels: Labels,
    kind: SlideKind,
    title: str,
    units: Sequence[Unit],
    where: str,
) -> list[SlidePlan]:
    """One or more slides for ``units`` under ``title``, continued as "(n of m)"."""
    titles = [title]
    pages: list[Page] = []
    size, lines = TITLE_SIZES[0], 1
    for _ in range(6):
        template = ts.frame.template
        height = template.title.height if template else None
        fits = [ts.title_fit(t, TITLE_SIZES, 2, height=height) for t in titles]
        size, lines = min(s for s, _ in fits), max(n for _, n in fits)
        top, capacity = body_geometry(ts, lines, size)
        if not size or capacity < 3 * ts.body_line:
            raise RenderError(
                f"the heading '{title}' is too long for a slide title.",
                fix="shorten the heading to a few words.",
                where=where,
            )
        pages = balanced(Packer(ts, top, capacity, title, where), units)
        wanted = (
            [title]
            if len(pages) == 1
            else [labels.continued(title, n, len(pages)) for n in range(1, len(pages) + 1)]
        )
        if wanted == titles:
            break
        titles = wanted
    return [
        SlidePlan(
            kind=kind,
            title=slide_title,
            title_size_pt=size,
            title_lines=lines,
            body=page.finish(ts.frame.bottom),
            notes="\n".join([slide_title, *page.notes]),
        )
        for slide_title, page in zip(titles, pages, strict=True)
    ]


def _qr_side(ts: Typesetter) -> float:
    _, height = body_geometry(ts, 1, TITLE_SIZES[0])
    return min(QR_PT, height, ts.width / 3)


def _with_qr(ts: Typesetter, slide: SlidePlan, url: str, labels: Labels) -> SlidePlan:
    alt = f"QR code: {labels.booking}, {url}"
    side = _qr_side(ts)
    top = slide.body[0].top_pt if slide.body else body_geometry(ts, 1, TITLE_SIZES[0])[0]
    qr = PictureBox(
        alt=alt,
        image=Asset("booking-qr.png", "image/png", qr_png(url)),
        top_pt=top,
        width_pt=side,
        height_pt=side,
        left_pt=ts.frame.left + ts.frame.width - side,
    )
    return replace(slide, body=(*slide.body, qr), notes=f"{slide.notes}\n{alt}")


def unique_titles(slides: Sequence[SlidePlan]) -> tuple[SlidePlan, ...]:
    """Number repeated titles ("Risks", "Risks (2)") so every slide's title is its own."""
    seen: dict[str, int] = {}
    unique = []
    for slide in slides:
        count = seen[slide.title] = seen.get(slide.title, 0) + 1
        if count > 1:
            title = f"{slide.title} ({count})"
            notes = slide.notes.replace(slide.title, title, 1)
            slide = replace(slide, title=title, notes=notes)
        unique.append(slide)
    return tuple(unique)


@contextmanager
def located(path: Path, where: str) -> Iterator[None]:
    """Name the file and place of a render error that does not name one yet."""
    try:
        yield
    except RenderError as exc:
        if exc.path is not None:
            raise
        raise RenderError(exc.problem, fix=exc.fix, path=path, where=where) from None
