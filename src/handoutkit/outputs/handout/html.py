"""The handout as HTML: a self-contained fragment from the Jinja2 templates.

The fragment is what the handout notebook shows; nbconvert wraps the
executed notebook's fragment into the full page (see `outputs.handout.exporter`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from ...language.bidi import ltr_spans
from ...model import Handout, Paper
from .templates import TemplateFolders, handout_environment, render_template
from .view import handout_view

HANDOUT_TEMPLATE = "handout.html.j2"


def render_fragment(
    handout: Handout, paper: Paper, folders: TemplateFolders, *, large_print: bool = False
) -> str:
    """The handout's ``<article>``: styles, fonts and images inline.

    The templates may be a clinic's own: they run in the sandbox of `handout_environment`.
    """
    environment = handout_environment(folders)
    view = handout_view(handout, paper, large_print=large_print)
    environment.filters["css_string"] = css_string
    environment.filters["bidi"] = bidi_filter(view.direction)
    # A clinic's own templates (an override folder before the project's) run isolated.
    isolated = len(folders.handout) > 1
    return render_template(environment, HANDOUT_TEMPLATE, isolated=isolated, v=view)


def bidi(value: object, direction: str = "ltr") -> Markup:
    """``value`` escaped and, in a ``direction="rtl"`` page, each left-to-right stretch (a
    phone number, an address, a Latin name) in ``<bdi dir="ltr">``, so it keeps its order
    (`language.bidi`)."""
    text = str(value)
    if direction != "rtl":
        return escape(text)
    out, last = Markup(), 0
    for start, end in ltr_spans(text):
        out += escape(text[last:start]) + Markup('<bdi dir="ltr">')
        out += escape(text[start:end]) + Markup("</bdi>")
        last = end
    return out + escape(text[last:])


def bidi_filter(direction: str) -> Callable[..., Markup]:
    """The ``bidi`` filter of a page in ``direction`` (``text | bidi("rtl")`` for a passage
    in another direction)."""
    return lambda value, other=None: bidi(value, other or direction)


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
