"""Readability formulas as their authors published them, over a text's counts.

Each function takes the `Counts` of a text (counted by `readability.score`: its sentences, and
each word's syllables and letters) and returns the formula's figure, unrounded. A language's
data file names one in ``[[readability.formulas]] function``; `FORMULAS` is the lookup.

Where a name is also a textstat method (``flesch_kincaid_grade``, ``smog_index``,
``fernandez_huerta``, ``szigriszt_pazos``, ``gutierrez_polini``, ``crawford``,
``gulpease_index``), the function here is the one used: textstat 0.7.8 leaves out sentences of
one or two words ("Call us."), counts Gulpease's letters with digits and punctuation, and starts
Szigriszt-Pazos from Fernández-Huerta's 206.84 instead of 206.835. The README cites each
source in full.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FORMULAS", "Counts"]


@dataclass(frozen=True, slots=True)
class Counts:
    """What the formulas count in a text: its sentences, and each word's syllables and
    letters, in the text's order. Words and sentences must both be more than none."""

    sentences: int
    syllables: tuple[int, ...]  # of each word
    letters: tuple[int, ...]  # of each word

    @property
    def words(self) -> int:
        return len(self.syllables)

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences

    @property
    def syllables_per_word(self) -> float:
        return sum(self.syllables) / self.words

    def syllables_at_least(self, syllables: int) -> int:
        """The number of words of ``syllables`` syllables or more."""
        return sum(1 for n in self.syllables if n >= syllables)

    def percent(self, words: int) -> float:
        """``words`` as a percentage of the text's words."""
        return 100 * words / self.words


def flesch_kincaid_grade(c: Counts) -> float:
    """Flesch-Kincaid grade, a US school grade (Kincaid et al. 1975)."""
    return 0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59


def smog_index(c: Counts) -> float:
    """SMOG grade from words of three syllables or more per 30 sentences (McLaughlin 1969)."""
    return 1.0430 * math.sqrt(c.syllables_at_least(3) * 30 / c.sentences) + 3.1291


def fernandez_huerta(c: Counts) -> float:
    """Fernández Huerta (1959) reading ease for Spanish: 0-100, higher is easier. P is read as
    syllables per 100 words and F as words per sentence (Law 2011), as in Flesch's formula."""
    return 206.84 - 0.60 * 100 * c.syllables_per_word - 1.02 * c.words_per_sentence


def szigriszt_pazos(c: Counts) -> float:
    """Szigriszt-Pazos (1993) perspicuity for Spanish, read on the INFLESZ scale
    (Barrio-Cantalejo et al. 2008): 0-100, higher is easier."""
    return 206.835 - 62.3 * c.syllables_per_word - c.words_per_sentence


def gutierrez_polini(c: Counts) -> float:
    """Gutiérrez de Polini (1972) comprehensibility for Spanish: higher is easier."""
    return 95.2 - 9.7 * sum(c.letters) / c.words - 0.35 * c.words_per_sentence


def crawford(c: Counts) -> float:
    """Crawford (1984) years of schooling for Spanish primary-level texts, from sentences and
    syllables per 100 words."""
    sentences_100 = c.percent(c.sentences)
    syllables_100 = c.percent(sum(c.syllables))
    return -0.205 * sentences_100 + 0.049 * syllables_100 - 3.407


def kandel_moles(c: Counts) -> float:
    """Kandel & Moles (1958) Flesch reading ease for French: 0-100, higher is easier."""
    return 207 - 1.015 * c.words_per_sentence - 0.736 * 100 * c.syllables_per_word


def amstad(c: Counts) -> float:
    """Amstad (1978) Flesch reading ease for German: 0-100, higher is easier."""
    return 180 - c.words_per_sentence - 58.5 * c.syllables_per_word


def wiener_sachtextformel_1(c: Counts) -> float:
    """The first Wiener Sachtextformel (Bamberger & Vanecek 1984) for German: a school year,
    4 (easy) to 15 (very hard)."""
    ms = c.percent(c.syllables_at_least(3))  # words of three syllables or more
    iw = c.percent(sum(1 for n in c.letters if n > 6))  # words of more than six letters
    es = c.percent(sum(1 for n in c.syllables if n == 1))  # words of one syllable
    return 0.1935 * ms + 0.1672 * c.words_per_sentence + 0.1297 * iw - 0.0327 * es - 0.875


def gulpease_index(c: Counts) -> float:
    """Gulpease index for Italian (Lucisano & Piemontese 1988): 0-100, higher is easier;
    counts letters, not syllables."""
    return 89 + (300 * c.sentences - 10 * sum(c.letters)) / c.words


def flesch_vacca(c: Counts) -> float:
    """Flesch reading ease for Italian (Franchina & Vacca 1986): higher is easier."""
    return 217 - 1.3 * c.words_per_sentence - 0.6 * 100 * c.syllables_per_word


def oborneva(c: Counts) -> float:
    """Oborneva (2006) Flesch reading ease for Russian: 0-100, higher is easier."""
    return 206.835 - 1.3 * c.words_per_sentence - 60.1 * c.syllables_per_word


def martins(c: Counts) -> float:
    """Martins et al. (1996) Flesch reading ease for Brazilian Portuguese: Flesch's formula
    42 points higher; 0-100, higher is easier."""
    return 248.835 - 1.015 * c.words_per_sentence - 84.6 * c.syllables_per_word


def fog_pl(c: Counts) -> float:
    """Gunning's fog index for Polish (FOG-PL, Broda et al. 2014): years of schooling, a hard
    word being one of four syllables or more."""
    return 0.4 * (c.words_per_sentence + c.percent(c.syllables_at_least(4)))


FORMULAS: dict[str, Callable[[Counts], float]] = {
    f.__name__: f
    for f in (
        flesch_kincaid_grade, smog_index, fernandez_huerta, szigriszt_pazos, gutierrez_polini,
        crawford, kandel_moles, amstad, wiener_sachtextformel_1, gulpease_index, flesch_vacca,
        oborneva, martins, fog_pl,
    )
}  # fmt: skip
"""The formulas a data file may name, by function name."""
