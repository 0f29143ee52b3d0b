"""Reading procedure documents: structure from the Markdown, errors that say what to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handoutkit.content import parse_document, read_document
from handoutkit.errors import ContentError, UnsafePathError
from handoutkit.models import ListBlock, Paragraph, Subheading, Table

from .conftest import DEMO_CONTENT, FIXTURE_CONTENT

FRONT = "---\ntitle: Peel\nlanguage: en\nreviewed: 2026-01-15\nreviewed_by: Dr. A\n---\n"


def parse(tmp_path: Path, text: str):
    path = tmp_path / "procedures" / "peel" / "en.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    return parse_document(text, path=path, content_root=tmp_path)


def test_demo_document_has_the_six_sections_in_order():
    document, notices = read_document(
        DEMO_CONTENT / "procedures" / "microneedling" / "en.md", content_root=DEMO_CONTENT
    )
    assert [s.title for s in document.sections] == [
        "What is Microneedling?",
        "How Does Microneedling Work?",
        "Benefits of Microneedling",
        "Post-Treatment Care and Recovery",
        "Risks and Considerations",
        "Conclusion",
    ]
    assert document.meta.reviewed == date(2026, 11, 2)
    assert document.meta.subtitle == "Collagen Induction Therapy"
    assert notices == ()


def test_numbered_term_items_are_steps_with_terms(demo_handout):
    steps = demo_handout.document.sections[1].blocks[1]
    assert isinstance(steps, ListBlock) and steps.ordered
    assert [item.term for item in steps.items] == [
        "Preparation",
        "Microneedling",
        "Post-Treatment Care",
    ]
    assert steps.items[1].description == (
        "The device glides over the skin, creating controlled micro-injuries."
    )


def test_fixture_document_reads_subheadings_tables_and_long_lists(fixture_handout):
    sections = {s.title: s for s in fixture_handout.document.sections}
    preparing = sections["Preparing for Your Visit"].blocks
    assert [type(b) for b in preparing] == [Subheading, ListBlock, Subheading, Paragraph]
    table = sections["Peel Depths Compared"].blocks[0]
    assert isinstance(table, Table)
    assert [c[0].text for c in table.header] == ["Depth", "Typical downtime", "Sessions"]
    assert len(table.rows) == 3
    questions = sections["Questions Patients Often Ask"].blocks[0]
    assert isinstance(questions, ListBlock) and len(questions.items) == 12


def test_raw_html_is_kept_as_text(tmp_path):
    document, _ = parse(tmp_path, FRONT + "## A\n\nSee <b>this</b> and <script>x()</script>.\n")
    assert document.sections[0].blocks[0].text == "See <b>this</b> and <script>x()</script>."


def test_term_written_with_colon_outside_bold_is_a_term(tmp_path):
    document, _ = parse(tmp_path, FRONT + "## A\n\n- **Rest**: Sleep well.\n")
    item = document.sections[0].blocks[0].items[0]
    assert (item.term, item.description, item.text) == ("Rest", "Sleep well.", "Rest: Sleep well.")


def test_malformed_front_matter_names_the_line(tmp_path):
    text = FRONT.replace("title: Peel", "title: [Peel") + "## A\n\nText.\n"
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text)
    assert caught.value.where == "line 2"
    assert "not valid YAML" in caught.value.problem


@pytest.mark.parametrize("field", ["title", "language", "reviewed", "reviewed_by"])
def test_missing_required_field_is_named(tmp_path, field):
    lines = [line for line in FRONT.splitlines() if not line.startswith(f"{field}:")]
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, "\n".join(lines) + "\n## A\n\nText.\n")
    assert f"'{field}'" in caught.value.problem
    assert field in caught.value.fix


def test_empty_document_is_refused(tmp_path):
    with pytest.raises(ContentError, match="empty"):
        parse(tmp_path, "  \n")


def test_document_without_sections_is_refused(tmp_path):
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, FRONT)
    assert "##" in caught.value.fix


def test_language_must_match_the_file_name(tmp_path):
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, FRONT.replace("language: en", "language: es") + "## A\n\nText.\n")
    assert "en.md" in caught.value.message


def test_reviewed_must_be_a_date(tmp_path):
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, FRONT.replace("2026-01-15", "soon") + "## A\n\nText.\n")
    assert "reviewed" in caught.value.message


def test_text_before_the_first_section_is_refused_with_its_line(tmp_path):
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, FRONT + "Stray text.\n\n## A\n\nText.\n")
    assert caught.value.where == "line 7"


@pytest.mark.parametrize(
    "reference",
    ["https://example.com/x.png", "file:///etc/passwd", "../../../../etc/x.png", "/etc/x.png"],
)
def test_images_outside_the_content_folder_are_refused(tmp_path, reference):
    with pytest.raises(UnsafePathError) as caught:
        parse(tmp_path, FRONT + f"## A\n\n![A diagram]({reference})\n")
    assert reference in caught.value.problem
    assert caught.value.where == "line 9"


def test_image_inside_the_procedure_folder_becomes_a_figure(tmp_path):
    folder = tmp_path / "procedures" / "peel" / "images"
    folder.mkdir(parents=True)
    (folder / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    document, _ = parse(tmp_path, FRONT + "## A\n\n![A diagram](images/dot.svg)\n")
    figure = document.sections[0].blocks[0]
    assert figure.alt == "A diagram" and figure.image.media_type == "image/svg+xml"


def test_fixture_catalog_document_reads_without_notices():
    _, notices = read_document(
        FIXTURE_CONTENT / "procedures" / "chemical-peel" / "en.md", content_root=FIXTURE_CONTENT
    )
    assert notices == ()
