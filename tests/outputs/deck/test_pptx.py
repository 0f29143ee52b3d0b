"""The consultation deck, read back with python-pptx: every word there, nothing cut or shrunk."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from handoutkit.errors import RenderError
from handoutkit.language.sentences import sentence_bounds
from handoutkit.model import Handout, ListBlock, Paragraph, Table
from handoutkit.outputs.deck.layouts import plan_deck
from handoutkit.outputs.deck.pptx import render_deck
from handoutkit.outputs.deck.slides import SlideKind
from handoutkit.outputs.measure import TextMeasurer
from handoutkit.read.brand import read_clinic
from handoutkit.read.content import parse_document, read_document

from ...conftest import DEMO_CONTENT, FIXTURE_CONTENT

CLINIC = DEMO_CONTENT / "clinics" / "larkspur-skin"

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">'
    '<rect width="240" height="120" fill="#0F5C6E"/><circle cx="60" cy="60" r="40" '
    'fill="#F4C95D"/></svg>'
)

LONG_PARAGRAPH = " ".join(
    f"Sentence {n} of the overview explains one more thing a patient may want to know "
    f"before a chemical peel, in words long enough to wrap."
    for n in range(1, 31)
)

TABLE_ROWS = "".join(
    f"| Level {n} | About {n} days of peeling and redness | {n} to {n + 2} |\n"
    for n in range(1, 17)
)
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
TIPS = (
    "".join(
        f"- **Tip {n}:** Aftercare tip number {n} is written out at length so that it wraps "
        "onto a second line on the slide.\n"
        for n in range(1, 13)
    )
    + f"- A tip without a term and with a {LONG_WORD} word too long for one line.\n"
)

LONG_DOCUMENT = f"""---
title: Chemical Peel
subtitle: Everything a long consultation covers, with a subtitle long enough to take two lines
language: en
reviewed: 2026-10-15
reviewed_by: Test Fixture Author
---

## Overview

{LONG_PARAGRAPH}

## A Heading That Is Deliberately Long Enough To Need Two Lines In Every Slide Title Here

### Two weeks before

Plan these steps with your practitioner:

7. **Stop exfoliants:** Pause scrubs and *exfoliating acids* as your practitioner advises.
8. **Plan your time:** Keep the week after the visit free of outdoor events.
9. **Read more:** See [the clinic's page](https://example.com/peel) for the full guide.
10. **Arrange a lift home:** Some patients prefer not to drive straight after a deeper peel.

### On the day

Arrive with clean skin and without make-up. Bring a wide-brimmed hat; the sun matters.

## Peel Depths Compared

| Depth | Typical downtime | Sessions |
|-------|------------------|----------|
{TABLE_ROWS}## What the Skin Looks Like

The diagram shows which layers each depth reaches:

![Diagram of the skin layers that superficial, medium and deep peels reach](images/layers.svg)

## Aftercare

{TIPS}"""

OTHER_HEADINGS = """---
title: Chemical Peel
language: en
reviewed: 2026-10-15
reviewed_by: Test Fixture Author
---

## Is It Right for Me?

Peels suit most skin types. Your practitioner checks your skin first.

## Costs

| Area | Price |
|------|-------|
| Face | From $150 |
"""


def _handout(root: Path, text: str) -> Handout:
    path = root / "procedures" / "chemical-peel" / "en.md"
    images = path.parent / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "layers.svg").write_text(LOGO_SVG, encoding="utf-8")
    document, _ = parse_document(text, path=path, content_root=root)
    clinic, _ = read_clinic(CLINIC)
    return Handout(document, clinic)


@pytest.fixture(scope="module")
def demo() -> Handout:
    document, _ = read_document(
        DEMO_CONTENT / "procedures" / "microneedling" / "en.md", content_root=DEMO_CONTENT
    )
    clinic, _ = read_clinic(CLINIC)
    return Handout(document, clinic)


@pytest.fixture(scope="module")
def demo_deck(demo):
    return Presentation(io.BytesIO(render_deck(demo)))


@pytest.fixture(scope="module")
def long_handout(tmp_path_factory) -> Handout:
    return _handout(tmp_path_factory.mktemp("content"), LONG_DOCUMENT)


@pytest.fixture(scope="module")
def long_deck(long_handout):
    return Presentation(io.BytesIO(render_deck(long_handout)))


# --- reading a deck back -----------------------------------------------------------------


def titles(deck) -> list[str]:
    return [slide.shapes.title.text for slide in deck.slides]


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def body_only(slide) -> str:
    """The text of a slide's body text boxes (no title, no footer)."""
    return "\n".join(s.text_frame.text for s in slide.shapes if s.name.startswith("Body"))


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sentences(handout: Handout) -> list[str]:
    """Every sentence of the document's paragraphs, list items and table cells."""
    texts: list[str] = [handout.document.meta.title]
    for section in handout.document.sections:
        texts.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, ListBlock):
                texts.extend(item.text for item in block.items)
            elif isinstance(block, Table):
                texts.extend("".join(s.text for s in cell) for cell in block.header)
                texts.extend("".join(s.text for s in c) for row in block.rows for c in row)
    found = []
    for text in texts:
        found.extend(part for part in re.split(r"(?<=[.!?])\s+", text) if part.strip())
    return found


