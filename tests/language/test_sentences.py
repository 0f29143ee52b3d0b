"""Where a sentence ends (language.sentences): the rule the checks and the readability
figures share."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from handoutkit.language import SentenceRules, language_for, languages
from handoutkit.language.sentences import SHARED, sentence_bounds, sentences


def test_a_full_stop_after_dr_ends_no_sentence():
    assert sentences("Dr. Lee will see you. Please arrive early.") == [
        "Dr. Lee will see you.",
        "Please arrive early.",
    ]


def test_a_full_stop_after_e_g_ends_no_sentence():
    assert sentences("Some fillers, e.g. Botox, wear off. Ask us.") == [
        "Some fillers, e.g. Botox, wear off.",
        "Ask us.",
    ]


def test_no_before_a_number_ends_no_sentence():
    assert sentences("Bring form No. 5 with you. It is free.") == [
        "Bring form No. 5 with you.",
        "It is free.",
    ]


def test_no_before_a_capital_is_a_sentence_of_its_own():
    assert sentences("Does it hurt? No. Most patients feel little.") == [
        "Does it hurt?",
        "No.",
        "Most patients feel little.",
    ]


def test_a_sentence_ends_after_its_closing_quote():
    assert sentences("Say “Stop.” Then rest.") == ["Say “Stop.”", "Then rest."]


def test_an_ellipsis_before_a_capital_ends_a_sentence():
    assert sentences("A little… Then more.") == ["A little…", "Then more."]


def test_a_sentence_after_an_opening_mark_starts_a_new_one():
    assert sentences("¿Duele? ¡Poco!") == ["¿Duele?", "¡Poco!"]


def test_a_line_break_ends_a_sentence_without_punctuation():
    assert sentences("Avoid the sun\nKeep your skin moist\n\nDrink water") == [
        "Avoid the sun",
        "Keep your skin moist",
        "Drink water",
    ]


def test_a_lower_case_word_after_the_punctuation_continues_the_sentence():
    assert sentences("Come at 5 p.m. or later.") == ["Come at 5 p.m. or later."]
    assert sentences("Why? because it heals.") == ["Why? because it heals."]


def test_a_digit_after_a_full_stop_starts_a_sentence():
    assert sentences("Rest today. 3 days later, wash.") == ["Rest today.", "3 days later, wash."]


def test_a_language_brings_its_own_abbreviations():
    text = "La Sra. García llama."
    spanish = language_for("es")
    with_sra = replace(spanish, sentences=SentenceRules(frozenset({"sra"}), frozenset()))
    assert sentences(text, spanish) == ["La Sra.", "García llama."]
    assert sentences(text, with_sra) == [text]


def test_the_shipped_languages_use_the_shared_abbreviations():
    """So the deck (which splits without a language) and the checks agree."""
    shipped = {language.code: language.sentences for language in languages()}
    assert {code: shipped[code] for code in ("en", "es", "fr", "de")} == {
        code: SHARED for code in ("en", "es", "fr", "de")
    }


_TEXT = st.text(alphabet="Aab .!?…”“\n5", max_size=60)


@given(_TEXT)
def test_splitting_loses_and_changes_no_word(text):
    assert " ".join(sentences(text)).split() == text.split()


@given(_TEXT)
def test_the_bounds_are_in_order_and_leave_out_only_white_space(text):
    bounds = sentence_bounds(text)
    ends = [0, *(end for _, end in bounds)]
    for (start, end), previous in zip(bounds, ends, strict=False):
        assert previous <= start < end
        assert text[previous:start].strip() == ""
    assert text[ends[-1] :].strip() == ""
