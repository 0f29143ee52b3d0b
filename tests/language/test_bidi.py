"""Left-to-right stretches inside right-to-left text (UAX #9), found to be isolated."""

from __future__ import annotations

import pytest

from handoutkit.language.bidi import ltr_spans


def stretches(text: str) -> list[str]:
    return [text[start:end] for start, end in ltr_spans(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("اتصل بنا على +1 (555) 010-2030 اليوم.", ["+1 (555) 010-2030"]),
        ("زوروا https://larkspur-skin.example/book الآن.",
         ["https://larkspur-skin.example/book"]),
        ("العنوان: 120 Example Avenue, Suite 4, Springfield.",
         ["120 Example Avenue, Suite 4, Springfield"]),
        ("الدكتورة Maria Lopez في العيادة.", ["Maria Lopez"]),
        ("الخطوة 3 مهمة.", ["3"]),
        ("اتصل على +1 555 0100 أو +44 20 7946 0000.", ["+1 555 0100", "+44 20 7946 0000"]),
        ("الغرفة #12 في الطابق الثاني.", ["#12"]),
        ("שלום, Larkspur Skin Clinic, תודה.", ["Larkspur Skin Clinic"]),
    ],
    ids=["phone", "url", "address", "name", "digit", "two-phones", "hash", "hebrew"],
)  # fmt: skip
def test_each_left_to_right_stretch_in_right_to_left_text_is_found_whole(text, found):
    assert stretches(text) == found


def test_a_stretch_runs_from_its_first_strong_character_to_its_last():
    text = "اتصل على +1 (555) 010-2030."
    ((start, end),) = ltr_spans(text)
    assert text[start] == "+" and text[end - 1] == "0"
    assert text[end:] == "."  # the sentence's full stop stays in the paragraph's direction


def test_a_sign_before_a_number_starts_it_but_not_before_a_word():
    assert stretches("السعر +5 اليوم") == ["+5"]
    assert stretches("الرمز +abc اليوم") == ["abc"]
    assert stretches("+1 555 0100 اتصل") == ["+1 555 0100"]  # at the very start too


def test_text_without_left_to_right_characters_has_no_stretch():
    assert ltr_spans("مرحبا بكم في العيادة.") == []
    assert ltr_spans("שלום עולם") == []
    assert ltr_spans("") == []
    assert ltr_spans("،؟ … !") == []


def test_arabic_indic_digits_are_not_a_left_to_right_stretch():
    assert ltr_spans("اتصل على ٥٥٥ ٠١٠٠ اليوم") == []


def test_all_latin_text_is_one_stretch_from_its_first_letter_to_its_last():
    text = "Rest today, drink 2 glasses of water."
    assert ltr_spans(text) == [(0, len(text) - 1)]
    assert ltr_spans("  Larkspur  ") == [(2, 10)]


def test_a_number_that_opens_with_a_bracket_keeps_the_bracket_pair_together():
    assert stretches("اتصل على (555) 010-2030 اليوم") == ["(555) 010-2030"]