def body_shapes(deck):
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.name.startswith("Body"):
                yield slide, shape


def measured_height(shape, handout: Handout) -> tuple[float, float]:
    """Points the paragraphs of a text frame need (re-measured) and points it has."""
    frame = shape.text_frame
    width = Emu(shape.width - frame.margin_left - frame.margin_right).pt
    room = Emu(shape.height - frame.margin_top - frame.margin_bottom).pt
    families = {
        family.name: family
        for family in (handout.clinic.typography.base, handout.clinic.typography.headings)
    }
    used = 0.0
    for paragraph in frame.paragraphs:
        runs = [run for run in paragraph.runs if run.text]
        indent = Emu(int(paragraph._p.pPr.get("marL", "0"))).pt
        # A list item's first paragraph starts with its marker and a tab; the rest of an item
        # continued on the next slide is indented the same, without a marker.
        marked = indent and "\t" in paragraph.text
        text = paragraph.text.split("\t", 1)[1] if marked else paragraph.text
        words = [run for run in runs if not run.text.endswith("\t")]
        bold = any(run.font.bold for run in words)
        measurer = TextMeasurer(families[runs[0].font.name], bold=bold)
        lines = measurer.line_count(text, runs[0].font.size.pt, width - indent)
        space = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
        used += space + lines * paragraph.line_spacing.pt
    return used, room


# --- the demo deck -----------------------------------------------------------------------


def test_every_slide_has_a_title_placeholder_and_speaker_notes(demo_deck):
    for slide in demo_deck.slides:
        assert slide.shapes.title is not None and slide.shapes.title.is_placeholder
        assert slide.shapes.title.text.strip()
        assert slide.has_notes_slide and notes(slide).strip()


def test_content_slides_use_the_title_only_layout(demo_deck):
    layouts = [slide.slide_layout.name for slide in demo_deck.slides]
    assert layouts[0] == "Title Slide"
    assert set(layouts[1:]) == {"Title Only"}


def test_deck_is_16_by_9(demo_deck):
    assert (demo_deck.slide_width.inches, demo_deck.slide_height.inches) == pytest.approx(
        (13.333, 7.5), abs=0.001
    )


def test_every_sentence_of_the_document_is_in_the_notes(demo, demo_deck):
    spoken = normalise("\n".join(notes(slide) for slide in demo_deck.slides))
    wanted = [normalise(s) for s in sentences(demo)]
    assert [s for s in wanted if s not in spoken] == []


def test_long_paragraphs_show_their_first_sentences_and_the_notes_hold_the_rest(demo, demo_deck):
    slide = next(s for s in demo_deck.slides if s.shapes.title.text == "What is Microneedling?")
    paragraph = demo.document.sections[0].blocks[0].text
    first = re.split(r"(?<=[.!?])\s+", paragraph)[0]
    assert normalise(body_only(slide)) == normalise(first)
    assert normalise(paragraph) in normalise(notes(slide))


