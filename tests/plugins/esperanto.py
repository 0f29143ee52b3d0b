"""A language from outside the package, the way a plugin package ships one: its data file
next to the module, read with load_language, named by a ``handoutkit.languages`` entry
point (tests/language/test_registry.py stands one in)."""

from __future__ import annotations

from pathlib import Path

from handoutkit.language import load_language

LANGUAGE = load_language(Path(__file__).with_name("eo.toml"))
