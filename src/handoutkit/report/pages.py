"""The build folder's own pages (the gallery, the quality report): one Jinja2 environment.

The templates are the project's (``templates/gallery/``), never a clinic's; autoescape is
on and undefined names are errors. ``static("name")`` puts a file of
``templates/gallery/static/`` (a style sheet, a script) into a page as it is, unparsed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..resources import PROJECT_TEMPLATES


def page_environment(templates_dir: Path = PROJECT_TEMPLATES) -> Environment:
    """Jinja2 for the pages of ``templates_dir/gallery``."""
    return _environment(templates_dir.resolve())


@lru_cache(maxsize=8)
def _environment(folder: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(folder / "gallery")),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )

    def static(name: str) -> Markup:
        text = (folder / "gallery" / "static" / name).read_text(encoding="utf-8")
        if "</" in text:  # it goes inside <style> or <script>
            raise ValueError(f"templates/gallery/static/{name} must not contain '</'")
        return Markup(text)

    environment.globals["static"] = static
    return environment
