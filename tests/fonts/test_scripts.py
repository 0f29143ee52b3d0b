"""A character's Unicode script, the run font slot it is drawn in, and what needs a glyph."""

from __future__ import annotations

import pytest

from handoutkit.fonts import Slot, script_of, slot_of
from handoutkit.fonts.scripts import is_wide, needs_glyph, script_name, sticks


@pytest.mark.parametrize(
    ("char", "script", "slot"),
    [
        ("A", "Latn", Slot.LATIN),
        ("é", "Latn", Slot.LATIN),
        ("Ж", "Cyrl", Slot.LATIN),
        ("Ω", "Grek", Slot.LATIN),
        ("中", "Hani", Slot.EAST_ASIAN),
        ("ひ", "Hira", Slot.EAST_ASIAN),
        ("カ", "Kana", Slot.EAST_ASIAN),
        ("한", "Hang", Slot.EAST_ASIAN),
        ("ع", "Arab", Slot.COMPLEX),
        ("ש", "Hebr", Slot.COMPLEX),
        ("अ", "Deva", Slot.COMPLEX),
        ("ก", "Thai", Slot.COMPLEX),
    ],
)
def test_each_script_is_drawn_in_the_slot_office_programs_give_it(char, script, slot):
    assert script_of(char) == script
    assert slot_of(script) is slot
    assert slot.value == {Slot.LATIN: "a:latin", Slot.EAST_ASIAN: "a:ea",
                          Slot.COMPLEX: "a:cs"}[slot]  # fmt: skip


def test_digits_and_punctuation_belong_to_every_script_and_marks_to_the_one_before():
    assert {script_of(char) for char in "0123456789.,!?()-"} == {"Zyyy"}
    assert script_of("\u0301") == "Zinh"  # combining acute accent
    assert script_of("\u064b") == "Zinh"  # Arabic fathatan
    assert slot_of("Zyyy") is Slot.LATIN and slot_of("Zzzz") is Slot.LATIN


def test_scripts_are_named_in_english_for_messages():
    assert script_name("Arab") == "Arabic"
    assert script_name("Hani") == "Han"
    assert script_name("Qqqq") == "Qqqq"  # not a script: the code as given


@pytest.mark.parametrize("char", [" ", "\u00a0", "\n", "\t", "\u200d", "\u200f", "\u2066",
                                  "\u2069", "\u2028", "\u2029", "\x07"])  # fmt: skip
def test_white_space_controls_and_format_characters_need_no_glyph(char):
    assert not needs_glyph(char)


@pytest.mark.parametrize("char", ["a", "5", "،", "中", "\u064b", "\ue000"])
def test_letters_digits_marks_and_private_use_characters_need_a_glyph(char):
    assert needs_glyph(char)


def test_marks_joiners_digits_and_shared_punctuation_stick_to_the_face_before_them():
    assert all(sticks(char) for char in "0 9.,;:!?()\u0301\u064b\u200d\u200c")
    assert not any(sticks(char) for char in "aЖ中عשअ")


def test_cjk_ideographs_and_full_width_forms_are_wide_and_latin_is_not():
    assert is_wide("中") and is_wide("。") and is_wide("Ａ")
    assert not is_wide("a") and not is_wide("ع")
