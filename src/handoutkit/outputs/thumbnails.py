"""Preview images for the gallery: PDF pages drawn to PNG with pdfium (pypdfium2).

The PNG bytes depend only on the PDF and the width: no timestamps, no
metadata, so previews are as reproducible as the files they show.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from ..errors import RenderError


def pdf_page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def pdf_page_png(pdf: bytes, index: int, *, width_px: int) -> bytes:
    """Page ``index`` (from 0) of ``pdf`` as a PNG ``width_px`` pixels wide."""
    return pdf_pages_png(pdf, range(index, index + 1), width_px=width_px)[0]


def pdf_pages_png(pdf: bytes, indexes: range, *, width_px: int) -> list[bytes]:
    """Pages ``indexes`` of ``pdf`` (those that exist) as PNGs ``width_px`` pixels wide."""
    document = pdfium.PdfDocument(pdf)
    try:
        images: list[bytes] = []
        for index in indexes:
            if index >= len(document):
                break
            page = document[index]
            try:
                scale = width_px / page.get_width()
                bitmap = page.render(scale=scale, may_draw_forms=False)
                image = bitmap.to_pil().convert("RGB")
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            images.append(buffer.getvalue())
        if not images:
            raise RenderError(
                "the PDF has no page to preview.",
                fix="check that the document has content; this is likely a Handout Kit bug.",
            )
        return images
    finally:
        document.close()
