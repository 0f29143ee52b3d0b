"""The printable handout: WeasyPrint turns the exported HTML page into PDF bytes.

WeasyPrint may read only ``data:`` URIs: every picture and font of a handout
is embedded by the view, so no file and no address is ever needed, and any
other URL (``file:``, ``http:``, a relative path) stops the render with an
error instead of being fetched.
"""

from __future__ import annotations

import atexit
import base64
import io
import logging
import shutil
import weakref
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from fontTools.ttLib import woff2
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ...errors import UnsafePathError

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


class DataOnlyFetcher(URLFetcher):
    """Serves ``data:`` URIs; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",))

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith(_WOFF2_URI):
            # WeasyPrint would decode the web font on every render; decode each font once.
            return URLFetcherResponse(url, _woff2_to_sfnt(url[len(_WOFF2_URI) :]))
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        raise _Refused(url)


class _RelativeURLs(logging.Handler):
    """WeasyPrint skips a relative URL (there is no base URL) with only a log line: a picture
    would be missing from the handout without a word. Collect them to refuse them."""

    PREFIX = "Relative URI reference without a base URI: "

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.urls: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(self.PREFIX):
            self.urls.append(message[len(self.PREFIX) :])


def render_pdf(html: str, *, source: Path | None = None) -> bytes:
    """PDF bytes of a complete HTML page (metadata from its ``<title>`` and ``<meta>``)."""
    relative = _RelativeURLs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(relative)
    try:
        document = HTML(string=html, url_fetcher=DataOnlyFetcher())
        fonts = _font_configuration()
        try:
            # PDF/UA-1: tagged structure, /Lang and title, fonts embedded (screen readers,
            # archives).
            pdf = document.write_pdf(
                pdf_variant="pdf/ua-1", uncompressed_pdf=False, font_config=fonts
            )
        finally:
            _remove_font_files(fonts)
        if relative.urls:
            raise _Refused(relative.urls[0])
        return pdf
    except _Refused as exc:
        raise UnsafePathError(
            f"the handout refers to '{exc.url}'; Handout Kit never fetches files from the "
            "network or from disk while printing (pictures and fonts are embedded).",
            fix="name pictures in the document and fonts in the brand file, as files inside "
            "the content folder; a template override must not link to files or addresses.",
            path=source,
        ) from None
    finally:
        logger.removeHandler(relative)


def _font_configuration() -> FontConfiguration:
    """A font configuration whose temp folder goes at exit at the latest, even if the render
    using it is cut short (a Ctrl-C while a thread renders)."""
    global _REMOVE_AT_EXIT
    fonts = FontConfiguration()
    _LIVE.add(fonts)
    if not _REMOVE_AT_EXIT:
        _REMOVE_AT_EXIT = True
        atexit.register(_remove_all_font_files)
    return fonts


def _remove_all_font_files() -> None:
    for fonts in [*_LIVE]:
        _remove_font_files(fonts)


def _remove_font_files(fonts: FontConfiguration) -> None:
    """Remove the temp folder WeasyPrint copied the document's fonts to, now: WeasyPrint does
    it only when the configuration is garbage-collected, which a process may not do before
    it exits (the command line exits without that last collection)."""
    folder = getattr(fonts, "_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        fonts._folder = None
    _LIVE.discard(fonts)


_LIVE: weakref.WeakSet[FontConfiguration] = weakref.WeakSet()
_REMOVE_AT_EXIT = False
