"""The consultation deck as an output kind: the PowerPoint deck and its browser version from
``notebooks/slides.ipynb``, and pictures of the first slides drawn by LibreOffice after the
jobs, in one batch, with the render check of every slide."""

from __future__ import annotations

from base64 import b64decode
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import HandoutKitError, RenderError
from ...model import JobKey, JobSpec, Output
from ...model.contract import DECK_TAG, PPTX_MIMETYPE, ChecksPayload, find
from ..kinds import Collected, FileKind, OutputKind, Previews, Variant, displayed, register

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from ..handout.templates import TemplateFolders
    from .exporter import BrowserDeckExporter

PREVIEW_SLIDES = 3
PREVIEW_PX = 320


class DeckKind(OutputKind):
    name = "slides"
    notebook = "slides.ipynb"
    tag = DECK_TAG
    files = (
        FileKind("slides-pptx", "Slides (PowerPoint)", rank=20),
        FileKind("slides-html", "Slides (browser)", rank=21),
        FileKind("notebook-slides", "Notebook (slides)", rank=92),
        FileKind("preview-slide", "Pictures of the first slides", listed=False),
    )
    gallery = "previews/slides.html.j2"
    preview_source = "slides-pptx"
    preview_kind = "preview-slide"

    def collect(self, notebook: NotebookNode, variant: Variant, spec: JobSpec) -> Collected:
        from ..handout.templates import job_template_folders  # start-up: workers only

        key, folder = spec.key, spec.folder
        deck = displayed(notebook, self.tag, PPTX_MIMETYPE)
        if not deck:
            raise RenderError(
                f"the slides notebook has no cell tagged '{self.tag}' that displayed a deck.",
                fix=f"keep the tag '{self.tag}' on the cell that calls build_deck(...).",
                path=self.notebook,
            )
        browser, _ = _exporter(job_template_folders(spec)).from_notebook_node(
            self.tagged(notebook, self.tag),
            resources={"metadata": {"path": str(spec.notebooks_dir)}},
        )
        checks = find(notebook.cells, ChecksPayload)
        pptx = Output(key, "slides-pptx", f"{folder}/{key.stem}_slides.pptx", b64decode(deck))
        html = browser.encode("utf-8")
        return Collected(
            outputs=(
                pptx,
                Output(key, "slides-html", f"{folder}/{key.stem}_slides.html", html),
                self.notebook_output(notebook, variant, spec, "notebook-slides"),
            ),
            checks=tuple(f for f in checks.findings if not f.dated) if checks else (),
        )

    def previews_unavailable(self) -> str | None:
        from .libreoffice import soffice  # start-up: only when pictures are due

        if soffice() is None:
            return (
                "slide pictures for the gallery were not drawn: LibreOffice is not "
                "installed (apt-get install libreoffice-impress)."
            )
        return None

    def previews(self, sources: Mapping[JobKey, tuple[str, bytes]], content_dir: Path) -> Previews:
        """The first slides of each deck as LibreOffice draws them, and what it draws outside
        a text box (a warning on the job), in one LibreOffice run."""
        # start-up: LibreOffice's helpers, pdfium and python-pptx only for new decks.
        from ..thumbnails import pdf_pages_png
        from .libreoffice import clinic_fonts, convert_to_pdf, soffice
        from .rendercheck import check_pdf

        if soffice() is None:
            return Previews(
                notes=(
                    "slide pictures for the gallery were not drawn: LibreOffice is not "
                    "installed (apt-get install libreoffice-impress).",
                )
            )
        names = {key: Path(path).name for key, (path, _) in sources.items()}
        fonts: dict[str, bytes] = {}
        for clinic in sorted({key.clinic for key in sources}):
            fonts.update(clinic_fonts(content_dir / "clinics" / clinic))
        try:
            pdfs = convert_to_pdf(
                {names[key]: data for key, (_, data) in sources.items()}, fonts=fonts
            )
        except (HandoutKitError, OSError) as error:
            message = error.message if isinstance(error, HandoutKitError) else str(error)
            return Previews(notes=(f"slide pictures for the gallery were not drawn: {message}",))
        outputs: list[Output] = []
        warnings: dict[JobKey, tuple[str, ...]] = {}
        notes: list[str] = []
        for key, (path, data) in sources.items():
            # The same PDF proves what LibreOffice drew stays inside every text box.
            report = check_pdf(data, pdfs[names[key]], name=names[key])
            if report.violations:
                found = tuple(
                    f"LibreOffice draws text outside its box: {v}" for v in report.violations
                )
                warnings[key] = found
                notes.extend(f"{key}: {line}" for line in found)
            images = pdf_pages_png(pdfs[names[key]], range(PREVIEW_SLIDES), width_px=PREVIEW_PX)
            parent = Path(path).parent.as_posix()
            for number, image in enumerate(images, start=1):
                picture = f"{parent}/previews/{key.stem}_slide-{number}.png"
                outputs.append(Output(key, self.preview_kind or "", picture, image))
        return Previews(outputs=tuple(outputs), warnings=warnings, notes=tuple(notes))


@lru_cache(maxsize=16)
def _exporter(folders: TemplateFolders) -> BrowserDeckExporter:
    """One browser deck (reveal.js) exporter per template folders, reused by a worker's jobs."""
    from .exporter import BrowserDeckExporter  # start-up: workers only

    return BrowserDeckExporter(folders)


register(DeckKind())
