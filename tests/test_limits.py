"""Every bound on inputs is in one place, named once, and listed in the README with its value."""

from __future__ import annotations

import re

import pytest

from handoutkit import limits
from handoutkit.limits import ALL, Limit

from .conftest import ROOT

SECTION = "Safety and limits"


def readme_section(title: str) -> list[str]:
    """The lines of the README section headed ``title`` (fenced code skipped), up to the next
    heading of the same or a higher level."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    found: list[str] | None = None
    level = 0
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = None if fenced else re.match(r"^(#+)\s+(.*?)\s*#*\s*$", line)
        if heading and found is not None and len(heading.group(1)) <= level:
            break
        if heading and found is None and heading.group(2).strip() == title:
            found, level = [], len(heading.group(1))
            continue
        if found is not None and not fenced:
            found.append(line)
    assert found is not None, f"README.md has no '{title}' section"
    return found


def table_rows(lines: list[str]) -> dict[str, str]:
    """First cell → second cell of every Markdown table row (header and rule rows included)."""
    rows = {}
    for line in lines:
        if line.strip().startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) >= 2:
                rows[" ".join(cells[0].split()).lower()] = " ".join(cells[1].split())
    return rows


def test_all_holds_every_limit_defined_in_the_module():
    defined = [value for value in vars(limits).values() if isinstance(value, Limit)]
    assert list(ALL) == defined
    assert len(ALL) >= 20


def test_limit_names_are_unique():
    names = [limit.name for limit in ALL]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_limit_names_and_units_read_in_a_sentence():
    for limit in ALL:
        assert limit.name == limit.name.strip() and limit.name[0].islower(), limit
        assert limit.value > 0, limit
        assert limit.unit and " " not in limit.unit, limit


@pytest.mark.parametrize("limit", ALL, ids=[limit.name for limit in ALL])
def test_the_readme_lists_every_limit_with_its_value(limit):
    rows = table_rows(readme_section(SECTION))
    assert limit.name.lower() in rows, (
        f"README.md's '{SECTION}' section has no table row '| {limit.name} | {limit.shown} |'"
    )
    assert rows[limit.name.lower()] == limit.shown, (
        f"README.md says the {limit.name} is {rows[limit.name.lower()]}; it is {limit.shown}"
    )


@pytest.mark.parametrize(
    ("limit", "shown"),
    [
        (Limit("size", 64 * 1024, "bytes"), "64 KB"),
        (Limit("size", 8 * 1024 * 1024, "bytes"), "8 MB"),
        (Limit("size", 100, "bytes"), "100 bytes"),
        (Limit("pixels", 40_000_000, "pixels"), "40 megapixels"),
        (Limit("parts", 2000, "parts"), "2,000 parts"),
        (Limit("depth", 1, "level"), "1 level"),
    ],
)
def test_limits_show_their_values_as_people_read_them(limit, shown):
    assert limit.shown == shown


def test_exceeded_names_the_limit_its_value_and_what_was_found():
    limit = Limit("size of a test file", 16 * 1024, "bytes")
    assert limit.exceeded(20 * 1024) == (
        "Handout Kit's limit on the size of a test file is 16 KB (found 20 KB)"
    )
    assert Limit("number of rows", 40, "rows").exceeded(1041) == (
        "Handout Kit's limit on the number of rows is 40 rows (found 1,041)"
    )
