"""What a content folder holds: clinics, procedures, languages, and the jobs they make.

Layout::

    content/clinics/<clinic>/_brand.yml
    content/procedures/<procedure>/<language>.md

Discovery only looks at names; `read.handout.load_handout` reads and validates one job's
files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SelectionError
from ..model import JobKey, Notice

BRAND_FILE = "_brand.yml"
NOTICE_FOLDER = Path("notices", "language-assistance")  # see read.taglines

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True, slots=True)
class Catalog:
    """The clinics and procedure documents found under a content folder."""

    root: Path
    clinics: tuple[str, ...]
    documents: tuple[tuple[str, str], ...]  # (procedure, language)
    notices: tuple[Notice, ...] = ()  # what discovery skipped, and why

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


def discover(root: Path) -> Catalog:
    """Scan ``root`` (a content folder) for clinics and procedure documents.

    Only names are looked at (and whether a brand file is there); what does not follow
    the naming rules is skipped with a warning that names it and the rule. A document
    name that is a folder, a broken link or a special file is still a document: its job
    fails saying so, and the other jobs go on.
    """
    root = root.resolve()
    if not root.is_dir():
        raise SelectionError(
            f"the content folder {root} does not exist.",
            fix="run from the project folder, or pass --content with the folder that holds "
            "'clinics/' and 'procedures/'.",
        )
    clinics_dir, procedures_dir = root / "clinics", root / "procedures"
    notices: list[Notice] = []
    clinics = []
    for folder in _subfolders(clinics_dir, root, notices):
        if not SLUG.match(folder.name):
            notices.append(_misnamed(folder, "clinic"))
        elif not os.path.lexists(folder / BRAND_FILE):
            notices.append(
                Notice(
                    f"the folder has no {BRAND_FILE}, so it is not a clinic; it is skipped.",
                    path=folder,
                )
            )
        else:
            clinics.append(folder.name)
    documents = []
    for folder in _subfolders(procedures_dir, root, notices):
        if not SLUG.match(folder.name):
            notices.append(_misnamed(folder, "procedure"))
            continue
        found = []
        for name in _names(folder):
            if not name.lower().endswith(".md"):
                continue
            stem = name[: -len(".md")]
            if name.endswith(".md") and LANGUAGE.match(stem):
                found.append((folder.name, stem))
            else:
                notices.append(
                    Notice(
                        f"'{name}' is not used: a procedure document is named by its language "
                        "code in lowercase, with '.md' (en.md, es.md, pt-BR.md).",
                        path=folder / name,
                    )
                )
        if not found:
            notices.append(Notice("the folder has no <language>.md document.", path=folder))
        documents.extend(found)
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
    return Catalog(
        root=root,
        clinics=tuple(sorted(clinics)),
        documents=tuple(sorted(documents)),
        notices=tuple(notices),
    )


def _misnamed(folder: Path, kind: str) -> Notice:
    suggestion = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-") or f"my-{kind}"
    return Notice(
        f"the {kind} folder '{folder.name}' is skipped: {kind} folder names use only lowercase "
        f"letters, digits and hyphens and start with a letter or digit (rename it "
        f"'{suggestion}').",
        path=folder,
    )


def _names(folder: Path) -> list[str]:
    try:
        return sorted(name for name in os.listdir(folder) if not name.startswith("."))
    except OSError:
        return []


def _subfolders(folder: Path, root: Path, notices: list[Notice]) -> Iterable[Path]:
    """The folders in ``folder``; links that leave ``root`` are skipped with a warning."""
    for name in _names(folder):
        path = folder / name
        if not path.is_dir():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            notices.append(
                Notice(
                    f"is a symbolic link to {path.resolve()}, outside the content folder; it "
                    "is skipped (Handout Kit reads nothing from outside the content folder).",
                    path=path,
                )
            )
            continue
        yield path


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
