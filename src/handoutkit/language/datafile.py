"""A language's data file (``data/<code>.toml``) read into its frozen `Language` record.

Required: ``code``, ``name``, ``direction`` and ``[labels]`` (but ``dates``). The rest may be
left out: ``fonts`` (none), ``[sentences]`` (no abbreviations), ``[readability]`` (no
syllables, no formula: the report says so) and ``[checks]`` (those structure checks are
skipped, and the report says so); a formula's ``min_sentences`` defaults to 1. A missing
field, a field of the wrong type, or one the record does not know is a `LanguageError`
naming the file and the field::

    code = "en"                   # a BCP 47 tag: "en", "zh-Hant", "pt"
    name = "English"
    direction = "ltr"             # or "rtl"
    fonts = []                    # font families for the script, in order

    [labels]                      # the words Handout Kit adds (see record.Labels)
    page_of = "Page {n} of {m}"   # patterns: each place once, in the language's order
    reviewed = "Reviewed {date} by {name}"
    approved = "Approved {date} by {name}"   # and role = "{name}, {role}"
    part = "{title} ({n} of {m})" # a section continued over slides
    field = "{label}: {value}"    # a contact line ({value} last): "电话：{value}"
    contact = "Contact us"        # ... and phone, email, website, booking, languages: words
    disclaimer = "This handout …" # printed where the clinic wrote none in the language
    dates = "cldr"                # CLDR's long date (Babel), or "iso" where CLDR has none
    [sentences]
    abbreviations = ["dr", "e.g"] # a full stop after them ends no sentence
    number_abbreviations = ["no"] # ... only when a number follows ("No. 5")
    [readability]
    hyphenation = "en_US"         # textstat's language; "" for none
    [[readability.formulas]]      # none, one or more, in the report's order
    name = "SMOG grade"
    function = "smog_index"       # a method of textstat's textstatistics
    grade = true                  # a school grade, held against the target
    min_sentences = 3
    [checks]
    summary_words = ["summary"]
    action_verbs = ["call"]
    step_words = ["steps?"]       # regular expressions
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import fields
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import LanguageError
from .record import CheckWords, Formula, Labels, Language, ReadabilityRules, SentenceRules

T = TypeVar("T")
_FIX = "correct the language's data file (the fields are listed in handoutkit.language.datafile)."
_CODE = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?")  # BCP 47: zh-Hant
_LABEL_WORDS = ("contact", "phone", "email", "website", "booking", "languages", "disclaimer")
_LABEL_PATTERNS = {"page_of": ("n", "m"), "reviewed": ("date", "name"),
                   "approved": ("date", "name"), "role": ("name", "role"),
                   "part": ("title", "n", "m"), "field": ("label", "value")}  # fmt: skip


def load_language(path: Path | Traversable) -> Language:
    """The language ``path`` describes."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LanguageError(f"the language file cannot be read: {exc}.", fix=_FIX,
                            path=str(path)) from None  # fmt: skip
    return _Reader(str(path)).language(data)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> LanguageError:
        return LanguageError(problem, fix=_FIX, path=self.path, where=f"field '{where}'")

    def table(self, data: Mapping[str, Any], key: str, known: set[str],
              optional: bool = False) -> Mapping[str, Any]:  # fmt: skip
        value = data.get(key) if key else data
        if value is None and optional:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "is missing or not a table.")
        unknown = sorted(set(value) - known)
        if unknown:
            where = f"{key}.{unknown[0]}" if key else unknown[0]
            raise self.fail(where, f"is not a field of a language (known: {sorted(known)}).")
        return value

    def get(self, data: Mapping[str, Any], where: str, kind: type[T], default: Any = ...) -> T:
        key = where.rsplit(".", 1)[-1]
        if key not in data:
            if default is not ...:
                return default
            raise self.fail(where, "is missing.")
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(where, f"must be {_KINDS[kind]}, not {value!r}.")
        return value

    def strings(self, data: Mapping[str, Any], where: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(data, where, list, default)
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(where, f"must be a list of words, not {value!r}.")
        return tuple(value)

    def language(self, data: Mapping[str, Any]) -> Language:
        parts = {"labels", "sentences", "readability", "checks"}
        top = self.table(data, "", {"code", "name", "direction", "fonts", *parts})
        code = self.get(top, "code", str)
        if not _CODE.fullmatch(code):
            raise self.fail(
                "code", f"must be a language tag such as 'en' or 'zh-Hant', not {code!r}."
            )
        direction = self.get(top, "direction", str)
        if direction not in ("ltr", "rtl"):
            raise self.fail("direction", f"must be 'ltr' or 'rtl', not {direction!r}.")
        return Language(
            code=code,
            name=self.get(top, "name", str),
            direction=direction,  # type: ignore[arg-type]  # checked just above
            labels=self.labels(top, code),
            sentences=self.sentence_rules(top),
            readability=self.readability(top),
            checks=self.check_words(top),
            fonts=self.strings(top, "fonts", ()),
            source=self.path,
        )

    def record(self, top: Mapping[str, Any], key: str, cls: type[T],
               read: Callable[[Mapping[str, Any], str], Any]) -> T:  # fmt: skip
        names = [f.name for f in fields(cls)]  # type: ignore[arg-type]  # a dataclass
        table = self.table(top, key, set(names), optional=True)  # the section may be left out
        return cls(**{name: read(table, f"{key}.{name}") for name in names})

    def labels(self, top: Mapping[str, Any], code: str) -> Labels:
        table = self.table(top, "labels", {*_LABEL_PATTERNS, *_LABEL_WORDS, "dates"})
        values = {name: self.get(table, f"labels.{name}", str) for name in _LABEL_WORDS}
        for name, value in values.items():
            if not value.strip():
                raise self.fail(f"labels.{name}", "is empty: write the word in the language.")
        for name, places in _LABEL_PATTERNS.items():
            pattern = values[name] = self.get(table, f"labels.{name}", str)
            found = [field for _, field, _, _ in string.Formatter().parse(pattern) if field]
            if sorted(found) != sorted(places):
                raise self.fail(
                    f"labels.{name}",
                    f"must hold each of {', '.join('{' + p + '}' for p in places)} once "
                    f"(and nothing else in braces), not {pattern!r}.",
                )
        if not values["field"].endswith("{value}"):
            raise self.fail("labels.field", "must end with {value}: the label comes first.")
        dates = self.get(table, "labels.dates", str, "cldr")
        if dates not in ("cldr", "iso"):
            raise self.fail("labels.dates", f"must be 'cldr' or 'iso', not {dates!r}.")
        locale = code.replace("-", "_")
        if dates == "cldr":
            from babel import Locale, UnknownLocaleError  # start-up: CLDR data when a file is read

            try:
                Locale.parse(locale)
            except (UnknownLocaleError, ValueError):
                raise self.fail(
                    "labels.dates",
                    f"CLDR (Babel) has no data for '{code}'; write dates = \"iso\".",
                ) from None
        return Labels(**values, locale=locale, dates=dates)

    def check_words(self, top: Mapping[str, Any]) -> CheckWords:
        words = self.record(
            top, "checks", CheckWords, lambda table, where: self.strings(table, where, ())
        )
        for word in words.step_words:
            try:
                re.compile(word)
            except re.error as exc:
                raise self.fail("checks.step_words", f"{word!r} is no expression: {exc}.") from None
        return words

    def sentence_rules(self, top: Mapping[str, Any]) -> SentenceRules:
        return self.record(
            top, "sentences", SentenceRules,
            lambda table, where: frozenset(w.lower() for w in self.strings(table, where, ())),
        )  # fmt: skip

    def readability(self, top: Mapping[str, Any]) -> ReadabilityRules:
        table = self.table(top, "readability", {"hyphenation", "formulas"}, optional=True)
        formulas = []
        listed = self.get(table, "readability.formulas", list, [])
        for number, item in enumerate(listed, start=1):
            where = f"readability.formulas[{number}]"
            if not isinstance(item, dict):
                raise self.fail(where, "must be a table (name, function, grade).")
            known = {f.name for f in fields(Formula)}
            unknown = sorted(set(item) - known)
            if unknown:
                raise self.fail(f"{where}.{unknown[0]}", "is not a field of a formula.")
            function = self.get(item, f"{where}.function", str)
            if not function.isidentifier() or function.startswith("_"):
                raise self.fail(f"{where}.function", f"must name a textstat method: {function!r}.")
            formulas.append(Formula(
                name=self.get(item, f"{where}.name", str),
                function=function,
                grade=self.get(item, f"{where}.grade", bool),
                min_sentences=self.get(item, f"{where}.min_sentences", int, 1),
            ))  # fmt: skip
        hyphenation = self.get(table, "readability.hyphenation", str, "")
        return ReadabilityRules(hyphenation or None, tuple(formulas))


_KINDS = {str: "text", list: "a list", bool: "true or false", int: "a whole number"}
