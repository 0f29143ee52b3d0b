"""Render check: is any slide text drawn outside its shape's box in a real client (LibreOffice)?

Decks are converted to PDF by LibreOffice; pdfium reports where each character
was drawn, and each character is compared with the frame of the shape that owns
it (read with python-pptx). Characters are attributed to shapes by aligning the
page text with the shapes' texts in drawing order (see `_attribute`).
"""

from __future__ import annotations

import difflib
import io
import math
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.slide import Slide, SlideLayout

from ...errors import RenderError
from ..thumbnails import pdf_page_png
from .libreoffice import convert_to_pdf

EMU_PER_PT = 12700
TOLERANCE_PT = 1.5
"""Ink may stick out this far (side bearings, accents) before it counts."""
SHOWN_CHARS = 60
NO_SHAPE = "(no text shape)"
"""The shape named when text is drawn on a slide that has no text-bearing shape."""
_FALSE = ("0", "false")

_Point = tuple[float, float]
_Transform = Callable[[_Point], _Point]


@dataclass(frozen=True, slots=True)
class Violation:
    """Text of one shape drawn outside the shape's box on one slide."""

    slide: int
    shape: str
    text: str
    overflow_pt: float
    side: str = "outside"

    def __str__(self) -> str:
        if self.shape == NO_SHAPE:
            where = "where no shape has text"
        else:
            where = f"{self.overflow_pt:.1f} pt {self.side} its box"
        return f"slide {self.slide}, shape {self.shape!r}: {self.text!r} drawn {where}"


@dataclass(frozen=True, slots=True)
class DeckReport:
    """What the check found in one deck; ``pdf`` is LibreOffice's drawing of it."""

    slides: int
    violations: tuple[Violation, ...]
    pdf: bytes = field(repr=False)
    pages: tuple[int, ...] = ()
    """The slide number (from 1) on each PDF page; hidden slides have no page."""

    @property
    def ok(self) -> bool:
        return not self.violations

    def slide_png(self, slide: int, *, width_px: int = 1280) -> bytes:
        """Slide ``slide`` (from 1) as LibreOffice drew it, as a PNG to look at."""
        if slide not in self.pages:
            raise RenderError(
                f"slide {slide} has no page in the PDF (pages show slides {list(self.pages)}).",
                fix="ask for a slide that is not hidden.",
            )
        return pdf_page_png(self.pdf, self.pages.index(slide), width_px=width_px)


@dataclass(frozen=True, slots=True)
class _Box:
    """A rectangle in points, origin at the slide's top left."""

    left: float
    top: float
    right: float
    bottom: float

    def overflow(self, ink: _Box) -> tuple[float, str]:
        """How far ``ink`` sticks out of this box, and on which side."""
        return max(
            (ink.bottom - self.bottom, "below"),
            (self.top - ink.top, "above"),
            (self.left - ink.left, "left of"),
            (ink.right - self.right, "right of"),
        )

    def distance(self, ink: _Box) -> float:
        return max(self.overflow(ink)[0], 0.0)


@dataclass(frozen=True, slots=True)
class _Owner:
    """A shape that may draw text: its name, frame and (python-pptx) text."""

    name: str
    box: _Box
    text: str


@dataclass(frozen=True, slots=True)
class _Glyph:
    """A drawn, non-blank character: its page index, text and ink box."""

    index: int
    char: str
    box: _Box


def check_decks(
    decks: Mapping[str, bytes],
    *,
    tolerance_pt: float = TOLERANCE_PT,
    fonts: Mapping[str, bytes] | None = None,
) -> dict[str, DeckReport]:
    """Report on each deck (``name.pptx`` → bytes), converting all in one LibreOffice run.

    ``fonts`` (name → bytes) are fonts the decks use that the machine may not have.
    """
    if not decks:
        return {}
    pdfs = convert_to_pdf(decks, fonts=fonts)
    return {
        name: check_pdf(data, pdfs[name], tolerance_pt=tolerance_pt, name=name)
        for name, data in decks.items()
    }


def check_pdf(
    deck: bytes, pdf: bytes, *, tolerance_pt: float = TOLERANCE_PT, name: str = "deck"
) -> DeckReport:
    """Report on ``deck`` given its rendering ``pdf`` (one page per shown slide)."""
    presentation = Presentation(io.BytesIO(deck))
    slide_w = (presentation.slide_width or 0) / EMU_PER_PT
    slide_h = (presentation.slide_height or 0) / EMU_PER_PT
    slides = list(presentation.slides)
    document = pdfium.PdfDocument(pdf)
    try:
        numbers = _page_slides(slides, len(document), name)
        violations: list[Violation] = []
        for page_index, number in enumerate(numbers):
            page = document[page_index]
            try:
                glyphs, text = _glyphs(page, (slide_w, slide_h), f"page {page_index + 1} of {name}")
            finally:
                page.close()
            owners = list(_owners(slides[number - 1]))
            violations += _violations(number, glyphs, text, owners, tolerance_pt)
        return DeckReport(len(slides), tuple(violations), pdf, tuple(numbers))
    finally:
        document.close()


