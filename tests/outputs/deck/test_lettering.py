"""The fonts each deck run declares, one per class of script, as the measurer used them."""

from __future__ import annotations

import pytest

from handoutkit.fonts import FontChain, Slot, font_chain, script_of, slot_of
from handoutkit.fonts.scripts import COMMON
from handoutkit.language import language_for
from handoutkit.model import FontFamily
from handoutkit.outputs.deck.lettering import LRI, PDI, Lettering, RunFonts, isolate_ltr
from handoutkit.read.brand import read_clinic

from ...conftest import DEMO_CONTENT

ARABIC = "اتصلوا بعيادة Larkspur اليوم"
CHINESE = "请致电 Larkspur 诊所。"
PHONE = "+1 (555) 010-2030"


@pytest.fixture(scope="module")
def lato() -> FontFamily:
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    return clinic.typography.base


def lettering(lato: FontFamily, text: str, code: str, document: str | None = None) -> Lettering:
    chain = font_chain(lato, text=text, language=language_for(code))
    return Lettering.of(chain, document if document is not None else text, "Lato")


def declared(fonts: RunFonts, slot: Slot) -> str | None:
    return {Slot.LATIN: fonts.latin, Slot.EAST_ASIAN: fonts.east_asian,
            Slot.COMPLEX: fonts.complex}[slot]  # fmt: skip


def test_the_defaults_are_the_families_that_draw_each_slot_of_the_document(lato):
    assert lettering(lato, ARABIC, "ar").defaults == RunFonts("Lato", None, "Noto Naskh Arabic")
    assert lettering(lato, CHINESE, "zh-Hans").defaults == RunFonts("Lato", "Noto Sans CJK SC")
    assert lettering(lato, "Rest today.", "en").defaults == RunFonts("Lato")


def test_a_latin_name_in_arabic_declares_the_brand_in_latin_and_naskh_in_complex(lato):
    pieces = lettering(lato, ARABIC, "ar").pieces(ARABIC, italic=True)
    assert pieces == [
        ("اتصلوا بعيادة ", RunFonts("Lato", None, "Noto Naskh Arabic"), False),
        ("Larkspur ", RunFonts("Lato", None, "Noto Naskh Arabic"), True),  # its own piece
        ("اليوم", RunFonts("Lato", None, "Noto Naskh Arabic"), False),
    ]
    assert "".join(piece for piece, _, _ in pieces) == ARABIC


def test_pieces_that_declare_the_same_fonts_and_slant_are_one_run(lato):
    (only,) = lettering(lato, ARABIC, "ar").pieces(ARABIC)
    assert only == (ARABIC, RunFonts("Lato", None, "Noto Naskh Arabic"), False)


def test_every_character_is_declared_in_its_slot_with_the_family_that_measured_it(lato):
    text = "شكراً Larkspur، שלום ok 12"
    letters = lettering(lato, text, "ar")
    measured = [
        (char, face.family)
        for piece, face in letters.chain.segments(text)
        for char in piece
        if script_of(char) not in COMMON
    ]
    run = [
        (char, declared(fonts, slot_of(script_of(char))))
        for piece, fonts, _ in letters.pieces(text)
        for char in piece
        if script_of(char) not in COMMON
    ]
    assert run == measured
    assert ("ש", "Noto Sans Hebrew") in run and ("ش", "Noto Naskh Arabic") in run


def test_hebrew_inside_arabic_is_a_piece_of_its_own_in_complex(lato):
    text = "مرحبا שלום مرحبا"
    pieces = lettering(lato, text, "ar").pieces(text)
    assert [(piece, fonts.complex) for piece, fonts, _ in pieces] == [
        ("مرحبا ", "Noto Naskh Arabic"),
        ("שלום ", "Noto Sans Hebrew"),
        ("مرحبا", "Noto Naskh Arabic"),
    ]


def test_chinese_pieces_declare_their_face_in_east_asian(lato):
    pieces = lettering(lato, CHINESE, "zh-Hans").pieces(CHINESE, italic=True)
    assert pieces == [
        ("请致电 ", RunFonts("Lato", "Noto Sans CJK SC"), False),
        ("Larkspur ", RunFonts("Lato", "Noto Sans CJK SC"), True),
        ("诊所。", RunFonts("Lato", "Noto Sans CJK SC"), False),
    ]


def test_chinese_in_a_latin_deck_declares_east_asian_only_where_it_is(lato):
    letters = lettering(lato, CHINESE, "en", document="Rest today.")
    assert letters.defaults == RunFonts("Lato")
    assert [(piece, fonts) for piece, fonts, _ in letters.pieces(CHINESE)] == [
        ("请致电 ", RunFonts("Lato", "Noto Sans CJK SC")),
        ("Larkspur ", RunFonts("Lato")),
        ("诊所。", RunFonts("Lato", "Noto Sans CJK SC")),
    ]


def test_italic_is_kept_only_where_the_face_has_an_italic(lato):
    letters = lettering(lato, ARABIC, "ar")
    slanted = {piece.strip(): italic for piece, _, italic in letters.pieces(ARABIC, italic=True,
                                                                            bold=True)}  # fmt: skip
    assert slanted == {"اتصلوا بعيادة": False, "Larkspur": True, "اليوم": False}
    assert not any(italic for _, _, italic in letters.pieces(ARABIC, italic=False))


def test_a_deck_in_a_family_that_is_not_there_declares_the_first_that_is():
    chain = font_chain(FontFamily("No Such Family"), text="Rest today.")
    letters = Lettering.of(chain, "Rest today.", "No Such Family")
    assert letters.defaults == RunFonts("Noto Sans")
    nothing = Lettering.of(FontChain(()), "Rest today.", "Brand")
    assert nothing.defaults == RunFonts("Brand")  # no font at all: the brand's name


def test_isolating_wraps_exactly_the_phone_number_and_changes_nothing_else():
    text = f"اتصلوا بنا على {PHONE} اليوم."
    isolated = isolate_ltr(text)
    assert isolated == f"اتصلوا بنا على {LRI}{PHONE}{PDI} اليوم."
    assert (LRI, PDI) == ("\u2066", "\u2069")
    assert isolated.replace(LRI, "").replace(PDI, "") == text


def test_isolating_wraps_each_stretch_and_leaves_right_to_left_text_alone():
    text = "زوروا https://larkspur.example أو اتصلوا على 555 0100"
    assert isolate_ltr(text) == (
        f"زوروا {LRI}https://larkspur.example{PDI} أو اتصلوا على {LRI}555 0100{PDI}"
    )
    assert isolate_ltr("مرحبا بكم.") == "مرحبا بكم."
    assert isolate_ltr("") == ""
