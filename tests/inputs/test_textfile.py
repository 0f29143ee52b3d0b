"""decode_text: the bytes people save become text with LF line ends, or one clear error."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from handoutkit.errors import BrandError, ContentError
from handoutkit.inputs.textfile import decode_text

PATH = Path("content/procedures/microneedling/en.md")


def decode(data: bytes) -> str:
    return decode_text(data, path=PATH, error=ContentError)


def refusal(data: bytes) -> ContentError:
    with pytest.raises(ContentError) as caught:
        decode(data)
    return caught.value


# --- what is accepted -------------------------------------------------------------------


def test_utf8_text_is_returned_unchanged() -> None:
    text = "---\ntitle: Microneedling\n---\n\n## Après\n\n– « Évitez » le soleil 🌞\n"
    assert decode(text.encode()) == text


def test_a_utf8_byte_order_mark_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbf---\ntitle: x\n") == "---\ntitle: x\n"


def test_crlf_and_lone_cr_line_endings_become_lf() -> None:
    assert decode(b"one\r\ntwo\rthree\nfour\r\n\r\nfive\r") == "one\ntwo\nthree\nfour\n\nfive\n"


def test_a_vertical_tab_is_read_as_a_line_break() -> None:
    assert decode(b"first line\x0bsecond line\n") == "first line\nsecond line\n"


def test_line_and_paragraph_separators_are_read_as_line_breaks() -> None:
    assert decode("a\u2028b\u2029c".encode()) == "a\nb\nc"


def test_tabs_are_kept() -> None:
    assert decode(b"a\tb\n") == "a\tb\n"


def test_an_empty_file_is_empty_text() -> None:
    assert decode(b"") == ""


def test_a_large_clean_text_is_decoded_exactly() -> None:
    line = "Après le traitement, évitez le soleil “direct” pendant 48 h.\n"
    text = line * (128 * 1024 // len(line.encode()))
    assert decode(text.encode()) == text


# --- UTF-16 and UTF-32 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "bom", "name"),
    [
        ("utf-16-le", "FF FE", "UTF-16 LE"),
        ("utf-16-be", "FE FF", "UTF-16 BE"),
        ("utf-32-le", "FF FE 00 00", "UTF-32 LE"),
        ("utf-32-be", "00 00 FE FF", "UTF-32 BE"),
    ],
)
def test_a_file_saved_as_utf16_or_utf32_with_a_byte_order_mark_is_refused(
    codec: str, bom: str, name: str
) -> None:
    error = refusal("\ufeff---\ntitle: Knee\n".encode(codec))
    assert f"saved as {name}" in error.problem
    assert bom in error.problem
    assert "Notepad" in error.fix and "Encoding: UTF-8" in error.fix
    assert "Word" in error.fix and "Unicode (UTF-8)" in error.fix
    assert error.path == PATH


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16-le", "UTF-16 LE"),
        ("utf-16-be", "UTF-16 BE"),
        ("utf-32-le", "UTF-32 LE"),
        ("utf-32-be", "UTF-32 BE"),
    ],
)
def test_utf16_without_a_byte_order_mark_is_recognised(codec: str, name: str) -> None:
    error = refusal("---\ntitle: Knee treatment\n---\n".encode(codec))
    assert f"saved as {name} without a byte-order mark" in error.problem
    assert "Encoding: UTF-8" in error.fix


def test_a_single_nul_byte_is_a_control_character_not_utf16() -> None:
    error = refusal(b"a\n\x00")
    assert error.where == "line 2, column 1"
    assert "U+0000 (NULL)" in error.problem


# --- bytes that are not UTF-8 -----------------------------------------------------------


def test_windows_1252_bytes_are_refused_with_line_column_byte_and_character() -> None:
    error = refusal(b"Line one\r\nShe said \x93hi\x94.\r\n")
    assert error.where == "line 2, column 10"
    assert "0x93" in error.problem
    assert "Windows-1252" in error.problem
    assert "“" in error.problem
    assert "Encoding: UTF-8" in error.fix
    assert error.message.startswith(f"{PATH}, line 2, column 10: ")


def test_latin_1_letters_are_shown_as_the_windows_1252_character() -> None:
    error = refusal("Durée\n".encode("latin-1"))
    assert error.where == "line 1, column 4"
    assert "0xE9" in error.problem and "é" in error.problem


def test_bytes_undefined_in_windows_1252_are_called_an_8_bit_encoding() -> None:
    error = refusal(b"ok\nab\x81c")
    assert error.where == "line 2, column 3"
    assert "0x81" in error.problem
    assert "an 8-bit encoding such as Latin-1" in error.problem
    assert "Windows-1252" not in error.problem


def test_a_windows_1252_byte_in_a_utf8_file_is_reported_as_pasted_text() -> None:
    error = refusal("Température\nIl a dit ".encode() + b"\x93oui\x94")
    assert error.where == "line 2, column 10"
    assert "partly UTF-8" in error.problem and "0x93" in error.problem
    assert "Windows-1252" in error.problem and "“" in error.problem
    assert error.fix.startswith("retype the character")


def test_columns_count_characters_not_bytes() -> None:
    error = refusal("éèà ".encode() + b"\xff")
    assert error.where == "line 1, column 5"


def test_line_numbers_count_crlf_lf_and_lone_cr_once_each() -> None:
    assert refusal(b"a\r\nb\rc\nd\r\n\x93").where == "line 5, column 1"


def test_the_utf8_byte_order_mark_is_not_a_column() -> None:
    assert refusal(b"\xef\xbb\xbfab\x93").where == "line 1, column 3"


def test_a_utf8_sequence_cut_off_at_the_end_of_the_file_is_refused() -> None:
    error = refusal(b"abc\n\xe2\x80")
    assert error.where == "line 2, column 1"
    assert "0xE2" in error.problem


# --- control characters -----------------------------------------------------------------


def test_a_form_feed_is_refused_as_a_page_break_from_word() -> None:
    error = refusal(b"## One\n\nText\x0c## Two\n")
    assert error.where == "line 3, column 5"
    assert "U+000C (FORM FEED)" in error.problem
    assert "page break" in error.problem and "Word" in error.problem
    assert "new slides" in error.problem and "breaks pages" in error.problem
    assert "delete" in error.fix


def test_a_nul_character_is_refused_with_its_name() -> None:
    error = refusal(b"title: a\x00b\n")
    assert error.where == "line 1, column 9"
    assert "U+0000 (NULL)" in error.problem


def test_a_c1_control_character_hints_at_a_wrong_windows_1252_conversion() -> None:
    error = refusal("## Soins\n\n\u0093Bien\u0094".encode())
    assert error.where == "line 3, column 1"
    assert "U+0093 (SET TRANSMIT STATE)" in error.problem
    assert "converted from Windows-1252 wrongly" in error.problem
    assert "“" in error.problem


def test_a_c1_character_undefined_in_windows_1252_still_gets_the_conversion_hint() -> None:
    error = refusal("x\u0081".encode())
    assert "U+0081 (HIGH OCTET PRESET)" in error.problem
    assert "converted from Windows-1252 wrongly" in error.problem


CONTROLS = [
    chr(code)
    for code in range(0xA0)
    if unicodedata.category(chr(code)) == "Cc" and chr(code) not in "\t\n\r\x0b"
]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda char: f"U+{ord(char):04X}")
def test_every_other_control_character_is_refused_with_its_unicode_name(char: str) -> None:
    error = refusal(f"ab\ncd{char}ef".encode())
    assert error.where == "line 2, column 3"
    shown = error.problem.split(f"U+{ord(char):04X} (", 1)[1].split(")", 1)[0]
    assert unicodedata.lookup(shown) == char


def test_a_vertical_tab_does_not_shift_the_lines_errors_name() -> None:
    # Editors do not end a line at a vertical tab, so neither do error positions.
    assert refusal(b"a\x0bb\n\x00").where == "line 2, column 1"


def test_only_the_first_problem_is_reported() -> None:
    error = refusal(b"ok\nx\x07y\x0cz\n\x00")
    assert error.where == "line 2, column 2"
    assert "U+0007 (ALERT)" in error.problem
    assert "FORM FEED" not in error.problem


def test_a_control_character_after_a_large_clean_text_is_found() -> None:
    data = b"clean text line\n" * 8000 + b"x\x1b"
    assert refusal(data).where == "line 8001, column 2"


# --- other files --------------------------------------------------------------------


def test_a_word_document_renamed_to_md_is_recognised() -> None:
    error = refusal(b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    assert "Word document" in error.problem
    assert "Unicode (UTF-8)" in error.fix


def test_the_error_type_passed_in_is_raised() -> None:
    with pytest.raises(BrandError) as caught:
        decode_text(b"name: \x93x", path=Path("_brand.yml"), error=BrandError)
    assert caught.value.path == Path("_brand.yml")
    assert caught.value.where == "line 1, column 7"
