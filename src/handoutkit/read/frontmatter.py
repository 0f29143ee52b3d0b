"""A procedure document's YAML front matter: its fields, its review date, its check numbers.

The front matter is the block between the ``---`` lines at the top of the file:
``title`` and ``language`` are required; ``reviewed`` (a date written YYYY-MM-DD) and
``reviewed_by`` go together, for content reviewed outside Handout Kit (a document approved
with ``handoutkit approve``, or not yet reviewed, has neither); ``subtitle`` and the
document's own quality-check numbers are optional; an unknown field is a notice.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..inputs.yamlfile import load_yaml
from ..inputs.yamlfile import where as yaml_where
from ..limits import FRONT_MATTER_BYTES
from ..model import DocumentMeta, Notice
from .settings import CHECK_LIMITS, check_number

REQUIRED_FIELDS = ("title", "language")
REVIEW_FIELDS = ("reviewed", "reviewed_by")  # both or neither
OPTIONAL_FIELDS = ("subtitle", *REVIEW_FIELDS)
# A document may set its own quality-check numbers (the project's settings otherwise).
CHECK_FIELDS = tuple(CHECK_LIMITS)

_FRONT_MATTER_FIX = (
    "start the file with a block like\n---\ntitle: Microneedling\nsubtitle: Collagen Induction "
    "Therapy\nlanguage: en\nreviewed: 2026-01-15\nreviewed_by: Dr. A. Example\n---"
)


def split_front_matter(text: str, path: Path) -> tuple[Any, str, int]:
    """The front matter's YAML tree, the body and the body's first line (0-based)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(
            "the file does not start with YAML front matter ('---' on line 1).",
            fix=_FRONT_MATTER_FIX,
            path=path,
            where="line 1",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ContentError(
            "the front matter is never closed: no second '---' line.",
            fix="add a line with '---' after the last front-matter field.",
            path=path,
            where="line 1",
        )
    yaml_text = "".join(lines[1:end])
    fields = load_yaml(
        yaml_text,
        path=path,
        error=ContentError,
        limit=FRONT_MATTER_BYTES,
        first_line=2,
        what="the front matter",
    )
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise ContentError(
            "the front matter must be 'field: value' lines.",
            fix=_FRONT_MATTER_FIX,
            path=path,
            where="line 2",
        )
    return fields, "".join(lines[end + 1 :]), end + 1


def read_meta(fields: Any, path: Path) -> tuple[DocumentMeta, tuple[Notice, ...]]:
    """The document's `DocumentMeta` from its front-matter fields, and notices for the rest."""

    def where(name: str) -> str:
        return yaml_where(fields, name, first_line=2)

    for name in REQUIRED_FIELDS:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ContentError(
                f"the required front-matter field '{name}' is missing or empty.",
                fix=f"add a line '{name}: ...' between the '---' lines "
                f"(required: {', '.join(REQUIRED_FIELDS)}).",
                path=path,
                where="front matter",
            )
    for name in ("title", "reviewed_by", "language", *OPTIONAL_FIELDS):
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            raise ContentError(
                f"'{name}' must be text, not {type(value).__name__}.",
                fix=f"put the value of '{name}' in quotes.",
                path=path,
                where=where(name),
            )
    language = fields["language"].strip()
    if language != path.stem:
        raise ContentError(
            f"the front matter says language '{language}' but the file is named '{path.name}'.",
            fix=f"rename the file to '{language}.md' or set 'language: {path.stem}'.",
            path=path,
            where=where("language"),
        )
    given = [name for name in REVIEW_FIELDS if _filled(fields.get(name))]
    if len(given) == 1:
        missing = next(name for name in REVIEW_FIELDS if name not in given)
        raise ContentError(
            f"'{given[0]}' is given but '{missing}' is missing or empty: a review has a date "
            "and a reviewer.",
            fix=f"add '{missing}: ...' to the front matter, or remove '{given[0]}' (a document "
            "approved with 'handoutkit approve' needs neither).",
            path=path,
            where=where(given[0]),
        )
    reviewed = _date(fields["reviewed"]) if given else None
    if given and reviewed is None:
        written = fields["reviewed"]
        looks_like_date = isinstance(written, str) and re.fullmatch(
            r"\s*\d{4}-\d{2}-\d{2}\s*", written
        )
        problem = (
            f"'reviewed' is '{written.strip()}', which is not a date in the calendar."
            if looks_like_date
            else f"'reviewed' must be a date written YYYY-MM-DD, got '{written}'."
        )
        raise ContentError(
            problem,
            fix="write the date of the last review as year-month-day, like 'reviewed: 2026-01-15'.",
            path=path,
            where=where("reviewed"),
        )
    limits = {name: _check_number(fields, name, path, where(name)) for name in CHECK_FIELDS}
    known = {*REQUIRED_FIELDS, *OPTIONAL_FIELDS, *CHECK_FIELDS}
    notices = tuple(
        Notice(
            f"unknown front-matter field '{name}' is ignored "
            f"(known fields: {', '.join(sorted(known))}).",
            path=path,
            where=where(name),
        )
        for name in fields
        if name not in known
    )
    subtitle = fields.get("subtitle")
    meta = DocumentMeta(
        title=fields["title"].strip(),
        subtitle=subtitle.strip() if subtitle and subtitle.strip() else None,
        language=language,
        reviewed=reviewed,
        reviewed_by=fields["reviewed_by"].strip() if given else None,
        target_grade=limits["target_grade"],
        review_months=None if limits["review_months"] is None else int(limits["review_months"]),
    )
    return meta, notices


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _date(value: object) -> date | None:
    """A YYYY-MM-DD date, or None (dates stay text in the YAML: see `inputs.yamlfile`)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _check_number(fields: Any, name: str, path: Path, where: str) -> float | None:
    """An optional quality-check number (see ``settings.CHECK_LIMITS``)."""
    if fields.get(name) is None:
        return None
    number, problem = check_number(name, fields[name])
    if problem:
        raise ContentError(
            problem,
            fix=f"write it like '{name}: {8 if name == 'target_grade' else 12}', "
            "or remove the line to use the project's setting.",
            path=path,
            where=where,
        )
    return number
