"""One face as drawn: the characters its map covers and text shaped by HarfBuzz, in em."""

from __future__ import annotations

import io

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from handoutkit.fonts import Face
from handoutkit.fonts.chain import resolve
from handoutkit.fonts.faces import brand_face
from handoutkit.model import Asset, FontFace, FontFamily
from handoutkit.read.brand import read_clinic

from ..conftest import DEMO_CONTENT

PRIVATE_USE = "\ue000"
ARABIC_WORD = "سلام"  # four letters that join: initial, medial, medial, final


def private_use_font(family: str = "Private Use Test", advance: int = 600) -> bytes:
    """A tiny TrueType font drawing one square at U+E000 (``advance`` units of 1000 wide):
    no installed font has that character."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "square"])
    builder.setupCharacterMap({ord(PRIVATE_USE): "square"})
    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 500), (500, 500), (500, 0)):
        (pen.lineTo if pen.points else pen.moveTo)(point)
    pen.closePath()
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "square": (advance, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


def private_use_family(family: str = "Private Use Test") -> FontFamily:
    """A brand family shipped as a file: the private-use font."""
    asset = Asset("PrivateUse-Regular.ttf", "font/ttf", private_use_font(family))
    return FontFamily(family, (FontFace(400, "normal", asset),))


@pytest.fixture(scope="module")
def lato() -> FontFamily:
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    return clinic.typography.base


def naskh() -> Face:
    family = resolve(FontFamily("Noto Naskh Arabic"))
    assert family is not None, "Noto Naskh Arabic is installed by scripts/install-system-deps.sh"
    return family.face()


def test_a_face_covers_exactly_the_characters_of_its_map(lato):
    regular = brand_face("Lato", lato.face())
    assert regular.covers("a") and regular.covers("é")
    assert not regular.covers("中") and not regular.covers("ع")
    assert ord("a") in regular.characters and ord("ع") not in regular.characters
    arabic = naskh()
    assert arabic.covers("ع") and arabic.covers("،") and not arabic.covers("a")


def test_a_brand_face_keeps_its_weight_and_style_and_is_keyed_by_its_bytes(lato):
    bold_italic = brand_face("Lato", lato.face(bold=True, italic=True))
    assert (bold_italic.weight, bold_italic.style, bold_italic.bold) == (700, "italic", True)
    regular = brand_face("Lato", lato.face())
    assert regular.digest != bold_italic.digest
    assert regular == brand_face("Lato", lato.face())  # the same bytes, the same face


def test_an_installed_face_is_read_from_its_file_with_its_weights():
    family = resolve(FontFamily("Noto Naskh Arabic"))
    assert {(face.weight, face.style) for face in family.faces} == {
        (400, "normal"),
        (700, "normal"),
    }
    assert all(face.path and face.path.endswith(".ttf") for face in family.faces)


def test_a_width_is_the_advances_of_the_shaped_glyphs_in_em():
    face = Face("Private Use Test", 400, "normal", "digest", 0, private_use_font(advance=600))
    assert face.covers(PRIVATE_USE) and not face.covers("a")
    assert face.em(PRIVATE_USE) == pytest.approx(0.6)
    assert face.em(PRIVATE_USE * 5) == pytest.approx(3.0)
    assert face.line_height_em == pytest.approx(1.0)  # ascender 800 - descender -200


def test_shaped_arabic_is_narrower_than_its_letters_set_apart():
    face = naskh()
    joined = face.em(ARABIC_WORD)
    isolated = sum(face.em(letter) for letter in ARABIC_WORD)
    assert 0 < joined < 0.9 * isolated  # joining forms are narrower than isolated ones


def test_wider_letters_and_bold_measure_wider(lato):
    regular = brand_face("Lato", lato.face())
    bold = brand_face("Lato", lato.face(bold=True))
    assert regular.em("WWWW") > regular.em("iiii")
    assert bold.em("Microneedling") > regular.em("Microneedling")
    assert regular.em("skin care") == pytest.approx(regular.em("skin") + regular.em(" care"))


def test_empty_text_measures_nothing():
    assert naskh().em("") == 0


def test_an_unreadable_face_covers_nothing():
    broken = Face("Broken", 400, "normal", "broken-digest", 0, b"not a font at all")
    assert not broken.covers("a")
    assert broken.characters == frozenset()


def test_an_unreadable_face_is_measured_as_six_tenths_of_an_em_a_character():
    broken = Face("Broken", 400, "normal", "broken-digest", 0, b"not a font at all")
    assert broken.em("abc") == pytest.approx(1.8)
    assert broken.line_height_em == pytest.approx(1.2)
