"""The gallery: a page per clinic, and an entry page that finds any job among them.

A marketing user opens ``build/index.html`` after a build. It lists every clinic with a
link to its page and, with JavaScript, searches and filters every job of the build folder
from a small index (a row per job: ``gallery/index.js``, the same rows as
``gallery/index.json``), fifty results a page, each linking to its card.

A clinic's page (``gallery/<clinic>.html``) has, for each procedure, one card with a switch
between its languages; for each language, a picture of the handout's first page and of the
first slides (loaded as they scroll into view), links to every file, the review date, the
approval, the warnings, the error of a job whose last build failed, and a link to its part
of the quality report.

Made from the manifest alone, so it also shows the jobs a build skipped; the same manifest
gives the same pages. A row of the index and a card are each made from one job's record,
files and failure (`index_row`, `card`), so a build can rewrite only the pages of the
clinics it touched (`gallery_files` with ``clinics``) and the index from every row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol

from ..language import autonym, direction_of
from ..model import Entry, Failure, JobKey, JobRecord, Manifest
from ..outputs.kinds import file_kinds, kinds
from ..resources import PROJECT_TEMPLATES
from .pages import page_environment
from .paths import (
    CHECKS_HTML,
    GALLERY,
    INDEX_JSON,
    INDEX_SCRIPT,
    checks_clinic_page,
    clinic_page,
    document_checks,
    href,
)

_PAPER_LABELS = {"letter": "Letter", "a4": "A4"}
# The pictures' sizes in pixels (outputs/handout/kind.py and outputs/deck/kind.py draw them):
# a handout's first page 420 px wide, as high as its first paper; a slide 320 × 180.
_PAGE_HEIGHTS = {"letter": 544, "a4": 594}
_SLIDE_SIZE = (320, 180)
_HANDOUT_WIDTH = 420
INDEX_FORMAT = 1
APPROVAL_STATES = ("approved", "changed", "never")
UP = "../"  # from a clinic's page (gallery/<clinic>.html) to the build folder


@dataclass(frozen=True, slots=True)
class FileLink:
    label: str
    href: str
    size: str


@dataclass(frozen=True, slots=True)
class Picture:
    src: str
    width: int | None = None  # as drawn, so the page keeps its place before it loads
    height: int | None = None


@dataclass(frozen=True, slots=True)
class PreviewGroup:
    """An output kind's pictures on a card, drawn by the kind's own snippet template."""

    template: str  # in templates/gallery/, the kind's ``gallery`` template
    images: tuple[Picture, ...]
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
class ClinicView:
    """One clinic's page."""

    slug: str
    name: str
    procedures: tuple[ProcedureGroup, ...]
    index_href: str = UP + GALLERY
    report_href: str = UP + CHECKS_HTML
    checks_href: str = ""  # this clinic's part of the quality report

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(card for procedure in self.procedures for card in procedure.cards)

    @property
    def jobs(self) -> int:
        return len(self.cards)

    @property
    def failed(self) -> int:
        return sum(card.error is not None for card in self.cards)

    @property
    def warnings(self) -> int:
        return sum(len(card.warnings) for card in self.cards)


@dataclass(frozen=True, slots=True)
class ClinicSummary:
    """A clinic's line on the entry page."""

    slug: str
    name: str
    href: str
    checks_href: str
    jobs: int
    warnings: int  # jobs with warnings
    failed: int


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    lang: str = ""
    direction: str = ""


@dataclass(frozen=True, slots=True)
class IndexView:
    """The entry page: the clinics, the search's choices, the totals."""

    clinics: tuple[ClinicSummary, ...]
    procedures: tuple[str, ...]
    languages: tuple[Option, ...]
    jobs: int
    failed: int
    warnings: int  # jobs with warnings
    index_script: str  # with a version, so a browser never keeps an old index
    index_json: str = INDEX_JSON
    checks_href: str = CHECKS_HTML


# --- What one job shows ------------------------------------------------------------------------


