"""The build folder's own pages (the gallery, the quality report): one Jinja2 environment.

The templates are the project's (``templates/gallery/``), never a clinic's; autoescape is
on and undefined names are errors.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..resources import PROJECT_TEMPLATES


def page_environment(templates_dir: Path = PROJECT_TEMPLATES) -> Environment:
    """Jinja2 for the pages of ``templates_dir/gallery``."""
    return Environment(
        loader=FileSystemLoader(str(templates_dir / "gallery")),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
