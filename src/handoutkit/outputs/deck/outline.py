"""The consultation deck as plain JSON: what the browser deck (reveal.js) shows.

`deck_outline` turns the planned slides (`layouts.plan_deck`) into a list of
plain dicts, one a slide: kind, title, subtitle, body blocks, speaker notes.
`browser_deck` adds what the whole page needs (language, title, the clinic's
readable colours and fonts). The slides notebook displays it under
`names.OUTLINE_MIMETYPE`; `exporter.BrowserDeckExporter` makes the HTML from it.

Only these fields of the plan are read: ``SlidePlan.kind/title/subtitle/body/notes``,
``TextBox.paragraphs`` (``runs``, ``role``, ``marker``), ``TableBox.header/rows`` and
``PictureBox.alt/image``; geometry stays the planner's business. Everything here
is a view model: the template only loops over it and prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from ...model import Handout
from ..colors import deck_colors
from ..handout.view import data_uri
from ..languages import language_links
from ..webfonts import fallback_families, web_fonts
from .slides import PictureBox, Role, Run, SlidePlan, TableBox, TextBox, TextPara
from .typeset import deck_fonts

# Bump when the shape of the outline changes (the exporter refuses other versions).
OUTLINE_VERSION = 2

Json = dict[str, Any]

SLIDES_HTML = "_slides.html"  # the browser deck's file name after the job's stem
_NUMBERED = re.compile(r"^(\d+)[.)]$")


def deck_outline(handout: Handout, plans: Sequence[SlidePlan]) -> list[Json]:
    """One dict a slide: ``kind``, ``title``, ``subtitle``, ``logo``, ``body``, ``notes``.

    ``body`` is a list of blocks, each with a ``type``: ``text`` (``blocks``: ``paragraph``,
    ``subheading``, ``note`` and ``list`` blocks), ``table`` (``header``, ``rows``) or
    ``picture`` (``src`` as a data URI, ``alt``). Text is a list of runs (``text``, ``bold``,
    ``italic``, ``href``). ``notes`` is the speaker notes, one string a line.
    """
    clinic = handout.clinic
    logo = {"src": data_uri(clinic.logo), "alt": clinic.logo_alt}
    slides = []
    for number, plan in enumerate(plans, start=1):
        kind = plan.kind.value
        slides.append(
            {
                "number": number,
                "kind": kind,
                "title": plan.title,
                "subtitle": plan.subtitle or None,
                # The cover shows the clinic's logo and name, like the PowerPoint cover.
                "logo": logo if kind == "title" else None,
                "clinic": clinic.name if kind == "title" else None,
                "body": [_part(part) for part in plan.body],
                "notes": [line for line in plan.notes.splitlines() if line.strip()],
            }
        )
    return slides


def browser_deck(handout: Handout, plans: Sequence[SlidePlan]) -> Json:
    """The outline and everything the page around it needs (JSON-serialisable)."""
    document, clinic = handout.document, handout.clinic
    meta = document.meta
    slides = deck_outline(handout, plans)
    title = meta.full_title
    typography = clinic.typography
    families = (typography.base, typography.headings)
    language, _, by_family = deck_fonts(handout)
    chains = tuple(by_family[family] for family in families)
    text = _all_text(clinic.name, slides)
    return {
        "version": OUTLINE_VERSION,
        "language": document.language,
        "dir": "rtl" if language is not None and language.rtl else "ltr",
        "languages": [link.to_json() for link in language_links(handout, SLIDES_HTML)],
        "languages_label": language.labels.languages if language is not None else "",
        "title": f"{title} | {clinic.name}",
        "description": title,
        "clinic": clinic.name,
        "created": handout.dated.isoformat() if handout.dated else "",
        "style": {
            **asdict(deck_colors(clinic.colors)),
            "base_family": typography.base.name,
            "headings_family": typography.headings.name,
            "fallbacks": list(fallback_families(chains, families, text)),
            "fonts": [
                {"family": f.family, "weight": f.weight, "style": f.style, "src": f.src}
                for f in web_fonts(families, text, chains)
            ],
        },
        "slides": slides,
    }


# --- body parts ------------------------------------------------------------------------------


def _part(part: object) -> Json:
    if isinstance(part, TextBox):
        return {"type": "text", "blocks": _text_blocks(part.paragraphs)}
    if isinstance(part, TableBox):
        return {
            "type": "table",
            "header": [_runs(cell) for cell in part.header],
            "rows": [[_runs(cell) for cell in row] for row in part.rows],
        }
    if isinstance(part, PictureBox):
        return {"type": "picture", "src": data_uri(part.image), "alt": part.alt}
    raise TypeError(f"no outline for a slide part of type {type(part).__name__}")


def _text_blocks(paragraphs: Iterable[TextPara]) -> list[Json]:
    """Paragraphs as blocks; consecutive list items of one kind become one list."""
    blocks: list[Json] = []
    for para in paragraphs:
        if para.role is Role.ITEM:
            numbered = _NUMBERED.match(para.marker or "")
            ordered = numbered is not None
            last = blocks[-1] if blocks else None
            if last is None or last["type"] != "list" or last["ordered"] != ordered:
                last = {
                    "type": "list",
                    "ordered": ordered,
                    "start": int(numbered.group(1)) if numbered else 1,
                    "items": [],
                }
                blocks.append(last)
            last["items"].append(_runs(para.runs))
        else:
            kind = {Role.SUBHEADING: "subheading", Role.NOTE: "note"}.get(para.role, "paragraph")
            blocks.append({"type": kind, "runs": _runs(para.runs)})
    return blocks


def _runs(runs: Iterable[Run]) -> list[Json]:
    return [
        {"text": run.text, "bold": run.bold, "italic": run.italic, "href": run.href}
        for run in runs
        if run.text
    ]


def _all_text(clinic_name: str, slides: Iterable[Json]) -> str:
    """Every character the page may show, for font subsetting (slide numbers included)."""
    parts = [clinic_name, "0123456789/ "]
    for slide in slides:
        parts += [slide["title"], slide["subtitle"] or "", *slide["notes"]]
        parts += _strings(slide["body"])
    return "".join(parts)


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for key, item in value.items() if key != "src" for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []
