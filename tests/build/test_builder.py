"""End to end: notebooks executed by papermill produce the handout, the deck and the manifest."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.build.manifest import read_manifest
from handoutkit.execute.engine import WarmKernel
from handoutkit.execute.jobs import run_job
from handoutkit.model import JobKey, Paper
from handoutkit.model.run import JobSpec
from handoutkit.outputs.deck.libreoffice import soffice

from ..conftest import DEMO_CONTENT, FIXTURE_CONTENT, ROOT
from ..fidelity import deck_text, missing_sentences
from ..pdftags import structure_tags

pytestmark = pytest.mark.notebook

DEMO = "larkspur-skin/microneedling/larkspur-skin_microneedling_en"
FIXTURE = "harbor-dermatology/chemical-peel/harbor-dermatology_chemical-peel_en"
GALLERY_AND_MANIFEST = {
    *("index.html", "manifest.json", "failures.json", "checks.json", "checks.html"),
    *(".handoutkit", ".manifest.sqlite"),
}
# The demo's pages: the gallery's search index, its one clinic's page and report, and its
# one procedure's report.
GALLERY_AND_MANIFEST |= {
    *("gallery/index.json", "gallery/index.js", "gallery/larkspur-skin.html"),
    *("checks/larkspur-skin.html", "checks/procedures/microneedling.html"),
}
CLINIC_PAGE = "gallery/larkspur-skin.html"


def run(options):
    return build(options, plan(options))


def files_of(out):
    """Every file of a build folder and its bytes (the lock file left out)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    report = run(BuildOptions(content_dir=DEMO_CONTENT, out_dir=out, workers=1))
    assert report.ok, report.failed
    return out


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    """The fixture catalog on A4: non-default parameters for both notebooks."""
    out = tmp_path_factory.mktemp("build")
    report = run(
        BuildOptions(
            content_dir=FIXTURE_CONTENT,
            out_dir=out,
            papers=(Paper.A4,),
            previews=False,
            large_print=True,
        )
    )
    assert report.ok, report.failed
    return out


def pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


# --- the demo build --------------------------------------------------------------------


def test_build_writes_the_handout_deck_notebooks_previews_and_gallery(demo_build):
    folder = "larkspur-skin/microneedling"
    stem = "larkspur-skin_microneedling_en"
    expected = {
        *GALLERY_AND_MANIFEST,
        f"{DEMO}_handout-letter.pdf",
        f"{DEMO}_handout.html",
        f"{DEMO}_slides.pptx",
        f"{DEMO}_slides.html",
        f"{folder}/notebooks/{stem}_handout-letter.ipynb",
        f"{folder}/notebooks/{stem}_slides.ipynb",
        f"{folder}/previews/{stem}_handout.png",
    }
    if soffice():
        expected |= {f"{folder}/previews/{stem}_slide-{n}.png" for n in (1, 2, 3)}
    assert set(files_of(demo_build)) == expected


def test_manifest_lists_every_output_with_its_checksum(demo_build):
    outputs = json.loads((demo_build / "manifest.json").read_text())["outputs"]
    assert {entry["kind"] for entry in outputs} >= {
        "handout-pdf",
        "handout-html",
        "slides-pptx",
        "slides-html",
        "notebook-handout",
        "notebook-slides",
        "preview-handout",
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


def test_pdf_is_tagged_pdf_ua_with_its_language_title_and_embedded_fonts(demo_build):
    reader = PdfReader(demo_build / f"{DEMO}_handout-letter.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    tags = structure_tags(reader)
    kinds = [kind for kind, _ in tags]
    assert kinds.count("/H1") == 1 and kinds.count("/H2") == 6
    assert kinds.index("/H1") < kinds.index("/H2")
    assert "/L" in kinds and "/LI" in kinds and "/P" in kinds
    assert "/Artifact" not in kinds  # the running header and footer are artifacts, untagged
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            ).get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]


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


def shown_html(book) -> str:
    return "".join(
        "".join(o.get("data", {}).get("text/html", ""))
        for c in book.cells
        for o in c.get("outputs", [])
    )


def test_the_notebooks_show_the_quality_checks(demo_build):
    path = demo_build / "larkspur-skin/microneedling/notebooks"
    handout = shown_html(
        nbformat.read(path / "larkspur-skin_microneedling_en_handout-letter.ipynb", 4)
    )
    assert "Flesch-Kincaid grade: 11.5" in handout and "target grade: 8" in handout
    assert "SMOG grade" in handout and "informative headings" in handout
    assert "next review by 2027-11-02" in handout
    slides = shown_html(nbformat.read(path / "larkspur-skin_microneedling_en_slides.ipynb", 4))
    assert "each with a title of its own" in slides and "all have alt text" in slides


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


