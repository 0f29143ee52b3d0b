"""The steps the notebooks call: one function per cell, results that display themselves.

A notebook never writes files: what it makes (the handout fragment, the deck)
is displayed as cell output, and the builder takes it from the executed
notebook. In JupyterLab the same outputs show the handout and the slide list.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import HandoutKitError
from ..inputs.folders import digest_document, digest_folder
from ..language import direction_of
from ..model import Clinic, Document, Finding, Handout, JobKey, Notice, Paper
from ..model.contract import (
    CHECKS_MIMETYPE,
    OUTLINE_MIMETYPE,
    PAGE_MIMETYPE,
    PPTX_MIMETYPE,
    WARNINGS_MIMETYPE,
    ChecksPayload,
    PagePayload,
    WarningsPayload,
)
from ..outputs.deck.layouts import plan_deck
from ..outputs.deck.outline import browser_deck
from ..outputs.deck.pptx import render_deck
from ..outputs.handout.html import render_fragment
from ..outputs.handout.templates import template_folders
from ..outputs.handout.view import handout_text_colors
from ..outputs.languages import language_links
from ..quality.checks import CheckSettings, brand_contrast
from ..quality.deckchecks import outputs_accessibility
from ..quality.report import document_checks
from ..read.brand import read_clinic
from ..read.catalog import discover
from ..read.content import read_document
from ..read.handout import assemble
from ..read.printed import labels_of
from ..read.settings import ProjectSettings, read_settings
from .authoring import ImportView as ImportView
from .authoring import import_document as import_document


def _show_errors_briefly() -> None:
    """In a notebook, show Handout Kit errors as their one-paragraph message, not a traceback.

    The cell still fails (papermill and "Run All" stop there); only the display changes.
    """
    try:
        from IPython import get_ipython  # start-up: IPython only if the kernel has it
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return

    def brief(
        shell: Any, etype: type, value: BaseException, tb: object, tb_offset: object = None
    ) -> list[str]:
        message = value.message if isinstance(value, HandoutKitError) else str(value)
        structured = [f"{etype.__name__}: {message}"]
        # IPython calls this instead of showing anything: show it (as the cell's error).
        shell._showtraceback(etype, value, structured)
        return structured

    shell.set_custom_exc((HandoutKitError,), brief)


_show_errors_briefly()


def load(content_dir: str | Path, clinic: str, procedure: str, language: str) -> Handout:
    """Read and validate one clinic's brand and one procedure document."""
    catalog = discover(Path(content_dir))
    catalog.select(clinics=[clinic], procedures=[procedure], languages=[language])
    document = catalog.document_path(procedure, language)
    folder = catalog.brand_path(clinic).parent
    brand = _clinic(folder, digest_folder(folder))
    text = _document(document, catalog.root, digest_document(document))
    key = JobKey(clinic, procedure, language)
    return assemble(catalog, key, brand[0], text[0], brand[1] + text[1])


# A clinic's brand is read once per kernel while its folder is unchanged (every procedure of
# the clinic uses it); a document once while it and its folder are (both notebooks use it).
@lru_cache(maxsize=32)
def _clinic(folder: Path, digest: str) -> tuple[Clinic, tuple[Notice, ...]]:

    return read_clinic(folder)


@lru_cache(maxsize=16)
def _document(path: Path, root: Path, digest: str) -> tuple[Document, tuple[Notice, ...]]:

    return read_document(path, content_root=root)


@dataclass(frozen=True, slots=True)
class Warnings:
    """The warnings of a handout, shown as a list in the notebook."""

    notices: tuple[Notice, ...]

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        if self.notices:
            items = "".join(f"<li>{html.escape(str(notice))}</li>" for notice in self.notices)
            shown = f"<p>⚠️ {len(self.notices)} warning(s):</p><ul>{items}</ul>"
        else:
            shown = "<p>✅ No warnings: the content and brand files passed every check.</p>"
        # The builder reads the warnings back from this output of the executed notebook.
        listed = WarningsPayload(tuple(str(notice) for notice in self.notices)).to_json()
        return {"text/html": shown, "text/plain": str(self), WARNINGS_MIMETYPE: listed}

    def __str__(self) -> str:
        return "\n".join(f"warning: {notice}" for notice in self.notices) or "No warnings."


def warnings(handout: Handout) -> Warnings:
    return Warnings(handout.notices)


@dataclass(frozen=True, slots=True)
class HandoutHTML:
    """The rendered handout fragment and the page metadata the exporter needs."""

    fragment: str
    page: PagePayload

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        # A short text/plain of our own: without it IPython would print the whole fragment.
        plain = f"Handout: {self.page.title}"
        return {"text/html": self.fragment, "text/plain": plain, PAGE_MIMETYPE: self.page.to_json()}


HANDOUT_HTML = "_handout.html"  # the handout page's file name after the job's stem


