"""The languages: one data file each, validated, found by code, and added by plugins."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from handoutkit.errors import LanguageError
from handoutkit.language import (
    Formula,
    ReadabilityRules,
    language_for,
    languages,
    load_language,
    register,
    registry,
    unregister,
)
from handoutkit.language.labels import LABELS, labels_for
from handoutkit.language.readability import score
from handoutkit.quality.checks import check_words

RIGHT_TO_LEFT = {"ar", "fa", "ur", "he"}
DATA = Path(registry.__file__).with_name("data")
EN = (DATA / "en.toml").read_text(encoding="utf-8")
ESPERANTO = EntryPoint("eo", "tests.plugins.esperanto:LANGUAGE", registry.ENTRY_POINTS)


@pytest.fixture
def fresh_registry(monkeypatch):
    """A registry loaded again from scratch, with the entry points the test sets."""
    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry, "_LOADED", False)

    def with_entry_points(*entries):
        monkeypatch.setattr(registry, "_entry_points", lambda: entries)

    with_entry_points()
    return with_entry_points


@pytest.mark.parametrize("code", registry.BUILT_IN)
def test_each_shipped_language_loads_from_its_data_file(code):
    language = load_language(DATA / f"{code}.toml")
    assert language == language_for(code)
    assert language.code == code and language.source.endswith(f"{code}.toml")
    assert language.direction == ("rtl" if code in RIGHT_TO_LEFT else "ltr")
    labels = language.labels
    assert labels.page_line(2, 5).count("2") == 1 and "5" in labels.page_line(2, 5)
    assert labels.date(date(2026, 1, 15)) != labels.date(date(2026, 2, 15))  # months named


def test_the_shipped_languages_cover_the_most_common_languages_of_us_patients():
    assert registry.BUILT_IN[0] == "en"
    assert set(registry.BUILT_IN) == {
        "en", "es", "fr", "de", "pt", "it", "pl", "ru", "vi", "tl", "ht", "ar", "fa", "ur",
        "he", "hi", "zh-Hans", "zh-Hant", "ja", "ko",
    }  # fmt: skip
    assert sorted(LABELS) == sorted(registry.BUILT_IN)


def test_the_labels_come_from_the_data_files_as_the_handouts_print_them():
    assert LABELS["en"].date(date(2026, 1, 15)) == "January 15, 2026"
    assert labels_for("de").date(date(2026, 3, 5)) == "5. März 2026"
    assert labels_for("fr").continued("Soins", 2, 3) == "Soins (2 sur 3)"
    assert labels_for("zh").page_line(1, 3) == labels_for("zh-Hans").page_line(1, 3)
    assert labels_for("ht").date(date(2026, 3, 5)) == "2026-03-05"  # no CLDR months


def test_a_tag_falls_back_by_cldr_likely_subtags():
    assert language_for("zh").code == "zh-Hans"
    assert language_for("zh-CN").code == "zh-Hans"
    assert language_for("zh-TW").code == "zh-Hant"
    assert language_for("ZH-hant-HK").code == "zh-Hant"
    assert language_for("pt-BR").code == "pt"
    assert registry.direction_of("ar-EG") == "rtl" and registry.direction_of("xx") == "ltr"


def test_a_region_subtag_falls_back_to_its_language():
    assert language_for("es-MX").code == "es"
    assert labels_for("es-MX") == LABELS["es"]
    assert language_for("EN").code == "en"


def test_an_exact_lookup_does_not_fall_back_from_a_region():
    assert language_for("es-MX", exact=True) is None
    assert check_words("es-MX") == language_for("es").checks
    assert check_words("xx") == language_for("en").checks  # the checks' last fallback


def test_an_unknown_language_is_none():
    assert language_for("xx") is None
    assert labels_for("xx") is None
    assert "xx" not in LABELS
    with pytest.raises(KeyError):
        LABELS["xx"]


def test_spanish_readability_formulas_are_data_with_crawford_the_grade():
    rules = language_for("es").readability
    assert rules.hyphenation == "es_ES"
    assert [(f.function, f.grade) for f in rules.formulas] == [
        ("fernandez_huerta", False),
        ("szigriszt_pazos", False),
        ("gutierrez_polini", False),
        ("crawford", True),
    ]
    assert [f.min_sentences for f in language_for("en").readability.formulas] == [1, 3]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda text: text.replace('name = "English"\n', ""), "field 'name'"),
        (lambda text: text.replace('direction = "ltr"', 'direction = "up"'), "field 'direction'"),
        (lambda text: text.replace('page_of = "Page {n} of {m}"', "page_of = 3"),
         "field 'labels.page_of'"),
        (lambda text: text.replace("Page {n} of {m}", "Page {n}"), "field 'labels.page_of'"),
        (lambda text: text.replace('dates = "cldr"', 'dates = "roman"'), "field 'labels.dates'"),
        (lambda text: text.replace("[checks]", "[checks]\ncolour = 1"), "field 'checks.colour'"),
        (lambda text: text.replace("grade = true\nmin", "grade = 1\nmin"),
         "field 'readability.formulas[2].grade'"),
        (lambda text: text.replace('"steps?"', '"steps("'), "field 'checks.step_words'"),
        (lambda text: text.replace('code = "en"', 'code = "English"'), "field 'code'"),
        (lambda text: text.replace("[sentences]", "sentences = 1\n[sentences]"), "en.toml"),
    ],
    ids=["missing", "direction", "type", "placeholder", "dates", "unknown", "formula", "regex",
         "code", "toml"],
)  # fmt: skip
def test_a_bad_data_file_is_an_error_naming_the_file_and_the_field(tmp_path, change, where):
    path = tmp_path / "en.toml"
    path.write_text(change(EN), encoding="utf-8")
    with pytest.raises(LanguageError) as raised:
        load_language(path)
    assert raised.value.path == path
    assert where in raised.value.message


def test_a_language_from_a_plugins_entry_point_is_found(fresh_registry):
    fresh_registry(ESPERANTO)
    esperanto = language_for("eo")
    assert esperanto.name == "Esperanto" and esperanto.fonts == ("Noto Sans",)
    assert [language.code for language in languages()] == [*registry.BUILT_IN, "eo"]
    assert labels_for("eo-XX").date(date(2026, 8, 1)) == "1 Aŭgusto 2026"  # CLDR's
    assert "eo" in LABELS  # the view sees it
    assert check_words("eo").action_verbs == ("evitu", "voku")


def test_a_broken_entry_point_is_an_error_naming_it(fresh_registry):
    fresh_registry(EntryPoint("zz", "tests.plugins.no_such_module:LANGUAGE", "x"))
    with pytest.raises(LanguageError, match=re.escape("'zz' (tests.plugins.no_such_module:")):
        languages()


def test_only_a_language_can_be_registered():
    with pytest.raises(LanguageError, match="is not a Language"):
        register({"code": "xx"})


def test_a_registered_languages_formulas_are_the_ones_scored():
    smog_only = (Formula("SMOG grade", "smog_index", grade=True, min_sentences=3),)
    english = language_for("en")
    register(replace(english, code="xq", readability=ReadabilityRules("en_US", smog_only)))
    try:
        text = "Rest today. Drink water. Call us if it hurts."
        assert [name for name, _ in score(text, "xq").grades] == ["SMOG grade"]
        assert score("Rest today. Drink water.", "xq").grades == ()  # under three sentences
    finally:
        unregister("xq")


# --- names, office tags and the words of contact lines ---------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("en", "English"),
        ("es", "español"),
        ("ar", "العربية"),
        ("zh-Hans", "中文 (简体)"),
        ("zh-Hant", "中文 (繁體)"),
        ("tl", "Filipino"),
        ("xx", "xx"),  # no name in CLDR: the tag itself
        ("qqq-Zzzz", "qqq-Zzzz"),
    ],
)
def test_a_language_is_named_in_itself_by_cldr(code, name):
    assert registry.autonym(code) == name


@pytest.mark.parametrize(
    ("code", "office"),
    [
        ("zh-Hans", "zh-CN"),
        ("zh-Hant", "zh-TW"),
        ("ar", "ar"),
        ("es-MX", "es-MX"),
        ("sr-Latn", "sr-Latn"),  # CLDR's Serbian is Cyrillic: no region stands for Latin
    ],
)
def test_a_script_subtag_becomes_the_region_office_programs_know(code, office):
    assert registry.culture(code) == office


def test_a_contact_line_starts_with_the_label_as_the_language_writes_it():
    assert LABELS["en"].labelled("Phone") == "Phone: "
    chinese = LABELS["zh-Hans"]
    assert chinese.labelled(chinese.phone) == "电话："  # a full-width colon, no space
    assert chinese.field.format(label=chinese.phone, value="555") == "电话：555"


@pytest.mark.parametrize("code", registry.BUILT_IN)
def test_each_shipped_language_has_its_default_disclaimer_and_languages_label(code):
    labels = LABELS[code]
    assert labels.disclaimer.strip() and labels.languages.strip()
    assert labels.disclaimer in labels.words and labels.languages in labels.words
    if code != "en":
        assert labels.disclaimer != LABELS["en"].disclaimer  # translated, not copied


def test_a_contact_pattern_that_does_not_end_with_the_value_names_labels_field(tmp_path):
    path = tmp_path / "en.toml"
    path.write_text(EN.replace('field = "{label}: {value}"', 'field = "{value} ({label})"'),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(LanguageError) as caught:
        load_language(path)
    assert caught.value.path == path
    assert caught.value.where == "field 'labels.field'"
    assert "must end with {value}" in caught.value.problem
    assert "Fix:" in str(caught.value)


def test_an_empty_label_word_is_an_error_naming_the_field(tmp_path):
    path = tmp_path / "en.toml"
    text = EN.replace(LABELS["en"].disclaimer, "")
    assert 'disclaimer = ""' in text
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LanguageError) as caught:
        load_language(path)
    assert caught.value.where == "field 'labels.disclaimer'"
