"""The render check against LibreOffice: it passes the demo deck and catches overflowing text."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches, Pt

from handoutkit.model import Handout
from handoutkit.outputs.deck.libreoffice import soffice
from handoutkit.outputs.deck.pptx import render_deck
from handoutkit.outputs.deck.rendercheck import DeckReport, Violation, check_decks

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed"),
]

LINE = "Keep the treated skin clean and out of the sun for at least a week."
BLANK = 6  # layout index of "Blank" in python-pptx's default template
TITLE_AND_CONTENT = 1


def _save(presentation: PresentationType) -> bytes:
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _add_box(shapes, name: str, height_in: float, lines: list[str]) -> None:
    box = shapes.add_textbox(Inches(1), Inches(1), Inches(9), Inches(height_in))
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(18)


def _wide_deck(name: str, height_in: float, lines: list[str]) -> bytes:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    _add_box(
        presentation.slides.add_slide(presentation.slide_layouts[BLANK]).shapes,
        name,
        height_in,
        lines,
    )
    return _save(presentation)


def _four_by_three_deck() -> bytes:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(10), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Aftercare"
    body = slide.placeholders[1].text_frame
    body.auto_size = MSO_AUTO_SIZE.NONE
    for index in range(12):
        paragraph = body.paragraphs[0] if index == 0 else body.add_paragraph()
        paragraph.text = f"Step {index + 1}: {LINE}"
    return _save(presentation)


def _hidden_and_grouped_deck() -> bytes:
    """Slide 1 is hidden (and overflows); slide 2 has an overflowing box inside a group."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    hidden = presentation.slides.add_slide(presentation.slide_layouts[BLANK])
    _add_box(hidden.shapes, "Hidden box", 0.7, [LINE] * 10)
    hidden._element.set("show", "0")
    grouped = presentation.slides.add_slide(presentation.slide_layouts[BLANK])
    _add_box(grouped.shapes.add_group_shape().shapes, "Grouped box", 0.7, [LINE] * 10)
    return _save(presentation)


@pytest.fixture(scope="module")
def demo_deck(demo_handout: Handout) -> bytes:
    return render_deck(demo_handout)


@pytest.fixture(scope="module")
def reports(demo_deck: bytes) -> dict[str, DeckReport]:
    """Every deck of this module, checked in one LibreOffice run."""
    return check_decks(
        {
            "demo.pptx": demo_deck,
            "crowded.pptx": _wide_deck("Crowded box", 0.7, [LINE] * 10),
            "roomy.pptx": _wide_deck("Roomy box", 3.0, [LINE, LINE]),
            "four-by-three.pptx": _four_by_three_deck(),
            "hidden-grouped.pptx": _hidden_and_grouped_deck(),
        }
    )


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(side) for side in page.get_size()) for page in document]
    finally:
        document.close()


def test_demo_deck_draws_no_text_outside_its_boxes(
    reports: dict[str, DeckReport], demo_deck: bytes
) -> None:
    report = reports["demo.pptx"]
    slides = len(Presentation(io.BytesIO(demo_deck)).slides)
    assert report.violations == (), "\n".join(map(str, report.violations))
    assert report.slides == slides
    assert len(_pages(report.pdf)) == slides
    assert report.pages == tuple(range(1, slides + 1))


def test_text_box_too_small_for_its_text_is_reported(reports: dict[str, DeckReport]) -> None:
    report = reports["crowded.pptx"]
    assert report.slides == 1
    assert report.violations, "ten lines in a box for two should stick out"
    violation = report.violations[0]
    assert (violation.slide, violation.shape, violation.side) == (1, "Crowded box", "below")
    assert violation.overflow_pt > 20
    assert "Keep the treated skin" in violation.text
    assert str(violation).startswith("slide 1, shape 'Crowded box': ")


def test_text_box_with_room_for_its_text_passes(reports: dict[str, DeckReport]) -> None:
    report = reports["roomy.pptx"]
    assert report.ok, "\n".join(map(str, report.violations))


def test_four_by_three_placeholder_overflow_is_reported(reports: dict[str, DeckReport]) -> None:
    report = reports["four-by-three.pptx"]
    assert _pages(report.pdf) == [(720, 540)]
    [violation] = report.violations
    assert (violation.slide, violation.shape, violation.side) == (
        1,
        "Content Placeholder 2",
        "below",
    )
    assert violation.overflow_pt > 20


def test_hidden_slides_are_skipped_and_grouped_boxes_checked(
    reports: dict[str, DeckReport],
) -> None:
    report = reports["hidden-grouped.pptx"]
    assert (report.slides, report.pages) == (2, (2,))
    assert [(v.slide, v.shape) for v in report.violations] == [(2, "Grouped box")]
    assert report.slide_png(2, width_px=320).startswith(b"\x89PNG")


def test_violation_reads_as_a_sentence() -> None:
    violation = Violation(4, "Body 2", "risk of infection.", 18.5, "below")
    assert (
        str(violation)
        == "slide 4, shape 'Body 2': 'risk of infection.' drawn 18.5 pt below its box"
    )
