"""The quality report's file names and anchors, light enough for the build's start-up path."""

from __future__ import annotations

CHECKS_JSON = "checks.json"
CHECKS_HTML = "checks.html"


def anchor(kind: str, name: str) -> str:
    """The id of a subject's part of ``checks.html`` (``document-microneedling-en``)."""
    return f"{kind}-" + name.replace("/", "-").replace(" × ", "_")
