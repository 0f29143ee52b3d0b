"""A `Source` written as a procedure document prints exactly the source's text: every
character Markdown or YAML would read as something else is escaped or quoted, proven here by
reading the written file back with the build's own reader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from handoutkit.authoring.source import Block, Kind, Picture, Piece, Pieces, Source
from handoutkit.authoring.write import inline, write_markdown
from handoutkit.model import Document, Figure, ListBlock, Paragraph, Span, Subheading, Table
from handoutkit.model import plain as plain_text
from handoutkit.read.content import parse_document

HEADING = Block(Kind.HEADING, "line 3", (Piece("After your visit"),))


def source(*blocks: Block, title: str = "Aftercare", subtitle: str | None = None) -> Source:
    top = [Block(Kind.TITLE, "line 1", (Piece(title),))]
    if subtitle is not None:
        top.append(Block(Kind.SUBTITLE, "line 2", (Piece(subtitle),)))
    return Source(Path("notes.txt"), "plain text", (*top, *blocks))


def read_back(tmp_path: Path, text: str, language: str = "en") -> Document:
    """``text`` as the build reads it, from ``content/procedures/p/<language>.md``."""
    path = tmp_path / "content" / "procedures" / "p" / f"{language}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    document, _ = parse_document(text, path=path, content_root=tmp_path / "content")
    return document


def written(tmp_path: Path, *blocks: Block, **top: str) -> tuple[str, Document]:
    text = write_markdown(source(HEADING, *blocks, **top), "en")
    return text, read_back(tmp_path, text)


def paragraph(text: str) -> Block:
    return Block(Kind.PARAGRAPH, "line 4", (Piece(text),))


def item(kind: Kind, text: str, number: int | None = None, term: str | None = None) -> Block:
    return Block(kind, "line 4", (Piece(text),), number, term)


def is_plain(spans: tuple[Span, ...]) -> bool:
    return not any(s.strong or s.emphasis or s.code or s.href for s in spans)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 4), "red").save(out, "PNG")
    return out.getvalue()


# --- text as written -------------------------------------------------------------------------

HOSTILE = [
    "Mix a*b with c*d.",
    "The snake_case_name stays.",
    "See note [1] below.",
    "A back\\slash and \\* stay.",
    "Type `code` here.",
    "Write &amp; as it is, and &#169; and &copy; too.",
    "AT&T and R&D stay.",
    "1. not a list",
    "2) not a list either",
    "2024. A new year.",
    "# not a heading",
    "## not a heading either",
    "> not a quote",
    "+ not a list",
    "- not a list",
    "* not a list",
    "***",
    "___",
    "- - -",
    "```",
    "![not a picture](images/x.png)",
    "<b>not HTML</b> and 10 < 20 > 5.",
    "a | b | c",
    "==",
    "Cost: $5 ~ $10!",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_paragraph_with_markdown_characters_reads_back_as_written(tmp_path, text):
    _, document = written(tmp_path, paragraph(text))
    (block,) = document.sections[0].blocks
    assert isinstance(block, Paragraph)
    assert block.text == text
    assert is_plain(block.spans)


@pytest.mark.parametrize(
    "text",
    ["---", "~~~", "Write to <info@clinic.org> with questions.", "See <https://example.org>."],
    ids=["hyphens", "tildes", "email in angle brackets", "address in angle brackets"],
)
def test_a_paragraph_markdown_reads_as_a_rule_a_fence_or_a_link_reads_back_as_written(
    tmp_path, text
):
    _, document = written(tmp_path, paragraph(text))
    (block,) = document.sections[0].blocks
    assert (block.text, is_plain(block.spans)) == (text, True)


def test_inline_escapes_what_markdown_reads_and_nothing_else():
    assert inline((Piece("a*b_c `d` [e] \\f &amp; & g#h 1."),)) == (
        "a\\*b\\_c \\`d\\` \\[e\\] \\\\f \\&amp; & g#h 1."
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [("1. not a list", "1\\. not a list"), ("10) not a list", "10\\) not a list"),
     ("# not a heading", "\\# not a heading"), ("> not a quote", "\\> not a quote"),
     ("- not a list", "\\- not a list"), ("+ not a list", "\\+ not a list"),
     ("1.5 mg", "1.5 mg"), ("#hashtag", "#hashtag")],
)  # fmt: skip
def test_a_paragraph_that_would_open_like_a_list_or_heading_is_guarded(text, line):
    assert write_markdown(source(HEADING, paragraph(text)), "en").splitlines()[-1] == line


@pytest.mark.parametrize("kind", [Kind.HEADING, Kind.SUBHEADING])
@pytest.mark.parametrize("text", ["Care *after* the visit", "Day_1 and Day_2", "[Optional] steps",
                                  "1. First", "# of visits", "Q&amp;A", "C#"])  # fmt: skip
def test_a_heading_with_markdown_characters_reads_back_as_written(tmp_path, kind, text):
    block = Block(kind, "line 4", (Piece(text),))
    _, document = written(tmp_path, paragraph("Rest."), block, paragraph("Rest today."))
    if kind is Kind.HEADING:
        assert [s.title for s in document.sections] == ["After your visit", text]
    else:
        assert document.sections[0].blocks[1] == Subheading((Span(text),))


@pytest.mark.parametrize("kind", [Kind.HEADING, Kind.SUBHEADING])
def test_a_heading_ending_with_a_hash_sign_keeps_it(tmp_path, kind):
    block = Block(kind, "line 4", (Piece("Call us and press #"),))
    _, document = written(tmp_path, paragraph("Rest."), block, paragraph("Rest today."))
    texts = [document.sections[-1].title, *(b.text for b in document.sections[0].blocks)]
    assert "Call us and press #" in texts
    assert "Call us and press" not in texts


def test_a_heading_is_a_section_and_a_subheading_a_level_below():
    text = write_markdown(source(HEADING, Block(Kind.SUBHEADING, "l", (Piece("On the day"),)),
                                 paragraph("Rest.")), "en")  # fmt: skip
    assert text.split("---\n\n", 1)[1] == "## After your visit\n\n### On the day\n\nRest.\n"


# --- list items -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Kind.BULLET, Kind.NUMBER])
@pytest.mark.parametrize("text", ["Mix a*b.", "Use snake_case.", "See [1].", "Then `x`."])
def test_a_list_item_with_markdown_characters_reads_back_as_written(tmp_path, kind, text):
    number = 1 if kind is Kind.NUMBER else None
    _, document = written(tmp_path, item(kind, text, number), item(kind, "Rest.", number))
    (block,) = document.sections[0].blocks
    assert [i.text for i in block.items] == [text, "Rest."]
    assert is_plain(block.items[0].spans)


@pytest.mark.parametrize("kind", [Kind.BULLET, Kind.NUMBER])
@pytest.mark.parametrize("text", ["# of sessions: three to six.", "> 18 years old only."])
def test_a_list_item_that_opens_like_a_heading_or_quote_reads_back_as_written(tmp_path, kind, text):
    number = 1 if kind is Kind.NUMBER else None
    _, document = written(tmp_path, item(kind, text, number), item(kind, "Rest.", number))
    (block,) = document.sections[0].blocks
    assert [i.text for i in block.items] == [text, "Rest."]


def test_a_term_is_written_in_bold_with_its_colon_and_read_back_as_the_term(tmp_path):
    text, document = written(tmp_path, item(Kind.BULLET, "2 [mg] a day.", term="Dose_max*"),
                             item(Kind.BULLET, "Avoid it.", term="Sun"))  # fmt: skip
    assert "- **Dose\\_max\\*:** 2 \\[mg\\] a day.\n- **Sun:** Avoid it.\n" in text
    (block,) = document.sections[0].blocks
    assert [(i.term, i.description) for i in block.items] == [
        ("Dose_max*", "2 [mg] a day."),
        ("Sun", "Avoid it."),
    ]


def test_a_numbered_list_keeps_its_first_number():
    blocks = (item(Kind.NUMBER, "Rest.", 3), item(Kind.NUMBER, "Drink water.", 4))
    text = write_markdown(source(HEADING, *blocks), "en")
    assert text.endswith("## After your visit\n\n3. Rest.\n4. Drink water.\n")


def test_items_of_one_kind_are_one_list_and_a_new_kind_starts_another(tmp_path):
    _, document = written(tmp_path, item(Kind.NUMBER, "Clean.", 1), item(Kind.NUMBER, "Peel.", 2),
                          item(Kind.BULLET, "Rest."), item(Kind.BULLET, "Drink."))  # fmt: skip
    assert [(b.ordered, b.start, [i.text for i in b.items]) for b in
            document.sections[0].blocks] == [(True, 1, ["Clean.", "Peel."]),
                                             (False, 1, ["Rest.", "Drink."])]  # fmt: skip
    assert all(isinstance(b, ListBlock) for b in document.sections[0].blocks)


# --- the front matter --------------------------------------------------------------------------


def test_the_front_matter_has_the_title_subtitle_and_language_and_no_review_fields():
    text = write_markdown(source(HEADING, paragraph("Rest."), subtitle="What to Expect"), "es")
    assert text.startswith("---\ntitle: Aftercare\nsubtitle: What to Expect\nlanguage: es\n---\n")
    assert "reviewed" not in text


def test_without_a_subtitle_there_is_no_subtitle_field():
    text = write_markdown(source(HEADING, paragraph("Rest.")), "en")
    assert text.startswith("---\ntitle: Aftercare\nlanguage: en\n---\n\n## After your visit\n")
    assert text.endswith("Rest.\n") and not text.endswith("\n\n")


@pytest.mark.parametrize(
    "title",
    ["2024", "yes", "No", "null", "true", "~", "1.5", "Title: with colon", "Clinic #1", "@home",
     '"Quoted"', "'Single'", "- dash", "[draft]", "{draft}", "*starred", "%done", "!important",
     "&anchor", "|bar", ">fold"],
)  # fmt: skip
def test_a_title_yaml_would_read_as_something_else_is_quoted_and_reads_back_as_text(
    tmp_path, title
):
    text, document = written(tmp_path, paragraph("Rest."), title=title)
    if title not in ("yes", "No"):  # YAML 1.2, which documents are read with, reads these as text
        assert text.splitlines()[1].startswith('title: "')
    assert document.meta.title == title


@pytest.mark.parametrize(
    "title", ["Microneedling", "Chemical Peel", "Tom's Clinic", "Día 2", "Peel & care", "A\\B"]
)
def test_a_plain_title_is_written_as_it_is(tmp_path, title):
    text, document = written(tmp_path, paragraph("Rest."), title=title)
    assert text.splitlines()[1] == f"title: {title}"
    assert document.meta.title == title


def test_a_subtitle_with_a_colon_is_quoted_and_reads_back_as_text(tmp_path):
    text, document = written(tmp_path, paragraph("Rest."), subtitle="Part 2: aftercare")
    assert 'subtitle: "Part 2: aftercare"' in text.splitlines()
    assert document.meta.subtitle == "Part 2: aftercare"


def test_a_title_that_yaml_1_2_reads_as_a_number_is_quoted(tmp_path):
    _, document = written(tmp_path, paragraph("Rest."), title="1e3")
    assert document.meta.title == "1e3"


# --- bold, italic, links --------------------------------------------------------------------


def test_bold_italic_and_links_are_marked_and_read_back_with_their_style(tmp_path):
    pieces = (Piece("Apply "), Piece("twice", bold=True), Piece(" a "), Piece("day", italic=True),
              Piece(", "), Piece("gently", bold=True, italic=True), Piece(", see "),
              Piece("our page", href="https://example.org/after_care"), Piece("."))  # fmt: skip
    assert inline(pieces) == ("Apply **twice** a *day*, ***gently***, see "
                              "[our page](<https://example.org/after_care>).")  # fmt: skip
    _, document = written(tmp_path, Block(Kind.PARAGRAPH, "line 4", pieces))
    (block,) = document.sections[0].blocks
    assert block.spans == (
        Span("Apply "), Span("twice", strong=True), Span(" a "), Span("day", emphasis=True),
        Span(", "), Span("gently", strong=True, emphasis=True), Span(", see "),
        Span("our page", href="https://example.org/after_care"), Span("."),
    )  # fmt: skip


def test_white_space_at_the_edges_of_a_bold_piece_stays_outside_its_marks():
    pieces = (Piece("Apply"), Piece(" twice ", bold=True), Piece("daily"))
    assert inline(pieces) == "Apply **twice** daily"


def test_neighbouring_pieces_of_one_style_are_marked_once():
    pieces: Pieces = (Piece("Avoid ", bold=True), Piece("the sun", bold=True), Piece("."))
    assert inline(pieces) == "**Avoid the sun**."


def test_a_piece_of_white_space_alone_is_not_marked():
    assert inline((Piece("Rest"), Piece(" ", bold=True), Piece("today"))) == "Rest today"


def test_a_line_break_inside_a_piece_is_a_space():
    assert inline((Piece("Rest today\nand tomorrow."),)) == "Rest today and tomorrow."


def test_a_bold_piece_ending_with_punctuation_right_before_a_word_reads_back_bold(tmp_path):
    """CommonMark reads "**Note:**Apply" as no bold at all: the colon goes outside the marks,
    the words stay bold and the text is the same."""
    pieces = (Piece("Note:", bold=True), Piece("Apply the cream."))
    _, document = written(tmp_path, Block(Kind.PARAGRAPH, "line 4", pieces))
    assert document.sections[0].blocks[0].spans == (
        Span("Note", strong=True),
        Span(":Apply the cream."),
    )


# --- tables and pictures ------------------------------------------------------------------


def cells(*texts: str) -> tuple[Pieces, ...]:
    return tuple((Piece(text),) for text in texts)


def test_a_table_with_pipes_and_markdown_in_its_cells_reads_back_cell_by_cell(tmp_path):
    rows = (cells("Dose | time", "a|b"), cells("x\\|y", "*2*"), cells("1", "[3]"))
    text, document = written(tmp_path, Block(Kind.TABLE, "table at paragraph 4", rows=rows))
    assert "| Dose \\| time | a\\|b |\n|---|---|\n" in text
    (table,) = document.sections[0].blocks
    assert isinstance(table, Table)
    assert [plain_text(cell) for cell in table.header] == ["Dose | time", "a|b"]
    assert [[plain_text(cell) for cell in row] for row in table.rows] == [
        ["x\\|y", "*2*"],
        ["1", "[3]"],
    ]


def test_a_short_row_of_a_table_is_filled_with_empty_cells(tmp_path):
    rows = (cells("Day", "Care"), cells("Call us if it blisters."))
    text, document = written(tmp_path, Block(Kind.TABLE, "t", rows=rows))
    assert text.endswith("| Day | Care |\n|---|---|\n| Call us if it blisters. |   |\n")
    (table,) = document.sections[0].blocks
    assert [[plain_text(cell) for cell in row] for row in table.rows] == [
        ["Call us if it blisters.", ""]
    ]


def test_a_table_cell_keeps_its_bold(tmp_path):
    rows = (cells("Day", "Care"), ((Piece("1", bold=True),), (Piece("Rest"),)))
    _, document = written(tmp_path, Block(Kind.TABLE, "t", rows=rows))
    (table,) = document.sections[0].blocks
    assert table.rows[0][0] == (Span("1", strong=True),)


def test_a_picture_is_written_with_its_description_escaped_and_reads_back(tmp_path):
    picture = Picture("picture-1.png", png(), "A [red] square_one")
    folder = tmp_path / "content" / "procedures" / "p" / "images"
    folder.mkdir(parents=True)
    (folder / "picture-1.png").write_bytes(picture.data)
    text = write_markdown(source(HEADING, Block(Kind.PICTURE, "l", picture=picture)), "en")
    assert text.endswith("![A \\[red\\] square\\_one](images/picture-1.png)\n")
    (figure,) = read_back(tmp_path, text).sections[0].blocks
    assert isinstance(figure, Figure)
    assert (figure.alt, figure.image.data) == ("A [red] square_one", png())


def test_the_pictures_folder_can_be_named():
    picture = Picture("picture-1.png", b"", "A square")
    text = write_markdown(source(HEADING, Block(Kind.PICTURE, "l", picture=picture)), "en",
                          pictures_folder="figures")  # fmt: skip
    assert text.endswith("![A square](figures/picture-1.png)\n")
