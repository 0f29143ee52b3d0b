"""The printable handout as an output kind: a PDF per paper size (and large print), the
handout's web page and a picture of its first page, from ``notebooks/handout.ipynb``."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ...model import JobSpec, Output
from ...model.contract import HANDOUT_TAG, ChecksPayload, PagePayload, WarningsPayload, find
from ...timings import step
from ..kinds import Collected, FileKind, OutputKind, Variant, register

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from .exporter import HandoutExporter
    from .templates import TemplateFolders

PREVIEW_PX = 420


class HandoutKind(OutputKind):
    name = "handout"
    notebook = "handout.ipynb"
    tag = HANDOUT_TAG
    files = (
        FileKind("handout-pdf", "Handout PDF", rank=10),
        FileKind("handout-large-pdf", "Large-print handout PDF", rank=11),
        FileKind("handout-html", "Handout web page", rank=12),
        FileKind("notebook-handout", "Notebook (handout)", rank=90),
        FileKind("notebook-handout-large", "Notebook (large-print handout)", rank=91),
        FileKind("preview-handout", "First page of the handout", listed=False),
    )
    gallery = "previews/handout.html.j2"

    def variants(self, spec: JobSpec) -> tuple[Variant, ...]:
        """Each paper, then each paper in large print (``--large-print``)."""
        runs = [(paper, False) for paper in spec.papers]
        runs += [(paper, True) for paper in spec.papers if spec.large_print]
        return tuple(
            Variant(
                name=f"handout-large-print-{paper.value}" if large else f"handout-{paper.value}",
                parameters=(("paper", paper.value), ("large_print", large)),
                paper=paper,
                first=index == 0,
            )
            for index, (paper, large) in enumerate(runs)
        )

    def collect(self, notebook: NotebookNode, variant: Variant, spec: JobSpec) -> Collected:
        # start-up: the renderers load in the workers, never in a build with nothing to do.
        from ..thumbnails import pdf_page_png
        from .pdf import render_pdf
        from .templates import job_template_folders

        key, folder = spec.key, spec.folder
        large = dict(variant.parameters).get("large_print", False)
        html, _ = _exporter(job_template_folders(spec)).from_notebook_node(
            self.tagged(notebook, self.tag),
            resources={"metadata": {"path": str(spec.notebooks_dir)}},
        )
        with step("pdf"):
            pdf = render_pdf(
                html,
                source=spec.content_dir / "procedures" / key.procedure / f"{key.language}.md",
            )
        kind = "handout-large-pdf" if large else "handout-pdf"
        outputs = [Output(key, kind, f"{folder}/{key.stem}_{variant.name}.pdf", pdf, variant.paper)]
        if variant.first:
            html_path = f"{folder}/{key.stem}_handout.html"
            outputs.append(Output(key, "handout-html", html_path, html.encode("utf-8")))
            preview = pdf_page_png(pdf, 0, width_px=PREVIEW_PX)
            picture = f"{folder}/previews/{key.stem}_handout.png"
            outputs.append(Output(key, "preview-handout", picture, preview))
        notebook_kind = "notebook-handout-large" if large else "notebook-handout"
        outputs.append(self.notebook_output(notebook, variant, spec, notebook_kind))
        warnings = find(notebook.cells, WarningsPayload)
        checks = find(notebook.cells, ChecksPayload)
        return Collected(
            outputs=tuple(outputs),
            page=find(notebook.cells, PagePayload),
            warnings=warnings.warnings if warnings else (),
            checks=tuple(f for f in checks.findings if not f.dated) if checks else (),
            scores=checks.scores if checks else (),
        )


@lru_cache(maxsize=16)
def _exporter(folders: TemplateFolders) -> HandoutExporter:
    """One exporter per template folders, reused by the jobs of a worker."""
    from .exporter import HandoutExporter  # start-up: see collect

    return HandoutExporter(folders)


register(HandoutKind())
