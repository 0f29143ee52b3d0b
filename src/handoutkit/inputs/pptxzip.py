"""The zip of a PowerPoint template: its members, their names and sizes, inflated bounded.

`read_template_zip` reads the zip's directory without trusting it: too large a
file, too many parts, unsafe, duplicate or encrypted names and unusual
compression are refused; then every part is inflated in small chunks against the
size its headers declare and a running total, so a zip bomb is stopped as soon as
its headers lie. Only the bytes of ``[Content_Types].xml`` and the ``.rels`` parts
are kept, for `pptxpackage` to read.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from ..errors import BrandError
from ..limits import PPTX_INFLATED_BYTES, PPTX_MEMBERS, PPTX_TEMPLATE_BYTES, Limit

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

NOT_POWERPOINT_FIX = (
    "open it in PowerPoint and save it again with File > Save As > PowerPoint Presentation "
    "(*.pptx) or PowerPoint Template (*.potx), then point pptx_template at that file."
)
RESAVE_FIX = (
    "open the template in PowerPoint and save it again with File > Save As as .pptx or .potx "
    "(not with a zip tool), then point pptx_template at the new file; if you did not make "
    "the file, ask whoever sent it for a fresh copy."
)


def template_error(path: Path, problem: str, fix: str, part: str | None = None) -> BrandError:
    """The `BrandError` for a problem in the template ``path`` (in one part, if named)."""
    where = f"part {printable(part)}" if part is not None else None
    return BrandError(problem, fix=fix, path=path, where=where)


def read_template_zip(data: bytes, *, path: Path) -> tuple[list[str], dict[str, bytes]]:
    """Every part's name, and the bytes of the XML parts kept (content types, relationships).

    Raises `BrandError` for the first problem found, naming ``path`` and the part.
    """
    return _Zip(data, path).read()


class _Zip:
    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.path = path
        self.kept: dict[str, bytes] = {}

    def fail(self, problem: str, fix: str, part: str | None = None) -> BrandError:
        return template_error(self.path, problem, fix, part)

    def read(self) -> tuple[list[str], dict[str, bytes]]:
        members = self.open_zip()
        self.check_names(members)
        self.check_declared_sizes(members)
        self.inflate(members)
        return [info.filename for info in members], self.kept

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
                f"every .pptx and .potx is ({printable(str(exc) or type(exc).__name__)}).",
                NOT_POWERPOINT_FIX,
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
                    f"the PowerPoint template has a part named '{printable(name)}', which "
                    f"{reason}. PowerPoint never writes such names; they are how a zip file "
                    "writes outside the folder it is unpacked in.",
                    RESAVE_FIX,
                    part=name,
                )
            key = name.casefold()  # part names are compared without case in Office files
            if key in seen:
                same = "" if seen[key] == name else f" (and '{printable(seen[key])}')"
                raise self.fail(
                    f"the PowerPoint template has two parts named '{printable(name)}'{same}; "
                    "programs disagree about which one counts, so the file cannot be checked.",
                    RESAVE_FIX,
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
                    RESAVE_FIX,
                    part=name,
                )

    def check_declared_sizes(self, members: list[zipfile.ZipInfo]) -> None:
        total = sum(info.file_size for info in members)
        if total > PPTX_INFLATED_BYTES.value:
            largest = max(members, key=lambda info: info.file_size)
            raise self.fail(
                f"the PowerPoint template would unpack to too much: "
                f"{_over(PPTX_INFLATED_BYTES, total)}; its largest part, "
                f"{printable(largest.filename)}, declares {_bytes(largest.file_size)}. Nothing was "
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
                        RESAVE_FIX,
                        part=name,
                    )
                if total > PPTX_INFLATED_BYTES.value:
                    raise self.fail(
                        f"the PowerPoint template unpacks to too much: "
                        f"{_over(PPTX_INFLATED_BYTES, total, at_least=True)}; Handout Kit "
                        "stopped unpacking it.",
                        RESAVE_FIX,
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
            f"the PowerPoint template is damaged: in this part, {reason}.", RESAVE_FIX, part=part
        )


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


def _over(limit: Limit, found: int, *, at_least: bool = False) -> str:
    """`Limit.exceeded`, with the exact count where the rounded sizes would look equal."""
    shown = f"{found:,} bytes" if _bytes(found) == limit.shown else _bytes(found)
    return limit.exceeded(f"at least {shown}" if at_least else shown)


def _bytes(count: int) -> str:
    """``1 KB``, ``60 MB``: a size as the limits show theirs."""
    return Limit("size", count, "bytes").shown


def printable(text: str, limit: int = 160) -> str:
    """Text from the file, safe to print: control characters escaped, long text cut."""
    escaped = "".join(
        char if char.isprintable() else f"\\x{ord(char):02x}" if ord(char) < 256 else "?"
        for char in text
    )
    return escaped if len(escaped) <= limit else f"{escaped[: limit - 1]}…"
