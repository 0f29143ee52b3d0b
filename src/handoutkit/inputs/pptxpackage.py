"""The package of a PowerPoint template: its content types and its relationships.

`read_package` parses the XML parts `pptxzip` kept, ``[Content_Types].xml`` and
the ``.rels`` parts, without entities, network or DTDs, keeping only the
attributes of the elements it needs and no tree. A file without a presentation
part is refused: it is not a PowerPoint presentation or template.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import BrandError
from .pptxzip import CONTENT_TYPES, NOT_POWERPOINT_FIX, RESAVE_FIX, printable, template_error
from .xmlscan import DoctypeFound, Target, local_name, scan

_MAIN_TYPE = re.compile(
    r"presentationml\.(presentation|template)\.main\+xml"
    r"|ms-powerpoint\.(presentation|template)\.macroenabled\.main\+xml"
)
_TYPE_ELEMENTS = frozenset({"Default", "Override"})
_RELATIONSHIP_ELEMENTS = frozenset({"Relationship"})
# (the part of an Override, or None for a Default; the content type; what it covers)
ContentType = tuple[str | None, str, str]


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship of a ``.rels`` part, as written."""

    rels: str  # the .rels part it is written in
    source: str | None  # the part it belongs to ("" for the package), None if unknown
    rid: str
    type: str
    target: str
    external: bool

    @property
    def kind(self) -> str:
        """The relationship type's last segment: ``image``, ``hyperlink``, ``oleObject``."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]

    @property
    def target_part(self) -> str:
        """An internal target as a part name (for messages)."""
        if self.target.startswith("/"):
            return posixpath.normpath(self.target.lstrip("/"))
        base = posixpath.dirname(self.source or "")
        return posixpath.normpath(posixpath.join(base, self.target))


def read_package(
    kept: dict[str, bytes], *, path: Path
) -> tuple[list[ContentType], list[Relationship]]:
    """The content types and the relationships declared in the template ``path``.

    ``kept`` holds the bytes of its ``[Content_Types].xml`` and ``.rels`` parts;
    raises `BrandError` naming ``path`` and the part.
    """
    package = _Package(kept, path)
    package.read_content_types()
    package.read_relationships()
    return package.content_types, package.relationships


class _Package:
    def __init__(self, kept: dict[str, bytes], path: Path) -> None:
        self.kept = kept
        self.path = path
        self.content_types: list[ContentType] = []
        self.relationships: list[Relationship] = []

    def fail(self, problem: str, fix: str, part: str | None = None) -> BrandError:
        return template_error(self.path, problem, fix, part)

    def parse(self, name: str, wanted: frozenset[str]) -> list[tuple[str, dict[str, str]]]:
        """The ``wanted`` elements of an XML part (local name, attributes), in document order.

        The parser fetches nothing, loads no DTD and expands no entity, and the part is
        refused as soon as the parser meets a DOCTYPE (before its internal subset is read).
        """
        try:
            found: list[tuple[str, dict[str, str]]] = scan(self.kept[name], _Elements(wanted))
        except DoctypeFound:
            raise self.fail(
                "the part has a document type declaration (<!DOCTYPE …>). PowerPoint never "
                "writes one into its files, and it is how an XML file defines entities that "
                "expand to gigabytes or read other files.",
                RESAVE_FIX,
                part=name,
            ) from None
        except etree.XMLSyntaxError as exc:
            raise self.fail(
                f"the part is not well-formed XML ({printable(str(exc))}).", RESAVE_FIX, part=name
            ) from None
        return found

    def read_content_types(self) -> None:
        if CONTENT_TYPES not in self.kept:
            raise self.fail(
                f"the file is not a PowerPoint file: it is a zip file without the "
                f"{CONTENT_TYPES} part every .pptx and .potx has.",
                NOT_POWERPOINT_FIX,
            )
        for kind, attributes in self.parse(CONTENT_TYPES, _TYPE_ELEMENTS):
            content_type = attributes.get("ContentType") or ""
            if kind == "Override":
                part = (attributes.get("PartName") or "").lstrip("/")
                self.content_types.append((part, content_type, part))
            else:
                extension = attributes.get("Extension") or ""
                self.content_types.append((None, content_type, f".{extension} files"))
        if not any(_MAIN_TYPE.search(ct.lower()) for part, ct, _ in self.content_types if part):
            raise self.fail(
                "the file is not a PowerPoint presentation or template: its "
                f"{CONTENT_TYPES} declares no presentation part (is it a Word or Excel "
                "file, or a PowerPoint show?).",
                NOT_POWERPOINT_FIX,
            )

    def read_relationships(self) -> None:
        for name in self.kept:
            if name == CONTENT_TYPES:
                continue
            source = _source_of(name)
            for _, attributes in self.parse(name, _RELATIONSHIP_ELEMENTS):
                mode = (attributes.get("TargetMode") or "").strip().lower()
                self.relationships.append(
                    Relationship(
                        rels=name,
                        source=source,
                        rid=attributes.get("Id") or "?",
                        type=(attributes.get("Type") or "").strip(),
                        target=attributes.get("Target") or "",
                        external=mode == "external",
                    )
                )


class _Elements(Target):
    """Keeps the attributes of the elements wanted, and no tree."""

    def __init__(self, wanted: frozenset[str]) -> None:
        self.wanted = wanted
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = local_name(tag)
        if local in self.wanted:
            self.found.append((local, dict(attributes)))

    def close(self) -> list[tuple[str, dict[str, str]]]:
        return self.found


def _source_of(rels: str) -> str | None:
    """The part a ``.rels`` part describes: ``ppt/slides/slide1.xml``, ``""`` for the package."""
    folder, file_name = posixpath.split(rels)
    if posixpath.basename(folder) != "_rels" or not file_name.lower().endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), file_name[: -len(".rels")])
