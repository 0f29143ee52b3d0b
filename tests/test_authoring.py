"""From the clinic's Word document to approved handouts, through the real commands and builds.

The seed imports to the demo document; Word documents made here (one with Word's styles and
lists, one typed by hand) import with every sentence, and every sentence reaches the PDF and
the deck; an approval, then one edited sentence: the report names exactly that sentence,
and where approval is required the build refuses the document.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.shared import Inches, Pt
from PIL import Image
from pypdf import PdfReader

from handoutkit.authoring.approve import approve
from handoutkit.authoring.importer import import_file
from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.cli import main
from handoutkit.language.sentences import sentences
from handoutkit.model import Status
from handoutkit.quality.checks import CheckSettings
from handoutkit.quality.report import run_checks
from handoutkit.read.catalog import discover
from handoutkit.read.settings import read_settings

from .conftest import DEMO_CONTENT, ROOT
from .fidelity import SEED, SHARED_SEED, deck_text, normalise

pytestmark = pytest.mark.notebook

DOC = "procedures/microneedling/en.md"
CHANGED = (
    "It is particularly effective for acne scars and other types of scarring.",
    "It is especially effective for acne scars and other types of scarring.",
)


def without_review(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(("reviewed:", "reviewed_by:")))  # fmt: skip


@pytest.mark.parametrize("seed", [SEED, SHARED_SEED], ids=["fixture", "shared"])
def test_importing_the_seed_gives_the_demo_document_but_for_its_review_fields(tmp_path, seed):
    if not seed.is_file():
        pytest.skip("the shared seeds folder is not present")
    (tmp_path / "content").mkdir()
    code = main(["import", str(seed), "--procedure", "microneedling",
                 "--content", str(tmp_path / "content")])  # fmt: skip
    assert code == 0
    written = (tmp_path / "content" / DOC).read_text(encoding="utf-8")
    assert written == without_review((DEMO_CONTENT / DOC).read_text(encoding="utf-8"))


# --- Word documents made here ----------------------------------------------------------------


def styled_document(path: Path) -> list[str]:
    """A document in Word's own styles and lists; the texts a patient will read."""
    doc = WordDocument()
    doc.add_paragraph("Chemical Peel", style="Title")
    doc.add_paragraph("Skin Resurfacing", style="Subtitle")
    doc.sections[0].header.paragraphs[0].text = "Harbor Dermatology: draft for review"
    doc.add_paragraph("What is a chemical peel?", style="Heading 1")
    intro = doc.add_paragraph("A chemical peel removes the top layers of skin. ")
    intro.add_run("It is done in the clinic and takes about an hour.").italic = True
    doc.add_paragraph("How it works", style="Heading 1")
    steps = [("Preparation:", " The skin is cleaned and dried."),
             ("Peel:", " A solution is applied for a few minutes."),
             ("Neutralising:", " The solution is washed off.")]  # fmt: skip
    for term, rest in steps:
        item = doc.add_paragraph(style="List Number")
        item.add_run(term).bold = True
        item.add_run(rest)
    doc.add_paragraph("Aftercare", style="Heading 2")
    for text in ("Avoid the sun for two weeks.", "Use a gentle moisturiser twice a day."):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_paragraph("Depths compared", style="Heading 1")
    table = doc.add_table(rows=3, cols=2)
    for r, row in enumerate([("Depth", "Downtime"), ("Light", "One to three days"),
                             ("Medium", "About a week")]):  # fmt: skip
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("What it looks like", style="Heading 1")
    picture = io.BytesIO()
    Image.new("RGB", (60, 40), (90, 60, 140)).save(picture, "PNG")
    picture.seek(0)
    doc.add_picture(picture, width=Inches(1))
    doc.inline_shapes[0]._inline.docPr.set("descr", "A violet square standing for the peel")
    doc.add_paragraph("Call the clinic if your skin blisters.")
    doc.save(path)
    return [
        "Chemical Peel", "Skin Resurfacing", "What is a chemical peel?",
        "A chemical peel removes the top layers of skin.",
        "It is done in the clinic and takes about an hour.", "How it works",
        *(f"{term} {rest.strip()}" for term, rest in steps), "Aftercare",
        "Avoid the sun for two weeks.", "Use a gentle moisturiser twice a day.",
        "Depths compared", "One to three days", "About a week", "What it looks like",
        "Call the clinic if your skin blisters.",
    ]  # fmt: skip