def test_what_a_slide_shows_is_word_for_word_in_its_notes(demo_deck):
    for slide in list(demo_deck.slides)[1:]:
        for shape in slide.shapes:
            if shape.name.startswith("Body"):
                for paragraph in shape.text_frame.paragraphs:
                    shown = paragraph.text.split("\t", 1)[-1]
                    assert normalise(shown) in normalise(notes(slide)), shown


def test_notes_carry_exactly_what_each_slide_shows(demo, demo_deck):
    steps = demo.document.sections[1].blocks[1]
    slide = next(
        s for s in demo_deck.slides if s.shapes.title.text == "How Does Microneedling Work?"
    )
    for item in steps.items:
        assert item.text in notes(slide)
        assert item.text in slide_text(slide)
    assert "body’s natural healing" in notes(slide)  # the clinic's apostrophe, unchanged


@pytest.mark.parametrize("deck_name", ["demo_deck", "long_deck"])
def test_each_slide_notes_hold_every_paragraph_cell_and_picture_it_shows(deck_name, request):
    deck = request.getfixturevalue(deck_name)
    for slide in list(deck.slides)[1:]:
        spoken = normalise(notes(slide))
        assert spoken.startswith(normalise(slide.shapes.title.text))
        for shape in slide.shapes:
            if shape.name.startswith("Body"):
                for paragraph in shape.text_frame.paragraphs:
                    assert normalise(paragraph.text.split("\t")[-1]) in spoken
            if shape.has_table:
                for row in shape.table.rows:
                    assert " | ".join(cell.text for cell in row.cells) in spoken
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                assert shape._element.nvPicPr.cNvPr.get("descr") in spoken


def test_title_slide_notes_name_title_subtitle_and_clinic(demo_deck):
    assert notes(demo_deck.slides[0]).splitlines() == [
        "Microneedling",
        "Collagen Induction Therapy",
        "Larkspur Skin Clinic",
    ]


def test_no_text_box_holds_more_lines_than_fit_it(demo, demo_deck):
    checked = 0
    for _, shape in body_shapes(demo_deck):
        used, room = measured_height(shape, demo)
        assert used <= room + 0.01, shape.text_frame.text[:60]
        checked += 1
    assert checked >= 6


def test_body_text_is_never_below_24_pt_and_titles_never_below_32(demo_deck):
    for _, shape in body_shapes(demo_deck):
        for paragraph in shape.text_frame.paragraphs:
            assert all(run.font.size.pt >= 24 for run in paragraph.runs)
    for slide in demo_deck.slides:
        runs = [r for p in slide.shapes.title.text_frame.paragraphs for r in p.runs]
        assert runs and all(run.font.size.pt >= 32 for run in runs)


def test_ordered_steps_show_their_numbers_as_text(demo_deck):
    slide = demo_deck.slides[3]
    assert slide.shapes.title.text == "Benefits of Microneedling"
    paragraphs = body_only(slide).split("\n")
    assert [p.split("\t")[0] for p in paragraphs] == ["1.", "2.", "3.", "4.", "5."]
    assert paragraphs[0].split("\t")[1].startswith("Improves Skin Texture: ")


def test_term_items_show_the_term_in_bold(demo_deck):
    slide = demo_deck.slides[3]
    shape = next(s for s in slide.shapes if s.name.startswith("Body"))
    runs = shape.text_frame.paragraphs[0].runs
    assert runs[1].text == "Improves Skin Texture:" and runs[1].font.bold
    assert runs[-1].font.bold is False


def test_brand_fonts_and_colours_are_on_every_run(demo, demo_deck):
    typography = demo.clinic.typography
    families = {typography.base.name, typography.headings.name}
    primary = demo.clinic.colors.primary.lstrip("#").upper()
    for slide in demo_deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    assert all(run.font.name in families for run in paragraph.runs if run.text)
        title_run = slide.shapes.title.text_frame.paragraphs[0].runs[0]
        assert title_run.font.name == typography.headings.name
        assert str(title_run.font.color.rgb) == primary
        assert str(slide.background.fill.fore_color.rgb) == "FFFFFF"
    bars = [s for s in demo_deck.slides[1].shapes if s.name == "Accent bar"]
    assert str(bars[0].fill.fore_color.rgb) == demo.clinic.colors.secondary.lstrip("#").upper()


