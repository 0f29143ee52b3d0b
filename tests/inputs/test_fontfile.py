"""Font files are checked before the handout, the deck and the measurer use them.

The demo clinic's Lato passes; every broken font is made from it in the test
(cut short, a table removed with fontTools) or is random bytes.
"""

from __future__ import annotations

import io
import random
import re

import pytest
from fontTools.ttLib import TTFont

from handoutkit.inputs.fontfile import FontProblem, check_font

from ..conftest import DEMO_CONTENT

FONTS = DEMO_CONTENT / "clinics" / "larkspur-skin" / "fonts"
LATO = FONTS / "Lato-Regular.ttf"


def problem(data: bytes) -> str:
    with pytest.raises(FontProblem) as caught:
        check_font(data)
    assert "copy the .ttf, .otf, .woff or .woff2 file" in caught.value.fix
    return caught.value.problem


def without(tag: str, source: bytes | None = None) -> bytes:
    """Lato saved by fontTools without its ``tag`` table."""
    font = TTFont(io.BytesIO(source or LATO.read_bytes()))
    del font[tag]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(p.name for p in FONTS.glob("*.ttf")))
def test_the_demo_clinics_lato_faces_pass(name):
    check_font((FONTS / name).read_bytes())


def test_lato_saved_again_as_woff_passes():
    font = TTFont(io.BytesIO(LATO.read_bytes()))
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    check_font(buffer.getvalue())


def test_an_empty_file_is_empty():
    assert problem(b"") == "is empty (0 bytes)."


def test_random_bytes_cannot_be_read_as_a_font():
    found = problem(random.Random(3).randbytes(20_000))
    assert found.startswith("cannot be read as a font (TTLibError: ")
    assert "Not a TrueType or OpenType font" in found


def test_a_text_file_named_ttf_cannot_be_read_as_a_font():
    found = problem((FONTS / "OFL.txt").read_bytes())
    assert found.startswith("cannot be read as a font (")


def test_a_font_cut_in_half_is_refused_saying_a_table_ends_early():
    data = LATO.read_bytes()
    found = problem(data[: len(data) // 2])
    assert found.startswith("cannot be read as a font (")
    assert "unexpected end of" in found


def test_a_font_cut_inside_its_table_directory_is_refused():
    found = problem(LATO.read_bytes()[:100])
    assert "unexpected end of table directory" in found


def test_a_font_missing_only_its_last_bytes_is_refused():
    # The table directory says the last table (GSUB, the ligatures and shaping rules)
    # runs to the end of the file: a file cut short of it is damaged, though the
    # tables a quick look decodes are whole.
    data = LATO.read_bytes()
    found = problem(data[:-1000])
    assert re.search(r"unexpected end|cut short|truncated|damaged", found)


def test_a_font_without_a_character_map_is_refused_naming_the_cmap_table():
    assert problem(without("cmap")) == "is not a complete font: it has no cmap table."


def test_a_font_without_outlines_is_refused_naming_glyf_or_cff():
    found = problem(without("glyf", without("loca")))
    assert found == "is not a complete font: it has no glyf or CFF table."


def test_a_font_without_widths_or_names_lists_every_missing_table():
    assert problem(without("name", without("hmtx"))) == (
        "is not a complete font: it has no hmtx, name table."
    )
