"""Reading grades and ease scores, computed from installed packages only (no network).

Each formula is checked on a short text whose figure was worked out by hand from the
published coefficients: words, sentences, syllables and letters counted by hand (the texts
use words whose hyphenation-based syllable count is the true one).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyphen
import pytest

from handoutkit.errors import LanguageError
from handoutkit.language import Formula, ReadabilityRules, language_for, languages
from handoutkit.language import register, unregister
from handoutkit.language.formulas import FORMULAS
from handoutkit.language.readability import score
from handoutkit.model import Status
from handoutkit.quality.checks import CheckSettings, readability
from handoutkit.read.content import parse_document

PLAIN = (
    "Your skin may be red for a day. Put on a cool cloth. Do not rub it. "
    "Call us if it hurts a lot. We are here to help you."
)
DENSE = (
    "Microneedling, also known as collagen induction therapy, is a minimally invasive "
    "cosmetic procedure designed to enhance skin appearance by stimulating collagen "
    "production. Post-procedural erythema and transient inflammatory hyperpigmentation "
    "are occasionally encountered, particularly in individuals with photosensitivity. "
    "Comprehensive photoprotection is consequently recommended throughout the recuperation "
    "interval."
)


def test_plain_words_in_short_sentences_score_a_low_grade():
    result = score(PLAIN, "en")
    assert result.flesch_kincaid_grade is not None and result.flesch_kincaid_grade < 3
    assert result.smog is not None and result.smog < 7
    assert (result.words, result.sentences) == (30, 5)


def test_long_sentences_and_long_words_score_a_high_grade_and_are_named():
    result = score(DENSE, "en")
    assert result.flesch_kincaid_grade is not None and result.flesch_kincaid_grade > 16
    longest, words = result.longest_sentences[0]
    assert longest.startswith("Microneedling, also known") and words == 22
    hardest = dict(result.hardest_words)
    assert hardest["hyperpigmentation"] == 6
    assert result.hardest_words[0][1] == max(hardest.values())


def test_list_items_without_a_full_stop_count_as_sentences():
    assert score("Avoid the sun\nKeep your skin moist\nDrink water", "en").sentences == 3


def test_spanish_gets_the_spanish_formulas_and_a_crawford_grade():
    result = score("Evite el sol durante dos semanas. Use crema todos los días. Llame.", "es")
    names = [name for name, _ in result.other]
    assert names == [
        "Fernández-Huerta ease",
        "Szigriszt-Pazos perspicuity (INFLESZ)",
        "Gutiérrez de Polini comprehensibility",
        "Crawford grade",
    ]
    assert result.flesch_kincaid_grade is None and result.smog is None
    assert [name for name, _ in result.grades] == ["Crawford grade"]


def test_a_language_with_only_an_ease_formula_has_its_figure_but_no_grades():
    result = score("Évitez le soleil. Appelez la clinique.", "fr")
    assert [f.name for f in result.figures] == ["Kandel-Moles ease"]
    assert result.grades == ()
    assert result.hardest_words  # syllables counted with French hyphenation


@pytest.mark.parametrize("language", ["en", "es"])
def test_scores_are_computed_with_the_network_unavailable(language):
    """A fresh interpreter in which every socket connection fails, as on a machine offline."""
    program = f"""
import socket
def refuse(*args, **kwargs):
    raise OSError("network unavailable in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from handoutkit.language.readability import score
result = score({DENSE!r}, {language!r})
assert result.words > 0 and result.hardest_words, result
print(result.grades)
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "grade" in done.stdout
