"""language: see the README, 'How it works'.

One `Language` record per language (labels, sentence rules, readability formulas, the
checks' word lists, direction, font fallbacks), read from ``data/<code>.toml`` and found
with `language_for`.
"""

from .datafile import load_language
from .record import CheckWords, Formula, Labels, Language, ReadabilityRules, SentenceRules
from .registry import autonym, culture, direction_of, language_for, languages, register, unregister

__all__ = [
    "CheckWords",
    "Formula",
    "Labels",
    "Language",
    "ReadabilityRules",
    "SentenceRules",
    "autonym",
    "culture",
    "direction_of",
    "language_for",
    "languages",
    "load_language",
    "register",
    "unregister",
]
