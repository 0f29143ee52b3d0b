"""The same document in the procedure's other languages: links for the HTML outputs.

A handout page and a browser deck link to their siblings (same clinic, same procedure) in
every language the procedure is written in, by file name in the same folder, each named in
its own language (CLDR's name, through Babel): "English · العربية · 中文 (简体)".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..language import autonym, direction_of
from ..model import Handout, JobKey


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """One language of the document: its tag, its own name, and the file (None: this one)."""

    language: str
    name: str
    direction: str
    href: str | None

    def to_json(self) -> dict[str, object]:
        return {"language": self.language, "name": self.name, "dir": self.direction,
                "href": self.href}  # fmt: skip


def language_links(handout: Handout, suffix: str) -> tuple[LanguageLink, ...]:
    """Links to this output (``suffix``: "_handout.html") in each language of the procedure;
    none when the procedure has one language."""
    if len(handout.languages) < 2:
        return ()
    clinic, procedure = handout.clinic.slug, handout.document.procedure
    current = handout.document.language
    return tuple(
        LanguageLink(
            language,
            autonym(language),
            direction_of(language),
            None if language == current else JobKey(clinic, procedure, language).stem + suffix,
        )
        for language in handout.languages
    )
