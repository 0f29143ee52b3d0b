"""Decks on a clinic's own PowerPoint template: its size, master and layouts, placeholders filled.

The tests make two corporate templates themselves: a 16:9 ``.pptx`` with
English layout names and a striped master, and a 4:3 ``.potx`` with German
layout names and a sample slide. Layouts are found by placeholder type, so
neither name matters.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu, Inches

from handoutkit.errors import BrandError, RenderError
from handoutkit.model import Handout
from handoutkit.outputs.deck.layouts import plan_deck
from handoutkit.outputs.deck.libreoffice import clinic_fonts, soffice
from handoutkit.outputs.deck.pptx import render_deck
from handoutkit.read.brand import read_clinic
from handoutkit.read.content import read_document

from ...conftest import DEMO_CONTENT
from ...fidelity import missing_sentences
from .test_pptx import measured_height

BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
PICTURE = MSO_SHAPE_TYPE.PICTURE


def _own_xfrm(shape) -> bool:
    return bool(shape._element.xpath("./p:spPr/a:xfrm"))


def _rename(layout, name: str) -> None:
    layout._element.cSld.set("name", name)


def wide_template() -> bytes:
    """16:9, layouts renamed 'Corporate …', a coloured stripe on the master."""
    prs = Presentation()
    scale = Inches(13.333) / prs.slide_width
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for shapes in (prs.slide_master.shapes, *(layout.shapes for layout in prs.slide_layouts)):
        for shape in shapes:
            if _own_xfrm(shape):
                shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    for layout in prs.slide_layouts:
        _rename(layout, f"Corporate {layout.name}")
    # python-pptx cannot add shapes to a master: draw on a scratch slide, move it there.
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    stripe = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Inches(0.25))
    stripe.fill.solid()
    stripe.fill.fore_color.rgb = RGBColor(0x1F, 0x6F, 0x8B)
    prs.slide_master.shapes._spTree.append(stripe._element)
    slide_ids = prs.slides._sldIdLst
    prs.part.drop_rel(slide_ids[0].rId)
    slide_ids.remove(slide_ids[0])
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def classic_template() -> bytes:
    """4:3 as .potx, German layout names, and a sample slide the deck must not keep."""
    prs = Presentation()
    names = {"Title Slide": "Titelfolie", "Title and Content": "Titel und Inhalt"}
    for layout in prs.slide_layouts:
        _rename(layout, names.get(layout.name, f"Layout {layout.name}"))
    sample = prs.slides.add_slide(prs.slide_layouts[0])
    sample.shapes.title.text = "Beispielfolie"
    buffer = io.BytesIO()
    prs.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            target.writestr(info, data)
    return out.getvalue()


def clinic_with(root: Path, file_name: str, data: bytes) -> Path:
    folder = root / "clinics" / "larkspur-skin"
    shutil.copytree(DEMO_CONTENT / "clinics" / "larkspur-skin", folder)
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / file_name).write_bytes(data)
    brand = folder / "_brand.yml"
    text = brand.read_text()
    marker = "  handoutkit:\n"
    assert marker in text
    brand.write_text(text.replace(marker, f"{marker}    pptx_template: templates/{file_name}\n"))
    return folder


def handout_on(root: Path, file_name: str, data: bytes) -> Handout:
    clinic, _ = read_clinic(clinic_with(root, file_name, data))
    document, _ = read_document(
        DEMO_CONTENT / "procedures" / "microneedling" / "en.md", content_root=DEMO_CONTENT
    )
    return Handout(document, clinic)


@pytest.fixture(scope="module", params=["wide.pptx", "classic.potx"])
def case(request, tmp_path_factory):
    data = wide_template() if request.param == "wide.pptx" else classic_template()
    handout = handout_on(tmp_path_factory.mktemp("content"), request.param, data)
    deck_bytes = render_deck(handout)
    return request.param, handout, Presentation(io.BytesIO(deck_bytes)), deck_bytes


def test_the_deck_takes_the_templates_slide_size(case):
    name, _, deck, _ = case
    expected = (13.333, 7.5) if name == "wide.pptx" else (10.0, 7.5)
    assert (Emu(deck.slide_width).inches, Emu(deck.slide_height).inches) == pytest.approx(
        expected, abs=0.001
    )


def test_slides_use_the_templates_layouts_found_by_placeholder_type(case):
    name, _, deck, _ = case
    cover, content = (
        ("Corporate Title Slide", "Corporate Title and Content")
        if name == "wide.pptx"
        else ("Titelfolie", "Titel und Inhalt")
    )
    layouts = [slide.slide_layout.name for slide in deck.slides]
    assert layouts[0] == cover and set(layouts[1:]) == {content}


def test_the_templates_sample_slides_are_not_kept(case):
    _, handout, deck, _ = case
    assert all("Beispielfolie" not in s.shapes.title.text for s in deck.slides)
    assert [s.shapes.title.text for s in deck.slides] == [p.title for p in plan_deck(handout)]


def test_titles_and_body_text_fill_the_layouts_placeholders(case):
    _, _, deck, _ = case
    for slide in list(deck.slides)[1:]:
        assert slide.shapes.title.is_placeholder and slide.shapes.title.text.strip()
        assert slide.shapes[0].shape_id == slide.shapes.title.shape_id  # read first
        bodies = [s for s in slide.placeholders if s.placeholder_format.type in BODY_TYPES]
        assert len(bodies) == 1 and bodies[0].text_frame.text.strip()
        assert bodies[0].name.startswith("Body")


def test_every_sentence_is_in_the_slides_or_notes(case):
    _, _, deck, _ = case
    parts = []
    for slide in deck.slides:
        parts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        parts.append(slide.notes_slide.notes_text_frame.text)
    assert missing_sentences("\n".join(parts)) == []


def test_body_text_fits_its_placeholder_at_no_less_than_20_pt(case):
    _, handout, deck, _ = case
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.name.startswith("Body"):
                used, room = measured_height(shape, handout)
                assert used <= room + 0.01
                sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs]
                assert min(sizes) >= 20
        title_sizes = [
            r.font.size.pt for p in slide.shapes.title.text_frame.paragraphs for r in p.runs
        ]
        assert min(title_sizes) >= 28


def test_every_picture_has_alt_text_and_the_contact_slide_a_qr_code(case):
    _, _, deck, _ = case
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == PICTURE]
    assert all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures)
    contact = next(s for s in deck.slides if s.shapes.title.text.startswith("Contact us"))
    (qr,) = [s for s in contact.shapes if s.shape_type == PICTURE]
    assert "larkspur-skin.example/book" in qr._element.nvPicPr.cNvPr.get("descr")


def test_nothing_is_drawn_outside_its_box_in_libreoffice(case):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    from handoutkit.outputs.deck.rendercheck import check_decks

    name, handout, _, data = case
    deck = f"{Path(name).stem}.pptx"
    # Drawn in the brand's own font (Lato, from the clinic folder), as measured.
    report = check_decks({deck: data}, fonts=clinic_fonts(handout.clinic.source.parent))[deck]
    assert report.violations == (), [str(v) for v in report.violations]


def _template_keeping(*names: str) -> bytes:
    prs = Presentation()
    layouts = prs.slide_layouts
    for layout in list(layouts):
        if layout.name not in names:
            layouts.remove(layout)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def test_without_a_title_and_body_layout_the_body_goes_under_a_title_only_layout(tmp_path):
    handout = handout_on(tmp_path, "bare.pptx", _template_keeping("Title Only", "Blank"))
    deck = Presentation(io.BytesIO(render_deck(handout)))
    assert {slide.slide_layout.name for slide in deck.slides} == {"Title Only"}
    for slide in list(deck.slides)[1:]:
        bodies = [s for s in slide.shapes if s.name.startswith("Body")]
        assert bodies and all(not s.is_placeholder for s in bodies)
        title = slide.shapes.title
        assert all(s.top >= title.top + title.height for s in bodies)
        for shape in bodies:
            used, room = measured_height(shape, handout)
            assert used <= room + 0.01


def test_a_template_without_any_title_layout_is_a_clear_error(tmp_path):
    handout = handout_on(tmp_path, "blank.pptx", _template_keeping("Blank"))
    with pytest.raises(RenderError) as caught:
        render_deck(handout)
    assert "no layout with a title placeholder" in caught.value.message
    assert "Fix:" in caught.value.message


def test_a_template_that_is_not_a_powerpoint_file_is_refused(tmp_path):
    with pytest.raises(BrandError) as caught:
        read_clinic(clinic_with(tmp_path, "notes.pptx", b"just text"))
    assert "is not a PowerPoint file" in caught.value.message
    assert "pptx_template" in caught.value.message
