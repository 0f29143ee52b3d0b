"""Reading files named in content and brand files, only from inside allowed folders.

Handout Kit never fetches anything: a URL or a path that leaves the content
folder is refused before any renderer sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import HandoutKitError, UnsafePathError
from .models import Asset

IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
DECK_TEMPLATE_TYPES = {
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".potx": "application/vnd.openxmlformats-officedocument.presentationml.template",
}
FONT_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_url(reference: str) -> bool:
    """True for anything with a scheme (``https:``, ``file:``, ``data:``...) or ``//host``."""
    return bool(_SCHEME.match(reference)) or reference.startswith("//")


def resolve_local(
    reference: str,
    *,
    base: Path,
    root: Path,
    source: Path,
    where: str,
) -> Path:
    """Resolve ``reference`` (relative to ``base``) and check it stays inside ``root``.

    ``source`` and ``where`` name the file and the field or line the
    reference was written in, for the error message.
    """
    fix = (
        f"copy the file into {root} and refer to it with a path relative to "
        f"{base}, for example 'images/{Path(reference).name or 'picture.png'}'."
    )
    if is_url(reference):
        raise UnsafePathError(
            f"'{reference}' is a URL; Handout Kit never fetches files from the network "
            "or from outside the content folder.",
            fix=fix,
            path=source,
            where=where,
        )
    candidate = Path(reference)
    if candidate.is_absolute():
        raise UnsafePathError(
            f"'{reference}' is an absolute path; only files inside {root} may be used.",
            fix=fix,
            path=source,
            where=where,
        )
    resolved = (base / candidate).resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise UnsafePathError(
            f"'{reference}' points outside {root}; only files inside it may be used.",
            fix=fix,
            path=source,
            where=where,
        )
    return resolved


def read_asset(
    reference: str,
    *,
    base: Path,
    root: Path,
    source: Path,
    where: str,
    types: dict[str, str],
    error: type[HandoutKitError],
) -> Asset:
    """Read a file named in ``source`` after checking where it is and what it is."""
    path = resolve_local(reference, base=base, root=root, source=source, where=where)
    media_type = types.get(path.suffix.lower())
    if media_type is None:
        raise error(
            f"'{reference}' is a {path.suffix or 'file without extension'}; "
            f"expected one of {', '.join(sorted(types))}.",
            fix="convert the file to one of those formats and update the path.",
            path=source,
            where=where,
        )
    if not path.is_file():
        raise error(
            f"the file '{reference}' does not exist (looked for {path}).",
            fix="check the spelling of the path, or add the file to that folder.",
            path=source,
            where=where,
        )
    return Asset(name=path.name, media_type=media_type, data=path.read_bytes())