def text_sizes(page):
    """(size in pt, y from the top in pt, text) of every run of text on the page."""
    runs = []
    height = float(page.mediabox.height)

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            runs.append((round(size * scale, 1), height - (tm[5] * cm[3] + cm[5]), text))

    page.extract_text(visitor_text=visit)
    return runs


def test_large_print_handout_has_18_pt_body_text_at_1_5_line_spacing(fixture_build):
    regular = PdfReader(fixture_build / f"{FIXTURE}_handout-a4.pdf")
    large = PdfReader(fixture_build / f"{FIXTURE}_handout-large-print-a4.pdf")
    assert len(large.pages) > len(regular.pages)
    mm = 72 / 25.4
    for page in large.pages:
        body = [
            (size, y)
            for size, y, _ in text_sizes(page)
            if 30 * mm < y < float(page.mediabox.height) - 48 * mm  # between header and footer
        ]
        assert body and min(size for size, _ in body) >= 18
    # Lines of a paragraph in 18 pt text are 27 pt apart (1.5 line spacing).
    gaps = []
    for page in large.pages:
        lines = sorted({round(y, 1) for size, y, _ in text_sizes(page) if size == 18})
        gaps += [round(b - a, 1) for a, b in itertools.pairwise(lines)]
    assert gaps.count(27.0) >= 5
    text = "\n".join(page.extract_text() for page in large.pages)
    assert "Question twelve:" in text and "Peel Depths Compared" in text


def test_gallery_labels_the_large_print_files_apart_from_the_regular_ones(fixture_build):
    kinds = {
        e["kind"] for e in json.loads((fixture_build / "manifest.json").read_text())["outputs"]
    }
    assert {"handout-large-pdf", "notebook-handout-large"} <= kinds
    page = fixture_build / "gallery/harbor-dermatology.html"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    labels = [a.get_text() for a in soup.select("ul.files a")]
    assert "Large-print handout PDF, A4" in labels
    assert "Notebook (large-print handout), A4" in labels
    assert len(labels) == len(set(labels))


