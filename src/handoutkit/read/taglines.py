"""A clinic group's notice of free language assistance: one file per language, its own words.

Layout::

    content/notices/language-assistance/<language>.md            the group's
    content/clinics/<clinic>/notices/language-assistance/<language>.md   one clinic's own

A clinic's folder, when it has one, replaces the group's for that clinic (its own phone
number, say). Each file is one or two paragraphs of Markdown (bold, links) in the language
its name gives (``es.md``, ``zh-Hant.md``). Handout Kit prints them as they are, each in its
own script and direction; it never writes or translates them.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from ..errors import ContentError
from ..inputs.files import read_file
from ..inputs.textfile import decode_text
from ..language import language_for
from ..limits import NOTICE_BYTES, NOTICE_FILES
from ..model import Notice, Tagline
from .body import BodyParser
from .catalog import LANGUAGE, NOTICE_FOLDER


def tagline_folder(root: Path, clinic: str) -> tuple[Path | None, tuple[Notice, ...]]:
    """The folder of notices that applies to ``clinic``: its own, else the group's, else
    none; and a notice for a folder that is a symbolic link (never read)."""
    skipped: list[Notice] = []
    for folder in (root / "clinics" / clinic / NOTICE_FOLDER, root / NOTICE_FOLDER):
        if folder.is_symlink():
            skipped.append(
                Notice(
                    "the folder of notices of language assistance is a symbolic link and is "
                    "not read. Fix: put the notices themselves in the folder.",
                    path=folder,
                )
            )
        elif folder.is_dir():
            return folder, tuple(skipped)
    return None, tuple(skipped)


def read_taglines(root: Path, clinic: str) -> tuple[tuple[Tagline, ...], tuple[Notice, ...]]:
    """The notices that apply to ``clinic``, by language tag, and what was skipped."""
    folder, skipped = tagline_folder(root, clinic)
    if folder is None:
        return (), skipped
    taglines: list[Tagline] = []
    notices: list[Notice] = list(skipped)
    names = sorted(os.listdir(folder))
    files = [name for name in names if name.endswith(".md")]
    if len(files) > NOTICE_FILES.value:
        raise ContentError(
            f"{NOTICE_FILES.exceeded(len(files))}.",
            fix="keep one notice per language the clinics' patients read.",
            path=folder,
        )
    for name in names:
        tag = name.removesuffix(".md")
        if name.startswith(".") or (name.endswith(".md") and LANGUAGE.fullmatch(tag)):
            if not name.startswith("."):
                taglines.append(read_tagline(folder / name, tag, root))
            continue
        notices.append(
            Notice(
                f"'{name}' is not a notice and is skipped: notices are named after their "
                "language, like es.md or zh-Hant.md.",
                path=folder / name,
            )
        )
    return tuple(taglines), tuple(notices)


def read_tagline(path: Path, tag: str, root: Path) -> Tagline:
    """One notice, read bounded from inside the content folder."""
    data = read_file(path, root=root, limit=NOTICE_BYTES, error=ContentError)
    text = decode_text(data, path=path, error=ContentError)
    if not text.strip():
        raise ContentError(
            "the notice of language assistance is empty.",
            fix="write the clinic's notice in this language, or delete the file.",
            path=path,
        )
    parser = BodyParser(path=path, line_offset=0, content_root=root)
    paragraphs = parser.paragraphs(text, "a notice of language assistance")
    return Tagline(tag, _direction(tag, text), paragraphs, path)


def _direction(tag: str, text: str) -> str:
    """The language's direction, or for a language Handout Kit does not know, its first
    letter's (the rule browsers follow for ``dir="auto"``)."""
    language = language_for(tag)
    if language is not None:
        return language.direction
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def ordered(taglines: tuple[Tagline, ...], first: str) -> tuple[Tagline, ...]:
    """``taglines`` with the document's own language first (its very tag, then the others of
    its language: ``zh-Hant`` before ``zh-Hans``), then by tag."""
    base = first.split("-")[0].casefold()

    def rank(tagline: Tagline) -> tuple[int, str]:
        tag = tagline.language.casefold()
        return (0 if tag == first.casefold() else 1 if tag.split("-")[0] == base else 2, tag)

    return tuple(sorted(taglines, key=rank))
