"""``build/index.html``: every handout and deck of the build folder on one page.

A marketing user opens it in a browser after a build: for each clinic and
procedure, one card with a switch between its languages; for each language, a
picture of the handout's first page and of the first slides, links to every
file, the review date, the warnings, and the error of a job whose last build
failed. Made from the manifest alone, so it
also shows the jobs a build skipped; the same manifest gives the same page.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

from ..language import autonym, direction_of
from ..model import Entry, JobKey, Manifest
from ..outputs.kinds import file_kinds, kinds
from ..quality.names import CHECKS_HTML
from ..resources import PROJECT_TEMPLATES
from .pages import page_environment
from .paths import document_checks

_PAPER_LABELS = {"letter": "Letter", "a4": "A4"}


@dataclass(frozen=True, slots=True)
class FileLink:
    label: str
    href: str
    size: str


@dataclass(frozen=True, slots=True)
class PreviewGroup:
    """An output kind's pictures on a card, drawn by the kind's own snippet template."""

    template: str  # in templates/gallery/, the kind's ``gallery`` template
    images: tuple[str, ...]
    link: str | None  # the kind's first listed file


@dataclass(frozen=True, slots=True)
class Card:
    """One clinic × procedure × language."""

    anchor: str
    title: str
    procedure: str
    language: str
    language_name: str  # in itself: "العربية"
    direction: str  # of the language: "ltr" or "rtl"
    reviewed: str
    approval: str  # "approved 2026-12-04 by …", "changed since its approval …", "never approved"
    approvals: tuple[str, ...]  # the approval history, newest first
    previews: tuple[PreviewGroup, ...]
    files: tuple[FileLink, ...]
    warnings: tuple[str, ...]
    error: str | None
    quality: str  # the reading grades and structure score, or "" before a build
    checks_href: str  # this document's part of the quality report
    built: bool  # False: the job never built, so there is nothing to show but the error


@dataclass(frozen=True, slots=True)
class ProcedureGroup:
    """One procedure of a clinic: a card per language, with a switch between them."""

    anchor: str
    procedure: str
    cards: tuple[Card, ...]

    @property
    def flagged(self) -> tuple[str, ...]:
        """The languages whose card has an error or warnings (marked on the switch)."""
        return tuple(card.language for card in self.cards if card.error or card.warnings)


@dataclass(frozen=True, slots=True)
class ClinicGroup:
    slug: str
    name: str
    procedures: tuple[ProcedureGroup, ...]

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(card for procedure in self.procedures for card in procedure.cards)


@dataclass(frozen=True, slots=True)
class GalleryView:
    groups: tuple[ClinicGroup, ...]
    jobs: int
    failed: int
    warnings: int
    checks_href: str = CHECKS_HTML


def _href(path: str) -> str:
    return quote(path, safe="/")


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _label(entry: Entry, labels: dict[str, str]) -> str:
    label = labels.get(entry.kind, entry.kind)
    return f"{label}, {_PAPER_LABELS.get(entry.paper, entry.paper)}" if entry.paper else label


def _card(manifest: Manifest, key: JobKey) -> Card:
    record = manifest.job(key)
    failure = next((f for f in manifest.failures if f.key == key), None)
    entries = manifest.outputs_of(key)
    listed = [file for file in file_kinds() if file.listed]
    order = {file.name: (file.rank, index) for index, file in enumerate(listed)}
    labels = {file.name: file.label for file in file_kinds()}
    ordered = sorted(
        (e for e in entries if e.kind in order or e.kind not in labels),
        key=lambda e: (order.get(e.kind, (99, 0)), e.paper or ""),
    )
    files = tuple(
        FileLink(label=_label(entry, labels), href=_href(entry.path), size=_size(entry.size))
        for entry in ordered
    )
    return Card(
        anchor=key.stem,
        title=record.title if record and record.title else key.procedure,
        procedure=key.procedure,
        language=key.language,
        language_name=autonym(key.language),
        direction=direction_of(key.language),
        reviewed=record.reviewed if record else "",
        approval=record.approval if record else "",
        approvals=record.approvals if record else (),
        previews=_previews(entries, ordered),
        files=files,
        warnings=record.warnings if record else (),
        error=failure.error if failure else None,
        quality=_quality(record.scores) if record else "",
        checks_href=document_checks(key.procedure, key.language),
        built=record is not None,
    )


def _previews(entries: tuple[Entry, ...], ordered: list[Entry]) -> tuple[PreviewGroup, ...]:
    """Each output kind's pictures, for the kinds that show some on a card; a kind's link is
    its first file as the card lists them."""
    groups = []
    for kind in kinds():
        if kind.gallery is None:
            continue
        hidden = {file.name for file in kind.files if not file.listed}
        shown = {file.name for file in kind.files if file.listed}
        images = tuple(_href(e.path) for e in entries if e.kind in hidden)
        first = next((e for e in ordered if e.kind in shown), None)
        groups.append(PreviewGroup(kind.gallery, images, _href(first.path) if first else None))
    return tuple(groups)


def _quality(scores: tuple[tuple[str, float], ...]) -> str:
    """ "Flesch-Kincaid grade 11.5 · SMOG grade 13.8 (target 8) · PEMAT structure 100%"."""
    figures = dict(scores)
    grades = [
        f"{name} {value:g}"
        for name, value in scores
        if name.endswith(" grade") and name != "target grade"
    ]
    if not grades and "PEMAT structure (%)" not in figures:
        return ""
    parts = [" · ".join(grades) + (f" (target {figures['target grade']:g})" if grades else "")]
    if "PEMAT structure (%)" in figures:
        parts.append(f"PEMAT structure {figures['PEMAT structure (%)']:g}%")
    return " · ".join(part for part in parts if part)


def gallery_view(manifest: Manifest) -> GalleryView:
    keys = sorted({*(job.key for job in manifest.jobs), *(f.key for f in manifest.failures)})
    names = {job.clinic: job.clinic_name for job in manifest.jobs if job.clinic_name}
    groups = tuple(
        ClinicGroup(
            slug=clinic,
            name=names.get(clinic, clinic),
            procedures=tuple(
                ProcedureGroup(
                    anchor=f"{clinic}_{procedure}",
                    procedure=procedure,
                    cards=tuple(_card(manifest, key) for key in procedure_keys),
                )
                for procedure, procedure_keys in groupby(clinic_keys, key=lambda k: k.procedure)
            ),
        )
        for clinic, clinic_keys in groupby(keys, key=lambda key: key.clinic)
    )
    return GalleryView(
        groups=groups,
        jobs=len(keys),
        failed=len(manifest.failures),
        warnings=sum(len(job.warnings) for job in manifest.jobs),
    )


def render_gallery(manifest: Manifest, templates_dir: Path = PROJECT_TEMPLATES) -> bytes:
    """The gallery page as UTF-8 HTML bytes."""
    template = page_environment(templates_dir).get_template("index.html.j2")
    return template.render(view=gallery_view(manifest)).encode("utf-8")
