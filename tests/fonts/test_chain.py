"""The families that draw one job's text, in order, and the face each character takes."""

from __future__ import annotations

import pytest

from handoutkit.fonts import FontChain, font_chain
from handoutkit.fonts.chain import fallback_table, resolve, suggested_family
from handoutkit.language import language_for
from handoutkit.model import FontFamily, ScriptFont
from handoutkit.read.brand import read_clinic

from ..conftest import DEMO_CONTENT

ARABIC = "اتصل بنا على Larkspur 123 الرقم"
CHINESE = "请致电诊所。"
TABLE_TAIL = ("Noto Sans", "DejaVu Sans", "Noto Sans Symbols", "Noto Sans Symbols2")


@pytest.fixture(scope="module")
def lato() -> FontFamily:
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    return clinic.typography.base


def by_script(script: str, family: str) -> ScriptFont:
    return ScriptFont(script, FontFamily(family), by_language=False, where="test")


def by_language(code: str, family: str) -> ScriptFont:
    return ScriptFont(code, FontFamily(family), by_language=True, where="test")


def faces_of(chain: FontChain, text: str) -> list[tuple[str, str | None]]:
    return [(piece, face.family if face else None) for piece, face in chain.segments(text)]


def test_the_brand_family_comes_first_then_the_tables_fonts_for_the_texts_scripts(lato):
    chain = font_chain(lato, text=ARABIC, language=language_for("ar"))
    assert chain.names == ("Lato", "Noto Naskh Arabic", "Noto Sans Arabic", *TABLE_TAIL)
    assert chain.families[0].faces[0].path is None  # the brand's own file, not an installed one


def test_only_the_scripts_the_text_uses_bring_their_fonts(lato):
    chain = font_chain(lato, text="Rest today.", language=language_for("en"))
    assert chain.names == ("Lato", *TABLE_TAIL)
    assert "Noto Sans Hebrew" in font_chain(lato, text="Rest שלום", language=None).names


def test_a_brands_language_font_precedes_its_script_font_which_precedes_the_language_file(lato):
    brand_fonts = (by_script("Arab", "Noto Sans Arabic"), by_language("ar", "Noto Kufi Arabic"))
    chain = font_chain(lato, text=ARABIC, language=language_for("ar"), brand_fonts=brand_fonts)
    # the brand's for the language, its for the script, ar.toml's, then the table's
    assert chain.names == ("Lato", "Noto Kufi Arabic", "Noto Sans Arabic", "Noto Naskh Arabic",
                           *TABLE_TAIL)  # fmt: skip


def test_the_languages_own_fonts_precede_the_fallback_table(lato):
    assert fallback_table()["Hani"] == ("Noto Sans CJK SC", "Noto Sans CJK TC")
    traditional = font_chain(lato, text="請致電診所。", language=language_for("zh-Hant"))
    assert traditional.names[:3] == ("Lato", "Noto Sans CJK TC", "Noto Sans CJK SC")
    assert traditional.family_for("診").name == "Noto Sans CJK TC"
    simplified = font_chain(lato, text=CHINESE, language=language_for("zh-Hans"))
    assert simplified.family_for("诊").name == "Noto Sans CJK SC"


def test_a_brands_language_font_applies_to_the_languages_regional_and_script_variants(lato):
    brand_fonts = (by_language("zh", "Noto Sans CJK HK"),)
    chain = font_chain(lato, text="請致電", language=language_for("zh-TW"), brand_fonts=brand_fonts)
    assert chain.names[:3] == ("Lato", "Noto Sans CJK HK", "Noto Sans CJK TC")
    other = font_chain(lato, text="請致電", language=language_for("ja"), brand_fonts=brand_fonts)
    assert "Noto Sans CJK HK" not in other.names  # a font for Chinese is not one for Japanese


def test_a_brands_script_font_applies_only_when_the_text_uses_the_script(lato):
    brand_fonts = (by_script("Hebr", "Noto Serif Hebrew"),)
    assert "Noto Serif Hebrew" not in font_chain(lato, text=ARABIC, brand_fonts=brand_fonts).names
    hebrew = font_chain(lato, text="שלום", brand_fonts=brand_fonts)
    assert hebrew.names[:3] == ("Lato", "Noto Serif Hebrew", "Noto Sans Hebrew")


def test_a_brands_script_font_wins_over_the_tables_for_its_script(lato):
    brand_fonts = (by_script("Arab", "Noto Sans Arabic"),)
    chain = font_chain(lato, text=ARABIC, brand_fonts=brand_fonts)
    assert chain.family_for("ع").name == "Noto Sans Arabic"
    assert {face for _, face in faces_of(chain, ARABIC)} == {"Noto Sans Arabic", "Lato"}
    plain = font_chain(lato, text=ARABIC)
    assert plain.family_for("ع").name == "Noto Naskh Arabic"


def test_a_family_neither_shipped_nor_installed_is_left_out(lato):
    assert resolve(FontFamily("No Such Family")) is None
    brand_fonts = (by_script("Arab", "No Such Family"), by_language("ar", "Nor This One"))
    chain = font_chain(lato, text=ARABIC, language=language_for("ar"), brand_fonts=brand_fonts)
    assert chain.names == ("Lato", "Noto Naskh Arabic", "Noto Sans Arabic", *TABLE_TAIL)
    headless = font_chain(FontFamily("No Such Family"), text="Rest today.")
    assert headless.names == TABLE_TAIL
    assert headless.family_for("R").name == "Noto Sans"


