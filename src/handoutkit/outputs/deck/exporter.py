"""The browser deck from the executed slides notebook: nbconvert's reveal.js exporter.

Its `DeckOutlineCells` preprocessor replaces the notebook's cells by one cell per slide of
the outline the cell tagged ``deck`` displayed (`outline`); nbconvert's reveal machinery
makes a ``<section>`` of each, and the ``templates/nbconvert/slides`` template draws them,
with reveal.js, fonts and pictures inlined.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from nbconvert.exporters import SlidesExporter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_raw_cell
from traitlets import Unicode, default

from ...errors import RenderError
from ...model.contract import DECK_TAG, OUTLINE_MIMETYPE
from ..handout.html import bidi, css_string
from ..handout.templates import TemplateFolders, template_folders
from .outline import OUTLINE_VERSION


class DeckOutlineCells(Preprocessor):
    """One raw cell a slide, from the outline displayed by the cell tagged ``deck``.

    Each cell gets ``metadata.slideshow.slide_type = "slide"`` (so nbconvert's reveal
    preprocessor opens and closes a ``<section>`` around it) and the slide's outline in
    ``metadata.handoutkit``; the page's values go to ``nb.metadata.handoutkit``. Every
    other cell, input and output is dropped. Registered by the template's ``conf.json``,
    before nbconvert's reveal preprocessor.
    """

    tag = Unicode(DECK_TAG).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        outline = None
        for cell in nb.cells:
            if self.tag not in cell.get("metadata", {}).get("tags", []):
                continue
            for output in cell.get("outputs", []):
                outline = output.get("data", {}).get(OUTLINE_MIMETYPE, outline)
        if not outline or not outline.get("slides"):
            raise RenderError(
                f"the slides notebook has no cell tagged '{self.tag}' that displayed a deck "
                "outline.",
                fix=f"keep the tag '{self.tag}' on the cell that calls build_deck(...) "
                "(View > Cell metadata in JupyterLab) and run all cells again.",
                path=resources.get("metadata", {}).get("path"),
            )
        if outline.get("version") != OUTLINE_VERSION:
            raise RenderError(
                f"the deck outline is of version {outline.get('version')!r}; this Handout Kit "
                f"reads version {OUTLINE_VERSION}.",
                fix="run the slides notebook again with this version of Handout Kit.",
                path=resources.get("metadata", {}).get("path"),
            )
        page = {key: value for key, value in outline.items() if key != "slides"}
        nb.cells = [
            new_raw_cell(
                source=slide["title"],
                metadata={"slideshow": {"slide_type": "slide"}, "handoutkit": slide},
            )
            for slide in outline["slides"]
        ]
        for number, cell in enumerate(nb.cells, start=1):
            cell["id"] = f"slide-{number}"  # not random: the same notebook gives the same page
        nb.metadata["handoutkit"] = page
        return nb, resources


class BrowserDeckExporter(SlidesExporter):
    """Executed slides notebook → one self-contained reveal.js HTML file (no network)."""

    export_from_notebook = "Slides (browser)"

    def __init__(self, folders: TemplateFolders | None = None, **kw: Any) -> None:
        folders = folders or template_folders()
        kw.setdefault("extra_template_basedirs", [str(folders.nbconvert)])
        kw.setdefault("template_name", "slides")
        super().__init__(**kw)
        self.exclude_input = True
        self.exclude_input_prompt = True
        self.exclude_output_prompt = True

    @default("reveal_url_prefix")
    def _reveal_url_prefix_default(self) -> str:
        return ""  # reveal.js is inlined from the template folder, never fetched

    @default("reveal_number")
    def _reveal_number_default(self) -> str:
        return "c/t"

    @default("reveal_width")
    def _reveal_width_default(self) -> str:
        return "960"  # the PowerPoint deck's 13.333 × 7.5 in slide, in points

    @default("reveal_height")
    def _reveal_height_default(self) -> str:
        return "540"

    @default("reveal_transition")
    def _reveal_transition_default(self) -> str:
        return "slide"

    @default("file_extension")
    def _deck_file_extension_default(self) -> str:
        return ".html"

    def _create_environment(self) -> Environment:
        environment = super()._create_environment()
        environment.autoescape = True
        environment.filters["css_string"] = css_string
        environment.filters["bidi"] = bidi  # {{ text | bidi(deck.dir) }}
        return environment
