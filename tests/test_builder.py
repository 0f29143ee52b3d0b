"""End to end: notebooks executed by papermill produce the handout, the deck and the manifest."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup
from pptx import Presentation
from pypdf import PdfReader

from handoutkit.builder import BuildOptions, build, plan
from handoutkit.errors import ContentError, RenderError
from handoutkit.models import Paper

from .conftest import DEMO_CONTENT, FIXTURE_CONTENT, ROOT
from .fidelity import missing_sentences

pytestmark = pytest.mark.notebook

DEMO = "larkspur-skin/microneedling/larkspur-skin_microneedling_en"
FIXTURE = "harbor-dermatology/chemical-peel/harbor-dermatology_chemical-peel_en"


def run(options):
    return build(options, plan(options))


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    run(BuildOptions(content_dir=DEMO_CONTENT, out_dir=out))
    return out


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    """The fixture catalog on A4: non-default parameters for both notebooks."""
    out = tmp_path_factory.mktemp("build")
    run(BuildOptions(content_dir=FIXTURE_CONTENT, out_dir=out, papers=(Paper.A4,)))
    return out


def pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def deck_text(path) -> str:
    deck = Presentation(str(path))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


# --- the demo build --------------------------------------------------------------------


def test_build_writes_the_handout_deck_and_executed_notebooks(demo_build):
    files = sorted(str(p.relative_to(demo_build)) for p in demo_build.rglob("*") if p.is_file())
    assert files == sorted(
        [
            ".lock",
            "manifest.json",
            f"{DEMO}_handout-letter.pdf",
            f"{DEMO}_handout.html",
            f"{DEMO}_slides.pptx",
            "larkspur-skin/microneedling/notebooks/larkspur-skin_microneedling_en_handout-letter.ipynb",
            "larkspur-skin/microneedling/notebooks/larkspur-skin_microneedling_en_slides.ipynb",
        ]
    )


def test_manifest_lists_every_output_with_its_checksum(demo_build):
    outputs = json.loads((demo_build / "manifest.json").read_text())["outputs"]
    assert {entry["kind"] for entry in outputs} == {
        "handout-pdf",
        "handout-html",
        "slides-pptx",
        "notebook-handout",
        "notebook-slides",
    }
    for entry in outputs:
        data = (demo_build / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        assert (entry["clinic"], entry["procedure"], entry["language"]) == (
            "larkspur-skin",
            "microneedling",
            "en",
        )


def test_pdf_holds_every_sentence_of_the_seed(demo_build):
    text = "\n".join(pdf_text(demo_build / f"{DEMO}_handout-letter.pdf"))
    assert missing_sentences(text) == []


def test_pdf_is_letter_with_header_and_page_n_of_m_footer_on_every_page(demo_build):
    reader = PdfReader(demo_build / f"{DEMO}_handout-letter.pdf")
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
        assert "Larkspur Skin Clinic" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "+1 (555) 010-2030" in text
        assert "Reviewed November 2, 2026 by Handout Kit demo team" in text


def test_pdf_embeds_the_brand_font_and_carries_metadata(demo_build):
    reader = PdfReader(demo_build / f"{DEMO}_handout-letter.pdf")
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Lato" in name for name in fonts)
    assert (
        reader.metadata.title == "Microneedling: Collagen Induction Therapy | Larkspur Skin Clinic"
    )
    assert reader.metadata.author == "Larkspur Skin Clinic"


def test_html_is_a_self_contained_page(demo_build):
    html = (demo_build / f"{DEMO}_handout.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "en" and soup.h1.get_text() == "Microneedling"
    assert not re.search(r'src="(?!data:)', html)
    assert "import handoutkit" not in html  # inputs hidden


def test_deck_holds_every_sentence_in_slides_and_notes(demo_build):
    assert missing_sentences(deck_text(demo_build / f"{DEMO}_slides.pptx")) == []


def test_every_slide_has_a_title_and_notes(demo_build):
    deck = Presentation(str(demo_build / f"{DEMO}_slides.pptx"))
    for slide in deck.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text.strip()
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()


def test_executed_notebooks_record_their_parameters_and_ran_cleanly(demo_build):
    path = demo_build / "larkspur-skin/microneedling/notebooks"
    book = nbformat.read(path / "larkspur-skin_microneedling_en_handout-letter.ipynb", 4)
    injected = [c for c in book.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'clinic = "larkspur-skin"' in injected[0].source
    assert 'paper = "letter"' in injected[0].source
    errors = [o for c in book.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


# --- another catalog, another paper: no code change -------------------------------------


def test_fixture_procedure_builds_on_a4(fixture_build):
    reader = PdfReader(fixture_build / f"{FIXTURE}_handout-a4.pdf")
    assert {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    } == {(595, 842)}
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Peel Depths Compared",
        "Typical downtime",
        "Question twelve:",
        "Harbor Dermatology",
    ):
        assert expected in text
    assert "<script>alert(1)</script>" in text


def test_fixture_deck_continues_the_long_list_and_shows_the_table(fixture_build):
    deck = Presentation(str(fixture_build / f"{FIXTURE}_slides.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides]
    continued = [t for t in titles if t.startswith("Questions Patients Often Ask (")]
    assert len(continued) >= 2 and continued[0].endswith(f"(1 of {len(continued)})")
    assert any(shape.has_table for slide in deck.slides for shape in slide.shapes)


# --- failures never damage previous outputs ---------------------------------------------


def test_bad_content_stops_the_build_before_anything_is_written(tmp_path, demo_build, edit):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    out = tmp_path / "build"
    shutil.copytree(demo_build, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(content / "procedures/microneedling/en.md", "reviewed_by: Handout Kit demo team\n", "")
    options = BuildOptions(content_dir=content, out_dir=out)
    the_plan = plan(options)
    assert [type(e) for e in the_plan.errors] == [ContentError]
    with pytest.raises(ContentError):
        build(options, the_plan)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_notebook_that_fails_keeps_the_previous_outputs(tmp_path, demo_build):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    book = nbformat.read(notebooks / "slides.ipynb", 4)
    book.cells.append(nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"))
    nbformat.write(book, notebooks / "slides.ipynb")
    out = tmp_path / "build"
    shutil.copytree(demo_build, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(RenderError) as caught:
        run(BuildOptions(content_dir=DEMO_CONTENT, out_dir=out, notebooks_dir=notebooks))
    assert "broken on purpose" in caught.value.problem
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.rglob("*.tmp")]


def test_deck_bytes_match_the_notebook_output(demo_build):
    data = (demo_build / f"{DEMO}_slides.pptx").read_bytes()
    assert Presentation(io.BytesIO(data)).slides


def test_notebook_shows_a_content_error_as_one_paragraph_not_a_traceback(tmp_path):
    from handoutkit.builder import execute

    options = BuildOptions(content_dir=DEMO_CONTENT, out_dir=tmp_path)
    parameters = {
        "content_dir": str(DEMO_CONTENT),
        "clinic": "nope",
        "procedure": "microneedling",
        "language": "en",
    }
    with pytest.raises(RenderError) as caught:
        execute(ROOT / "notebooks" / "slides.ipynb", parameters, options)
    assert "SelectionError" in caught.value.problem
    assert "unknown clinic 'nope'" in caught.value.problem
