"""Left-to-right stretches inside right-to-left text, to isolate them (UAX #9).

Inside an Arabic or Hebrew paragraph the bidirectional algorithm orders a phone number's
groups, or an address that starts with a house number, right to left: "+1 (555) 010-2030"
shows as "2030-010 (555) 1+". Each output isolates the stretches `ltr_spans` finds (HTML
with ``<bdi dir="ltr">``, PowerPoint with the LRI and PDI marks), so they read as written.
The text itself is never changed.
"""

from __future__ import annotations

import unicodedata

_STRONG_LTR = frozenset({"L", "EN"})  # letters of left-to-right scripts, European digits
_RTL = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})  # what ends a stretch
_LEADS = frozenset({"ES", "ET"})  # "+" or "#" just before a digit belongs to the number
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def ltr_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each stretch of ``text`` that reads left to right: from its first
    letter or digit to its last, through the spaces and punctuation between them, never
    across a right-to-left letter. A sign before a number ("+1", "#3") starts the stretch."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    last = 0  # the end of the last strong left-to-right character of the stretch
    for index, char in enumerate(text):
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG_LTR:
            if start is None:
                start = index
                lead = index - 1
                if lead >= 0 and unicodedata.bidirectional(text[lead]) in _LEADS and kind == "EN":
                    start = lead
            last = index + 1
        elif kind in _RTL and start is not None:
            spans.append((start, last))
            start = None
    if start is not None:
        spans.append((start, last))
    return [_with_brackets(text, span) for span in spans]


def _with_brackets(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` grown to take in a bracket just outside it whose partner is inside it:
    "(555) 010-2030" is isolated whole, or its "(" would be mirrored on the other side."""
    start, end = span
    before = text[start - 1] if start else ""
    if before in _PAIRS and _unmatched(text[start:end], _PAIRS[before], before):
        start -= 1
    after = text[end] if end < len(text) else ""
    if after in _CLOSERS and _unmatched(text[start:end], _CLOSERS[after], after):
        end += 1
    return start, end


_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}


def _unmatched(inside: str, partner: str, bracket: str) -> bool:
    """Does ``inside`` hold more of ``partner`` than of ``bracket`` (so one is open)?"""
    return inside.count(partner) > inside.count(bracket)