class Jobs:
    """The manifest's jobs, records, files and failures, looked up by job and by clinic once."""

    def __init__(self, manifest: Manifest) -> None:
        self.records = {job.key: job for job in manifest.jobs}
        self.failures = {failure.key: failure for failure in manifest.failures}
        outputs: dict[JobKey, list[Entry]] = {}
        for entry in manifest.outputs:
            outputs.setdefault(entry.key, []).append(entry)
        self.outputs = {key: tuple(entries) for key, entries in outputs.items()}
        self.keys = sorted({*self.records, *self.failures})
        self.by_clinic = {
            clinic: list(keys) for clinic, keys in groupby(self.keys, key=lambda k: k.clinic)
        }
        self.names = {job.clinic: job.clinic_name for job in manifest.jobs if job.clinic_name}

    def of(self, key: JobKey) -> tuple[JobRecord | None, tuple[Entry, ...], Failure | None]:
        return self.records.get(key), self.outputs.get(key, ()), self.failures.get(key)


@cache
def _language(code: str) -> tuple[str, str]:
    return autonym(code), direction_of(code)


# Not cached: a kind may be registered at any time (a plugin, a test).
def _file_order() -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    listed = [file for file in file_kinds() if file.listed]
    order = {file.name: (file.rank, index) for index, file in enumerate(listed)}
    labels = {file.name: file.label for file in file_kinds()}
    return order, labels


def picture_kinds() -> tuple[str, ...]:
    """The file kinds that are pictures on a card, in the order the cards show them."""
    return tuple(
        file.name
        for kind in kinds()
        if kind.gallery is not None
        for file in kind.files
        if not file.listed
    )


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _label(entry: Entry, labels: dict[str, str]) -> str:
    label = labels.get(entry.kind, entry.kind)
    return f"{label}, {_PAPER_LABELS.get(entry.paper, entry.paper)}" if entry.paper else label


def _picture(entry: Entry, entries: Sequence[Entry], up: str) -> Picture:
    src = up + href(entry.path)
    if entry.kind == "preview-slide":
        return Picture(src, *_SLIDE_SIZE)
    if entry.kind == "preview-handout":  # of the first paper the job was built for
        paper = next((e.paper for e in entries if e.kind == "handout-pdf" and e.paper), None)
        if paper in _PAGE_HEIGHTS:
            return Picture(src, _HANDOUT_WIDTH, _PAGE_HEIGHTS[paper])
    return Picture(src)


def card(
    key: JobKey,
    record: JobRecord | None,
    entries: Sequence[Entry],
    failure: Failure | None,
    up: str = UP,
) -> Card:
    """A job's card; its links relative to the build folder's ``up`` (a clinic's page)."""
    order, labels = _file_order()
    ordered = sorted(
        (e for e in entries if e.kind in order or e.kind not in labels),
        key=lambda e: (order.get(e.kind, (99, 0)), e.paper or ""),
    )
    files = tuple(
        FileLink(label=_label(entry, labels), href=up + href(entry.path), size=_size(entry.size))
        for entry in ordered
    )
    name, direction = _language(key.language)
    return Card(
        anchor=key.stem,
        title=record.title if record and record.title else key.procedure,
        procedure=key.procedure,
        language=key.language,
        language_name=name,
        direction=direction,
        reviewed=record.reviewed if record else "",
        approval=record.approval if record else "",
        approvals=record.approvals if record else (),
        previews=_previews(entries, ordered, up),
        files=files,
        warnings=record.warnings if record else (),
        error=failure.error if failure else None,
        quality=_quality(record.scores) if record else "",
        checks_href=up + document_checks(key.procedure, key.language),
        built=record is not None,
    )


def _previews(entries: Sequence[Entry], ordered: list[Entry], up: str) -> tuple[PreviewGroup, ...]:
    """Each output kind's pictures, for the kinds that show some on a card; a kind's link is
    its first file as the card lists them."""
    groups = []
    for kind in kinds():
        if kind.gallery is None:
            continue
        hidden = {file.name for file in kind.files if not file.listed}
        shown = {file.name for file in kind.files if file.listed}
        images = tuple(_picture(e, entries, up) for e in entries if e.kind in hidden)
        first = next((e for e in ordered if e.kind in shown), None)
        groups.append(PreviewGroup(kind.gallery, images, up + href(first.path) if first else None))
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


def approval_state(record: JobRecord | None) -> str:
    """``approved``, ``changed`` (since its approval), ``never`` (approved), or "" (not known:
    the job never built, or was built before approvals were recorded)."""
    return approval_state_of(record.approval if record else "")


