"""The languages Handout Kit knows: the seam a new language plugs into.

A language is one data file, ``data/<code>.toml`` (see `datafile`): a translator adds a
file and the language exists, no code. `register` adds one from code, and the
``handoutkit.languages`` entry-point group adds those of other packages: an entry point
names a `Language` (made with `load_language` from the plugin's own data file, say) or a
function that returns one. Every consumer (labels,
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
DATA = files(__package__).joinpath("data")
BUILT_IN = tuple(sorted(
    (entry.name.removesuffix(".toml") for entry in DATA.iterdir() if entry.name.endswith(".toml")),
    key=lambda code: (code != "en", code),
))  # data/<code>.toml, English first  # fmt: skip

_REGISTRY: dict[str, Language] = {}
_LOADED = False


def register(language: Language) -> Language:
    """Add ``language`` (a later language of the same code replaces the earlier one)."""
    if not isinstance(language, Language):
        raise LanguageError(
            f"{language!r} is not a Language.",
            fix="register a handoutkit.language.Language (load_language reads a data file).",
        )
    _REGISTRY[language.code.casefold()] = language
    return language


def unregister(code: str) -> None:
    """Remove the language ``code`` (tests, and plugins that replace a language)."""
    _REGISTRY.pop(code.casefold(), None)


def languages() -> tuple[Language, ...]:
    """Every registered language, built-in ones first, in the order they were registered."""
    _load()
    return tuple(_REGISTRY.values())


def language_for(code: str, *, exact: bool = False) -> Language | None:
    """The language of the BCP 47 tag ``code``, or None when there is none.

    Without ``exact`` a tag falls back as CLDR's likely subtags say: ``es-MX`` to ``es``,
    ``zh`` and ``zh-CN`` to ``zh-Hans``, ``zh-TW`` and ``zh-HK`` to ``zh-Hant``, ``pt-BR``
    to ``pt``."""
    _load()
    found = _REGISTRY.get(code.casefold())
    if found is not None or exact:
        return found
    for candidate in fallbacks(code):
        found = _REGISTRY.get(candidate.casefold())
        if found is not None:
            return found
    return None


def direction_of(code: str) -> str:
    """``rtl`` or ``ltr``: the writing direction of the language ``code`` (its script's)."""
    found = language_for(code)
    return found.direction if found is not None else "ltr"


def autonym(code: str) -> str:
    """The language's name in itself, from CLDR: "العربية", "中文 (繁體)", "Tiếng Việt"; the
    tag itself where CLDR has no name for it."""
    from babel import Locale, UnknownLocaleError  # start-up: CLDR data only for names

    parts = code.replace("_", "-").split("-")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3)), None)
    try:
        found = Locale.parse("_".join(parts))
        named = Locale(found.language, territory=region, script=script)
        return str(named.get_display_name(named) or code)
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def culture(code: str) -> str:
    """The tag office programs know for ``code``: a script subtag becomes the region CLDR
    names for it (``zh-Hans`` to ``zh-CN``, ``zh-Hant`` to ``zh-TW``); others stay as they are."""
    parts = code.replace("_", "-").split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3)), None)
    if script is None:
        return code
    if region is not None:  # zh-Hant-HK: the region the tag names
        return f"{parts[0].lower()}-{region}"
    from babel.core import get_global  # start-up: CLDR data only for a tag with a script

    language, script = parts[0].lower(), script.title()
    likely = get_global("likely_subtags")
    for key in (f"{language}_{script}", f"und_{script}", language):
        full = likely.get(key, "").split("_")
        if len(full) == 3 and full[:2] == [language, script]:
            return f"{language}-{full[2]}"
    return code


def fallbacks(code: str) -> list[str]:
    """The tags to try for ``code`` after itself, most specific first."""
    parts = code.replace("_", "-").split("-")
    language = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3) and p != parts[0]), None)
    if script is None:
        script = _likely_script(language, region)
    tags = [f"{language}-{script}"] if script else []
    return [*tags, language]


def _likely_script(language: str, region: str | None) -> str | None:
    from babel.core import get_global  # start-up: CLDR data only for a tag not found as is

    likely = get_global("likely_subtags")
    full = likely.get(f"{language}_{region}") if region else None
    full = full or likely.get(language) or ""
    parts = full.split("_")
    return parts[1] if len(parts) > 2 and len(parts[1]) == 4 else None


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for code in BUILT_IN:
        register(load_language(DATA.joinpath(f"{code}.toml")))
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
