"""The printable handout: WeasyPrint turns the exported HTML page into PDF bytes.

WeasyPrint may read only ``data:`` URIs and files inside the allowed folders
(content and templates); any other URL stops the render with an error
instead of being fetched.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fontTools.ttLib import woff2
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import UnsafePathError

# WeasyPrint logs every CSS property it ignores; the handout stylesheet is ours
# and its print-only properties are deliberate, so only errors are worth showing.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


_WOFF2_URI = "data:font/woff2;base64,"


@lru_cache(maxsize=32)
def _woff2_to_sfnt(encoded: str) -> bytes:
    out = io.BytesIO()
    woff2.decompress(io.BytesIO(base64.b64decode(encoded)), out)
    return out.getvalue()


class _Refused(FatalURLFetchingError):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class LocalOnlyFetcher(URLFetcher):
    """Serves ``data:`` URIs and files under ``roots``; refuses everything else."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"))
        self._roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if url.startswith(_WOFF2_URI):
            # WeasyPrint would decode the web font on every render; decode each font once.
            return URLFetcherResponse(url, _woff2_to_sfnt(url[len(_WOFF2_URI) :]))
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self._roots):
                return super().fetch(url, headers)
        raise _Refused(url)


def render_pdf(html: str, *, allowed_roots: Sequence[Path], source: Path | None = None) -> bytes:
    """PDF bytes of a complete HTML page (metadata from its ``<title>`` and ``<meta>``)."""
    try:
        document = HTML(string=html, url_fetcher=LocalOnlyFetcher(allowed_roots))
        # PDF/UA-1: tagged structure, /Lang and title, fonts embedded (screen readers, archives).
        return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    except _Refused as exc:
        raise UnsafePathError(
            f"the handout refers to '{exc.url}', which is outside the content and template "
            "folders; Handout Kit never fetches files from the network or elsewhere on disk.",
            fix="copy the file into the clinic's or procedure's folder and refer to it with "
            "a relative path.",
            path=source,
        ) from None
