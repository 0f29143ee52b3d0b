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
from handoutkit.language import (
    Formula,
    ReadabilityRules,
    language_for,
    languages,
    register,
    unregister,
)
from handoutkit.language.formulas import FORMULAS
from handoutkit.language.readability import score, sentences
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
from handoutkit.language.readability import score, sentences
result = score({DENSE!r}, {language!r})
assert result.words > 0 and result.hardest_words, result
print(result.grades)
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "grade" in done.stdout


# Each formula on a short text, its figure worked out by hand from the published coefficients.
# The counts are in the comments: W words, S sentences, Y syllables, L letters.
BY_HAND = [
    # W 20, S 4 (a sentence of two words counts too), Y 24; one word of 3+ syllables
    # ("tomorrow").
    ("en", "Rest now. Wash your skin with cool water. Do not rub it. "
           "Call the clinic if it is red tomorrow.",
     {"Flesch-Kincaid grade": 0.39 * 20 / 4 + 11.8 * 24 / 20 - 15.59,  # 0.52
      "SMOG grade": 1.0430 * (1 * 30 / 4) ** 0.5 + 3.1291}),  # 5.99
    # W 12, S 2, Y 28 (doc-to-ra, re-vi-sa-rá, he-ri-da, ...), L 62.
    ("es", "La doctora revisará la herida mañana. Tome el medicamento después de comer.",
     {"Fernández-Huerta ease": 206.84 - 0.60 * (100 * 28 / 12) - 1.02 * 12 / 2,  # 60.72
      "Szigriszt-Pazos perspicuity (INFLESZ)": 206.835 - 62.3 * 28 / 12 - 12 / 2,  # 55.47
      "Gutiérrez de Polini comprehensibility": 95.2 - 9.7 * 62 / 12 - 0.35 * 12 / 2,  # 42.98
      "Crawford grade": -0.205 * (100 * 2 / 12) + 0.049 * (100 * 28 / 12) - 3.407}),  # 4.61
    # W 13, S 2, Y 23 (doc-teur, phar-ma-cien, mé-di-ca-ment, ...).
    ("fr", "Le docteur parlait au patient. Le pharmacien donnait un médicament pour la douleur.",
     {"Kandel-Moles ease": 207 - 1.015 * 13 / 2 - 0.736 * (100 * 23 / 13)}),  # 70.19
    # W 16, S 3, Y 29; 3+ syllables: untersucht, Behandlung, ungefähr (3 of 16); more than six
    # letters: the same three; one syllable: Der, Arzt, die, Haut, Sie, Die (6 of 16).
    ("de", "Der Arzt untersucht die Haut. Bitte kommen Sie morgen wieder. "
           "Die Behandlung dauert ungefähr eine Stunde.",
     {"Amstad ease": 180 - 16 / 3 - 58.5 * 29 / 16,  # 68.64
      "Wiener Sachtextformel (school year)": 0.1935 * (100 * 3 / 16) + 0.1672 * 16 / 3
      + 0.1297 * (100 * 3 / 16) - 0.0327 * (100 * 6 / 16) - 0.875}),  # 4.85
    # W 16, S 2, L 84, Y 36 (me-di-co, pa-zien-te, me-di-ca-zio-ne, ...).
    ("it", "Il medico controlla la pelle del paziente durante la visita. "
           "Torna domani mattina per la medicazione.",
     {"Gulpease index": 89 + (300 * 2 - 10 * 84) / 16,  # 74.0
      "Flesch-Vacca ease": 217 - 1.3 * 16 / 2 - 0.6 * (100 * 36 / 16)}),  # 71.6
    # W 6, S 2, Y 15 (one a vowel: врач 1, посмотрит 3, кожу 2, приходите 4, завтра 2,
    # вечером 3).
    ("ru", "Врач посмотрит кожу. Приходите завтра вечером.",
     {"Oborneva ease": 206.835 - 1.3 * 6 / 2 - 60.1 * 15 / 6}),  # 52.69
    # W 12, S 2, Y 24 (mé-di-co, cui-da, se-gun-da, cu-ra-ti-vo, ...).
    ("pt", "O médico cuida da pele. Volte na segunda para trocar o curativo.",
     {"Martins ease (Brazilian Flesch)": 248.835 - 1.015 * 12 / 2 - 84.6 * 24 / 12}),  # 73.55
    # W 8, S 2; four syllables or more: pie-lę-gniar-ka (1 of 8).
    ("pl", "Lekarz zbada skórę. Pielęgniarka zmieni bandaż jutro rano.",
     {"FOG-PL (years of schooling)": 0.4 * (8 / 2 + 100 * 1 / 8)}),  # 6.6
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), BY_HAND, ids=[c[0] for c in BY_HAND])
def test_each_formula_gives_the_figure_worked_out_by_hand(language, text, expected):
    result = score(text, language)
    assert [f.name for f in result.figures] == list(expected)
    for name, value in expected.items():
        assert result.figure(name) == pytest.approx(value, abs=0.1), name