def test_content_slides_have_a_footer_with_clinic_and_slide_number(demo_deck):
    total = len(demo_deck.slides)
    for number, slide in enumerate(demo_deck.slides, start=1):
        footer = {s.name: s for s in slide.shapes if s.name.startswith("Footer")}
        if number == 1:
            assert footer == {}
            continue
        assert footer["Footer clinic"].text_frame.text == "Larkspur Skin Clinic"
        assert footer["Footer number"].text_frame.text == f"{number} / {total}"
        sizes = [
            r.font.size.pt for s in footer.values() for p in s.text_frame.paragraphs for r in p.runs
        ]
        assert min(sizes) >= 12


def test_logo_picture_carries_the_clinic_alt_text(demo, demo_deck):
    pictures = [s for s in demo_deck.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == demo.clinic.logo_alt
    assert pictures[0].image.content_type == "image/png"


def test_closing_slide_holds_the_brand_contact_details(demo, demo_deck):
    closing = demo_deck.slides[-1]
    assert closing.shapes.title.text == "Contact us"
    text = slide_text(closing)
    contact = demo.clinic.contact
    for value in (contact.phone, contact.email, contact.website, contact.address):
        assert value in text and value in notes(closing)
    assert "Book online: https://larkspur-skin.example/book" in text


def test_closing_slide_lists_only_the_details_a_clinic_has(tmp_path):
    clinic, _ = read_clinic(FIXTURE_CONTENT / "clinics" / "harbor-dermatology")
    document, _ = parse_document(
        OTHER_HEADINGS,
        path=tmp_path / "procedures" / "chemical-peel" / "en.md",
        content_root=tmp_path,
    )
    deck = Presentation(io.BytesIO(render_deck(Handout(document, clinic))))
    text = slide_text(deck.slides[-1])
    assert "+1 (555) 010-7788" in text and "9 Pier Road, Bayside" in text
    assert "Email:" not in text and "Book online:" not in text


def test_two_renders_give_identical_bytes(demo):
    assert render_deck(demo) == render_deck(demo)


def test_core_properties_come_from_the_document_and_clinic(demo, demo_deck):
    props = demo_deck.core_properties
    assert props.author == "Larkspur Skin Clinic"
    assert props.title == "Microneedling: Collagen Induction Therapy"
    assert props.created == props.modified == datetime(2026, 11, 2)
    assert props.revision == 1


def test_plan_titles_match_the_drawn_slides(demo, demo_deck):
    plans = plan_deck(demo)
    assert [plan.title for plan in plans] == titles(demo_deck)
    assert [plan.kind for plan in plans][:: len(plans) - 1] == [
        SlideKind.TITLE,
        SlideKind.CONTACT,
    ]


# --- a document with other headings, and a long one --------------------------------------


def test_a_document_with_different_headings_renders_without_code_change(tmp_path):
    handout = _handout(tmp_path, OTHER_HEADINGS)
    deck = Presentation(io.BytesIO(render_deck(handout)))
    assert titles(deck) == ["Chemical Peel", "Is It Right for Me?", "Costs", "Contact us"]
    assert "Your practitioner checks your skin first." in slide_text(deck.slides[1])


def test_a_twelve_item_list_continues_on_numbered_slides_instead_of_shrinking(long_deck):
    continued = [t for t in titles(long_deck) if t.startswith("Aftercare (")]
    assert len(continued) >= 2
    assert continued == [
        f"Aftercare ({n} of {len(continued)})" for n in range(1, len(continued) + 1)
    ]
    for slide in long_deck.slides:
        if slide.shapes.title.text in continued:
            sizes = [
                r.font.size.pt
                for s in slide.shapes
                if s.name.startswith("Body")
                for p in s.text_frame.paragraphs
                for r in p.runs
            ]
            assert sizes and min(sizes) >= 24


def test_continued_lists_are_spread_evenly(long_handout):
    counts = [
        sum(len(part.paragraphs) for part in plan.body if hasattr(part, "paragraphs"))
        for plan in plan_deck(long_handout)
        if plan.title.startswith("Aftercare (")
    ]
    assert max(counts) - min(counts) <= 2


def test_a_paragraph_too_long_for_a_slide_shows_a_lead_of_whole_sentences(long_deck):
    (overview,) = [s for s in long_deck.slides if s.shapes.title.text.startswith("Overview")]
    shown = normalise(body_only(overview))
    assert shown.startswith("Sentence ") and shown.endswith("wrap.")
    assert LONG_PARAGRAPH.startswith(shown) and len(shown) < len(LONG_PARAGRAPH)
    (body,) = [s for s in overview.shapes if s.name.startswith("Body")]
    assert len(body.text_frame.paragraphs) == 1
    assert LONG_PARAGRAPH in normalise(notes(overview))


def test_no_slide_shows_more_than_six_list_items(long_deck, demo_deck):
    for deck in (long_deck, demo_deck):
        for slide in deck.slides:
            items = [
                p
                for s in slide.shapes
                if s.name.startswith("Body")
                for p in s.text_frame.paragraphs
                if re.match(r"^(\d+\.|•)\t", p.text)
            ]
            assert len(items) <= 6, slide.shapes.title.text


def test_every_slide_title_is_unique_and_comes_first_in_reading_order(long_deck, demo_deck):
    for deck in (long_deck, demo_deck):
        assert len(set(titles(deck))) == len(deck.slides)
        for slide in deck.slides:
            assert slide.shapes[0].shape_id == slide.shapes.title.shape_id


def test_repeated_headings_get_numbered_titles(tmp_path):
    text = LONG_DOCUMENT.split("---\n", 2)
    document = "---\n" + text[1] + "---\n\n## Risks\n\nOne.\n\n## Risks\n\nTwo.\n"
    deck = Presentation(io.BytesIO(render_deck(_handout(tmp_path, document))))
    assert titles(deck)[1:3] == ["Risks", "Risks (2)"]


def test_every_picture_has_alt_text(demo_deck, long_deck):
    for deck in (demo_deck, long_deck):
        for slide in deck.slides:
            for shape in slide.shapes:
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                    assert shape._element.nvPicPr.cNvPr.get("descr", "").strip()


def test_closing_slide_has_a_qr_code_of_the_booking_link_beside_its_address(demo, demo_deck):
    import segno

    closing = demo_deck.slides[-1]
    (qr,) = [s for s in closing.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    url = "https://larkspur-skin.example/book"
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="png", scale=12, border=4)
    assert qr.image.blob == expected.getvalue()  # the code encodes exactly the booking link
    assert url in qr._element.nvPicPr.cNvPr.get("descr")
    assert qr.width == qr.height and Emu(qr.width).pt >= 150
    (body,) = [s for s in closing.shapes if s.name.startswith("Body")]
    assert url in body.text_frame.text
    assert body.left + body.width <= qr.left  # written beside it, not under it


def test_every_sentence_of_a_long_document_is_on_a_slide_or_in_its_notes(long_handout, long_deck):
    held = normalise(
        "\n".join(slide_text(slide) + "\n" + notes(slide) for slide in long_deck.slides)
    )
    assert [s for s in sentences(long_handout) if normalise(s) not in held] == []


def test_no_text_box_of_a_long_document_overflows(long_handout, long_deck):
    for _, shape in body_shapes(long_deck):
        used, room = measured_height(shape, long_handout)
        assert used <= room + 0.01, shape.text_frame.text[:60]


def test_a_list_starting_at_seven_is_numbered_from_seven(long_deck):
    texts = [p.text for _, s in body_shapes(long_deck) for p in s.text_frame.paragraphs]
    numbers = [t.split("\t")[0] for t in texts if re.match(r"^\d+\.\t", t)]
    assert numbers == ["7.", "8.", "9.", "10."]


def test_a_table_is_a_real_table_and_repeats_its_header_when_split(long_handout, long_deck):
    tables = [
        (slide, shape) for slide in long_deck.slides for shape in slide.shapes if shape.has_table
    ]
    assert len(tables) >= 2
    rows_shown = []
    for slide, shape in tables:
        assert slide.shapes.title.text.startswith("Peel Depths Compared (")
        table = shape.table
        assert [c.text for c in table.rows[0].cells] == ["Depth", "Typical downtime", "Sessions"]
        assert table.rows[0].cells[0].text_frame.paragraphs[0].runs[0].font.bold
        header_fill = table.rows[0].cells[0].fill.fore_color.rgb
        assert str(header_fill) == "5B3F8C"
        rows_shown += [row.cells[0].text for row in list(table.rows)[1:]]
        for row in table.rows:
            for cell, column in zip(row.cells, table.columns, strict=True):
                paragraph = cell.text_frame.paragraphs[0]
                run = paragraph.runs[0]
                assert run.font.size.pt >= 24
                lines = TextMeasurer(long_handout.clinic.typography.base, bold=True).line_count(
                    cell.text,
                    run.font.size.pt,
                    Emu(column.width - cell.margin_left - cell.margin_right).pt,
                )
                room = Emu(row.height - cell.margin_top - cell.margin_bottom).pt
                assert lines * paragraph.line_spacing.pt <= room + 0.01
        footer = next(s for s in slide.shapes if s.name == "Footer clinic")
        assert shape.top + sum(row.height for row in table.rows) <= footer.top
    assert rows_shown == [f"Level {n}" for n in range(1, 17)]


def test_a_figure_is_a_picture_with_alt_text(long_deck):
    pictures = [
        shape
        for slide in list(long_deck.slides)[1:-1]  # not the logo, not the booking QR code
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 1
    alt = "Diagram of the skin layers that superficial, medium and deep peels reach"
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == alt


def test_long_headings_take_two_title_lines_at_no_less_than_32_pt(long_handout):
    plans = [p for p in plan_deck(long_handout) if p.title.startswith("A Heading")]
    assert plans and all(p.title_lines == 2 and p.title_size_pt >= 32 for p in plans)


def test_a_sentence_too_long_for_any_slide_is_a_render_error(tmp_path):
    endless = " ".join(["word"] * 600) + "."
    text = OTHER_HEADINGS.replace("Peels suit most skin types.", endless)
    with pytest.raises(RenderError) as caught:
        plan_deck(_handout(tmp_path, text))
    assert "too long for one slide" in caught.value.problem
    assert caught.value.where == "line 8" and caught.value.path.name == "en.md"


def test_paragraphs_split_only_where_a_sentence_ends():
    text = "Dr. Lee sees you first. Then the peel starts! Does it sting? A little… “Yes.” 3 days."
    parts = [text[a:b].strip() for a, b in sentence_bounds(text)]
    assert parts == [
        "Dr. Lee sees you first.",
        "Then the peel starts!",
        "Does it sting?",
        "A little…",
        "“Yes.”",
        "3 days.",
    ]
    assert sentence_bounds("e.g. this stays whole.") == [(0, 22)]


def test_a_table_with_more_columns_than_fit_a_slide_is_an_error_with_the_fix(
    long_handout, monkeypatch
):
    """Columns narrower than an inch would hold a few letters a line: the planner refuses
    the table (here: three columns, on a slide made to fit two) instead of drawing it."""
    import handoutkit.outputs.deck.geometry as geometry
    import handoutkit.outputs.deck.pack as pack

    monkeypatch.setattr(pack, "MIN_COLUMN_PT", geometry.CONTENT_W / 2.5)
    with pytest.raises(RenderError) as caught:
        plan_deck(long_handout)
    error = caught.value
    assert "'Peel Depths Compared' has 3 columns" in error.problem
    assert "fits at most 2" in error.problem
    assert "split the table" in error.fix
    assert error.where and error.where.startswith("line ")
