"""Raster images for renderers that cannot show SVG (the PowerPoint deck).

SVG is drawn with cairosvg, which may read nothing from outside the SVG:
every reference to a file or URL is refused (``data:`` URIs are allowed).
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit
from urllib.request import urlopen

from cairosvg.surface import PNGSurface
from PIL import Image

from ..errors import RenderError
from ..model import Asset

SVG = "image/svg+xml"
RASTER_TYPES = ("image/png", "image/jpeg")
_EMBED_FIX = (
    "embed everything in the SVG: draw the shapes inline, and put any picture or font "
    "in as a data: URI instead of a link to a file or URL."
)


def svg_to_png(asset: Asset, *, height_px: int) -> bytes:
    """PNG bytes of an SVG asset, ``height_px`` tall with its aspect ratio kept."""
    if not asset.data.strip():
        raise RenderError(
            "the SVG image is empty.",
            fix="copy the picture into the folder again; the file holds nothing to draw.",
            path=asset.name,
        )
    refused: list[str] = []

    def local_only(url: str, resource_type: str | None = None) -> bytes:
        if urlsplit(url).scheme.lower() == "data":
            with urlopen(url) as response:  # data: URIs decode in memory, nothing is fetched
                return bytes(response.read())
        refused.append(url)
        raise _refusal(asset, url)

    try:
        # svg2png() has no url_fetcher argument; the surface passes it on to the parser.
        png = PNGSurface.convert(
            bytestring=asset.data,
            output_height=height_px,
            url_fetcher=local_only,
            unsafe=False,
        )
    except RenderError:
        raise
    except Exception as exc:
        if refused:
            raise _refusal(asset, refused[0]) from None
        raise RenderError(
            f"the SVG image could not be drawn ({type(exc).__name__}: {exc}).",
            fix="open the file in a vector editor, save it again as plain SVG and check "
            "that it displays in a web browser.",
            path=asset.name,
        ) from None
    if refused:  # a reference cairosvg swallowed still stops the render
        raise _refusal(asset, refused[0])
    if not isinstance(png, bytes):
        raise RenderError(
            "the SVG image produced no picture.",
            fix="check that the SVG has a width, height or viewBox and visible shapes.",
            path=asset.name,
        )
    return png


def raster_logo(asset: Asset, height_px: int) -> bytes:
    """PNG bytes for an SVG logo (or figure); PNG and JPEG bytes are returned as they are."""
    if asset.media_type == SVG:
        return svg_to_png(asset, height_px=height_px)
    if asset.media_type in RASTER_TYPES:
        return asset.data
    raise RenderError(
        f"images of type {asset.media_type} cannot be shown on slides.",
        fix="use an SVG, PNG or JPEG file.",
        path=asset.name,
    )


def pixel_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of PNG or JPEG bytes."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception as exc:
        raise RenderError(
            f"the image could not be read ({exc}).",
            fix="save the picture again as PNG or JPEG.",
        ) from None


def _refusal(asset: Asset, url: str) -> RenderError:
    return RenderError(
        f"the image refers to an outside file or URL ('{url}'); Handout Kit never fetches "
        "anything while drawing images.",
        fix=_EMBED_FIX,
        path=asset.name,
    )
