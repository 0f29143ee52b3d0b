"""The languages Handout Kit knows: the seam a new language plugs into.

A language is one data file, ``data/<code>.toml`` (see `datafile`), named in `BUILT_IN`;
`register` adds one from code, and the ``handoutkit.languages`` entry-point group adds those
of other packages: an entry point names a `Language` (made with `load_language` from the
plugin's own data file, say) or a function that returns one. Every consumer (labels,
sentences, readability, the checks) asks `language_for`.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points
from importlib.resources import files
from typing import Any

from ..errors import LanguageError
from .datafile import load_language
from .record import Language

ENTRY_POINTS = "handoutkit.languages"
BUILT_IN = ("en", "es", "fr", "de")  # data/<code>.toml

_REGISTRY: dict[str, Language] = {}
_LOADED = False


def register(language: Language) -> Language:
    """Add ``language`` (a later language of the same code replaces the earlier one)."""
    if not isinstance(language, Language):
        raise LanguageError(
            f"{language!r} is not a Language.",
            fix="register a handoutkit.language.Language (load_language reads a data file).",
        )
    _REGISTRY[language.code] = language
    return language


def unregister(code: str) -> None:
    """Remove the language ``code`` (tests, and plugins that replace a language)."""
    _REGISTRY.pop(code, None)


def languages() -> tuple[Language, ...]:
    """Every registered language, built-in ones first, in the order they were registered."""
    _load()
    return tuple(_REGISTRY.values())


def language_for(code: str, *, exact: bool = False) -> Language | None:
    """The language of ``code``: ``en``, or ``es-MX`` (a region falls back to ``es``); None
    when there is none. ``exact``: no fallback from a region (the readability figures and
    the checks have always matched the document's code as it is)."""
    _load()
    found = _REGISTRY.get(code)
    if found is None and not exact:
        found = _REGISTRY.get(code.split("-")[0].lower())
    return found


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    data = files(__package__).joinpath("data")
    for code in BUILT_IN:
        register(load_language(data.joinpath(f"{code}.toml")))
    for entry in _entry_points():
        try:
            loaded = entry.load()
            language = loaded() if callable(loaded) else loaded
        except LanguageError:
            raise
        except Exception as exc:  # a broken plugin must not stop the build without a word
            raise LanguageError(
                f"the language '{entry.name}' ({entry.value}) could not be loaded: {exc}.",
                fix="reinstall the package that provides it, or uninstall it.",
            ) from None
        register(language)


def _entry_points() -> Iterable[Any]:
    return entry_points(group=ENTRY_POINTS)