# --- the deck --------------------------------------------------------------------------------


def _page_slides(slides: list[Slide], pages: int, name: str) -> list[int]:
    """The slide number (from 1) drawn on each page: LibreOffice leaves hidden slides out."""
    if pages == len(slides):
        return list(range(1, pages + 1))
    shown = [n for n, slide in enumerate(slides, 1) if slide._element.get("show") not in _FALSE]
    if pages == len(shown):
        return shown
    raise RenderError(
        f"LibreOffice drew {pages} pages for the {len(slides)} slides of {name}.",
        fix="open the deck in LibreOffice Impress to see which slides it cannot draw.",
    )


def _owners(slide: Slide) -> Iterator[_Owner]:
    """Text-bearing shapes in drawing order: master, layout, then the slide's own."""
    layout: SlideLayout = slide.slide_layout
    if slide._element.get("showMasterSp") not in _FALSE:
        if layout._element.get("showMasterSp") not in _FALSE:
            yield from _walk(_unplaced(layout.slide_master.shapes), _identity, " (master)")
        yield from _walk(_unplaced(layout.shapes), _identity, " (layout)")
    yield from _walk(slide.shapes, _identity, "")


def _unplaced(shapes: Iterable[BaseShape]) -> list[BaseShape]:
    """The master's or layout's shapes a slide shows: those that are not placeholders."""
    return [shape for shape in shapes if not shape.is_placeholder]


def _walk(shapes: Iterable[BaseShape], transform: _Transform, suffix: str) -> Iterator[_Owner]:
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _walk(shape.shapes, _group_transform(shape, transform), suffix)
            continue
        text = _shape_text(shape)
        frame = (shape.left, shape.top, shape.width, shape.height)
        if text is None or None in frame:
            continue
        rotation = 0.0 if isinstance(shape, GraphicFrame) else shape.rotation
        points = [transform(point) for point in _corners(*frame, rotation)]
        xs = [x / EMU_PER_PT for x, _ in points]
        ys = [y / EMU_PER_PT for _, y in points]
        yield _Owner(shape.name + suffix, _Box(min(xs), min(ys), max(xs), max(ys)), text)


def _shape_text(shape: BaseShape) -> str | None:
    """The text python-pptx sees in a shape; "" for charts and diagrams; None if no text."""
    if isinstance(shape, GraphicFrame):
        if shape.has_table:
            return "".join(cell.text for row in shape.table.rows for cell in row.cells)
        return ""
    if shape.has_text_frame:
        return shape.text_frame.text  # type: ignore[attr-defined]
    return None


def _corners(x: float, y: float, w: float, h: float, rotation: float) -> list[_Point]:
    """Corners of a frame turned ``rotation`` degrees clockwise about its centre."""
    centre = (x + w / 2, y + h / 2)
    return [
        _turn(corner, centre, rotation)
        for corner in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))
    ]


def _turn(point: _Point, centre: _Point, degrees: float) -> _Point:
    if not degrees:
        return point
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return centre[0] + dx * cos - dy * sin, centre[1] + dx * sin + dy * cos


def _identity(point: _Point) -> _Point:
    return point


def _group_transform(group: GroupShape, outer: _Transform) -> _Transform:
    """Maps a group's child coordinates to its parent's: offset, scale, flips, rotation."""
    xfrm = group._element.grpSpPr.find(qn("a:xfrm"))
    if xfrm is None:
        return outer
    parts = [xfrm.find(qn(f"a:{tag}")) for tag in ("off", "ext", "chOff", "chExt")]
    if any(part is None for part in parts):
        return outer
    (ox, oy), (cx, cy), (kx, ky), (kw, kh) = (
        (int(part.get(x, "0")), int(part.get(y, "0")))
        for part, (x, y) in zip(parts, (("x", "y"), ("cx", "cy")) * 2, strict=True)
    )
    sx, sy = (cx / kw if kw else 1.0), (cy / kh if kh else 1.0)
    centre = (ox + cx / 2, oy + cy / 2)
    flip_h, flip_v = (xfrm.get(flip) in ("1", "true") for flip in ("flipH", "flipV"))
    rotation = int(xfrm.get("rot", "0")) / 60000

    def transform(point: _Point) -> _Point:
        x, y = ox + (point[0] - kx) * sx, oy + (point[1] - ky) * sy
        x, y = (2 * centre[0] - x if flip_h else x), (2 * centre[1] - y if flip_v else y)
        return outer(_turn((x, y), centre, rotation))

    return transform


# --- the page --------------------------------------------------------------------------------


