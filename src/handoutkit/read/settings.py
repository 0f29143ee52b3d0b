"""Project settings: ``content/handoutkit.yml``, optional, validated like every other input.

It holds the quality checks' defaults for every document of the content folder (a
document's front matter may still set its own), and whether the build requires approval::

    checks:
      target_grade: 8      # reading grade to aim for
      review_months: 12    # months between clinical reviews; twice that is an error
    approval:
      required: true       # build only documents approved as they are (handoutkit approve)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError

SETTINGS_FILE = "handoutkit.yml"
DEFAULT_TARGET_GRADE = 8.0  # AMA, NIH and MedlinePlus advise grade 6 to 8
DEFAULT_REVIEW_MONTHS = 12
# The quality checks' numbers, in the settings file and in a document's front matter:
# (smallest, largest); an int range takes whole numbers only.
CHECK_LIMITS: dict[str, tuple[float, float]] = {
    "target_grade": (1.0, 18.0),
    "review_months": (1, 60),
}
_EXAMPLE = "checks:\n  target_grade: 8\n  review_months: 12\napproval:\n  required: true"
SECTIONS = ("checks", "approval")


@dataclass(frozen=True, slots=True)
class ProjectSettings:
    target_grade: float = DEFAULT_TARGET_GRADE
    review_months: int = DEFAULT_REVIEW_MONTHS
    approval_required: bool = False  # build only documents approved as they are
    source: Path | None = None  # the file they were read from, if there is one


def check_number(name: str, value: object) -> tuple[float | None, str | None]:
    """``value`` of the check setting ``name`` as a number, or the problem with it."""
    low, high = CHECK_LIMITS[name]
    whole = isinstance(low, int)
    number = (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    )
    if number is None or (whole and not number.is_integer()) or not low <= number <= high:
        kind = "a whole number" if whole else "a number"
        return None, f"'{name}' must be {kind} from {low:g} to {high:g}, got '{value}'."
    return number, None


def read_settings(content_dir: Path) -> ProjectSettings:
    """The settings of ``content_dir`` (the defaults when it has no settings file)."""
    # start-up: the YAML reader only when there is a settings file to read.
    from ..inputs.files import read_file
    from ..inputs.textfile import decode_text
    from ..inputs.yamlfile import load_yaml
    from ..limits import YAML_FILE_BYTES

    path = content_dir / SETTINGS_FILE
    if not os.path.lexists(path):
        return ProjectSettings()
    data = read_file(path, root=content_dir, limit=YAML_FILE_BYTES, error=ContentError)
    text = decode_text(data, path=path, error=ContentError)
    tree = load_yaml(text, path=path, error=ContentError, limit=YAML_FILE_BYTES)
    if tree is None:
        return ProjectSettings(source=path)
    checks = tree.get("checks", {}) if isinstance(tree, dict) else None
    unknown = [key for key in tree if key not in SECTIONS] if isinstance(tree, dict) else []
    if not isinstance(checks, dict) or unknown:
        raise ContentError(
            "the settings must be 'name: value' lines under 'checks:' or 'approval:'"
            + (f"; '{unknown[0]}' is not a section Handout Kit knows." if unknown else "."),
            fix=f"write it like\n{_EXAMPLE}",
            path=path,
            where=_where(tree, unknown[0]) if unknown else None,
        )
    values: dict[str, float] = {}
    for name, value in checks.items():
        if name not in CHECK_LIMITS:
            raise ContentError(
                f"unknown setting 'checks.{name}'.",
                fix=f"use {' or '.join(CHECK_LIMITS)}, or remove the line.",
                path=path,
                where=_where(checks, name, f"checks.{name}"),
            )
        number, problem = check_number(name, value)
        if problem:
            raise ContentError(
                problem,
                fix=f"write it like\n{_EXAMPLE}",
                path=path,
                where=_where(checks, name, f"checks.{name}"),
            )
        values[name] = number  # type: ignore[assignment]
    return ProjectSettings(
        target_grade=values.get("target_grade", DEFAULT_TARGET_GRADE),
        review_months=int(values.get("review_months", DEFAULT_REVIEW_MONTHS)),
        approval_required=_approval_required(tree, path),
        source=path,
    )


def _approval_required(tree: dict[str, Any], path: Path) -> bool:
    section = tree.get("approval", {})
    if not isinstance(section, dict) or set(section) - {"required"}:
        raise ContentError(
            "'approval:' holds one setting, 'required: true' or 'required: false'.",
            fix=f"write it like\n{_EXAMPLE}",
            path=path,
            where=_where(tree, "approval"),
        )
    required = section.get("required", False)
    if not isinstance(required, bool):
        raise ContentError(
            f"'approval.required' must be true or false, not '{required}'.",
            fix="write 'required: true' to build only approved documents, or 'false'.",
            path=path,
            where=_where(section, "required", "approval.required"),
        )
    return required


def _where(node: Any, key: str, dotted: str | None = None) -> str:
    from ..inputs.yamlfile import line_of  # start-up: see read_settings

    line = line_of(node, key)
    return f"line {line}, field '{dotted or key}'" if line else f"field '{dotted or key}'"
