"""The handout page from the executed handout notebook (nbconvert's ``--to handout``).

The handout notebook shows the handout inline; `HandoutExporter` keeps only what the
cells tagged ``handout`` displayed, hides every input, and renders the page with the
project's nbconvert template (``templates/nbconvert/handout``).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from nbconvert.exporters import TemplateExporter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Unicode

from ...errors import RenderError
from ...model.contract import HANDOUT_TAG, PAGE_MIMETYPE
from .templates import TemplateFolders, template_folders


class HandoutOutputs(Preprocessor):
    """Keep only the HTML displayed by cells tagged ``handout``; lift page metadata."""

    tag = Unicode(HANDOUT_TAG).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        kept, page = [], None
        for cell in nb.cells:
            if self.tag not in cell.get("metadata", {}).get("tags", []):
                continue
            outputs = [
                output
                for output in cell.get("outputs", [])
                if output.get("output_type") in ("display_data", "execute_result")
                and "text/html" in output.get("data", {})
            ]
            for output in outputs:
                page = output["data"].get(PAGE_MIMETYPE, page)
            cell.outputs = outputs
            kept.append(cell)
        if not kept or page is None:
            raise RenderError(
                f"the notebook has no cell tagged '{self.tag}' that displayed a handout.",
                fix=f"keep the tag '{self.tag}' on the cell that calls handout_html(...) "
                "(View > Cell metadata in JupyterLab) and run all cells again.",
                path=resources.get("metadata", {}).get("path"),
            )
        nb.cells = kept
        nb.metadata["handoutkit"] = page
        return nb, resources


class HandoutExporter(TemplateExporter):
    """Executed handout notebook → a complete, self-contained HTML page."""

    export_from_notebook = "Handout"
    output_mimetype = "text/html"

    def __init__(self, folders: TemplateFolders | None = None, **kw: Any) -> None:
        folders = folders or template_folders()
        kw.setdefault("extra_template_basedirs", [str(folders.nbconvert)])
        kw.setdefault("template_name", "handout")
        super().__init__(**kw)
        self.exclude_input = True
        self.exclude_input_prompt = True
        self.exclude_output_prompt = True
        self.register_preprocessor(HandoutOutputs(parent=self), enabled=True)

    def _file_extension_default(self) -> str:
        return ".html"

    def _create_environment(self) -> Environment:
        environment = super()._create_environment()
        environment.autoescape = True
        return environment
