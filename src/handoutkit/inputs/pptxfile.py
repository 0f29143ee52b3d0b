"""A clinic's PowerPoint template, checked before python-pptx opens it.

A template is a zip of XML parts that a clinic sends us, so nothing in it is
trusted: not its sizes, not its names, not what it asks PowerPoint to run or
fetch. `check_pptx_template` reads the zip's directory, then inflates every
part in small chunks against the size its headers declare and a running
total, keeping only the bytes of ``[Content_Types].xml`` and the ``.rels``
parts, which it parses without entities, network or DTDs. It refuses, with
the part it found the problem in:

* a file too large, not a zip, with too many parts, with unsafe, duplicate or
  encrypted members or an unusual compression;
* a zip that unpacks to more than the limit, or whose headers lie about what
  a part unpacks to (a zip bomb), as soon as the lie shows;
* active content: a VBA project or macro-enabled main part, ActiveX controls,
  OLE objects and embedded packages (Handout Kit never copies them into
  decks, and a deck built with python-pptx would keep whatever the template's
  master and layouts refer to);
* relationships to anything outside the file, except web and e-mail
  hyperlinks (``http:``, ``https:``, ``mailto:``).
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from lxml import etree

from ..errors import BrandError
from ..limits import PPTX_INFLATED_BYTES, PPTX_MEMBERS, PPTX_TEMPLATE_BYTES, Limit
from .xmlscan import DoctypeFound, Target, local_name, scan

CONTENT_TYPES = "[Content_Types].xml"
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # the 30 bytes before a member's name
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected or PowerPoint 97-2003
_FEED = 64 * 1024  # compressed bytes handed to zlib at a time
_CHUNK = 256 * 1024  # most bytes zlib may inflate in one call
_ZIP_ERRORS = (  # what zipfile raises for a file that is not a zip or a broken one
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,  # UnicodeDecodeError for a name that is not UTF-8 as it claims
    EOFError,
    OSError,
    struct.error,
    NotImplementedError,
    IndexError,
    KeyError,
    OverflowError,
)
_ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000  # encrypted, strong encryption, masked directory
_PATCHED_FLAG = 0x0020
_UTF8_FLAG = 0x0800
_METHODS = {
    1: "shrunk",
    6: "imploded",
    9: "Deflate64",
    12: "bzip2",
    14: "LZMA",
    93: "Zstandard",
    95: "XZ",
    96: "JPEG",
    97: "WavPack",
    98: "PPMd",
    99: "AES encryption",
}
_MAIN_TYPE = re.compile(
    r"presentationml\.(presentation|template)\.main\+xml"
    r"|ms-powerpoint\.(presentation|template)\.macroenabled\.main\+xml"
)
_SAFE_LINK = re.compile(r"(?:https?:|mailto:)[^\x00-\x1f\x7f]*", re.IGNORECASE)
_PART_KINDS = re.compile(
    r"ppt/(?:(slideMasters/slideMaster)|(slideLayouts/slideLayout)|(slides/slide)"
    r"|(notesMasters/notesMaster)|(notesSlides/notesSlide)|(handoutMasters/handoutMaster))"
    r"(\d+)\.xml",
    re.IGNORECASE,
)
_TYPE_ELEMENTS = frozenset({"Default", "Override"})
_RELATIONSHIP_ELEMENTS = frozenset({"Relationship"})
_KIND_NAMES = (
    "slide master",
    "slide layout",
    "slide",
    "notes master",
    "notes page",
    "handout master",
)

_NOT_POWERPOINT_FIX = (
    "open it in PowerPoint and save it again with File > Save As > PowerPoint Presentation "
    "(*.pptx) or PowerPoint Template (*.potx), then point pptx_template at that file."
)
_RESAVE_FIX = (
    "open the template in PowerPoint and save it again with File > Save As as .pptx or .potx "
    "(not with a zip tool), then point pptx_template at the new file; if you did not make "
    "the file, ask whoever sent it for a fresh copy."
)
_NEVER_COPIED = (
    "Handout Kit never copies macros, controls or embedded programs into decks, so it does "
    "not build decks on a template that carries them."
)
_VBA_FIX = (
    "in PowerPoint, choose File > Save As > PowerPoint Template (*.potx) (not PowerPoint "
    "Macro-Enabled Template, *.potm), which leaves the macros out, and point pptx_template "
    "at the new file."
)
_ACTIVEX_FIX = (
    "open the template in PowerPoint, go to View > Slide Master, delete the ActiveX control "
    "(a button, text box or other control from the Developer tab) from the slide master, "
    "its layouts and any sample slide, save it again as .pptx or .potx and point "
    "pptx_template at the new file."
)
_EMBEDDED_FIX = (
    "open the template in PowerPoint, go to View > Slide Master, delete the embedded object "
    "(an inserted file, OLE object or a chart with its embedded workbook; replace it by a "
    "picture if you need its look) from the slide master, its layouts and any sample slide, "
    "save it again as .pptx or .potx and point pptx_template at the new file."
)


@dataclass(frozen=True, slots=True)
class _Relationship:
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


def check_pptx_template(data: bytes, *, path: Path) -> None:
    """Refuse a PowerPoint template that is unsafe to build decks on.

    Raises `BrandError` for the first problem found, naming ``path`` and, where
    the problem is in one part, ``part <name>``.
    """
    _Check(data, path).run()


class _Check:
    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.path = path
        self.kept: dict[str, bytes] = {}
        # (the part of an Override, or None for a Default; the content type; what it covers)
        self.content_types: list[tuple[str | None, str, str]] = []
        self.relationships: list[_Relationship] = []
        self.reachable: set[str] = set()

    def fail(self, problem: str, fix: str, part: str | None = None) -> BrandError:
        where = f"part {_shown(part)}" if part is not None else None
        return BrandError(problem, fix=fix, path=self.path, where=where)

    def run(self) -> None:
        members = self.open_zip()
        self.check_names(members)
        self.check_declared_sizes(members)
        self.inflate(members)
        self.read_content_types()
        self.read_relationships()
        names = [info.filename for info in members]
        self.reachable = self.kept_parts()
        self.check_vba(names)
        self.check_activex(names)
        self.check_embedded(names)
        self.check_external()

    # --- the zip itself ---------------------------------------------------------------

    def open_zip(self) -> list[zipfile.ZipInfo]:
        data = self.data
        if len(data) > PPTX_TEMPLATE_BYTES.value:
            raise self.fail(
                f"the PowerPoint template is too large: {_over(PPTX_TEMPLATE_BYTES, len(data))}.",
                "make it smaller in PowerPoint (File > Compress Pictures; delete unused layouts, "
                "sample slides, videos and sounds), save it again and point pptx_template at "
                "the new file.",
            )
        if data.startswith(_OLE_SIGNATURE):
            raise self.fail(
                "the file is not a PowerPoint file Handout Kit can read: it is "
                "password-protected or in the old PowerPoint 97-2003 format (.ppt, .pot), not "
                "the zip file every .pptx and .potx is.",
                "open it in PowerPoint, remove any password (File > Info > Protect "
                "Presentation), save it with File > Save As > PowerPoint Template (*.potx) or "
                "PowerPoint Presentation (*.pptx) and point pptx_template at the new file.",
            )
        # Every entry zipfile would read starts with this signature, so counting it bounds
        # the directory before zipfile builds an object for each entry.
        entries = data.count(_CENTRAL_SIGNATURE)
        if entries > PPTX_MEMBERS.value:
            raise self._too_many(entries)
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                members = archive.infolist()
        except _ZIP_ERRORS as exc:
            raise self.fail(
                f"the file is not a PowerPoint file: it is not a readable zip file, which "
                f"every .pptx and .potx is ({_shown(str(exc) or type(exc).__name__)}).",
                _NOT_POWERPOINT_FIX,
            ) from None
        if len(members) > PPTX_MEMBERS.value:
            raise self._too_many(len(members))
        return members

    def _too_many(self, found: int) -> BrandError:
        return self.fail(
            f"the PowerPoint template has too many parts: {PPTX_MEMBERS.exceeded(found)}.",
            "save it again from PowerPoint with File > Save As as .pptx or .potx (a template "
            "PowerPoint writes has a few dozen parts) and point pptx_template at the new file.",
        )

    def check_names(self, members: list[zipfile.ZipInfo]) -> None:
        seen: dict[str, str] = {}
        for info in members:
            name = info.orig_filename  # zipfile's filename is cut at a NUL
            reason = _unsafe_name(name)
            if reason:
                raise self.fail(
                    f"the PowerPoint template has a part named '{_shown(name)}', which "
                    f"{reason}. PowerPoint never writes such names; they are how a zip file "
                    "writes outside the folder it is unpacked in.",
                    _RESAVE_FIX,
                    part=name,
                )
            key = name.casefold()  # part names are compared without case in Office files
            if key in seen:
                same = "" if seen[key] == name else f" (and '{_shown(seen[key])}')"
                raise self.fail(
                    f"the PowerPoint template has two parts named '{_shown(name)}'{same}; "
                    "programs disagree about which one counts, so the file cannot be checked.",
                    _RESAVE_FIX,
                    part=name,
                )
            seen[key] = name
            if info.flag_bits & _ENCRYPTED_FLAGS:
                raise self.fail(
                    "the part is encrypted, so Handout Kit cannot check what it holds.",
                    "remove the password and save the template again in PowerPoint as .pptx "
                    "or .potx (not with a zip tool), then point pptx_template at the new file.",
                    part=name,
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
                info.flag_bits & _PATCHED_FLAG
            ):
                method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
                if info.flag_bits & _PATCHED_FLAG:
                    method = "patch data"
                raise self.fail(
                    f"the part is compressed as {method}; PowerPoint files use only stored or "
                    "deflated parts.",
                    _RESAVE_FIX,
                    part=name,
                )

    def check_declared_sizes(self, members: list[zipfile.ZipInfo]) -> None:
        total = sum(info.file_size for info in members)
        if total > PPTX_INFLATED_BYTES.value:
            largest = max(members, key=lambda info: info.file_size)
            raise self.fail(
                f"the PowerPoint template would unpack to too much: "
                f"{_over(PPTX_INFLATED_BYTES, total)}; its largest part, "
                f"{_shown(largest.filename)}, declares {_bytes(largest.file_size)}. Nothing was "
                "unpacked.",
                "make the template smaller in PowerPoint (File > Compress Pictures; remove "
                "videos, sounds, unused layouts and sample slides), save it again and point "
                "pptx_template at the new file.",
                part=largest.filename,
            )

    def inflate(self, members: list[zipfile.ZipInfo]) -> None:
        """Inflate every part against its declared size and the limit; keep the XML we read."""
        total = 0
        for info in members:
            name = info.filename
            keep = name == CONTENT_TYPES or name.lower().endswith(".rels")
            chunks: list[bytes] = []
            produced, crc = 0, 0
            for chunk in self._inflated(info):
                produced += len(chunk)
                total += len(chunk)
                if produced > info.file_size:
                    raise self.fail(
                        f"the part declares {_bytes(info.file_size)} unpacked but unpacks to "
                        "more: its zip headers lie about its size, as a zip bomb's do, so "
                        "Handout Kit stopped unpacking it.",
                        _RESAVE_FIX,
                        part=name,
                    )
                if total > PPTX_INFLATED_BYTES.value:
                    raise self.fail(
                        f"the PowerPoint template unpacks to too much: "
                        f"{_over(PPTX_INFLATED_BYTES, total, at_least=True)}; Handout Kit "
                        "stopped unpacking it.",
                        _RESAVE_FIX,
                        part=name,
                    )
                crc = zlib.crc32(chunk, crc)
                if keep:
                    chunks.append(bytes(chunk))
            if produced != info.file_size:
                raise self._damaged(
                    name,
                    f"it declares {_bytes(info.file_size)} unpacked but holds {_bytes(produced)}",
                )
            if crc != info.CRC:
                raise self._damaged(name, "its checksum does not match its contents")
            if keep:
                self.kept[name] = b"".join(chunks)

    def _inflated(self, info: zipfile.ZipInfo) -> Iterator[bytes | memoryview]:
        """A part's contents in chunks of at most ``_CHUNK`` bytes, never all at once."""
        data, name = self.data, info.filename
        offset = info.header_offset
        if offset < 0 or offset + _LOCAL_HEADER.size > len(data):
            raise self._damaged(name, "its local header lies outside the file")
        header = _LOCAL_HEADER.unpack_from(data, offset)
        signature, flags, name_length, extra_length = header[0], header[3], header[10], header[11]
        start = offset + _LOCAL_HEADER.size
        local_name = data[start : start + name_length]
        encoding = "utf-8" if flags & _UTF8_FLAG else "cp437"
        if signature != _LOCAL_SIGNATURE or local_name.decode(encoding, "replace") != (
            info.orig_filename
        ):
            raise self._damaged(name, "its local header does not match the zip's directory")
        start += name_length + extra_length
        end = start + info.compress_size
        if end > len(data):
            raise self._damaged(name, "its compressed data runs past the end of the file")
        view = memoryview(data)[start:end]
        if info.compress_type == zipfile.ZIP_STORED:
            for position in range(0, len(view), _CHUNK):
                yield view[position : position + _CHUNK]
            return
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        position, tail = 0, b""
        while True:
            if tail:
                feed = tail
            else:
                feed = view[position : position + _FEED]
                position += len(feed)
            try:
                chunk = inflater.decompress(feed, _CHUNK)
            except zlib.error as exc:
                raise self._damaged(name, f"its deflated data is corrupt: {exc}") from None
            tail = inflater.unconsumed_tail
            if chunk:
                yield chunk
            if inflater.eof or (not chunk and not tail and position >= len(view)):
                return
            if not chunk and tail and len(tail) == len(feed):  # no progress: never loop forever
                raise self._damaged(name, "its deflated data does not inflate")

    def _damaged(self, part: str, reason: str) -> BrandError:
        return self.fail(
            f"the PowerPoint template is damaged: in this part, {reason}.", _RESAVE_FIX, part=part
        )

    # --- the XML parts read -----------------------------------------------------------

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
                _RESAVE_FIX,
                part=name,
            ) from None
        except etree.XMLSyntaxError as exc:
            raise self.fail(
                f"the part is not well-formed XML ({_shown(str(exc))}).", _RESAVE_FIX, part=name
            ) from None
        return found

    def read_content_types(self) -> None:
        if CONTENT_TYPES not in self.kept:
            raise self.fail(
                f"the file is not a PowerPoint file: it is a zip file without the "
                f"{CONTENT_TYPES} part every .pptx and .potx has.",
                _NOT_POWERPOINT_FIX,
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
                _NOT_POWERPOINT_FIX,
            )

    def read_relationships(self) -> None:
        for name in self.kept:
            if name == CONTENT_TYPES:
                continue
            source = _source_of(name)
            for _, attributes in self.parse(name, _RELATIONSHIP_ELEMENTS):
                mode = (attributes.get("TargetMode") or "").strip().lower()
                self.relationships.append(
                    _Relationship(
                        rels=name,
                        source=source,
                        rid=attributes.get("Id") or "?",
                        type=(attributes.get("Type") or "").strip(),
                        target=attributes.get("Target") or "",
                        external=mode == "external",
                    )
                )

    # --- what the template carries ----------------------------------------------------

    def kept_parts(self) -> set[str]:
        """The parts (case-folded) a deck built on the template keeps: those reachable from
        the package through internal relationships, but not through slides. Handout Kit
        removes a template's sample slides before it draws, and python-pptx writes only the
        parts still reachable, so a chart or a linked picture on a sample slide is never
        carried into a deck; the same on a master or layout is."""
        by_source: dict[str, list[_Relationship]] = {}
        for rel in self.relationships:
            if not rel.external and rel.source is not None:
                by_source.setdefault(rel.source.casefold(), []).append(rel)
        reachable, stack = {""}, [""]
        while stack:
            for rel in by_source.get(stack.pop(), ()):
                target = rel.target_part.casefold()
                if rel.kind.lower() != "slide" and target not in reachable:
                    reachable.add(target)
                    stack.append(target)
        return reachable

    def keeps(self, part: str | None) -> bool:
        return part is not None and part.casefold() in self.reachable

    def users_of(self, part: str) -> str:
        """``, used by slide layout 2 (…)``: who refers to a part, for messages."""
        users = [
            rel.source
            for rel in self.relationships
            if not rel.external
            and rel.source is not None
            and rel.target_part.casefold() == part.casefold()
        ]
        if not users:
            return ""
        shown = ", ".join(_describe(user) for user in dict.fromkeys(users))
        return f", used by {shown}"

    def refuse(self, found: str, fix: str, part: str) -> BrandError:
        return self.fail(f"the PowerPoint template {found}. {_NEVER_COPIED}", fix, part=part)

    def check_content_type(
        self, words: tuple[str, ...], what: str, fix: str, *, kept_only: bool = True
    ) -> None:
        for part, content_type, covered in self.content_types:
            lowered = content_type.lower()
            if not any(word in lowered for word in words):
                continue
            if kept_only and not self.declares_kept(part, covered):
                continue
            if part is None:
                raise self.refuse(
                    f"declares {what}: {CONTENT_TYPES} gives {_shown(covered)} the content "
                    f"type '{_shown(content_type)}'",
                    fix,
                    CONTENT_TYPES,
                )
            raise self.refuse(
                f"carries {what}: its part {_shown(part)} has the content type "
                f"'{_shown(content_type)}' (declared in {CONTENT_TYPES})",
                fix,
                part,
            )

    def declares_kept(self, part: str | None, covered: str) -> bool:
        """Does a content type's Override name a kept part (or its Default cover one)?"""
        if part is not None:
            return self.keeps(part)
        extension = covered.removesuffix(" files").casefold()  # ".bin files" → ".bin"
        return any(kept.endswith(extension) for kept in self.reachable)

    def check_relationship_kind(
        self, kinds: tuple[str, ...], what: str, fix: str, *, kept_only: bool = True
    ) -> None:
        for rel in self.relationships:
            if kept_only and not (rel.source == "" or self.keeps(rel.source)):
                continue
            if rel.kind.lower() in kinds:
                target = _shown(rel.target) if rel.external else _shown(rel.target_part)
                raise self.refuse(
                    f"carries {what}: {_describe(rel.source, rel.rels)} refers to {target} "
                    f"(relationship {_shown(rel.rid)} of type '{_shown(rel.kind)}')",
                    fix,
                    rel.rels,
                )

    def check_vba(self, names: list[str]) -> None:
        for name in names:
            lowered = name.lower()
            if lowered.endswith("vbaproject.bin") or posixpath.basename(lowered) == "vbadata.xml":
                raise self.refuse(
                    f"carries a VBA project (macros) in {_shown(name)}{self.users_of(name)}",
                    _VBA_FIX,
                    name,
                )
        for part, content_type, _ in self.content_types:
            lowered = content_type.lower()
            if part is not None and "macroenabled" in lowered and "main+xml" in lowered:
                raise self.refuse(
                    f"is a macro-enabled PowerPoint file: its main part {_shown(part)} has the "
                    f"content type '{_shown(content_type)}' (declared in {CONTENT_TYPES})",
                    _VBA_FIX,
                    part,
                )
        # Macros are refused wherever they are, kept or not.
        self.check_content_type(
            ("vbaproject", "macroenabled"), "a VBA project (macros)", _VBA_FIX, kept_only=False
        )
        self.check_relationship_kind(
            ("vbaproject",), "a VBA project (macros)", _VBA_FIX, kept_only=False
        )

    def check_activex(self, names: list[str]) -> None:
        for name in names:
            if name.lower().startswith("ppt/activex/") and self.keeps(name):
                raise self.refuse(
                    f"carries an ActiveX control in {_shown(name)}{self.users_of(name)}",
                    _ACTIVEX_FIX,
                    name,
                )
        self.check_content_type(("activex",), "an ActiveX control", _ACTIVEX_FIX)
        self.check_relationship_kind(
            ("control", "activexcontrolbinary"), "an ActiveX control", _ACTIVEX_FIX
        )

    def check_embedded(self, names: list[str]) -> None:
        for name in names:
            if name.lower().startswith("ppt/embeddings/") and self.keeps(name):
                raise self.refuse(
                    f"carries an embedded object or file in {_shown(name)}{self.users_of(name)}",
                    _EMBEDDED_FIX,
                    name,
                )
        self.check_content_type(("oleobject",), "an embedded OLE object", _EMBEDDED_FIX)
        self.check_relationship_kind(
            ("oleobject", "package"), "an embedded object or file", _EMBEDDED_FIX
        )

    def check_external(self) -> None:
        for rel in self.relationships:
            if not rel.external or not (rel.source == "" or self.keeps(rel.source)):
                continue
            kind = rel.kind
            if kind.lower() == "hyperlink" and _SAFE_LINK.fullmatch(rel.target):
                continue  # a click on the company's website or e-mail address
            what, fix = _external_kind(kind)
            raise self.fail(
                f"{_describe(rel.source, rel.rels)} links outside the template ({what}): "
                f"relationship {_shown(rel.rid)} of type '{_shown(kind)}', target "
                f"'{_shown(rel.target)}'. A deck built on the template would keep the link, "
                "and PowerPoint would fetch or open that address when the deck is shown; "
                "Handout Kit allows only web and e-mail hyperlinks (http:, https:, mailto:).",
                "open the template in PowerPoint (View > Slide Master shows the master and its "
                f"layouts) and, on {_describe(rel.source, rel.rels)}, {fix}; save it again "
                "and point pptx_template at the new file.",
                part=rel.rels,
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


def _unsafe_name(name: str) -> str | None:
    if not name:
        return "is empty"
    if "\x00" in name:
        return "contains a NUL character"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "is an absolute path"
    if ".." in name:
        return "contains '..'"
    return None


def _source_of(rels: str) -> str | None:
    """The part a ``.rels`` part describes: ``ppt/slides/slide1.xml``, ``""`` for the package."""
    folder, file_name = posixpath.split(rels)
    if posixpath.basename(folder) != "_rels" or not file_name.lower().endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), file_name[: -len(".rels")])


