"""Reading procedure documents: structure from the Markdown, errors that say what to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handoutkit.errors import ContentError, UnsafePathError
from handoutkit.limits import (
    DOCUMENT_BYTES,
    FIGURE_BYTES,
    FIGURES,
    FRONT_MATTER_BYTES,
    LIST_ITEMS,
    SECTIONS,
    TABLE_COLUMNS,
    TABLE_ROWS,
    Limit,
)
from handoutkit.model import ListBlock, Paragraph, Subheading, Table
from handoutkit.read import body
from handoutkit.read.content import parse_document, read_document

from ..conftest import DEMO_CONTENT, FIXTURE_CONTENT
from ..inputs.test_files import opened_files, real

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


# --- bounds on a document's structure ------------------------------------------------------


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "procedures" / "peel" / "en.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def over_limit(tmp_path: Path, text: str, limit: Limit, found: int, line: int) -> ContentError:
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text)
    error = caught.value
    assert error.path == tmp_path / "procedures" / "peel" / "en.md"
    assert error.where == f"line {line}"
    assert limit.exceeded(found) in error.problem  # the limit's name, value and what was found
    assert "split" in error.fix or "fewer" in error.fix or "merge" in error.fix
    return error


def test_a_document_with_more_sections_than_the_limit_names_the_first_one_over(tmp_path):
    body = "".join(f"## Section {n}\n\nText {n}.\n\n" for n in range(SECTIONS.value + 1))
    # FRONT is 6 lines; each section 4: section n starts on line 7 + 4n
    over_limit(tmp_path, FRONT + body, SECTIONS, SECTIONS.value + 1, 7 + 4 * SECTIONS.value)


def test_the_most_sections_allowed_read(tmp_path):
    body = "".join(f"## Section {n}\n\nText {n}.\n\n" for n in range(SECTIONS.value))
    document, _ = parse(tmp_path, FRONT + body)
    assert len(document.sections) == SECTIONS.value


def test_a_list_with_more_items_than_the_limit_names_the_first_item_over(tmp_path):
    items = "".join(f"- Item {n}\n" for n in range(LIST_ITEMS.value + 1))
    over_limit(
        tmp_path, FRONT + "## A\n\n" + items, LIST_ITEMS, LIST_ITEMS.value + 1, 9 + LIST_ITEMS.value
    )


def test_a_numbered_list_with_more_items_than_the_limit_is_refused_too(tmp_path):
    items = "".join(f"{n + 1}. Step {n}\n" for n in range(LIST_ITEMS.value + 1))
    over_limit(
        tmp_path, FRONT + "## A\n\n" + items, LIST_ITEMS, LIST_ITEMS.value + 1, 9 + LIST_ITEMS.value
    )


def table(columns: int, rows: int) -> str:
    line = "| " + " | ".join(f"c{n}" for n in range(columns)) + " |\n"
    return line + "|" + "---|" * columns + "\n" + line * rows


def test_a_table_wider_than_the_limit_names_its_line(tmp_path):
    text = FRONT + "## A\n\nIntro.\n\n" + table(TABLE_COLUMNS.value + 1, 2)
    error = over_limit(tmp_path, text, TABLE_COLUMNS, TABLE_COLUMNS.value + 1, 11)
    assert "too wide" in error.problem


def test_a_table_with_more_rows_than_the_limit_names_its_line(tmp_path):
    text = FRONT + "## A\n\nIntro.\n\n" + table(2, TABLE_ROWS.value + 1)
    over_limit(tmp_path, text, TABLE_ROWS, TABLE_ROWS.value + 1, 11)


def test_the_largest_table_allowed_reads(tmp_path):
    document, _ = parse(tmp_path, FRONT + "## A\n\n" + table(TABLE_COLUMNS.value, TABLE_ROWS.value))
    found = document.sections[0].blocks[0]
    assert (len(found.header), len(found.rows)) == (TABLE_COLUMNS.value, TABLE_ROWS.value)


def pictures(tmp_path: Path, count: int, data: bytes = b"") -> str:
    folder = tmp_path / "procedures" / "peel" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">' + data + b"</svg>"
    lines = []
    for number in range(count):
        (folder / f"p{number}.svg").write_bytes(svg)
        lines.append(f"![Picture {number}](images/p{number}.svg)\n\n")
    return "## A\n\n" + "".join(lines)


def test_a_document_with_more_pictures_than_the_limit_names_the_first_one_over(tmp_path):
    text = FRONT + pictures(tmp_path, FIGURES.value + 1)
    over_limit(tmp_path, text, FIGURES, FIGURES.value + 1, 9 + 2 * FIGURES.value)


def test_pictures_larger_in_all_than_the_limit_name_the_picture_that_goes_over(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(body, "FIGURE_BYTES", Limit(FIGURE_BYTES.name, 4096, "bytes"))
    comment = b"<!--" + b"x" * 1500 + b"-->"  # each picture about 1.6 KB
    text = FRONT + pictures(tmp_path, 3, comment)
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text)
    error = caught.value
    assert error.where == "line 13"  # the third picture
    assert f"{FIGURE_BYTES.name} is 4 KB (found" in error.problem


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path, (FRONT + "## A\n\n" + "Text. " * 30_000 + "\n").encode())
    assert path.stat().st_size > DOCUMENT_BYTES.value
    with opened_files() as opened, pytest.raises(ContentError) as caught:
        read_document(path, content_root=tmp_path)
    assert real(path) not in opened
    error = caught.value
    assert error.path == path
    assert "too large" in error.problem
    assert f"{DOCUMENT_BYTES.name} is {DOCUMENT_BYTES.shown}" in error.problem  # 128 KB


def test_a_document_of_exactly_the_size_limit_is_read(tmp_path):
    head = (FRONT + "## A\n\n").encode()
    filler = DOCUMENT_BYTES.value - len(head) - 2
    path = write(tmp_path, head + b"x" * filler + b".\n")
    assert path.stat().st_size == DOCUMENT_BYTES.value
    document, _ = read_document(path, content_root=tmp_path)
    assert len(document.sections[0].blocks[0].text) == filler + 1


def test_front_matter_over_its_size_limit_is_refused_naming_the_limit(tmp_path):
    comment = "# " + "x" * FRONT_MATTER_BYTES.value + "\n"
    text = FRONT.replace("title: Peel\n", "title: Peel\n" + comment) + "## A\n\nText.\n"
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text)
    error = caught.value
    assert error.where == "line 2"
    assert "the front matter is too large" in error.problem
    assert f"{FRONT_MATTER_BYTES.name} is {FRONT_MATTER_BYTES.shown}" in error.problem  # 16 KB


# --- dates, encodings and characters -------------------------------------------------------


def test_an_impossible_review_date_names_its_line_and_field(tmp_path):
    text = FRONT.replace("2026-01-15", "2026-13-45") + "## A\n\nText.\n"
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text)
    error = caught.value
    assert error.where == "line 4, field 'reviewed'"
    assert error.problem == "'reviewed' is '2026-13-45', which is not a date in the calendar."
    assert "year-month-day" in error.fix


@pytest.mark.parametrize("written", ["2026-02-30", "2025-02-29", "2026-00-10"])
def test_dates_that_look_right_but_do_not_exist_are_named(tmp_path, written):
    text = FRONT.replace("title: Peel\n", "title: Peel\nsubtitle: Light\n")
    text = text.replace("2026-01-15", written) + "## A\n\nText.\n"
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text)
    assert caught.value.where == "line 5, field 'reviewed'"
    assert f"'{written}', which is not a date in the calendar" in caught.value.problem


def test_a_leap_day_is_a_date(tmp_path):
    document, _ = parse(tmp_path, FRONT.replace("2026-01-15", "2028-02-29") + "## A\n\nText.\n")
    assert document.meta.reviewed == date(2028, 2, 29)


def test_a_document_with_a_utf8_byte_order_mark_reads(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + (FRONT + "## Caf\u00e9\n\nText.\n").encode())
    document, notices = read_document(path, content_root=tmp_path)
    assert document.meta.title == "Peel" and document.sections[0].title == "Caf\u00e9"
    assert notices == ()


def test_a_document_saved_as_windows_1252_names_the_line_column_and_encoding(tmp_path):
    path = write(tmp_path, (FRONT + "## A\n\nCaf\u00e9 au lait.\n").encode("cp1252"))
    with pytest.raises(ContentError) as caught:
        read_document(path, content_root=tmp_path)
    error = caught.value
    assert error.path == path
    assert error.where == "line 9, column 4"
    assert "Windows-1252" in error.problem and "0xE9" in error.problem
    assert "UTF-8" in error.fix


def test_a_nul_character_names_its_line_and_column(tmp_path):
    path = write(tmp_path, (FRONT + "## A\n\nTe\x00xt.\n").encode())
    with pytest.raises(ContentError) as caught:
        read_document(path, content_root=tmp_path)
    assert caught.value.where == "line 9, column 3"
    assert "U+0000 (NULL)" in caught.value.problem


def test_a_vertical_tab_in_a_paragraph_is_read_as_a_line_break(tmp_path):
    path = write(tmp_path, (FRONT + "## A\n\nFirst line\x0bsecond line.\n").encode())
    document, _ = read_document(path, content_root=tmp_path)
    paragraph = document.sections[0].blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert "\x0b" not in paragraph.text
    assert paragraph.text == "First line second line."


def test_a_key_written_twice_names_both_lines(tmp_path):
    text = FRONT.replace("reviewed_by: Dr. A\n", "reviewed_by: Dr. A\ntitle: Peel again\n")
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text + "## A\n\nText.\n")
    error = caught.value
    assert error.where == "line 6, field 'title'"
    assert "'title' appears twice, on lines 2 and 6" in error.problem


def test_a_key_in_typographic_quotes_is_named_as_such(tmp_path):
    text = FRONT.replace("title: Peel", "\u201ctitle\u201d: Peel") + "## A\n\nText.\n"
    with pytest.raises(ContentError) as caught:
        parse(tmp_path, text)
    error = caught.value
    assert error.where == "line 2, field '\u201ctitle\u201d'"
    assert "typographic quotes" in error.problem
    assert "title: ..." in error.fix