def test_fixture_deck_continues_the_long_list_and_shows_the_table(fixture_build):
    deck = Presentation(str(fixture_build / f"{FIXTURE}_slides.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides]
    continued = [t for t in titles if t.startswith("Questions Patients Often Ask (")]
    assert len(continued) >= 2 and continued[0].endswith(f"(1 of {len(continued)})")
    assert any(shape.has_table for slide in deck.slides for shape in slide.shapes)


def test_executed_notebooks_name_the_content_folder_relative_to_the_notebooks(demo_build):
    path = demo_build / "larkspur-skin/microneedling/notebooks"
    book = nbformat.read(path / "larkspur-skin_microneedling_en_slides.ipynb", 4)
    injected = [c for c in book.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'content_dir = "../content"' in injected[0].source
    assert injected[0].id == "injected-parameters"
    assert "start_time" not in book.metadata.papermill


def test_previews_are_pictures_of_the_first_page_and_first_slides(demo_build):
    folder = demo_build / "larkspur-skin/microneedling/previews"
    with Image.open(folder / "larkspur-skin_microneedling_en_handout.png") as page:
        assert page.width == 420 and page.height == pytest.approx(420 * 11 / 8.5, abs=2)
    if not soffice():
        pytest.skip("LibreOffice is not installed (make test installs it)")
    with Image.open(folder / "larkspur-skin_microneedling_en_slide-1.png") as slide:
        assert slide.width == 320 and slide.height == pytest.approx(320 * 9 / 16, abs=2)
        assert len(slide.convert("RGB").getcolors(1 << 16) or ()) > 50  # drawn, not blank


def test_gallery_links_the_quality_report_and_each_documents_part_of_it(demo_build):
    index = BeautifulSoup((demo_build / "index.html").read_text(), "html.parser")
    assert index.find("a", string="Quality report")["href"] == "checks.html"
    gallery = BeautifulSoup((demo_build / CLINIC_PAGE).read_text(), "html.parser")
    assert gallery.find("a", string="Quality report")["href"] == "../checks.html"
    href = gallery.find("a", string="quality checks")["href"]
    page, anchor = href.split("#")
    assert page == "../checks/procedures/microneedling.html"
    report = BeautifulSoup((demo_build / "gallery" / page).read_text(), "html.parser")
    assert report.find(id=anchor).h2.get_text().endswith("microneedling/en")


def test_gallery_shows_each_job_with_previews_links_and_review_date(demo_build):
    soup = BeautifulSoup((demo_build / CLINIC_PAGE).read_text(), "html.parser")
    (card,) = soup.select("article")
    assert card["id"] == "larkspur-skin_microneedling_en"
    assert card.h2.get_text() == "Microneedling: Collagen Induction Therapy"
    assert "reviewed 2026-11-02" in card.select_one(".meta").get_text()
    manifest = json.loads((demo_build / "manifest.json").read_text())
    linked = {a["href"] for a in card.select("ul.files a")}
    listed = {e["path"] for e in manifest["outputs"] if not e["kind"].startswith("preview")}
    assert linked == {f"../{path}" for path in listed}  # relative to gallery/
    for image in card.select("img"):
        assert (demo_build / "gallery" / image["src"]).is_file()
        assert image["alt"] and image["loading"] == "lazy"


# --- failures never damage previous outputs ---------------------------------------------


def test_bad_content_fails_its_job_and_keeps_the_previous_outputs(tmp_path, demo_build, edit):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    out = tmp_path / "build"
    shutil.copytree(demo_build, out)
    before = files_of(out)
    edit(content / "procedures/microneedling/en.md", "reviewed_by: Handout Kit demo team\n", "")
    report = run(BuildOptions(content_dir=content, out_dir=out, workers=1))
    (failure,) = report.failed
    assert failure.error.startswith(f"{content / 'procedures/microneedling/en.md'}")
    assert "'reviewed_by' is missing" in failure.error and "Fix:" in failure.error
    after = files_of(out)
    assert {path: after[path] for path in before if path not in GALLERY_AND_MANIFEST} == {
        path: data for path, data in before.items() if path not in GALLERY_AND_MANIFEST
    }
    assert set(after) == set(before)
    manifest = read_manifest(out)
    assert [f.error for f in manifest.failures] == [failure.error]
    soup = BeautifulSoup((out / CLINIC_PAGE).read_text(), "html.parser")
    assert "'reviewed_by' is missing" in soup.select_one("article.failed .error").get_text()


def test_a_notebook_that_fails_keeps_the_previous_outputs(tmp_path, demo_build):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    book = nbformat.read(notebooks / "slides.ipynb", 4)
    book.cells.append(nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"))
    nbformat.write(book, notebooks / "slides.ipynb")
    out = tmp_path / "build"
    shutil.copytree(demo_build, out)
    before = files_of(out)
    report = run(BuildOptions(content_dir=DEMO_CONTENT, out_dir=out, notebooks_dir=notebooks))
    (failure,) = report.failed
    assert "ValueError: broken on purpose" in failure.error
    after = files_of(out)
    assert {p: after[p] for p in before if p not in GALLERY_AND_MANIFEST} == {
        p: d for p, d in before.items() if p not in GALLERY_AND_MANIFEST
    }
    assert not list(out.rglob("*.tmp"))


def test_deck_bytes_match_the_notebook_output(demo_build):
    data = (demo_build / f"{DEMO}_slides.pptx").read_bytes()
    assert Presentation(io.BytesIO(data)).slides


def test_notebook_reports_a_content_error_as_its_one_paragraph(tmp_path):
    spec = JobSpec(
        key=JobKey("nope", "microneedling", "en"),
        content_dir=DEMO_CONTENT,
        notebooks_dir=ROOT / "notebooks",
        templates_dir=ROOT / "templates",
        papers=(Paper.LETTER,),
    )
    outcome = run_job(spec)
    assert outcome.outputs == ()
    assert "unknown clinic 'nope'; the clinics that exist are: larkspur-skin." in outcome.error
    assert "Fix:" in outcome.error and "Traceback" not in outcome.error
    WarmKernel.shutdown_all()


def test_the_builds_quality_report_is_what_check_reports(demo_build):
    """The build assembles its report from what the notebooks found; `handoutkit check`
    computes every check itself. Both must say the same."""
    from handoutkit.quality.checks import CheckSettings
    from handoutkit.quality.report import run_checks
    from handoutkit.read.catalog import discover
    from handoutkit.read.settings import read_settings

    catalog = discover(DEMO_CONTENT)
    direct = run_checks(catalog, catalog.select(), CheckSettings.of(read_settings(catalog.root)))
    assert (demo_build / "checks.json").read_bytes() == direct.as_json()


def test_gallery_cards_show_the_reading_grades_and_structure_score(demo_build):
    soup = BeautifulSoup((demo_build / CLINIC_PAGE).read_text(), "html.parser")
    (card,) = soup.select("article")
    assert card.select_one(".quality").get_text() == (
        "Flesch-Kincaid grade 11.5 · SMOG grade 13.8 (target 8) · PEMAT structure 100%"
    )