def approval_state_of(approval: str) -> str:
    """`approval_state` of a record's ``approval`` text."""
    state = approval.split(" ", 1)[0] if approval else ""
    return state if state in APPROVAL_STATES else ""


def index_row(
    key: JobKey, record: JobRecord | None, entries: Sequence[Entry], failure: Failure | None
) -> dict[str, Any]:
    """A job's row in the search index, made from that job alone. Short keys, as there is a
    row per job: ``c`` clinic, ``n`` clinic name ("" if not recorded), ``p`` procedure,
    ``t`` title, ``l`` language, ``w`` number of warnings, ``f`` 1 if its last build failed,
    ``a`` approval state (`approval_state`), ``h`` its card (relative to the build folder),
    ``i`` the picture of its first page (only if drawn)."""
    return row_of(
        key,
        clinic_name=record.clinic_name if record else "",
        title=record.title if record else "",
        warnings=len(record.warnings) if record else 0,
        failed=failure is not None,
        approval=record.approval if record else "",
        pictures=[(entry.kind, entry.path) for entry in entries],
    )


def row_of(
    key: JobKey,
    *,
    clinic_name: str,
    title: str,
    warnings: int,
    failed: bool,
    approval: str,
    pictures: Iterable[tuple[str, str]],
) -> dict[str, Any]:
    """`index_row` of what a job's record says (``pictures``: the (kind, path) of its
    files, of which the first picture kind is shown)."""
    row: dict[str, Any] = {
        "c": key.clinic,
        "n": clinic_name,
        "p": key.procedure,
        "t": title or key.procedure,
        "l": key.language,
        "w": warnings,
        "f": int(failed),
        "a": approval_state_of(approval),
        "h": f"{href(clinic_page(key.clinic))}#{key.stem}",
    }
    rank = {name: index for index, name in enumerate(picture_kinds())}
    shown = sorted((p for p in pictures if p[0] in rank), key=lambda p: rank[p[0]])
    if shown:
        row["i"] = href(shown[0][1])
    return row


# --- The pages -----------------------------------------------------------------------------


def clinic_view(jobs: Jobs, clinic: str) -> ClinicView:
    keys = jobs.by_clinic.get(clinic, [])
    return ClinicView(
        slug=clinic,
        name=jobs.names.get(clinic, clinic),
        procedures=tuple(
            ProcedureGroup(
                anchor=f"{clinic}_{procedure}",
                procedure=procedure,
                cards=tuple(card(key, *jobs.of(key)) for key in procedure_keys),
            )
            for procedure, procedure_keys in groupby(keys, key=lambda k: k.procedure)
        ),
        checks_href=UP + href(checks_clinic_page(clinic)),
    )


def index_view(rows: Sequence[Mapping[str, Any]], script: bytes) -> IndexView:
    clinics = []
    for clinic, group in groupby(rows, key=lambda row: row["c"]):
        found = list(group)
        clinics.append(
            ClinicSummary(
                slug=clinic,
                name=next((row["n"] for row in found if row["n"]), clinic),
                href=href(clinic_page(clinic)),
                checks_href=href(checks_clinic_page(clinic)),
                jobs=len(found),
                warnings=sum(row["w"] > 0 for row in found),
                failed=sum(row["f"] for row in found),
            )
        )
    languages = sorted({row["l"] for row in rows})
    version = hashlib.sha256(script).hexdigest()[:12]
    return IndexView(
        clinics=tuple(clinics),
        procedures=tuple(sorted({row["p"] for row in rows})),
        languages=tuple(
            Option(code, _language(code)[0], code, _language(code)[1]) for code in languages
        ),
        jobs=len(rows),
        failed=sum(row["f"] for row in rows),
        warnings=sum(row["w"] > 0 for row in rows),
        index_script=f"{href(INDEX_SCRIPT)}?v={version}",
    )


def index_rows(manifest: Manifest) -> list[dict[str, Any]]:
    """Every job's row, in the order of the jobs (clinic, procedure, language)."""
    jobs = Jobs(manifest)
    return [index_row(key, *jobs.of(key)) for key in jobs.keys]