def typed_document(path: Path) -> list[str]:
    """A document typed by hand: bold or large headings, typed numbers and bullets."""
    doc = WordDocument()
    title = doc.add_paragraph().add_run("Laser Hair Removal:")
    title.bold, title.font.size = True, Pt(20)
    doc.add_paragraph().add_run("What to Expect").font.size = Pt(16)
    doc.add_paragraph().add_run("Before your visit").bold = True
    soft = doc.add_paragraph("Shave the area the day before.")
    soft.add_run().add_break()  # Shift+Enter: a soft line break inside the paragraph
    soft.add_run("Do not wax for four weeks.")
    doc.add_paragraph("1. Arrive ten minutes early.")
    doc.add_paragraph("2. Wear loose clothes over the area.")
    doc.add_paragraph().add_run("After your visit").bold = True
    doc.add_paragraph("• Cooling: Apply a cool pack for ten minutes.")
    doc.add_paragraph("• Sun: Avoid the sun for a week.")
    doc.add_paragraph("7")  # a page number typed in the body
    doc.save(path)
    return [
        "Laser Hair Removal", "What to Expect", "Before your visit",
        "Shave the area the day before.", "Do not wax for four weeks.",
        "Arrive ten minutes early.", "Wear loose clothes over the area.", "After your visit",
        "Cooling: Apply a cool pack for ten minutes.", "Sun: Avoid the sun for a week.",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    """The demo content with the two Word documents imported, and built."""
    root = tmp_path_factory.mktemp("authoring")
    content = root / "content"
    shutil.copytree(DEMO_CONTENT, content)
    texts = {}
    for slug, make in (("chemical-peel", styled_document), ("laser-hair-removal", typed_document)):
        path = root / f"{slug}.docx"
        texts[slug] = make(path)
        done = import_file(path, procedure=slug, content_dir=content)
        assert done.fidelity.kept and done.written
    options = BuildOptions(content_dir=content, out_dir=root / "build", previews=False)
    report = build(options, plan(options))
    assert report.ok, report.failed
    return root, texts


@pytest.mark.parametrize("slug", ["chemical-peel", "laser-hair-removal"])
def test_every_sentence_of_a_word_document_reaches_the_pdf_and_the_deck(imported, slug):
    root, texts = imported
    stem = root / "build" / "larkspur-skin" / slug / f"larkspur-skin_{slug}_en"
    pdf = normalise(" ".join(p.extract_text() for p in PdfReader(f"{stem}_handout-letter.pdf")
                             .pages))  # fmt: skip
    deck = normalise(deck_text(Path(f"{stem}_slides.pptx")))
    for text in texts[slug]:
        for sentence in sentences(text):
            assert normalise(sentence) in pdf, sentence
            assert normalise(sentence) in deck, sentence


def test_the_imported_word_picture_is_in_the_handout_with_its_description(imported):
    root, _ = imported
    page = (root / "build/larkspur-skin/chemical-peel/larkspur-skin_chemical-peel_en_handout"
            ".html").read_text(encoding="utf-8")  # fmt: skip
    assert 'alt="A violet square standing for the peel"' in page
    assert (root / "content/procedures/chemical-peel/images/picture-1.png").is_file()


# --- approval ---------------------------------------------------------------------------------


def test_approve_then_edit_one_sentence_the_report_names_it_and_a_required_approval_refuses(
    tmp_path, capsys
):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    assert main(["approve", "--procedure", "microneedling", "--language", "en",
                 "--by", "Dr. A. Lee", "--role", "Medical Director",
                 "--content", str(content)]) == 0  # fmt: skip
    assert "Recorded in" in capsys.readouterr().out
    record = json.loads((content / "approvals.jsonl").read_text(encoding="utf-8"))
    assert (record["by"], record["role"]) == ("Dr. A. Lee", "Medical Director")

    out = tmp_path / "build"
    options = BuildOptions(content_dir=content, out_dir=out, previews=False, workers=1)
    assert build(options, plan(options)).ok
    pdf = PdfReader(out / "larkspur-skin/microneedling/larkspur-skin_microneedling_en_"
                    "handout-letter.pdf").pages[0].extract_text()  # fmt: skip
    assert "Approved" in pdf and "by Dr. A. Lee, Medical Director" in pdf

    document = content / DOC
    document.write_text(document.read_text(encoding="utf-8").replace(*CHANGED), encoding="utf-8")
    catalog = discover(content)
    report = run_checks(catalog, catalog.select(), CheckSettings.of(read_settings(content)))
    (finding,) = [f for s in report.subjects for f in s.findings if f.item == "approval"]
    assert finding.status is Status.WARN
    assert "1 sentence changed" in finding.detail
    assert f"‘Reduces Scarring: {CHANGED[0]}’ became ‘Reduces Scarring: {CHANGED[1]}’" in (
        finding.detail
    )
    assert "added" not in finding.detail and "removed" not in finding.detail

    (content / "handoutkit.yml").write_text("approval:\n  required: true\n", encoding="utf-8")
    refused = build(options, plan(options))
    (failure,) = refused.failed
    assert "the project requires approval" in failure.error
    assert CHANGED[0] in failure.error and CHANGED[1] in failure.error
    assert "--allow-unapproved" in failure.error
    allowed = BuildOptions(content_dir=content, out_dir=out, previews=False, workers=1,
                           allow_unapproved=True)  # fmt: skip
    assert build(allowed, plan(allowed)).ok


def test_the_gallery_shows_the_approval_state_and_its_history(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    approve(content, "microneedling", "en", "Dr. A. Lee", "Medical Director")
    approve(content, "microneedling", "en", "B. Nurse", None)
    out = tmp_path / "build"
    options = BuildOptions(content_dir=content, out_dir=out, previews=False, workers=1)
    assert build(options, plan(options)).ok
    from bs4 import BeautifulSoup

    page = out / "gallery/larkspur-skin.html"
    gallery = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    state = gallery.select_one("article .approval")
    assert "approved" in state["class"] and "by B. Nurse" in state.get_text()
    history = [li.get_text() for li in gallery.select("article details.history li")]
    assert len(history) == 2 and "B. Nurse" in history[0] and "Dr. A. Lee" in history[1]


def test_init_makes_a_project_that_builds_where_it_is(tmp_path, monkeypatch):
    project = tmp_path / "my-handouts"
    assert main(["init", str(project)]) == 0
    assert (project / ".gitignore").read_text().startswith("# Handout Kit")
    assert "build/" in (project / ".gitignore").read_text()
    assert (project / "README.md").read_text().startswith("# Patient handouts")
    assert (project / "content/handoutkit.yml").is_file()
    monkeypatch.chdir(project)
    assert main(["build", "--no-previews", "--jobs", "1"]) == 0
    assert (project / "build/larkspur-skin/microneedling").is_dir()
    assert main(["init", str(project)]) == 1  # not empty: refused
    assert (ROOT / "content" / DOC).is_file()  # the example came from the demo


def test_the_import_notebook_shows_the_mapping_and_saves_only_when_told(tmp_path):
    import papermill

    content = tmp_path / "content"
    content.mkdir()
    common = {"source_file": str(SEED), "procedure": "microneedling",
              "content_dir": str(content)}  # fmt: skip
    shown = papermill.execute_notebook(
        str(ROOT / "notebooks/import.ipynb"), None, parameters={**common, "save": False},
        cwd=str(ROOT / "notebooks"), progress_bar=False,
    )  # fmt: skip
    page = "".join(
        output.get("data", {}).get("text/html", "")
        for cell in shown.cells for output in cell.get("outputs", [])
    )  # fmt: skip
    assert "Every one of the 35 sentences is in the document, in order." in page
    assert "Not saved yet" in page and not (content / DOC).exists()
    papermill.execute_notebook(
        str(ROOT / "notebooks/import.ipynb"), None, parameters={**common, "save": True},
        cwd=str(ROOT / "notebooks"), progress_bar=False,
    )  # fmt: skip
    written = (content / DOC).read_text(encoding="utf-8")
    assert written == without_review((DEMO_CONTENT / DOC).read_text(encoding="utf-8"))
