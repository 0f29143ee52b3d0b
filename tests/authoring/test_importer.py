"""``handoutkit import``: a file read, written as a procedure document, proven to keep every
sentence, and only then written; an existing document replaced only with force (the
sentences that change shown), nothing written when anything fails."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from handoutkit.authoring.fidelity import check_fidelity
from handoutkit.authoring.importer import import_file, sectioned
from handoutkit.authoring.plaintext import read_plain_text
from handoutkit.authoring.source import Block, Doubt, Kind, Piece, Source
from handoutkit.errors import ContentError, SelectionError
from handoutkit.model import Figure, SentenceDiff
from handoutkit.read.content import parse_document, read_document

from ..conftest import DEMO_CONTENT, ROOT

SEED = ROOT / "tests" / "fixtures" / "seeds" / "microneedling.txt"
DOC = Path("procedures") / "microneedling" / "en.md"
OLD = "It is particularly effective for acne scars and other types of scarring."
NEW = "It is especially effective for acne scars and other types of scarring."
CHANGED = (f"Reduces Scarring: {OLD}", f"Reduces Scarring: {NEW}")  # an item reads with its term
ALT = "A red square standing for the treated skin"


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """An empty content folder."""
    folder = tmp_path / "empty-content"
    folder.mkdir()
    return folder


def seed_copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    path = tmp_path / "microneedling.txt"
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def text_file(tmp_path: Path, text: str, name: str = "notes.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def word_file(tmp_path: Path, document, name: str = "handout.docx") -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 4), colour).save(out, "PNG")
    return out.getvalue()


def files(folder: Path) -> list[Path]:
    return sorted(path.relative_to(folder) for path in folder.rglob("*"))


def without_review(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(("reviewed:", "reviewed_by:")))  # fmt: skip


# --- a dry run, then the import --------------------------------------------------------------


def test_a_dry_run_proves_the_import_and_writes_nothing(empty):
    done = import_file(SEED, procedure="microneedling", content_dir=empty, write=False)
    assert (done.written, done.fidelity.kept, done.replaced) == (False, True, None)
    assert done.target == empty.resolve() / DOC
    assert files(empty) == []  # not the document, nor its folder, nor the scratch folder


def test_the_seed_imports_as_the_demo_document_but_for_its_review_fields(empty):
    done = import_file(SEED, procedure="microneedling", content_dir=empty)
    expected = without_review((DEMO_CONTENT / DOC).read_text(encoding="utf-8"))
    assert done.written and done.text == expected
    assert (empty / DOC).read_text(encoding="utf-8") == expected
    assert files(empty) == [Path("procedures"), DOC.parent, DOC]


def test_the_import_says_what_became_what(empty):
    done = import_file(SEED, procedure="microneedling", content_dir=empty, write=False)
    rows = dict(done.mapping())
    assert rows["title"] == "Microneedling"
    assert rows["subtitle"] == "Collagen Induction Therapy"
    assert rows["language"] == "en (from the default; the file does not say: use --language)"
    assert rows["sections"].startswith("6: What is Microneedling?; How Does Microneedling Work?")
    assert (rows["numbered lists"], rows["bulleted lists"]) == ("2 (8 items)", "2 (8 items)")
    assert rows["items with a term in bold"] == "16"
    assert (rows["left out"], rows["pictures"]) == ("1", "0")
    assert rows["sentences"] == "35, every one in the document, in order"


def test_every_sentence_of_the_source_is_proven_to_be_in_the_document_in_order(empty):
    done = import_file(SEED, procedure="microneedling", content_dir=empty, write=False)
    assert done.fidelity.sentences == 35 and done.fidelity.diff == SentenceDiff()
    assert done.fidelity.first_wrong is None


def test_a_document_that_lost_a_sentence_is_not_proven_and_the_place_is_named(tmp_path):
    source = read_plain_text(SEED.read_text(encoding="utf-8"), SEED)
    path = tmp_path / "content" / DOC
    path.parent.mkdir(parents=True)
    edited = (DEMO_CONTENT / DOC).read_text(encoding="utf-8").replace(OLD, NEW)
    document, _ = parse_document(edited, path=path, content_root=tmp_path / "content")
    fidelity = check_fidelity(source, document)
    assert not fidelity.kept
    assert fidelity.diff == SentenceDiff(changed=(CHANGED,))
    assert fidelity.first_wrong == "line 18"  # the seed's line of that sentence


# --- an existing document ---------------------------------------------------------------------


def test_an_existing_document_is_not_replaced_without_force(content):
    before = (content / DOC).read_bytes()
    with pytest.raises(SelectionError) as caught:
        import_file(SEED, procedure="microneedling", content_dir=content)
    error = caught.value
    assert f"{(content / DOC).resolve()} already exists" in error.problem
    assert "add --force to replace it" in error.fix
    assert "Fix:" in str(error) and "\n" not in str(error)
    assert (content / DOC).read_bytes() == before


def test_with_force_it_is_replaced_and_exactly_the_changed_sentence_is_shown(content, tmp_path):
    source = seed_copy(tmp_path, OLD, NEW)
    done = import_file(source, procedure="microneedling", content_dir=content, force=True)
    assert done.replaced == SentenceDiff(changed=(CHANGED,))
    written = (content / DOC).read_text(encoding="utf-8")
    assert NEW in written and OLD not in written
    assert "reviewed" not in written  # the review fields go: the text is not reviewed


def test_with_force_the_same_text_changes_no_sentence(content):
    done = import_file(SEED, procedure="microneedling", content_dir=content, force=True)
    assert done.replaced == SentenceDiff()
    assert not done.replaced


def test_a_dry_run_over_an_existing_document_shows_the_change_without_force(content, tmp_path):
    before = (content / DOC).read_bytes()
    source = seed_copy(tmp_path, OLD, NEW)
    done = import_file(source, procedure="microneedling", content_dir=content, write=False)
    assert done.replaced == SentenceDiff(changed=(CHANGED,))
    assert (content / DOC).read_bytes() == before


def test_with_force_added_and_removed_sentences_are_shown(content, tmp_path):
    source = seed_copy(tmp_path, "Hydrate: Keep your skin moisturized with a gentle moisturizer.",
                       "Hydrate: Keep your skin moisturized. Drink water.")  # fmt: skip
    done = import_file(source, procedure="microneedling", content_dir=content, force=True)
    assert done.replaced == SentenceDiff(
        added=("Drink water.",),
        changed=(("Hydrate: Keep your skin moisturized with a gentle moisturizer.",
                  "Hydrate: Keep your skin moisturized."),),
    )  # fmt: skip


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["Chemical Peel", "chemical_peel", "-peel", "PEEL", "../peel", ""])
def test_a_procedure_name_that_is_not_a_slug_is_refused_before_anything_is_read(empty, slug):
    with pytest.raises(SelectionError) as caught:
        import_file(empty / "missing.txt", procedure=slug, content_dir=empty)
    assert f"'{slug}' is not a procedure name" in caught.value.problem
    assert "--procedure chemical-peel" in caught.value.fix
    assert files(empty) == []


@pytest.mark.parametrize("tag", ["english", "EN", "e", "en_US", "zh-Hant-TW", "es-"])
def test_a_language_that_is_not_a_tag_is_refused_before_anything_is_read(empty, tag):
    with pytest.raises(SelectionError) as caught:
        import_file(empty / "missing.txt", procedure="peel", content_dir=empty, language=tag)
    assert f"'{tag}' is not a language tag" in caught.value.problem
    assert "en, es, zh-Hant or pt-BR" in caught.value.fix


def test_a_content_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(SelectionError) as caught:
        import_file(SEED, procedure="microneedling", content_dir=tmp_path / "nowhere")
    assert f"{tmp_path / 'nowhere'} does not exist" in caught.value.problem
    assert "--content" in caught.value.fix
    assert not (tmp_path / "nowhere").exists()


def test_a_source_file_that_does_not_exist_is_an_error_naming_it(empty):
    with pytest.raises(ContentError) as caught:
        import_file(empty.parent / "missing.txt", procedure="peel", content_dir=empty)
    assert caught.value.path == empty.parent / "missing.txt"
    assert "cannot be read" in caught.value.problem


# --- sections ------------------------------------------------------------------------------


def test_a_file_without_headings_is_one_section_headed_with_the_title(tmp_path, empty):
    source = text_file(tmp_path, "Aftercare\n\nRest today.\n\nDrink water.\n")
    done = import_file(source, procedure="aftercare", content_dir=empty, write=False)
    assert done.text.endswith("---\n\n## Aftercare\n\nRest today.\n\nDrink water.\n")
    assert [s.title for s in done.document.sections] == ["Aftercare"]
    assert done.source.doubts == (
        Doubt("line 3", "the file has no headings: it is one section, headed with the title "
                        "‘Aftercare’."),
    )  # fmt: skip


def test_text_before_the_first_heading_is_a_section_headed_with_the_title(tmp_path, empty):
    source = text_file(tmp_path, "Aftercare\nWhat to Expect\n\nThe skin heals in a week.\n\n"
                                 "Your visit\nArrive early.\n")  # fmt: skip
    done = import_file(source, procedure="aftercare", content_dir=empty, write=False)
    assert [s.title for s in done.document.sections] == ["Aftercare", "Your visit"]
    assert done.document.sections[0].blocks[0].text == "The skin heals in a week."
    assert done.source.doubts == (
        Doubt("line 4", "the text before the first heading is a section, headed with the "
                        "title ‘Aftercare’."),
    )  # fmt: skip


def test_a_file_without_a_title_takes_its_first_headings_words(tmp_path, empty):
    document = docx.Document()
    document.add_paragraph("Aftercare", style="Heading 1")
    document.add_paragraph("Rest today.")
    done = import_file(word_file(tmp_path, document), procedure="aftercare", content_dir=empty,
                       write=False)  # fmt: skip
    assert done.document.meta.title == "Aftercare"
    assert [s.title for s in done.document.sections] == ["Aftercare"]
    assert done.source.doubts == (
        Doubt("paragraph 1", "the file has no title line: ‘Aftercare’, its first heading, is "
                             "the title too."),
    )  # fmt: skip


def test_a_file_with_neither_a_title_nor_a_heading_is_refused_naming_it(tmp_path, empty):
    document = docx.Document()
    document.add_paragraph("Rest today.")
    document.add_paragraph("Drink water.")
    path = word_file(tmp_path, document)
    with pytest.raises(ContentError) as caught:
        import_file(path, procedure="aftercare", content_dir=empty)
    error = caught.value
    assert error.path == path
    assert "neither a title nor a heading" in error.problem
    assert "Title style" in error.fix
    assert files(empty) == []


def test_sectioned_leaves_a_source_already_in_sections_as_it_is():
    source = Source(Path("a.txt"), "plain text", (
        Block(Kind.TITLE, "line 1", (Piece("Aftercare"),)),
        Block(Kind.HEADING, "line 3", (Piece("Rest"),)),
        Block(Kind.PARAGRAPH, "line 4", (Piece("Rest today."),)),
    ))  # fmt: skip
    assert sectioned(source) == source


# --- pictures -------------------------------------------------------------------------------


def pictured(tmp_path: Path, *, described: bool = True, undescribed: bool = False) -> Path:
    document = docx.Document()
    document.add_paragraph("Chemical Peel", style="Title")
    document.add_paragraph("What it looks like", style="Heading 1")
    document.add_paragraph("The treated skin is red for a day.")
    if described:
        document.add_picture(io.BytesIO(png("red")))
        document.inline_shapes[0]._inline.docPr.set("descr", ALT)
    if undescribed:
        document.add_picture(io.BytesIO(png("blue")))
    return word_file(tmp_path, document)


def test_a_described_picture_is_written_beside_the_document_and_placed(tmp_path, empty):
    done = import_file(pictured(tmp_path), procedure="chemical-peel", content_dir=empty)
    folder = empty.resolve() / "procedures" / "chemical-peel"
    assert done.pictures == (folder / "images" / "picture-1.png",)
    assert (folder / "images" / "picture-1.png").read_bytes() == png("red")
    assert done.text.endswith(f"![{ALT}](images/picture-1.png)\n")
    document, _ = read_document(folder / "en.md", content_root=empty.resolve())
    figure = document.sections[0].blocks[-1]
    assert isinstance(figure, Figure) and figure.alt == ALT
    assert figure.image.data == png("red")


def test_a_dry_run_writes_no_picture(tmp_path, empty):
    done = import_file(pictured(tmp_path), procedure="chemical-peel", content_dir=empty,
                       write=False)  # fmt: skip
    assert done.pictures == (empty.resolve() / "procedures/chemical-peel/images/picture-1.png",)
    assert files(empty) == []


def test_a_picture_without_a_description_is_not_placed_and_the_import_goes_on(tmp_path, empty):
    path = pictured(tmp_path, undescribed=True)
    done = import_file(path, procedure="chemical-peel", content_dir=empty)
    assert "picture-2" not in done.text
    assert [d.origin for d in done.source.doubts] == ["paragraph 5"]


def test_a_picture_without_a_description_is_saved_where_its_doubt_says(tmp_path, empty):
    path = pictured(tmp_path, described=False, undescribed=True)
    import_file(path, procedure="chemical-peel", content_dir=empty)
    saved = empty / "procedures" / "chemical-peel" / "images" / "picture-1.png"
    assert saved.read_bytes() == png("blue")


# --- Markdown and languages --------------------------------------------------------------


def test_a_markdown_sources_review_fields_are_left_out_said_as_a_doubt(tmp_path, empty):
    source = text_file(tmp_path, "---\ntitle: Peeling\nlanguage: es\nreviewed: 2026-01-05\n"
                                 "reviewed_by: Dra. Ruiz\n---\n\n## Después\n\nDescanse hoy.\n",
                       "peeling.md")  # fmt: skip
    done = import_file(source, procedure="peeling", content_dir=empty)
    assert done.text == "---\ntitle: Peeling\nlanguage: es\n---\n\n## Después\n\nDescanse hoy.\n"
    assert (done.language, done.language_from) == ("es", "the document")
    assert done.target.name == "es.md"
    ((origin, why),) = [(d.origin, d.text) for d in done.source.doubts]
    assert origin == "front matter" and "'reviewed' and 'reviewed_by' were left out" in why


def test_a_markdown_source_without_front_matter_takes_its_hash_title(tmp_path, empty):
    source = text_file(tmp_path, "# Aftercare\n\n## Rest\n\nRest today.\n", "aftercare.md")
    done = import_file(source, procedure="aftercare", content_dir=empty, write=False)
    assert done.text == "---\ntitle: Aftercare\nlanguage: en\n---\n\n## Rest\n\nRest today.\n"


def spanish_word_file(tmp_path: Path) -> Path:
    document = docx.Document()
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/"
                                        f"{qn('w:rPr')}/{qn('w:lang')}")  # fmt: skip
    lang.set(qn("w:val"), "es-ES")
    document.add_paragraph("Peeling químico", style="Title")
    document.add_paragraph("Después", style="Heading 1")
    document.add_paragraph("Descanse hoy.")
    return word_file(tmp_path, document)


def test_a_word_documents_language_names_the_file_written(tmp_path, empty):
    done = import_file(spanish_word_file(tmp_path), procedure="peeling", content_dir=empty)
    assert (done.language, done.language_from) == ("es", "the document")
    assert done.target == empty.resolve() / "procedures" / "peeling" / "es.md"
    assert "language: es\n" in done.text


def test_the_language_option_takes_precedence_over_the_word_documents(tmp_path, empty):
    done = import_file(spanish_word_file(tmp_path), procedure="peeling", content_dir=empty,
                       language="en")  # fmt: skip
    assert (done.language, done.language_from) == ("en", "--language")
    assert done.target == empty.resolve() / "procedures" / "peeling" / "en.md"
    assert "language: en\n" in done.text and done.document.language == "en"
    assert files(empty / "procedures" / "peeling") == [Path("en.md")]


def test_a_word_documents_language_that_is_not_a_tag_is_refused_with_the_option(tmp_path, empty):
    document = docx.Document()
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/"
                                        f"{qn('w:rPr')}/{qn('w:lang')}")  # fmt: skip
    del lang.attrib[qn("w:val")]
    document.core_properties.language = "Spanish"
    document.add_paragraph("Peeling", style="Title")
    document.add_paragraph("Descanse hoy.")
    path = word_file(tmp_path, document)
    with pytest.raises(ContentError) as caught:
        import_file(path, procedure="peeling", content_dir=empty)
    assert caught.value.path == path
    assert "'Spanish', which is not a language tag" in caught.value.problem
    assert "--language es" in caught.value.fix
    done = import_file(path, procedure="peeling", content_dir=empty, language="es")
    assert done.target.name == "es.md"


# --- nothing written when it fails --------------------------------------------------------


def test_a_source_too_long_for_a_document_is_refused_and_nothing_is_written(tmp_path, empty):
    sentence = "Apply the cream to the treated skin twice a day for a week. "
    source = text_file(tmp_path, "Aftercare\n\nRest\n" + sentence * 1200 + "\n")
    with pytest.raises(ContentError) as caught:
        import_file(source, procedure="aftercare", content_dir=empty)
    assert caught.value.path == source
    assert "would be too long" in caught.value.problem
    assert "one file per procedure" in caught.value.fix
    assert files(empty) == []


def test_a_source_the_builds_reader_refuses_names_the_source_and_writes_nothing(tmp_path, empty):
    parts = "".join(f"Part {n}\nRest on day {n}.\n\n" for n in range(1, 42))  # 41 sections
    source = text_file(tmp_path, f"Aftercare\n\n{parts}")
    with pytest.raises(ContentError) as caught:
        import_file(source, procedure="aftercare", content_dir=empty)
    assert caught.value.path == source
    assert caught.value.problem.startswith("the imported text does not read as a procedure "
                                           "document: ")  # fmt: skip
    assert "40 sections" in caught.value.problem  # the reader's own reason
    assert files(empty) == []


def test_a_failed_import_leaves_an_existing_document_as_it_was(content, tmp_path):
    before = (content / DOC).read_bytes()
    source = text_file(tmp_path, "Microneedling\n\n" + "Part\nRest.\n\n" * 41)
    with pytest.raises(ContentError):
        import_file(source, procedure="microneedling", content_dir=content, force=True)
    assert (content / DOC).read_bytes() == before
    assert sorted(p.name for p in (content / "procedures" / "microneedling").iterdir()) == ["en.md"]
