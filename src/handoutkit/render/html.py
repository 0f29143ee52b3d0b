"""The handout as HTML: a self-contained fragment from the Jinja2 templates.

The fragment is what the handout notebook shows; nbconvert wraps the
executed notebook's fragment into the full page (see `handoutkit.exporter`).
"""

from __future__ import annotations

import re

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from ..errors import RenderError
from ..models import Handout, Paper
from ..templates import TemplateFolders
from ..view import handout_view

HANDOUT_TEMPLATE = "handout.html.j2"


def render_fragment(
    handout: Handout, paper: Paper, folders: TemplateFolders, *, large_print: bool = False
) -> str:
    """The handout's ``<article>``: styles, fonts and images inline."""
    environment = handout_environment(folders)
    try:
        template = environment.get_template(HANDOUT_TEMPLATE)
        return template.render(v=handout_view(handout, paper, large_print=large_print))
    except TemplateError as exc:
        raise RenderError(
            f"the handout template failed: {exc}.",
            fix="check the template named in the message (a clinic's template override "
            "may use a name that no longer exists).",
            path=getattr(exc, "filename", None) or folders.handout[0],
            where=f"line {exc.lineno}" if getattr(exc, "lineno", None) else None,
        ) from exc


def handout_environment(folders: TemplateFolders) -> Environment:
    """Jinja2 with autoescape on and undefined names as errors."""
    environment = Environment(
        loader=FileSystemLoader([str(folder) for folder in folders.handout]),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["css_string"] = css_string
    return environment


# Printable ASCII but for " \ < > &: nothing to escape (font names, base64 data URIs).
_CSS_PLAIN = re.compile(r"[ !#-%'-;=?-\[\]-~]*")


def css_string(value: object) -> Markup:
    """``value`` as a double-quoted CSS string, safe inside ``<style>``."""
    text = str(value)
    if _CSS_PLAIN.fullmatch(text):  # the fonts' data URIs are long: escape only when needed
        return Markup(f'"{text}"')
    out = []
    for char in text:
        if char in '"\\<>&' or not char.isprintable():
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')