def _glyphs(
    page: pdfium.PdfPage, slide_size: tuple[float, float], where: str
) -> tuple[list[_Glyph], list[str]]:
    """The page's drawn characters (blanks left out) in slide points, and its text char by char."""
    x0, y0, x1, y1 = page.get_cropbox()
    scale_x, scale_y = slide_size[0] / (x1 - x0), slide_size[1] / (y1 - y0)
    if abs(scale_x / scale_y - 1) > 0.01:
        raise RenderError(
            f"{where} is {x1 - x0:.0f}×{y1 - y0:.0f} pt, not the shape of its slide "
            f"({slide_size[0]:.0f}×{slide_size[1]:.0f} pt).",
            fix="convert the deck with LibreOffice's default PDF settings.",
        )
    textpage = page.get_textpage()
    try:
        chars: list[str] = []
        glyphs: list[_Glyph] = []
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
            chars.append(char)
            if pdfium_c.FPDFText_IsGenerated(textpage, index) or not _key(char):
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            if right <= left and top <= bottom:
                continue
            box = _Box(
                (left - x0) * scale_x,
                (y1 - top) * scale_y,
                (right - x0) * scale_x,
                (y1 - bottom) * scale_y,
            )
            glyphs.append(_Glyph(index, char, box))
        return glyphs, chars
    finally:
        textpage.close()


def _key(char: str) -> str:
    """What a character is compared as: no blanks, ligatures split, case folded."""
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):  # Cf: soft hyphen, ZWJ...
        return ""
    return "".join(c for c in unicodedata.normalize("NFKD", char).casefold() if not c.isspace())


def _attribute(glyphs: list[_Glyph], owners: list[_Owner]) -> list[int | None]:
    """The owner (index into ``owners``) of each glyph, or None if it cannot be told.

    LibreOffice draws each shape's text in one piece, in drawing order, so the
    page text is aligned with the shapes' texts joined in that order. A glyph the
    alignment leaves out (a bullet, an automatic number, a hyphen LibreOffice
    added) belongs to the shape of the glyphs either side when they agree.
    """
    page_keys: list[str] = []
    page_refs: list[int] = []
    for position, glyph in enumerate(glyphs):
        for code in _key(glyph.char):
            page_keys.append(code)
            page_refs.append(position)
    shape_keys: list[str] = []
    shape_refs: list[int] = []
    for number, owner in enumerate(owners):
        for code in "".join(_key(char) for char in owner.text):
            shape_keys.append(code)
            shape_refs.append(number)
    matcher = difflib.SequenceMatcher(None, "".join(page_keys), "".join(shape_keys), False)
    found: list[int | None] = [None] * len(glyphs)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            if found[page_refs[a + k]] is None:
                found[page_refs[a + k]] = shape_refs[b + k]
    after: list[int | None] = [None] * len(glyphs)
    following: int | None = None
    for position in reversed(range(len(glyphs))):
        following = found[position] if found[position] is not None else following
        after[position] = following
    owner_of: list[int | None] = []
    previous: int | None = None
    for position, owner in enumerate(found):
        previous = owner if owner is not None else previous
        owner_of.append(
            owner if owner is not None else (previous if previous == after[position] else None)
        )
    return owner_of


def _violations(
    slide: int, glyphs: list[_Glyph], chars: list[str], owners: list[_Owner], tolerance: float
) -> list[Violation]:
    """One violation per shape with glyphs outside its box (each glyph judged once)."""
    outside: dict[int, list[tuple[int, float, str]]] = {}
    for position, (glyph, owner) in enumerate(zip(glyphs, _attribute(glyphs, owners), strict=True)):
        if owner is None:
            # Not attributable: fine anywhere inside a text-bearing shape, else blame the nearest.
            distances = [candidate.box.distance(glyph.box) for candidate in owners]
            if distances and min(distances) <= tolerance:
                continue
            owner = distances.index(min(distances)) if distances else -1
        if owner < 0:
            outside.setdefault(owner, []).append((position, 0.0, "outside"))
            continue
        overflow, side = owners[owner].box.overflow(glyph.box)
        if overflow > tolerance:
            outside.setdefault(owner, []).append((position, overflow, side))
    found: list[Violation] = []
    for owner, hits in sorted(outside.items()):
        _, overflow, side = max(hits, key=lambda hit: hit[1])
        runs: list[list[int]] = []
        for position, _, _ in hits:
            if runs and runs[-1][-1] == position - 1:
                runs[-1].append(position)
            else:
                runs.append([position])
        text = " … ".join(
            " ".join("".join(chars[glyphs[run[0]].index : glyphs[run[-1]].index + 1]).split())
            for run in runs
        )
        name = owners[owner].name if owner >= 0 else NO_SHAPE
        found.append(Violation(slide, name, _shorten(text), round(overflow, 1), side))
    return found


def _shorten(text: str) -> str:
    if len(text) <= SHOWN_CHARS:
        return text
    return text[: SHOWN_CHARS - 1].rstrip() + "…"
