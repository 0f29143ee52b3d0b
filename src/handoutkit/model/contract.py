"""The contract between the notebooks and the builder: typed payloads, not loose dictionaries.

A notebook cell displays a payload under its mimetype (``Payload.bundle``); the builder
finds it in the executed notebook (`find`) and gets the same typed value back
(``from_json``), or a `ContractError` saying which payload and which field is wrong. The
JSON keys are fixed here, once, for both sides. Kept free of heavy imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from ..errors import RenderError
from .findings import Finding

PAGE_MIMETYPE = "application/vnd.handoutkit.page+json"
WARNINGS_MIMETYPE = "application/vnd.handoutkit.warnings+json"
# Quality-check findings and figures (handoutkit.notebook.Checks), kept in the manifest.
CHECKS_MIMETYPE = "application/vnd.handoutkit.checks+json"
PPTX_MIMETYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# The deck's slides as JSON (handoutkit.outputs.deck.outline), for the browser deck's exporter.
OUTLINE_MIMETYPE = "application/vnd.handoutkit.deck-outline+json"

# Cell tags the builder takes outputs from.
HANDOUT_TAG = "handout"
DECK_TAG = "deck"

# The papermill engine that keeps a warm kernel per worker (see execute/engine.py).
ENGINE_NAME = "handoutkit"


class ContractError(RenderError):
    """An executed notebook displayed a payload the builder cannot read."""


def _text(data: Mapping[str, Any], name: str, payload: str) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise ContractError(
            f"the notebook's {payload} has '{name}' of type {type(value).__name__}, not text.",
            fix="run the notebook with this version of Handout Kit (an older or edited "
            "notebook displays other values).",
        )
    return value


def _links(items: object) -> list[dict[str, Any]]:
    """The language links of a page, each with text fields only (an edited notebook's are
    dropped, not trusted)."""
    found = []
    for item in items if isinstance(items, list | tuple) else ():
        if isinstance(item, Mapping) and all(
            isinstance(item.get(k), str) for k in ("language", "name", "dir")
        ):
            href = item.get("href")
            found.append({
                "language": item["language"], "name": item["name"], "dir": item["dir"],
                "href": href if isinstance(href, str) else None,
            })  # fmt: skip
    return found


@dataclass(frozen=True, slots=True)
class PagePayload:
    """What the handout page is: for the exporter's page metadata and the job's record."""

    MIMETYPE: ClassVar[str] = PAGE_MIMETYPE
    title: str  # the page's <title>: "Title: Subtitle | Clinic"
    lang: str
    author: str  # the clinic
    description: str  # "Title: Subtitle"
    created: str  # the review date, YYYY-MM-DD
    inputs: tuple[str, ...] = ()  # pictures read from outside the document's folder
    dir: str = "ltr"  # the page's writing direction: "ltr" or "rtl"
    # The same document in each language of its procedure: {language, name, dir, href}.
    languages: tuple[dict[str, Any], ...] = ()
    languages_label: str = ""  # what the list of them is called, in the page's language
    approval: str = ""  # the document's approval: "approved 2026-12-04 by …", or why not
    approvals: tuple[str, ...] = ()  # its approval history, newest first

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "title": self.title,
            "lang": self.lang,
            "author": self.author,
            "description": self.description,
            "created": self.created,
        }
        if self.dir != "ltr":
            data["dir"] = self.dir
        if self.inputs:  # only then: other handouts' notebooks stay as they were
            data["inputs"] = list(self.inputs)
        if self.languages:
            data["languages"] = list(self.languages)
            data["languages_label"] = self.languages_label
        if self.approval:
            data["approval"] = self.approval
        if self.approvals:
            data["approvals"] = list(self.approvals)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PagePayload:
        fields = {name: _text(data, name, "page") for name in ("title", "lang", "author")}
        return cls(
            **fields,
            description=_text(data, "description", "page"),
            created=_text(data, "created", "page"),
            inputs=tuple(str(path) for path in data.get("inputs", ())),
            dir="rtl" if data.get("dir") == "rtl" else "ltr",
            languages=tuple(_links(data.get("languages", ()))),
            languages_label=str(data.get("languages_label", "")),
            approval=str(data.get("approval", "")),
            approvals=tuple(str(line) for line in data.get("approvals", ())),
        )


@dataclass(frozen=True, slots=True)
class WarningsPayload:
    """The warnings of the content and brand files, one line each."""

    MIMETYPE: ClassVar[str] = WARNINGS_MIMETYPE
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"warnings": list(self.warnings)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WarningsPayload:
        return cls(tuple(str(line) for line in data.get("warnings", ())))


@dataclass(frozen=True, slots=True)
class ChecksPayload:
    """What a notebook's quality checks found, and the document's figures."""

    MIMETYPE: ClassVar[str] = CHECKS_MIMETYPE
    findings: tuple[Finding, ...]
    scores: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "findings": [finding.as_dict() for finding in self.findings],
            "scores": [[name, value] for name, value in self.scores],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChecksPayload:
        try:
            findings = tuple(Finding.from_dict(item) for item in data.get("findings", ()))
            scores = tuple((str(n), float(v)) for n, v in data.get("scores", ()))
        except (KeyError, TypeError, ValueError) as exc:
            raise ContractError(
                f"the notebook's quality checks cannot be read ({exc}).",
                fix="run the notebook with this version of Handout Kit.",
            ) from None
        return cls(findings, scores)


P = TypeVar("P", PagePayload, WarningsPayload, ChecksPayload)


def find(cells: Iterable[Mapping[str, Any]], kind: type[P]) -> P | None:
    """The first ``kind`` payload the cells displayed, or None."""
    for cell in cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(kind.MIMETYPE)
            if data is not None:
                return kind.from_json(data)
    return None
