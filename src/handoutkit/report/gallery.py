"""``build/index.html``: every handout and deck of the build folder on one page.

A marketing user opens it in a browser after a build: for each clinic,
procedure and language, a picture of the handout's first page and of the
first slides, links to every file, the review date, the warnings, and the
error of a job whose last build failed. Made from the manifest alone, so it
also shows the jobs a build skipped; the same manifest gives the same page.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

from ..model import Entry, JobKey, Manifest
from ..quality.names import CHECKS_HTML, anchor
from ..resources import PROJECT_TEMPLATES
from .pages import page_environment

_KIND_LABELS = {
    "handout-pdf": "Handout PDF",
    "handout-large-pdf": "Large-print handout PDF",
    "handout-html": "Handout web page",
    "slides-pptx": "Slides (PowerPoint)",
    "slides-html": "Slides (browser)",
    "notebook-handout": "Notebook (handout)",
    "notebook-handout-large": "Notebook (large-print handout)",
    "notebook-slides": "Notebook (slides)",
}
_PAPER_LABELS = {"letter": "Letter", "a4": "A4"}
_HIDDEN_KINDS = {"preview-handout", "preview-slide"}


@dataclass(frozen=True, slots=True)
class FileLink:
    label: str
    href: str
    size: str


@dataclass(frozen=True, slots=True)
class Card:
    """One clinic × procedure × language."""

    anchor: str
    title: str
    procedure: str
    language: str
    reviewed: str
    handout_preview: str | None
    slide_previews: tuple[str, ...]
    files: tuple[FileLink, ...]
    warnings: tuple[str, ...]
    error: str | None
    quality: str  # the reading grades and structure score, or "" before a build
    checks_href: str  # this document's part of the quality report
    built: bool  # False: the job never built, so there is nothing to show but the error


@dataclass(frozen=True, slots=True)
class ClinicGroup:
    slug: str
    name: str
    cards: tuple[Card, ...]


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


def _label(entry: Entry) -> str:
    label = _KIND_LABELS.get(entry.kind, entry.kind)
    return f"{label}, {_PAPER_LABELS.get(entry.paper, entry.paper)}" if entry.paper else label


def _card(manifest: Manifest, key: JobKey) -> Card:
    record = manifest.job(key)
    failure = next((f for f in manifest.failures if f.key == key), None)
    entries = manifest.outputs_of(key)
    order = list(_KIND_LABELS)
    files = tuple(
        FileLink(label=_label(entry), href=_href(entry.path), size=_size(entry.size))
        for entry in sorted(
            entries,
            key=lambda e: (order.index(e.kind) if e.kind in order else 99, e.paper or ""),
        )
        if entry.kind not in _HIDDEN_KINDS
    )
    handout = next((e for e in entries if e.kind == "preview-handout"), None)
    slides = tuple(_href(e.path) for e in entries if e.kind == "preview-slide")
    return Card(
        anchor=key.stem,
        title=record.title if record and record.title else key.procedure,
        procedure=key.procedure,
        language=key.language,
        reviewed=record.reviewed if record else "",
        handout_preview=_href(handout.path) if handout else None,
        slide_previews=slides,
        files=files,
        warnings=record.warnings if record else (),
        error=failure.error if failure else None,
        quality=_quality(record.scores) if record else "",
        checks_href=f"{CHECKS_HTML}#{anchor('document', f'{key.procedure}/{key.language}')}",
        built=record is not None,
    )


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
            cards=tuple(_card(manifest, key) for key in clinic_keys),
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
