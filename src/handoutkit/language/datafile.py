"""A language's data file (``data/<code>.toml``) read into its frozen `Language` record.

Every field is required unless said here: ``fonts`` (default none) and a formula's
``min_sentences`` (default 1). A missing field, a field of the wrong type, or one the record
does not know is a `LanguageError` naming the file and the field::

    code = "en"
    name = "English"
    direction = "ltr"             # or "rtl"
    fonts = []                    # font families for the script, in order

    [labels]                      # the words Handout Kit adds (see record.Labels)
    page = "Page"                 # ... and of, reviewed, by, contact, phone, email,
    months = ["January", ...]     #     website, booking, part, date_format: strings
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
_CODE = re.compile(r"[a-z]{2,3}")


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

    def table(self, data: Mapping[str, Any], key: str, known: set[str]) -> Mapping[str, Any]:
        value = data.get(key) if key else data
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
            raise self.fail("code", f"must be an ISO 639 code such as 'en', not {code!r}.")
        direction = self.get(top, "direction", str)
        if direction not in ("ltr", "rtl"):
            raise self.fail("direction", f"must be 'ltr' or 'rtl', not {direction!r}.")
        return Language(
            code=code,
            name=self.get(top, "name", str),
            direction=direction,  # type: ignore[arg-type]  # checked just above
            labels=self.labels(top),
            sentences=self.sentence_rules(top),
            readability=self.readability(top),
            checks=self.check_words(top),
            fonts=self.strings(top, "fonts", ()),
        )

    def record(self, top: Mapping[str, Any], key: str, cls: type[T],
               read: Callable[[Mapping[str, Any], str], Any]) -> T:  # fmt: skip
        names = [f.name for f in fields(cls)]  # type: ignore[arg-type]  # a dataclass
        table = self.table(top, key, set(names))
        return cls(**{name: read(table, f"{key}.{name}") for name in names})

    def labels(self, top: Mapping[str, Any]) -> Labels:
        def read(table: Mapping[str, Any], where: str) -> Any:
            return (
                self.strings(table, where)
                if where.endswith(".months")
                else self.get(table, where, str)
            )

        labels = self.record(top, "labels", Labels, read)
        if len(labels.months) != 12:
            raise self.fail("labels.months", f"must name 12 months, not {len(labels.months)}.")
        try:
            labels.date_format.format(day=1, month="", year=2000)
            labels.part.format(title="", n=1, m=2)
        except (KeyError, IndexError, ValueError) as exc:
            raise self.fail("labels", f"has a placeholder it may not use: {exc}.") from None
        return labels

    def check_words(self, top: Mapping[str, Any]) -> CheckWords:
        words = self.record(top, "checks", CheckWords, self.strings)
        for word in words.step_words:
            try:
                re.compile(word)
            except re.error as exc:
                raise self.fail("checks.step_words", f"{word!r} is no expression: {exc}.") from None
        return words

    def sentence_rules(self, top: Mapping[str, Any]) -> SentenceRules:
        return self.record(
            top, "sentences", SentenceRules,
            lambda table, where: frozenset(word.lower() for word in self.strings(table, where)),
        )  # fmt: skip

    def readability(self, top: Mapping[str, Any]) -> ReadabilityRules:
        table = self.table(top, "readability", {"hyphenation", "formulas"})
        formulas = []
        for number, item in enumerate(self.get(table, "readability.formulas", list), start=1):
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
        hyphenation = self.get(table, "readability.hyphenation", str)
        return ReadabilityRules(hyphenation or None, tuple(formulas))


_KINDS = {str: "text", list: "a list", bool: "true or false", int: "a whole number"}