def handout_html(
    handout: Handout,
    paper: str = "letter",
    templates_dir: str | Path | None = None,
    *,
    large_print: bool = False,
) -> HandoutHTML:
    """Render the handout (``large_print``: body at least 18 pt, 1.5 line spacing).

    The cell that displays this must be tagged ``handout``.
    """
    folders = template_folders(
        Path(templates_dir) if templates_dir else None,
        clinic_folder=handout.clinic.source.parent,
    )
    meta = handout.document.meta
    title = meta.full_title
    return HandoutHTML(
        fragment=render_fragment(handout, Paper(paper), folders, large_print=large_print),
        page=PagePayload(
            title=f"{title} | {handout.clinic.name}",
            lang=handout.document.language,
            author=handout.clinic.name,
            description=title,
            created=handout.dated.isoformat() if handout.dated else "",
            inputs=_content_relative(handout.document),
            dir=direction_of(handout.document.language),
            languages=tuple(link.to_json() for link in language_links(handout, HANDOUT_HTML)),
            languages_label=labels_of(handout)[0].languages,
            approval=handout.approval.describe() if handout.approval else "",
            approvals=approval_history(handout),
        ),
    )


def approval_history(handout: Handout) -> tuple[str, ...]:
    """The document's approvals, newest first: "2026-12-04 10:15 Dr. A. Lee (Medical
    Director)"."""
    if handout.approval is None:
        return ()
    return tuple(
        f"{a.at.strftime('%Y-%m-%d %H:%M %z')} {a.by}" + (f" ({a.role})" if a.role else "")
        for a in reversed(handout.approval.history)
    )


def _content_relative(document: Document) -> tuple[str, ...]:
    """The document's pictures from outside its folder, relative to the content folder."""
    root = document.source.resolve().parents[2]  # content/procedures/<procedure>/<lang>.md
    return tuple(path.relative_to(root).as_posix() for path in document.outside_inputs)


@dataclass(frozen=True, slots=True)
class Deck:
    """A rendered consultation deck: its slide titles, the PPTX bytes and the slides' outline."""

    titles: tuple[str, ...]
    data: bytes
    outline: dict[str, Any] | None = None  # for the browser deck (outputs.deck.outline)
    accessibility: tuple[Finding, ...] = ()  # slide titles, alt text, text sizes

    @property
    def checks(self) -> Checks:
        """The deck's accessibility checks, shown as a table."""
        return Checks(findings=self.accessibility, scores=())

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        rows = "".join(
            f"<tr><td>{number}</td><td>{html.escape(title)}</td></tr>"
            for number, title in enumerate(self.titles, start=1)
        )
        table = (
            f"<p>{len(self.titles)} slides</p>"
            f"<table><thead><tr><th>#</th><th>Slide title</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        bundle: dict[str, object] = {
            "text/html": table,
            # Without a text/plain of our own, IPython would print the PPTX bytes and outline.
            "text/plain": f"Deck: {len(self.titles)} slides: " + "; ".join(self.titles),
            PPTX_MIMETYPE: base64.b64encode(self.data).decode("ascii"),
        }
        if self.outline is not None:
            # The exporter of the browser deck (reveal.js) reads the slides from this.
            bundle[OUTLINE_MIMETYPE] = self.outline
        return bundle


def build_deck(handout: Handout) -> Deck:
    """Plan and draw the consultation deck; the cell that displays this must be tagged ``deck``."""

    plans = plan_deck(handout)
    return Deck(
        titles=tuple(slide.title for slide in plans),
        data=render_deck(handout, plans),
        outline=browser_deck(handout, plans),
        accessibility=outputs_accessibility(handout, plans),
    )


@dataclass(frozen=True, slots=True)
class Checks:
    """The quality checks of one handout, shown as a table in the notebook."""

    findings: tuple[Finding, ...]
    scores: tuple[tuple[str, float], ...]

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        # The builder reads the findings back from this output of the executed notebook.
        listed = ChecksPayload(self.findings, self.scores).to_json()
        return {
            "text/html": self._html(),
            "text/plain": str(self),
            CHECKS_MIMETYPE: listed,
        }

    def _html(self) -> str:
        icons = {"pass": "✅", "warn": "⚠️", "error": "❌", "skip": "➖"}
        rows = "".join(
            f"<tr><td>{icons[f.status.value]}</td><td>{html.escape(f.group)}</td>"
            f"<td>{html.escape(f.item)}{_where(f)}</td><td>{html.escape(f.detail)}</td></tr>"
            for f in self.findings
        )
        scores = ", ".join(f"{html.escape(name)}: {value:g}" for name, value in self.scores)
        return (
            (f"<p>{scores}</p>" if scores else "") + "<table>"
            f"<thead><tr><th></th><th>Check</th><th>Item</th>"
            f"<th>Detail</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def __str__(self) -> str:
        return "\n".join(
            f"{f.status.value}: {f.group} / {f.item}: {f.detail}" for f in self.findings
        )


def _where(finding: Finding) -> str:
    return f" <small>({html.escape(finding.where)})</small>" if finding.where else ""


def checks(
    handout: Handout,
    content_dir: str | Path | None = None,
    *,
    target_grade: float | None = None,
    review_months: int | None = None,
) -> Checks:
    """Readability, structure, review date and brand contrast of this handout.

    The target grade and review interval come from ``content_dir``'s ``handoutkit.yml``
    (else 8 and 12), unless given here; a document's front matter may set its own.
    """

    project = read_settings(Path(content_dir)) if content_dir else ProjectSettings()
    settings = CheckSettings.of(project, target_grade=target_grade, review_months=review_months)
    # The build's gate enforces a required approval before any job starts (and lets
    # --allow-unapproved through): here an unapproved text is reported, never refused.
    settings = replace(settings, approval_required=False)
    found, scores = document_checks(handout.document, settings, handout.approval)
    found += brand_contrast(handout_text_colors(handout.clinic).pairs)
    return Checks(findings=found, scores=scores)