def _describe(part: str | None, rels: str | None = None) -> str:
    """``slide layout 2 (ppt/slideLayouts/slideLayout2.xml)``, for messages."""
    if part is None:
        return f"the relationships in {_shown(rels or '?')}"
    if part == "":
        return "the package itself (_rels/.rels)"
    if part.lower() == "ppt/presentation.xml":
        return f"the presentation ({_shown(part)})"
    match = _PART_KINDS.fullmatch(part)
    if match:
        kind = next(i for i in range(len(_KIND_NAMES)) if match.group(i + 1))
        return f"{_KIND_NAMES[kind]} {match.group(len(_KIND_NAMES) + 1)} ({_shown(part)})"
    return _shown(part)


def _external_kind(kind: str) -> tuple[str, str]:
    """What an external relationship of this type is, and how to remove it."""
    lowered = kind.lower()
    if lowered == "hyperlink":
        return (
            "a hyperlink that is not a web or e-mail address",
            "change the hyperlink to an http:, https: or mailto: address or remove it",
        )
    if lowered == "image":
        return (
            "a linked picture",
            "delete the picture and insert it again with Insert > Pictures > This Device "
            "(not 'Insert and Link' or 'Link to File')",
        )
    if lowered in ("video", "audio", "media"):
        return "a linked video or sound", "delete it, or insert it from a file instead of a link"
    if lowered == "attachedtemplate":
        return "an attached template", "remove the attached template"
    return f"a link of type '{_shown(kind)}'", "remove the link (insert the thing itself instead)"


def _over(limit: Limit, found: int, *, at_least: bool = False) -> str:
    """`Limit.exceeded`, with the exact count where the rounded sizes would look equal."""
    shown = f"{found:,} bytes" if _bytes(found) == limit.shown else _bytes(found)
    return limit.exceeded(f"at least {shown}" if at_least else shown)


def _bytes(count: int) -> str:
    """``1 KB``, ``60 MB``: a size as the limits show theirs."""
    return Limit("size", count, "bytes").shown


def _shown(text: str, limit: int = 160) -> str:
    """Text from the file, safe to print: control characters escaped, long text cut."""
    escaped = "".join(
        char if char.isprintable() else f"\\x{ord(char):02x}" if ord(char) < 256 else "?"
        for char in text
    )
    return escaped if len(escaped) <= limit else f"{escaped[: limit - 1]}…"
