"""The build folder's own pages: the quality report (``checks.json``, ``checks.html`` and its
pages under ``checks/``) and the gallery (``index.html``, its pages and index under
``gallery/``). See `report.paths` for where each page is."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..quality.names import CHECKS_HTML, CHECKS_JSON
from ..report.paths import (
    CHECKS_FOLDER,
    GALLERY,
    GALLERY_FOLDER,
    PROCEDURES_FOLDER,
    is_page_name,
)
from ..resources import PROJECT_TEMPLATES
from .folder import BuildFolder
from .store import Store

if TYPE_CHECKING:
    from ..model import Manifest
    from ..quality.report import QualityReport
    from ..report.gallery import Jobs

__all__ = ["GALLERY", "write_gallery", "write_report"]


def write_report(
    report: QualityReport, folder: BuildFolder, templates_dir: Path = PROJECT_TEMPLATES
) -> tuple[Path, Path]:
    """``checks.json``, and the report's pages: ``checks/<clinic>.html`` and
    ``checks/procedures/<procedure>.html`` one at a time, then ``checks.json`` and
    ``checks.html`` together and atomically. The pages of clinics and procedures the report
    no longer has are removed (a procedure whose jobs are still reported keeps its page: its
    document could not be read this time, and the cards link its last checks). Returns the
    paths of checks.json and checks.html."""
    # start-up: Jinja2 only when the report changes.
    from ..report.checks_page import checks_files

    files = checks_files(report, templates_dir)
    for relative, data in files.pages:
        folder.write(relative, data)
    folder.commit([(CHECKS_JSON, report.as_json()), (CHECKS_HTML, files.index)])
    stale = [
        *_stale_pages(folder, CHECKS_FOLDER, files.clinics),
        *_stale_pages(folder, PROCEDURES_FOLDER, files.procedures_in_use),
    ]
    if stale:
        folder.commit([], remove=stale)
    return folder.root / CHECKS_JSON, folder.root / CHECKS_HTML


def write_gallery(
    folder: BuildFolder,
    manifest: Manifest | Store,
    templates_dir: Path = PROJECT_TEMPLATES,
    clinics: Iterable[str] | None = None,
) -> Path:
    """The gallery of every job ``manifest`` records (or the build's records, read a clinic
    at a time); returns its entry page (index.html).

    Writes the pages of ``clinics`` (None: of every clinic) one at a time, then the entry
    page with the index of every job (``gallery/index.json``, ``gallery/index.js``)
    together and atomically. A clinic's page with no job left is removed (with None: the
    page of every clinic the manifest no longer has)."""
    # start-up: Jinja2 only when the gallery changes.
    from ..report.gallery import gallery_files

    asked = None if clinics is None else set(clinics)
    source = StoreGallery(manifest) if isinstance(manifest, Store) else manifest
    files = gallery_files(source, templates_dir, asked)
    for relative, data in files.pages:
        folder.write(relative, data)
    folder.commit(list(files.index))
    if asked is None:
        stale = _stale_pages(folder, GALLERY_FOLDER, files.clinics)
    else:
        stale = [f"{GALLERY_FOLDER}/{clinic}.html" for clinic in sorted(asked - set(files.clinics))]
        stale = [page for page in stale if (folder.root / page).is_file()]
    if stale:
        folder.commit([], remove=stale)
    return folder.root / GALLERY


class StoreGallery:
    """The gallery's jobs from the build's records: every job's index row from a few columns
    of its record (read in SQLite), and a clinic's records whole only for its page. A catalog
    of 60,000 jobs is never loaded whole."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def clinics(self) -> Sequence[str]:
        return sorted(self._store.clinics())

    def rows(self) -> list[dict[str, Any]]:
        # start-up: the gallery only when it changes.
        from ..report.gallery import picture_kinds, row_of

        store = self._store
        failed = set(store.failures())
        pictures = store.paths_of(picture_kinds())
        facts = {key: rest for key, *rest in store.index_facts()}
        rows = []
        for key in sorted({*facts, *failed}):
            name, title, warnings, approval = facts.get(key, ("", "", 0, ""))
            rows.append(
                row_of(
                    key,
                    clinic_name=name,
                    title=title,
                    warnings=warnings,
                    failed=key in failed,
                    approval=approval,
                    pictures=pictures.get(key, ()),
                )
            )
        return rows

    def jobs_of(self, clinic: str) -> Jobs:
        from ..report.gallery import Jobs  # start-up: as above

        return Jobs(self._store.manifest_of_clinic(clinic))


def _stale_pages(folder: BuildFolder, under: str, kept: Iterable[str]) -> list[str]:
    """The pages ``under/<slug>.html`` of slugs not in ``kept``. Only a name a page may have
    (never an output file: theirs have underscores) is a candidate."""
    wanted = {f"{slug}.html" for slug in kept}
    try:
        names = os.listdir(folder.root / under)
    except OSError:
        return []
    return sorted(
        f"{under}/{name}"
        for name in names
        if is_page_name(name) and name not in wanted and (folder.root / under / name).is_file()
    )