def test_a_family_named_twice_is_listed_once(lato):
    brand_fonts = (by_script("Arab", "Noto Naskh Arabic"), by_language("ar", "noto naskh arabic"))
    chain = font_chain(lato, text=ARABIC, language=language_for("ar"), brand_fonts=brand_fonts)
    assert [name.casefold() for name in chain.names].count("noto naskh arabic") == 1


@pytest.mark.parametrize(
    ("char", "family"),
    [
        ("L", "Lato"), ("é", "Lato"), ("Ж", "Lato"), ("Ω", "Lato"),
        ("ع", "Noto Naskh Arabic"), ("ש", "Noto Sans Hebrew"), ("अ", "Noto Sans Devanagari"),
        ("ก", "Noto Sans Thai"), ("中", "Noto Sans CJK SC"), ("ひ", "Noto Sans CJK JP"),
        ("한", "Noto Sans CJK KR"),
    ],
)  # fmt: skip
def test_family_for_picks_the_brand_for_latin_and_noto_for_other_scripts(lato, char, family):
    chain = font_chain(lato, text=f"Larkspur {char}")
    assert chain.family_for(char).name == family
    assert chain.family_for("\ue000") is None


def test_a_script_takes_its_own_fallback_font_whatever_other_scripts_the_text_holds(lato):
    chain = font_chain(lato, text="Привет שלום 中文 한국어")
    assert chain.family_for("ש").name == "Noto Sans Hebrew"
    assert chain.family_for("中").name == "Noto Sans CJK SC"


def test_segments_cut_where_the_face_changes_and_give_back_the_text(lato):
    text = "شكراً، 12. Lato, 3! שלום ok"
    chain = font_chain(lato, text=text, language=language_for("ar"))
    pieces = faces_of(chain, text)
    assert pieces == [
        ("شكراً، 12. ", "Noto Naskh Arabic"),  # its mark, comma, digits and stop stay with it
        ("Lato, 3! ", "Lato"),
        ("שלום ", "Noto Sans Hebrew"),
        ("ok", "Lato"),
    ]
    assert "".join(piece for piece, _ in pieces) == text


def test_a_character_the_face_before_lacks_goes_to_a_face_that_has_it(lato):
    chain = font_chain(lato, text="مرحبا (Lato)", language=language_for("ar"))
    assert not chain.family_for("ع").covers("(")  # Noto Naskh Arabic has no parentheses
    assert faces_of(chain, "مرحبا (Lato)") == [("مرحبا ", "Noto Naskh Arabic"),
                                               ("(Lato)", "Lato")]  # fmt: skip


def test_text_that_starts_with_a_digit_takes_the_first_face_that_has_it(lato):
    chain = font_chain(lato, text="5 مرحبا", language=language_for("ar"))
    assert faces_of(chain, "5 مرحبا") == [("5 ", "Lato"), ("مرحبا", "Noto Naskh Arabic")]
    assert faces_of(chain, "") == []


def test_segments_take_the_bold_and_italic_faces_where_a_family_has_them(lato):
    chain = font_chain(lato, text=ARABIC, language=language_for("ar"))
    styles = [(face.family, face.weight, face.style)
              for _, face in chain.segments(ARABIC, bold=True, italic=True)]  # fmt: skip
    assert styles == [
        ("Noto Naskh Arabic", 700, "normal"),  # no italic: the upright bold
        ("Lato", 700, "italic"),
        ("Noto Naskh Arabic", 700, "normal"),
    ]


def test_a_width_is_the_sum_of_its_pieces_each_shaped_in_its_own_face(lato):
    chain = font_chain(lato, text=ARABIC, language=language_for("ar"))
    total = sum(face.em(piece) for piece, face in chain.segments(ARABIC))
    assert chain.em(ARABIC) == pytest.approx(total)
    assert chain.em(ARABIC, bold=True) > chain.em(ARABIC)
    unknown = font_chain(lato, text="\ue000")
    assert unknown.em("\ue000\ue000") == pytest.approx(1.2)  # no face: 0.6 em a character


def test_the_line_height_is_that_of_the_tallest_face_the_text_uses(lato):
    chain = font_chain(lato, text=ARABIC, language=language_for("ar"))
    arabic = chain.family_for("ع").faces[0].line_height_em
    latin = chain.families[0].faces[0].line_height_em
    assert arabic > latin
    assert chain.line_height_em(ARABIC) == pytest.approx(arabic)
    assert chain.line_height_em("Larkspur") == pytest.approx(latin)
    assert chain.line_height_em() == pytest.approx(latin)  # no text: the first family's


def test_the_font_suggested_for_a_script_is_the_tables_first_else_notos_name():
    assert suggested_family("Arab") == "Noto Naskh Arabic"
    assert suggested_family("Hani") == "Noto Sans CJK SC"
    assert suggested_family("Tfng") == "Noto Sans Tifinagh"


def test_a_brands_language_font_is_found_whatever_the_case_of_its_tag(lato):
    brand_fonts = (by_language("zh-hant", "Noto Sans CJK HK"),)
    chain = font_chain(lato, text="請致電", language=language_for("zh-Hant"),
                       brand_fonts=brand_fonts)  # fmt: skip
    assert chain.names[:2] == ("Lato", "Noto Sans CJK HK")
