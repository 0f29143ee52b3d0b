"""Checking a picture file (a logo, a figure) before any renderer draws it.

A file named ``.png`` may be empty, truncated, another format, or a few
kilobytes that decode to gigapixels; an SVG may declare entities that expand
to gigabytes or point at files and addresses. Each is refused here with a
message that says which, instead of a black square in the PDF, a misleading
error from a renderer, or a machine out of memory.
"""

from __future__ import annotations

import io
import re
import warnings

from lxml import etree
from PIL import Image, ImageFile, UnidentifiedImageError

from ..limits import IMAGE_PIXELS
from .xmlscan import DoctypeFound, Target, local_name, scan

SVG = "image/svg+xml"
_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
_SVG_NS = "http://www.w3.org/2000/svg"
_CSS_URL = re.compile(r"""url\(\s*['"]?\s*([^'")\s]*)""", re.IGNORECASE)
_RESAVE = "open the picture in an image editor and save it again as PNG, JPEG or SVG."


class ImageProblem(Exception):
    """Why a picture cannot be used, phrased to follow "the picture …"."""

    def __init__(self, problem: str, fix: str = _RESAVE) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


def check_image(data: bytes, media_type: str) -> tuple[int, int] | None:
    """Raise `ImageProblem` unless ``data`` is a whole picture of ``media_type``.

    Returns the pixel size of a PNG or JPEG (None for SVG).
    """
    if not data:
        raise ImageProblem(
            "is empty (0 bytes).", "copy the picture into the folder again; the file is empty."
        )
    if media_type == SVG:
        _check_svg(data)
        return None
    return _check_raster(data, _FORMATS[media_type])


def _check_raster(data: bytes, expected: str) -> tuple[int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = image.format or "unknown"
                if found != expected:
                    raise ImageProblem(
                        f"is a {found} file, not {expected} as its name says.",
                        f"save it as {expected} (or rename it to match its format, if that "
                        "is PNG, JPEG or SVG).",
                    )
                width, height = image.size
                if width * height > IMAGE_PIXELS.value:
                    raise ImageProblem(
                        f"is too large: {IMAGE_PIXELS.exceeded(f'{width} × {height} pixels')}.",
                        "save it at a lower resolution (2000 pixels on its longer side is "
                        "plenty for print).",
                    )
                _load_whole(image)
    except ImageProblem:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageProblem(
            f"declares more pixels than {IMAGE_PIXELS.shown} "
            "(Handout Kit's limit on the pixels of a picture).",
            "save it at a lower resolution.",
        ) from None
    except UnidentifiedImageError:
        raise ImageProblem(f"is not a picture Handout Kit can read (not {expected}).") from None
    except (OSError, SyntaxError, ValueError) as exc:
        reason = "it is cut short" if "truncated" in str(exc) else f"{exc}"
        raise ImageProblem(f"is damaged: {reason}.") from None
    return width, height


def _load_whole(image: Image.Image) -> None:
    """Decode every pixel, failing on a file cut short. WeasyPrint sets Pillow's global
    LOAD_TRUNCATED_IMAGES on import, which would fill the missing part with black."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


class _SvgScan(Target):
    def __init__(self) -> None:
        self.root: str | None = None
        self.references: list[str] = []
        self.in_style = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if self.root is None:
            self.root = tag
        self.in_style = local_name(tag) == "style"
        for name, value in attributes.items():
            if local_name(name) == "href":
                self.references.append(value.strip())
            elif local_name(name) == "style" or "url(" in value:
                self.references.extend(_CSS_URL.findall(value))

    def data(self, data: str) -> None:
        if self.in_style:
            self.references.extend(_CSS_URL.findall(data))
            if "@import" in data:
                self.references.append("@import")

    def end(self, tag: str) -> None:
        self.in_style = False


def _check_svg(data: bytes) -> None:
    found = _SvgScan()
    try:
        scan(data, found)
    except DoctypeFound:
        raise ImageProblem(
            "declares a DOCTYPE, where an SVG can define entities that expand to gigabytes "
            "or read other files.",
            "save the SVG again without the <!DOCTYPE ...> line (in Inkscape: Save As, Plain SVG).",
        ) from None
    except etree.XMLSyntaxError as exc:
        raise ImageProblem(f"is not a valid SVG file ({exc}).") from None
    if found.root not in (f"{{{_SVG_NS}}}svg", "svg"):
        raise ImageProblem(
            f"is not an SVG picture (its first element is <{local_name(found.root or '?')}>)."
        )
    for reference in found.references:
        if not reference:
            raise ImageProblem(
                'has a link with an empty address (href=""), which a drawing program '
                "would look up as a file.",
                "remove the empty link from the SVG (or the element that holds it), or embed "
                "the picture it was meant to show as a data: URI.",
            )
        if not reference.startswith(("#", "data:")):
            raise ImageProblem(
                f"refers to '{reference[:120]}', a file or address outside the picture; "
                "Handout Kit never fetches anything while drawing pictures.",
                "embed everything in the SVG: draw the shapes inline, and put any picture "
                "or font in as a data: URI instead of a link to a file or URL.",
            )
