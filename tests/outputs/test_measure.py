"""Text measurement as drawn: shaped widths in the font chain, UAX #14 line breaks, fallbacks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from handoutkit.fonts import FontChain, font_chain
from handoutkit.language import language_for
from handoutkit.model import FontFamily
from handoutkit.outputs.measure import FALLBACK_EM, TextMeasurer
from handoutkit.read.brand import read_clinic

from ..conftest import DEMO_CONTENT

SENTENCE = (
    "Microneedling, also known as collagen induction therapy, is a minimally invasive "
    "cosmetic procedure designed to enhance skin appearance by stimulating collagen production."
)
CHINESE = "这一句话比较长，用来检查在幻灯片上字符之间的换行是否正确，而不会超出文本框的边界。"
ARABIC = "هذه الوثيقة موجودة لاختبار التخطيط من اليمين إلى اليسار داخل الجملة العربية."
HINDI = "यह दस्तावेज़ देवनागरी लिपि के संयोजन की जाँच के लिए है।"
# UAX #14: no line may start with these (closing punctuation, CJK full stops and commas)
NO_LINE_START = "。，、！？）」』"


@pytest.fixture(scope="module")
def lato() -> FontFamily:
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    return clinic.typography.base


def measurer_for(lato: FontFamily, text: str, code: str, **style: bool) -> TextMeasurer:
    chain = font_chain(lato, text=text, language=language_for(code))
    return TextMeasurer(lato, chain=chain, **style)


def test_the_brand_face_comes_first_and_bold_is_measured_in_the_bold_file(lato):
    m = TextMeasurer(lato)
    assert m.chain.names[0] == "Lato"
    assert TextMeasurer(lato, bold=True).em(SENTENCE) > m.em(SENTENCE)


def test_width_scales_linearly_with_size(lato):
    m = TextMeasurer(lato)
    assert m.width_pt("Collagen", 24) == pytest.approx(2 * m.width_pt("Collagen", 12))
    assert m.width_pt("Collagen", 12) > 0


def test_longer_and_wider_text_measures_wider(lato):
    m = TextMeasurer(lato)
    assert m.width_pt("skin care", 24) > m.width_pt("skin", 24)
    assert m.width_pt("WWWW", 24) > m.width_pt("iiii", 24)


def test_wrapped_lines_never_exceed_the_width_and_keep_every_word(lato):
    m = TextMeasurer(lato)
    for width in (120.0, 300.0, 640.0):
        lines = m.wrap(SENTENCE, 24, width)
        assert all(m.width_pt(line, 24) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == SENTENCE.replace(" ", "")
        assert m.line_count(SENTENCE, 24, width) == len(lines)
    assert " ".join(m.wrap(SENTENCE, 24, 300.0)) == SENTENCE  # no word is too long here
    assert len(m.wrap(SENTENCE, 24, 120.0)) > len(m.wrap(SENTENCE, 24, 640.0))


def test_wrapping_is_greedy_like_powerpoint(lato):
    m = TextMeasurer(lato)
    lines = m.wrap(SENTENCE, 24, 400.0)
    for line, following in pairwise(lines):
        # the next line's first word would not have fitted on this line
        assert m.width_pt(f"{line} {following.split()[0]}", 24) > 400.0


def test_an_over_long_word_is_broken_between_characters(lato):
    m = TextMeasurer(lato)
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    lines = m.wrap(f"a {word} b", 24, 150.0)
    assert "".join(lines).replace(" ", "") == f"a{word}b"
    assert all(m.width_pt(line, 24) <= 150.0 for line in lines)
    assert len(lines) >= 4


def test_a_long_word_never_loses_a_stacked_vietnamese_diacritic_to_the_next_line(lato):
    word = "ặ" * 30  # decomposed: a, dot below, breve and acute are one grapheme cluster
    decomposed = "a\u0323\u0306" * 30
    m = measurer_for(lato, word, "vi")
    for text in (word, decomposed):
        lines = m.wrap(text, 24, 100.0)
        assert "".join(lines) == text and len(lines) > 1
        assert all(line[0] in "aặ" for line in lines)


def test_chinese_breaks_between_characters_and_never_before_a_full_stop(lato):
    m = measurer_for(lato, CHINESE, "zh")
    assert m.chain.family_for("这").name.startswith("Noto Sans CJK")
    lines = m.wrap(CHINESE, 24, 300.0)
    assert "".join(lines) == CHINESE and len(lines) > 3
    assert all(m.width_pt(line, 24) <= 300.0 for line in lines)
    assert not any(line[0] in NO_LINE_START for line in lines)
    # greedy: the next line's first character (with what must stay with it) did not fit
    for line, following in pairwise(lines):
        assert m.width_pt(line + following[:2], 24) > 300.0


def test_arabic_is_measured_shaped_narrower_than_its_letters_alone(lato):
    """Joined Arabic forms are narrower than the isolated forms of the same letters."""
    m = measurer_for(lato, ARABIC, "ar")
    assert m.chain.family_for("ه").name == "Noto Naskh Arabic"
    word = "الوثيقة"
    assert m.em(word) < sum(m.em(letter) for letter in word) - 0.3
    lines = m.wrap(ARABIC, 24, 300.0)
    assert " ".join(lines) == ARABIC and len(lines) > 1


def test_devanagari_conjuncts_are_measured_as_one_shape(lato):
    m = measurer_for(lato, HINDI, "hi")
    assert m.chain.family_for("क").name == "Noto Sans Devanagari"
    assert m.em("क्ष") < m.em("क") + m.em("्") + m.em("ष")
    lines = m.wrap(HINDI, 24, 200.0)
    assert " ".join(lines) == HINDI


def test_a_latin_name_inside_another_script_is_measured_in_the_brand_font(lato):
    m = measurer_for(lato, ARABIC, "ar")
    text = "يظهر اسم Larkspur داخل"
    pieces = [(piece, face.family) for piece, face in m.chain.segments(text)]
    assert ("Larkspur ", "Lato") in pieces or ("Larkspur", "Lato") in pieces


def test_empty_text_and_line_breaks(lato):
    m = TextMeasurer(lato)
    assert m.wrap("", 24, 200.0) == [""]
    assert m.wrap("one\ntwo", 24, 2000.0) == ["one", "two"]


def test_an_unknown_system_family_is_measured_in_the_installed_fallback():
    m = TextMeasurer(FontFamily("No Such Font Family 123"))
    assert "No Such Font Family 123" not in m.chain.names and m.chain.names[0] == "Noto Sans"
    assert m.width_pt("WWWW", 24) > m.width_pt("iiii", 24)
    assert m.line_count(SENTENCE, 24, 300.0) >= 2


def test_without_any_font_every_character_is_six_tenths_of_an_em():
    m = TextMeasurer(FontFamily("No Such Font Family 456"), chain=FontChain(()))
    assert m.width_pt("abcde", 10) == pytest.approx(5 * FALLBACK_EM * 10)
    assert m.wrap("aaaa bbbb cccc", 10, 50.0) == ["aaaa", "bbbb", "cccc"]
