"""What Handout Kit knows of one language, as one frozen record.

A `Language` holds the words Handout Kit adds itself (`Labels`), where its sentences end
(`SentenceRules`), how its reading level is figured (`ReadabilityRules`), the words the
structure checks look for (`CheckWords`), its writing direction and the font families to
fall back on for its script. The records are read from data files (``data/<code>.toml``,
see `datafile`) and found through the registry (`registry.language_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True, slots=True)
class Labels:
    """The few neutral words Handout Kit adds itself (page numbers, footers)."""

    page: str
    of: str
    reviewed: str
    by: str
    contact: str
    phone: str
    email: str
    website: str
    booking: str
    part: str  # "{title} ({n} of {m})" for a section continued over several slides
    months: tuple[str, ...]
    date_format: str  # with {day}, {month} and {year}

    def page_of(self) -> tuple[str, str]:
        return self.page, self.of

    def reviewed_line(self, when: str, who: str) -> str:
        return f"{self.reviewed} {when} {self.by} {who}"

    def date(self, when: date) -> str:
        """``when`` written out the way the language writes dates."""
        return self.date_format.format(
            day=when.day, month=self.months[when.month - 1], year=when.year
        )

    def continued(self, title: str, number: int, total: int) -> str:
        return self.part.format(title=title, n=number, m=total)


@dataclass(frozen=True, slots=True)
class SentenceRules:
    """The words whose full stop ends no sentence (see `sentences`), lower case, without
    their last full stop: "dr", "e.g"."""

    abbreviations: frozenset[str]
    number_abbreviations: frozenset[str]  # abbreviations only before a number: "No. 5"


@dataclass(frozen=True, slots=True)
class Formula:
    """A readability formula of textstat's, as the report names it."""

    name: str  # "Flesch-Kincaid grade"
    function: str  # the textstat method: "flesch_kincaid_grade"
    grade: bool  # a school grade, held against the target grade
    min_sentences: int = 1  # not figured for fewer sentences (SMOG needs three)


@dataclass(frozen=True, slots=True)
class ReadabilityRules:
    hyphenation: str | None  # textstat's (pyphen's) language: "en_US"; None: no syllables
    formulas: tuple[Formula, ...]  # in the order the report lists them


@dataclass(frozen=True, slots=True)
class CheckWords:
    """What the structure checks look for, lower case."""

    summary_words: tuple[str, ...]  # in a heading, it sums up: "key points"
    action_verbs: tuple[str, ...]  # a sentence starting so asks the patient to act: "call"
    step_words: tuple[str, ...]  # regular expressions: a heading naming steps, "steps?"


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1: "en"
    name: str  # in English: "Spanish"
    direction: Direction
    labels: Labels
    sentences: SentenceRules
    readability: ReadabilityRules
    checks: CheckWords
    fonts: tuple[str, ...] = ()  # font families to fall back on for the script, in order
