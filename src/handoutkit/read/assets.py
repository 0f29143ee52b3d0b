"""Reading files named in content and brand files, only from inside allowed folders.

Handout Kit never fetches anything: a URL or a path that leaves the content
folder is refused before any renderer sees it. The file is then read as every
clinic file is (a regular file, at most the limit of its kind) and checked
for what it claims to be: a whole picture, a font fontTools reads, a
PowerPoint template without macros or zip bombs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutKitError, UnsafePathError
from ..inputs.files import read_file
from ..inputs.fontfile import FontProblem, check_font
from ..inputs.imagefile import ImageProblem, check_image
from ..inputs.pptxfile import check_pptx_template
from ..limits import FONT_BYTES, IMAGE_BYTES, PPTX_TEMPLATE_BYTES, Limit
from ..model import Asset

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


@dataclass(frozen=True, slots=True)
class AssetKind:
    """A kind of file a content or brand file may name: its types, limit and check."""

    what: str  # "picture", "font file", ... for messages
    types: dict[str, str]  # suffix → media type
    limit: Limit
    check: Callable[[bytes, str, Path], None]  # (data, media type, path) → raise if unusable


def _check_picture(data: bytes, media_type: str, path: Path) -> None:
    try:
        check_image(data, media_type)
    except ImageProblem as problem:
        raise _Unusable(problem.problem, problem.fix) from None


def _check_font(data: bytes, media_type: str, path: Path) -> None:
    try:
        check_font(data)
    except FontProblem as problem:
        raise _Unusable(problem.problem, problem.fix) from None


def _check_template(data: bytes, media_type: str, path: Path) -> None:
    check_pptx_template(data, path=path)


class _Unusable(Exception):
    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


PICTURE = AssetKind("picture", IMAGE_TYPES, IMAGE_BYTES, _check_picture)
FONT = AssetKind("font file", FONT_TYPES, FONT_BYTES, _check_font)
DECK_TEMPLATE = AssetKind(
    "PowerPoint template", DECK_TEMPLATE_TYPES, PPTX_TEMPLATE_BYTES, _check_template
)

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
        f"copy the file into {root} and write its path relative to {base} (for example "
        f"'{Path(reference).name or 'picture.png'}' for a file beside {source.name})."
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
    written = Path(os.path.normpath(base / candidate))
    resolved = written.resolve()
    if not resolved.is_relative_to(root.resolve()):
        if written.is_relative_to(root):  # the path stays inside: a link on the way leaves
            raise UnsafePathError(
                f"'{reference}' is a symbolic link to {resolved}, outside {root}; Handout Kit "
                "reads nothing from outside the content folder.",
                fix=f"copy the file itself to {written} instead of linking to it.",
                path=source,
                where=where,
            )
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
    kind: AssetKind,
    error: type[HandoutKitError],
) -> Asset:
    """Read and check a file named in ``source`` (at ``where``) after checking where it is."""
    path = resolve_local(reference, base=base, root=root, source=source, where=where)
    media_type = kind.types.get(path.suffix.lower())
    if media_type is None:
        raise error(
            f"'{reference}' is a {path.suffix or 'file without extension'}; "
            f"expected one of {', '.join(sorted(kind.types))}.",
            fix="convert the file to one of those formats and update the path.",
            path=source,
            where=where,
        )
    data = read_file(
        base / reference,
        root=root,
        limit=kind.limit,
        error=error,
        name=reference,
        source=source,
        where=where,
    )
    try:
        kind.check(data, media_type, path)
    except _Unusable as unusable:
        raise error(
            f"the {kind.what} '{reference}' {unusable.problem}",
            fix=unusable.fix,
            path=source,
            where=where,
        ) from None
    return Asset(name=path.name, media_type=media_type, data=data)
