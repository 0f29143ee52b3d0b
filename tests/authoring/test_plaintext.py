"""A plain-text file read by the shape of its lines, never their words: the title and subtitle
on top, short lines of their own as headings, typed bullets and numbers as lists, page numbers
left out, lines that follow each other as one paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handoutkit.authoring.plaintext import BULLET, NUMBER, read_plain_text
from handoutkit.authoring.source import Block, Doubt, Kind, Omitted, Piece, Source

from ..conftest import ROOT

SEED = ROOT / "tests" / "fixtures" / "seeds" / "microneedling.txt"
PATH = Path("aftercare.txt")
SCARRING = "It is particularly effective for acne scars and other types of scarring."


def read(text: str) -> Source:
    return read_plain_text(text, PATH)


def body(text: str) -> list[tuple[Kind, str]]:
    """The kinds and texts of the blocks below a title line "Aftercare"."""
    source = read(f"Aftercare\n\n{text}")
    assert source.blocks[0] == Block(Kind.TITLE, "line 1", (Piece("Aftercare"),))
    return [(block.kind, block.text) for block in source.blocks[1:]]


# --- the title and the subtitle ---------------------------------------------------------------


def test_the_first_line_is_the_title_and_the_line_below_it_the_subtitle():
    source = read("Chemical Peel\nSkin Resurfacing\n\nA peel removes the top layer of skin.\n")
    assert source.blocks[:2] == (
        Block(Kind.TITLE, "line 1", (Piece("Chemical Peel"),)),
        Block(Kind.SUBTITLE, "line 2", (Piece("Skin Resurfacing"),)),
    )
    assert (source.path, source.form, source.language) == (PATH, "plain text", None)


def test_a_title_alone_above_a_blank_line_has_no_subtitle():
    source = read("Chemical Peel\n\nA peel removes the top layer of skin.\n")
    assert [b.kind for b in source.blocks] == [Kind.TITLE, Kind.PARAGRAPH]
    assert source.of(Kind.SUBTITLE) == ()


def test_blank_lines_and_spaces_around_the_title_are_dropped_and_its_line_is_kept():
    source = read("\n\n   Chemical   Peel  \n\tSkin Resurfacing \n\nText.\n")
    assert [(b.kind, b.origin, b.text) for b in source.blocks[:2]] == [
        (Kind.TITLE, "line 3", "Chemical Peel"),
        (Kind.SUBTITLE, "line 4", "Skin Resurfacing"),
    ]


def test_a_title_written_with_a_colon_above_its_subtitle_loses_the_colon_and_says_so():
    (title,) = read("Microneedling:\nCollagen Induction Therapy\n\nText.\n").of(Kind.TITLE)
    assert (title.text, title.colon) == ("Microneedling", True)


def test_a_title_ending_with_a_colon_but_without_a_subtitle_keeps_its_colon():
    (title,) = read("Microneedling:\n\nText.\n").of(Kind.TITLE)
    assert (title.text, title.colon) == ("Microneedling:", False)


def test_a_title_without_a_colon_is_not_marked_as_having_one():
    (title,) = read("Microneedling\nCollagen Induction Therapy\n\nText.\n").of(Kind.TITLE)
    assert title.colon is False


def test_an_empty_file_has_no_blocks():
    assert read("").blocks == ()
    assert read("\n \n\t\n").blocks == ()


# --- page numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["7", "13", "2024", "Page 3", "page 3 of 4", "PAGE 12 / 14",
                                  "P. 12", "p.3"])  # fmt: skip
def test_a_page_number_is_left_out_and_listed_with_its_line(line):
    source = read(f"Aftercare\n\nRest today.\n\n{line}\n\nCall us tomorrow.\n")
    assert source.omitted == (Omitted("line 5", line, "a page number"),)
    assert [b.text for b in source.blocks] == ["Aftercare", "Rest today.", "Call us tomorrow."]


@pytest.mark.parametrize("line", ["12345", "Page three", "3/4", "Page 3 of the leaflet"])
def test_a_line_that_only_looks_like_a_page_number_is_kept(line):
    source = read(f"Aftercare\n\nRest today.\n\n{line}\n")
    assert source.omitted == ()
    assert source.blocks[-1].text == line


def test_spaces_around_a_page_number_do_not_hide_it():
    assert read("Aftercare\n\nRest.\n\n   13  \n").omitted == (
        Omitted("line 5", "13", "a page number"),
    )


# --- lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["•", "·", "▪", "◦", "-", "–", "*"])
def test_a_line_opening_with_a_bullet_and_a_space_is_a_bulleted_item(marker):
    source = read(f"Aftercare\n\n{marker} Rest today.\n{marker}   Drink water.\n")
    assert [(b.kind, b.origin, b.text, b.number) for b in source.blocks[1:]] == [
        (Kind.BULLET, "line 3", "Rest today.", None),
        (Kind.BULLET, "line 4", "Drink water.", None),
    ]


def test_a_line_opening_with_a_number_and_a_full_stop_or_parenthesis_is_a_numbered_item():
    source = read("Aftercare\n\n1. Clean the skin.\n2) Apply the cream.\n10. Rest.\n")
    assert [(b.kind, b.number, b.text) for b in source.blocks[1:]] == [
        (Kind.NUMBER, 1, "Clean the skin."),
        (Kind.NUMBER, 2, "Apply the cream."),
        (Kind.NUMBER, 10, "Rest."),
    ]


def test_an_indented_item_is_an_item_all_the_same():
    source = read("Aftercare\n\n    1. Clean the skin.\n    2. Rest.\n")
    assert [(b.kind, b.number, b.origin) for b in source.blocks[1:]] == [
        (Kind.NUMBER, 1, "line 3"),
        (Kind.NUMBER, 2, "line 4"),
    ]


@pytest.mark.parametrize(
    "line",
    ["1.5 mg of cream a day.", "-5 degrees at night.", "1.Rest today.", "•Rest today."],
)
def test_a_marker_without_a_space_after_it_does_not_make_an_item(line):
    assert body(f"Rest well.\n{line}\n") == [(Kind.PARAGRAPH, f"Rest well. {line}")]


def test_an_item_opening_with_a_short_term_and_a_colon_has_that_term():
    source = read("Aftercare\n\n- Sun: Avoid it for a week.\n- Water: Drink a lot.\n"
                  "\n1. Post-Treatment Care: A serum is applied.\n")  # fmt: skip
    assert [(b.kind, b.term, b.text) for b in source.blocks[1:]] == [
        (Kind.BULLET, "Sun", "Avoid it for a week."),
        (Kind.BULLET, "Water", "Drink a lot."),
        (Kind.NUMBER, "Post-Treatment Care", "A serum is applied."),
    ]


def test_a_term_of_six_words_is_a_term_and_of_seven_is_not():
    source = read("Aftercare\n\n- One two three four five six: rest\n"
                  "- One two three four five six seven: rest\n")  # fmt: skip
    assert [(b.term, b.text) for b in source.blocks[1:]] == [
        ("One two three four five six", "rest"),
        (None, "One two three four five six seven: rest"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Call us. Then: rest.", "Why? Because: it heals.", "Rest:now", "Rest at 3:30 pm today"],
)
def test_an_item_whose_colon_does_not_close_a_short_opening_term_has_no_term(text):
    source = read(f"Aftercare\n\n- {text}\n- Drink water.\n")
    assert (source.blocks[1].term, source.blocks[1].text) == (None, text)


def test_a_bulleted_list_of_one_item_is_a_paragraph_said_as_a_doubt():
    source = read("Aftercare\n\nRest today.\n\n• Drink water.\n\nCall us.\n")
    assert [(b.kind, b.origin, b.text) for b in source.blocks[1:]] == [
        (Kind.PARAGRAPH, "line 3", "Rest today."),
        (Kind.PARAGRAPH, "line 5", "Drink water."),
        (Kind.PARAGRAPH, "line 7", "Call us."),
    ]
    assert source.doubts == (
        Doubt("line 5", "a bulleted list of one item was imported as a paragraph."),
    )


def test_a_lone_bullet_with_a_term_keeps_the_term_in_its_paragraph():
    source = read("Aftercare\n\n• Sun: Avoid it.\n")
    assert source.blocks[1] == Block(Kind.PARAGRAPH, "line 3", (Piece("Sun: Avoid it."),))


def test_a_numbered_list_of_one_item_stays_a_numbered_item():
    source = read("Aftercare\n\nRest today.\n\n1. Drink water.\n\nCall us.\n")
    assert [b.kind for b in source.blocks[1:]] == [Kind.PARAGRAPH, Kind.NUMBER, Kind.PARAGRAPH]
    assert source.doubts == ()


def test_items_split_by_a_blank_line_are_one_list():
    source = read("Aftercare\n\n• Rest.\n\n• Drink water.\n")
    assert [b.kind for b in source.blocks[1:]] == [Kind.BULLET, Kind.BULLET]
    assert source.doubts == ()


# --- headings ----------------------------------------------------------------------------


def test_a_short_line_of_its_own_is_a_heading():
    source = read("Aftercare\n\nAfter your visit\n\nRest today.\n")
    assert source.blocks[1:] == (
        Block(Kind.HEADING, "line 3", (Piece("After your visit"),)),
        Block(Kind.PARAGRAPH, "line 5", (Piece("Rest today."),)),
    )
    assert source.doubts == ()


def test_a_heading_directly_above_its_text_is_a_heading_all_the_same():
    assert body("Risks and Considerations\nWhile it is safe, there are some risks:\n") == [
        (Kind.HEADING, "Risks and Considerations"),
        (Kind.PARAGRAPH, "While it is safe, there are some risks:"),
    ]


def test_a_line_of_twelve_words_is_a_heading_and_of_thirteen_a_paragraph():
    twelve = " ".join(f"w{n}" for n in range(12))
    assert body(f"{twelve}\n\n{twelve} w12\n") == [
        (Kind.HEADING, twelve),
        (Kind.PARAGRAPH, f"{twelve} w12"),
    ]


@pytest.mark.parametrize("end", [".", ",", ";", ":", "…"])
def test_a_short_line_ending_like_a_sentence_or_a_clause_is_a_paragraph(end):
    assert body(f"Rest today{end}\n") == [(Kind.PARAGRAPH, f"Rest today{end}")]


def test_a_short_line_ending_with_a_question_mark_is_a_heading_said_as_a_doubt():
    source = read("Aftercare\n\nWhat is Microneedling?\n\nIt is a treatment.\n")
    assert source.blocks[1] == Block(Kind.HEADING, "line 3", (Piece("What is Microneedling?"),))
    (doubt,) = source.doubts
    assert doubt.origin == "line 3"
    assert "‘What is Microneedling?’ was taken as a heading" in doubt.text
    assert "join it to its paragraph" in doubt.text  # what to do if it is a sentence


def test_a_short_line_right_below_a_paragraph_line_belongs_to_the_paragraph():
    assert body("The skin heals in a week.\nRest well\n") == [
        (Kind.PARAGRAPH, "The skin heals in a week. Rest well"),
    ]


def test_a_short_line_right_below_a_list_is_a_paragraph_not_a_heading():
    assert body("- Rest.\n- Drink water.\nCall us today\n") == [
        (Kind.BULLET, "Rest."),
        (Kind.BULLET, "Drink water."),
        (Kind.PARAGRAPH, "Call us today"),
    ]


# --- paragraphs ----------------------------------------------------------------------------


def test_lines_that_follow_each_other_are_one_paragraph_joined_by_a_space():
    source = read("Aftercare\n\nApply the cream twice a day,\nfor a   week,\n  then stop.\n")
    assert source.blocks[1:] == (
        Block(Kind.PARAGRAPH, "line 3", (Piece("Apply the cream twice a day, for a week, then "
                                               "stop."),)),
    )  # fmt: skip


def test_a_blank_line_ends_a_paragraph():
    assert body("Rest today.\n\nCall us tomorrow.\n") == [
        (Kind.PARAGRAPH, "Rest today."),
        (Kind.PARAGRAPH, "Call us tomorrow."),
    ]


def test_an_item_ends_the_paragraph_above_it():
    assert body("Here are some tips:\n- Rest.\n- Drink water.\n") == [
        (Kind.PARAGRAPH, "Here are some tips:"),
        (Kind.BULLET, "Rest."),
        (Kind.BULLET, "Drink water."),
    ]


# --- no word is lost ----------------------------------------------------------------------

LINES = [
    "",
    "",
    "After your visit",
    "Is it safe?",
    "Rest today and drink water.",
    "then call us,",
    "• Sun: Avoid it for a week.",
    "- Drink water.",
    "1. Clean the skin.",
    "2) Post-Treatment Care: Apply the serum.",
    "7",
    "Page 2 of 3",
    "Here are some tips:",
    "1.5 mg of cream a day.",
]


def words_of(source: Source) -> list[str]:
    """The words of the blocks and of what was left out, in the order of their lines."""
    placed: list[tuple[int, str]] = []
    for block in source.blocks:
        text = f"{block.term}: {block.text}" if block.term else block.text
        placed.append((int(block.origin.removeprefix("line ")), text))
    placed += [(int(part.origin.removeprefix("line ")), part.text) for part in source.omitted]
    return " ".join(text for _, text in sorted(placed)).split()


@settings(max_examples=80)
@given(st.lists(st.sampled_from(LINES), max_size=12))
def test_every_word_of_the_file_is_a_blocks_or_a_left_out_parts_but_the_list_markers(lines):
    source = read("\n".join(["Aftercare", "", *lines]))
    expected = ["Aftercare"]
    for line in lines:
        marked = BULLET.match(line) or NUMBER.match(line)
        expected += (marked.group("text") if marked else line).split()
    assert words_of(source) == expected


# --- the seed --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Source:
    return read_plain_text(SEED.read_text(encoding="utf-8"), SEED)


def test_the_seeds_title_is_written_with_a_colon_above_its_subtitle(seed):
    assert seed.blocks[:2] == (
        Block(Kind.TITLE, "line 1", (Piece("Microneedling"),), colon=True),
        Block(Kind.SUBTITLE, "line 2", (Piece("Collagen Induction Therapy"),)),
    )


def test_the_seed_has_six_headings_two_of_them_questions_said_as_doubts(seed):
    assert [(b.origin, b.text) for b in seed.of(Kind.HEADING)] == [
        ("line 4", "What is Microneedling?"),
        ("line 7", "How Does Microneedling Work?"),
        ("line 15", "Benefits of Microneedling"),
        ("line 23", "Post-Treatment Care and Recovery"),
        ("line 31", "Risks and Considerations"),
        ("line 39", "Conclusion"),
    ]
    assert [d.origin for d in seed.doubts if "as a heading" in d.text] == ["line 4", "line 7"]


def test_the_seeds_page_number_is_left_out(seed):
    assert seed.omitted == (Omitted("line 42", "13", "a page number"),)
    assert not any(block.text == "13" for block in seed.blocks)


def test_the_seeds_sixteen_list_items_each_have_their_term(seed):
    items = [b for b in seed.blocks if b.kind in (Kind.BULLET, Kind.NUMBER)]
    assert [(b.kind, b.number, b.term) for b in items] == [
        (Kind.NUMBER, 1, "Preparation"),
        (Kind.NUMBER, 2, "Microneedling"),
        (Kind.NUMBER, 3, "Post-Treatment Care"),
        (Kind.NUMBER, 1, "Improves Skin Texture"),
        (Kind.NUMBER, 2, "Reduces Scarring"),
        (Kind.NUMBER, 3, "Minimizes Stretch Marks"),
        (Kind.NUMBER, 4, "Enhances Product Absorption"),
        (Kind.NUMBER, 5, "Safe for Most Skin Types"),
        (Kind.BULLET, None, "Avoid Sun Exposure"),
        (Kind.BULLET, None, "Hydrate"),
        (Kind.BULLET, None, "Avoid Strong Products"),
        (Kind.BULLET, None, "Avoid Strenuous Activity"),
        (Kind.BULLET, None, "Infection"),
        (Kind.BULLET, None, "Skin Irritation"),
        (Kind.BULLET, None, "Bleeding"),
        (Kind.BULLET, None, "Allergic Reactions"),
    ]
    assert items[4].text == SCARRING  # the term's words are not repeated in the text


def test_the_seeds_lone_bullet_is_the_paragraph_of_its_section(seed):
    block = next(b for b in seed.blocks if b.origin == "line 9")
    assert block.kind is Kind.PARAGRAPH
    assert block.text.startswith("During a microneedling session, a device")
    assert block.text.endswith("including the face, neck, and other body parts.")
    assert seed.doubts[2:] == (
        Doubt("line 9", "a bulleted list of one item was imported as a paragraph."),
    )


def test_the_seeds_blocks_are_in_the_order_of_its_sections(seed):
    kinds = [b.kind for b in seed.blocks]
    H, P, N, B = Kind.HEADING, Kind.PARAGRAPH, Kind.NUMBER, Kind.BULLET
    assert kinds == [Kind.TITLE, Kind.SUBTITLE, H, P, H, P, N, N, N, H, N, N, N, N, N,
                     H, P, B, B, B, B, H, P, B, B, B, B, H, P]  # fmt: skip
