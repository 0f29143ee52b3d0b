"""What a content folder holds: clinics, procedures, languages, and the jobs they make.

Layout::

    content/clinics/<clinic>/_brand.yml
    content/procedures/<procedure>/<language>.md

Discovery only looks at names; `load` reads and validates one job's files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import SelectionError
from .models import Handout

BRAND_FILE = "_brand.yml"

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True, slots=True, order=True)
class JobKey:
    """One clinic's version of one procedure in one language."""

    clinic: str
    procedure: str
    language: str

    @property
    def stem(self) -> str:
        """File name prefix that says what a file is when taken out of its folder."""
        return f"{self.clinic}_{self.procedure}_{self.language}"

    def __str__(self) -> str:
        return f"{self.clinic} × {self.procedure} × {self.language}"


@dataclass(frozen=True, slots=True)
class Catalog:
    """The clinics and procedure documents found under a content folder."""

    root: Path
    clinics: tuple[str, ...]
    documents: tuple[tuple[str, str], ...]  # (procedure, language)

    @property
    def procedures(self) -> tuple[str, ...]:
        return tuple(sorted({procedure for procedure, _ in self.documents}))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({language for _, language in self.documents}))

    def languages_of(self, procedure: str) -> tuple[str, ...]:
        return tuple(lang for proc, lang in self.documents if proc == procedure)

    def brand_path(self, clinic: str) -> Path:
        return self.root / "clinics" / clinic / BRAND_FILE

    def document_path(self, procedure: str, language: str) -> Path:
        return self.root / "procedures" / procedure / f"{language}.md"

    def select(
        self,
        *,
        clinics: Sequence[str] = (),
        procedures: Sequence[str] = (),
        languages: Sequence[str] = (),
    ) -> tuple[JobKey, ...]:
        """The jobs for a selection; empty filters mean everything."""
        _check("clinic", clinics, self.clinics, self.root / "clinics")
        _check("procedure", procedures, self.procedures, self.root / "procedures")
        _check("language", languages, self.languages, self.root / "procedures")
        jobs = tuple(
            JobKey(clinic, procedure, language)
            for clinic in self.clinics
            if not clinics or clinic in clinics
            for procedure, language in self.documents
            if (not procedures or procedure in procedures)
            and (not languages or language in languages)
        )
        if not jobs:
            raise SelectionError(
                "no procedure document matches that selection of procedures and languages "
                f"(documents found: {_document_list(self.documents)}).",
                fix="choose a procedure and a language that exist together, or drop a filter.",
                path=self.root,
            )
        return tuple(sorted(jobs))

    def load(self, key: JobKey) -> Handout:
        """Read and validate everything one job needs."""
        from .brand import read_clinic
        from .content import read_document

        clinic, clinic_notices = read_clinic(self.brand_path(key.clinic).parent)
        document, doc_notices = read_document(
            self.document_path(key.procedure, key.language), content_root=self.root
        )
        return Handout(document=document, clinic=clinic, notices=clinic_notices + doc_notices)


def discover(root: Path) -> Catalog:
    """Scan ``root`` (a content folder) for clinics and procedure documents."""
    root = root.resolve()
    if not root.is_dir():
        raise SelectionError(
            f"the content folder {root} does not exist.",
            fix="run from the project folder, or pass --content with the folder that holds "
            "'clinics/' and 'procedures/'.",
        )
    clinics_dir, procedures_dir = root / "clinics", root / "procedures"
    clinics = tuple(
        sorted(
            p.name
            for p in _subfolders(clinics_dir)
            if SLUG.match(p.name) and (p / BRAND_FILE).is_file()
        )
    )
    documents = tuple(
        sorted(
            (p.name, doc.stem)
            for p in _subfolders(procedures_dir)
            if SLUG.match(p.name)
            for doc in p.glob("*.md")
            if LANGUAGE.match(doc.stem)
        )
    )
    if not clinics:
        raise SelectionError(
            f"no clinic found: {clinics_dir} has no folder with a {BRAND_FILE} file.",
            fix=f"create {clinics_dir}/<clinic-slug>/{BRAND_FILE} (see the README, "
            "'Add a clinic'); slugs use lowercase letters, digits and hyphens.",
            path=clinics_dir,
        )
    if not documents:
        raise SelectionError(
            f"no procedure document found: {procedures_dir} has no <procedure>/<language>.md.",
            fix=f"create {procedures_dir}/<procedure-slug>/en.md (see the README, "
            "'Add a procedure').",
            path=procedures_dir,
        )
    return Catalog(root=root, clinics=clinics, documents=documents)


def _subfolders(folder: Path) -> Iterable[Path]:
    return (p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else ()


def _check(kind: str, wanted: Sequence[str], existing: Sequence[str], folder: Path) -> None:
    unknown = [name for name in wanted if name not in existing]
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        raise SelectionError(
            f"unknown {kind} {names}; the {kind}s that exist are: {', '.join(existing)}.",
            fix=f"use one of those names, or add the {kind} under {folder}.",
            path=folder,
        )


def _document_list(documents: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{procedure}/{language}.md" for procedure, language in documents)