PLAIN_AND_DENSE = {
    "es": ("Evite el sol. Beba mucha agua. Llámenos si le duele.",
           "La microneedling, también conocida como terapia de inducción de colágeno, "
           "constituye un procedimiento estético mínimamente invasivo destinado a mejorar la "
           "apariencia cutánea mediante la estimulación de la producción de colágeno."),
    "fr": ("Évitez le soleil. Buvez de l'eau. Appelez-nous si vous avez mal.",
           "La microponction cutanée, également dénommée thérapie par induction de collagène, "
           "constitue une intervention esthétique minimalement invasive destinée à améliorer "
           "l'apparence cutanée. Une hyperpigmentation inflammatoire transitoire est "
           "occasionnellement observée."),
    "de": ("Meiden Sie die Sonne. Trinken Sie viel Wasser. Rufen Sie uns an, wenn es weh tut.",
           "Das Microneedling, auch als Kollagen-Induktions-Therapie bezeichnet, ist ein "
           "minimalinvasives kosmetisches Behandlungsverfahren zur Verbesserung des Hautbildes "
           "durch Stimulation der Kollagenproduktion. Postinterventionelle Erytheme und "
           "vorübergehende entzündliche Hyperpigmentierungen treten gelegentlich auf."),
    "it": ("Evita il sole. Bevi molta acqua. Chiamaci se hai dolore.",
           "Il microneedling, conosciuto anche come terapia di induzione del collagene, "
           "rappresenta una procedura estetica minimamente invasiva finalizzata al "
           "miglioramento dell'aspetto cutaneo attraverso la stimolazione della produzione di "
           "collagene."),
    "ru": ("Не выходите на солнце. Пейте много воды. Позвоните нам, если больно.",
           "Микронидлинг, также известный как коллагеновая индукционная терапия, представляет "
           "собой минимально инвазивную косметологическую процедуру, предназначенную для "
           "улучшения внешнего вида кожи посредством стимуляции выработки коллагена."),
    "pt": ("Evite o sol. Beba muita água. Ligue para nós se doer.",
           "O microagulhamento, também conhecido como terapia de indução de colágeno, constitui "
           "um procedimento estético minimamente invasivo destinado ao aprimoramento da "
           "aparência cutânea mediante estimulação da produção de colágeno."),
    "pl": ("Unikaj słońca. Pij dużo wody. Zadzwoń do nas, jeśli boli.",
           "Mikronakłuwanie, określane również jako terapia indukcji kolagenu, stanowi "
           "minimalnie inwazyjną procedurę kosmetyczną ukierunkowaną na poprawę wyglądu skóry "
           "poprzez stymulację produkcji kolagenu."),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", *PLAIN_AND_DENSE])
def test_a_plain_text_scores_easier_than_a_dense_one_on_every_formula(language):
    plain, dense = PLAIN_AND_DENSE.get(language, (PLAIN, DENSE))
    easy, hard = score(plain, language), score(dense, language)
    assert [f.name for f in easy.figures] == [f.name for f in hard.figures]
    for a, b in zip(easy.figures, hard.figures, strict=True):
        # a grade is lower for an easier text; an ease score, higher
        assert a.value < b.value if a.grade else a.value > b.value, (a, b)


NO_FORMULA = ["ar", "fa", "he", "hi", "ht", "ja", "ko", "tl", "ur", "vi", "zh-Hans", "zh-Hant"]


@pytest.mark.parametrize("language", NO_FORMULA)
def test_a_language_without_a_published_formula_has_no_figures(language):
    assert language_for(language).readability.formulas == ()
    result = score("One. Two three four. Five six.", language)
    assert result.figures == () and result.grades == ()


def test_every_shipped_formula_is_handoutkits_and_every_hyphenation_is_pyphens():
    for language in languages():
        rules = language.readability
        assert all(f.function in FORMULAS for f in rules.formulas), language.code
        if rules.hyphenation:
            assert pyphen.language_fallback(rules.hyphenation) is not None, language.code
        assert bool(rules.formulas) == (language.code not in NO_FORMULA), language.code


def test_a_formula_neither_handoutkits_nor_textstats_is_an_error_naming_file_and_field():
    english = language_for("en")
    made_up = (Formula("Made-up ease", "no_such_formula", grade=False),)
    register(replace(english, code="xr", readability=ReadabilityRules("en_US", made_up)))
    try:
        with pytest.raises(LanguageError) as raised:
            score("Rest today. Drink water.", "xr")
    finally:
        unregister("xr")
    assert raised.value.path == Path(english.source)
    assert raised.value.where == "field 'readability.formulas[1].function'"
    assert "no_such_formula" in raised.value.message


def test_a_data_file_may_name_a_textstat_method_which_is_given_the_text():
    from textstat.textstat import textstatistics

    english = language_for("en")
    flesch = (Formula("Flesch ease", "flesch_reading_ease", grade=False),)
    register(replace(english, code="xs", readability=ReadabilityRules("en_US", flesch)))
    try:
        result = score(PLAIN, "xs")
    finally:
        unregister("xs")
    normal = "\n".join(sentences(PLAIN, english))  # each ends with a full stop
    assert result.figure("Flesch ease") == pytest.approx(
        textstatistics().flesch_reading_ease(normal), abs=0.1
    )


def _document(language, body, tmp_path):
    text = (
        f"---\ntitle: Peel\nlanguage: {language}\nreviewed: 2026-10-01\nreviewed_by: Dr. A\n"
        f"---\n\n## Section\n\n{body}\n"
    )
    path = tmp_path / "procedures" / "peel" / f"{language}.md"
    return parse_document(text, path=path, content_root=tmp_path)[0]


def test_the_check_says_when_a_language_has_no_formula_or_no_grade(tmp_path):
    arabic = readability(_document("ar", "اشرب الماء. اتصل بنا.", tmp_path), CheckSettings())
    assert [(f.item, f.status) for f in arabic] == [("reading level", Status.SKIP)]
    assert "no readability formula for Arabic" in arabic[0].detail
    french = readability(_document("fr", PLAIN_AND_DENSE["fr"][1], tmp_path), CheckSettings())
    assert [(f.item, f.status) for f in french] == [("reading grade", Status.SKIP)]
    assert "no grade-level formula for French" in french[0].detail
    assert "Kandel-Moles ease" in french[0].detail


def test_a_german_document_is_held_to_the_target_by_its_wiener_sachtextformel(tmp_path):
    doc = _document("de", PLAIN_AND_DENSE["de"][1], tmp_path)
    found = {f.item: f for f in readability(doc, CheckSettings(target_grade=8))}
    assert found["Wiener Sachtextformel (school year)"].status is Status.WARN
    assert "Amstad ease" not in found  # an ease score is reported, not held to a grade


def test_the_other_languages_are_scored_with_the_network_unavailable():
    """As above, for the languages counted with pyphen's bundled hyphenation only."""
    texts = {language: dense for language, (_, dense) in PLAIN_AND_DENSE.items()}
    program = f"""
import socket
def refuse(*args, **kwargs):
    raise OSError("network unavailable in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from handoutkit.language.readability import score, sentences
for language, text in {texts!r}.items():
    result = score(text, language)
    assert result.figures and result.hardest_words, (language, result)
print("scored")
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "scored" in done.stdout
