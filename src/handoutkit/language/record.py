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
    """The few neutral words Handout Kit adds itself (page numbers, footers, contact labels).

    Phrases are patterns with named places, since languages order them differently:
    "Page {n} of {m}", "第 {n} 页，共 {m} 页". Dates are written by CLDR's rules for the
    language (Babel), or as ISO 8601 where CLDR has no month names for it.
    """

    page_of: str  # "Page {n} of {m}"
    reviewed: str  # "Reviewed {date} by {name}"
    approved: str  # "Approved {date} by {name}"
    role: str  # "{name}, {role}"
    contact: str
    phone: str
    email: str
    website: str
    booking: str
    languages: str  # names the list of links to the document in its other languages
    part: str  # "{title} ({n} of {m})" for a section continued over several slides
    field: str  # "{label}: {value}", a contact line
    disclaimer: str  # printed where the clinic wrote no disclaimer in the language
    locale: str = "en"  # Babel's name of the language: "zh_Hans"
    dates: str = "cldr"  # "cldr": CLDR's long date; "iso": 2025-03-03

    def page_parts(self) -> tuple[str, str, str]:
        """The words before, between and after the two numbers of "Page N of M"."""
        before, rest = self.page_of.split("{n}", 1)
        between, after = rest.split("{m}", 1)
        return before, between, after

    def page_line(self, number: int, total: int) -> str:
        return self.page_of.format(n=number, m=total)

    def reviewed_line(self, when: str, who: str) -> str:
        return self.reviewed.format(date=when, name=who)

    def approved_line(self, when: str, who: str, role: str | None = None) -> str:
        """ "Approved 4 December 2026 by Dr. A. Lee, Medical Director"."""
        name = self.role.format(name=who, role=role) if role else who
        return self.approved.format(date=when, name=name)

    def date(self, when: date) -> str:
        """``when`` written out the way the language writes dates."""
        if self.dates == "iso":
            return when.isoformat()
        from babel.dates import format_date  # start-up: CLDR data only when a date is written

        return format_date(when, "long", locale=self.locale)

    def labelled(self, label: str) -> str:
        """What a contact line prints before its value: "Phone: ", "电话：" """
        return self.field.removesuffix("{value}").format(label=label)

    def continued(self, title: str, number: int, total: int) -> str:
        return self.part.format(title=title, n=number, m=total)

    @property
    def words(self) -> tuple[str, ...]:
        """Every word these labels may print, for fonts and the glyph check."""
        return (self.page_of, self.reviewed, self.approved, self.role, self.contact,
                self.phone, self.email, self.website, self.booking, self.languages, self.part,
                self.field, self.disclaimer)  # fmt: skip


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
    code: str  # a BCP 47 tag: "en", "zh-Hant"
    name: str  # in English: "Spanish"
    direction: Direction
    labels: Labels
    sentences: SentenceRules
    readability: ReadabilityRules
    checks: CheckWords
    fonts: tuple[str, ...] = ()  # font families to fall back on for the script, in order
    source: str | None = None  # the data file it was read from, for messages

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"
