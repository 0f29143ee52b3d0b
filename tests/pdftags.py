"""Reading a PDF's tag tree (PDF/UA structure) back with pypdf, independently of WeasyPrint."""

from __future__ import annotations

from pypdf import PdfReader


def structure_tags(reader: PdfReader) -> list[tuple[str, str]]:
    """Every structure element's type, in reading order, with its /Alt text ("" if none)."""
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        node = node.get_object()  # type: ignore[attr-defined]
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get") and "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found