def _row_lines(rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows as a JSON array, a row a line (compact: a row is a few hundred bytes)."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows)
    return f"[\n{lines}\n]" if lines else "[]"


def index_json(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """``gallery/index.json``: ``{"format": 1, "jobs": N, "rows": [...]}``."""
    head = f'{{"format":{INDEX_FORMAT},"jobs":{len(rows)},"rows":'
    return (head + _row_lines(rows) + "}\n").encode("utf-8")


def index_script(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """``gallery/index.js``: the same index as a script, which a page opened from disk (where
    ``fetch`` is refused) can load with ``<script src>``."""
    data = index_json(rows).decode("utf-8").rstrip("\n")
    # U+2028 and U+2029 are valid in JSON strings; escaped, older script parsers take them too.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.HANDOUTKIT_INDEX = {data};\n".encode()


def render_clinic(
    manifest: Manifest, clinic: str, templates_dir: Path = PROJECT_TEMPLATES
) -> bytes:
    """``gallery/<clinic>.html`` as UTF-8 HTML bytes."""
    template = page_environment(templates_dir).get_template("clinic.html.j2")
    return template.render(view=clinic_view(Jobs(manifest), clinic)).encode("utf-8")


def render_index(
    rows: Sequence[Mapping[str, Any]], script: bytes, templates_dir: Path = PROJECT_TEMPLATES
) -> bytes:
    """``index.html`` as UTF-8 HTML bytes (``script``: the index.js it loads)."""
    template = page_environment(templates_dir).get_template("index.html.j2")
    return template.render(view=index_view(rows, script)).encode("utf-8")


@dataclass(frozen=True, slots=True)
class GalleryFiles:
    """What `gallery_files` makes: the clinics' pages (made one at a time, to be written as
    made), then the entry page and the index (to be written together)."""

    pages: Iterator[tuple[str, bytes]]
    index: Sequence[tuple[str, bytes]]
    clinics: tuple[str, ...]  # every clinic with a page now


class GallerySource(Protocol):
    """Where the gallery's jobs come from: a `Manifest` in memory (`ManifestSource`), or the
    build's records, read a clinic at a time (`build.reports`)."""

    def clinics(self) -> Sequence[str]:
        """Every clinic with a job, in order."""

    def rows(self) -> list[dict[str, Any]]:
        """Every job's `index_row`, in the order of the jobs."""

    def jobs_of(self, clinic: str) -> Jobs:
        """What one clinic's page shows: its jobs' records, files and failures (it may hold
        other clinics' too)."""


class ManifestSource:
    """The gallery of a `Manifest` held whole."""

    def __init__(self, manifest: Manifest) -> None:
        self._jobs = Jobs(manifest)

    def clinics(self) -> Sequence[str]:
        return tuple(self._jobs.by_clinic)

    def rows(self) -> list[dict[str, Any]]:
        return [index_row(key, *self._jobs.of(key)) for key in self._jobs.keys]

    def jobs_of(self, clinic: str) -> Jobs:
        return self._jobs


def gallery_files(
    source: Manifest | GallerySource,
    templates_dir: Path = PROJECT_TEMPLATES,
    clinics: Iterable[str] | None = None,
) -> GalleryFiles:
    """The pages of ``clinics`` (None: every clinic's), and the entry page and the index of
    every job. A clinic of ``clinics`` with no job left gets no page."""
    if isinstance(source, Manifest):
        source = ManifestSource(source)
    every = tuple(source.clinics())
    wanted = sorted(every if clinics is None else set(clinics) & set(every))
    environment = page_environment(templates_dir)
    clinic_template = environment.get_template("clinic.html.j2")

    def pages() -> Iterator[tuple[str, bytes]]:
        for clinic in wanted:
            html = clinic_template.render(view=clinic_view(source.jobs_of(clinic), clinic))
            yield clinic_page(clinic), html.encode("utf-8")

    rows = source.rows()
    script = index_script(rows)
    index = environment.get_template("index.html.j2").render(view=index_view(rows, script))
    return GalleryFiles(
        pages=pages(),
        index=[
            (INDEX_JSON, index_json(rows)),
            (INDEX_SCRIPT, script),
            (GALLERY, index.encode("utf-8")),
        ],
        clinics=every,
    )
