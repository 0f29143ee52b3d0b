"""Where a sentence ends: the one rule the deck, the quality checks and the tests share.

A sentence ends

- at a line break (a section's text has one paragraph or list item a line), and
- after ``。``, ``！`` or ``？`` (Chinese and Japanese, no space needed), after ``؟``, ``۔``,
  ``।`` or ``॥`` and white space (Arabic, Urdu, Hindi: no capitals to look for), and
- after ``.``, ``!``, ``?`` or ``…`` and any closing quotes or brackets, where white space
  follows and the next sentence starts with a capital letter or a digit (after any opening
  quotes, brackets, ``¿`` or ``¡``; a letter of a script without capitals counts as one):
  "A little… “Yes.” 3 days." is three sentences, while
  "Why? because" and "5 p.m. or later" are one.

A full stop after a common abbreviation ends no sentence ("Dr. Lee", "e.g. Botox",
"approx. 5 minutes"); "No." and "Fig." are abbreviations only before a number ("No. 5",
"Fig. 2"), so "Does it hurt? No. Most patients feel little." is three sentences.

Which words are abbreviations is the language's (`Language.sentences`, from its data file);
without a language the shared sets here apply, which every shipped language uses for now.

The deck splits a paragraph too long for a slide only between sentences, so this rule errs
on the side of keeping text together: a missed end costs a break point, a false one would
show half a sentence on a slide.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .record import SentenceRules

if TYPE_CHECKING:
    from .record import Language

_OPENERS = "\"'“‘«„(\\[¿¡「『（《【〔"
_CLOSERS = "\"'”’»)\\]」』）》】〕"
# Ends that need no capital after them: the ideographic full stop and full-width marks
# (Chinese and Japanese write no space after them; after a closing quote, only where a space
# or another quote follows: 「はい。」と言った is one sentence), and the Arabic question mark, the
# Urdu full stop and the Devanagari danda, in scripts that have no capitals.
_FULL_WIDTH_ENDS = "。！？｡"
_CASELESS_ENDS = "؟۔।॥"
# A candidate end: a line break, or sentence punctuation, closers and white space.
_END = re.compile(
    rf"[ \t]*\n\s*"
    rf"|(?P<always>[{_FULL_WIDTH_ENDS}]+(?:[{_CLOSERS}]+(?:\s+|(?=[{_OPENERS}]))|(?![{_CLOSERS}])\s*)"
    rf"|[{_CASELESS_ENDS}][{_CLOSERS}]*\s+)(?=\S)"
    rf"|[.!?…][{_CLOSERS}]*\s+(?=[{_OPENERS}]*(?P<next>\w))"
)
ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "approx", "etc.", "cf"}
)
NUMBER_ABBREVIATIONS = frozenset({"no", "fig"})  # abbreviations only before a number
SHARED = SentenceRules(ABBREVIATIONS, NUMBER_ABBREVIATIONS)


def sentence_bounds(text: str, language: Language | None = None) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text``, each with the white space after it.

    Together the ranges cover all of ``text`` except white space before the first sentence
    and lines that hold nothing but white space. ``language`` gives the abbreviations
    (default: the shared sets).
    """
    rules = language.sentences if language is not None else SHARED
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        ends = "\n" in match.group() or match.group("always") is not None
        if not ends and not _ends_sentence(text, start, match, rules):
            continue
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def sentences(text: str, language: Language | None = None) -> list[str]:
    """The sentences of ``text``, stripped."""
    return [text[a:b].strip() for a, b in sentence_bounds(text, language)]


def _ends_sentence(text: str, start: int, match: re.Match[str], rules: SentenceRules) -> bool:
    following = match.group("next")
    if following.isdigit():
        starts = "number"
    elif following.isalpha() and not following.islower():
        starts = "capital"
    else:
        return False  # lower case (or "_"): the sentence goes on
    if text[match.start()] != ".":
        return True
    before = text[start : match.start()].split()
    word = before[-1].lstrip(_OPENERS.replace("\\", "")).lower() if before else ""
    if word in rules.abbreviations or word.rstrip(".") in rules.abbreviations:
        return False
    return not (word in rules.number_abbreviations and starts == "number")
