"""Decoding the text files people save: Markdown documents and YAML brand or settings files.

Clinics write their files in Notepad, Word, TextEdit or a code editor, on
Windows, macOS or Linux, so the same text arrives as UTF-8 with or without a
byte-order mark, UTF-16, Windows-1252, with CRLF or CR line endings, with
Word's manual line breaks and page breaks. :func:`decode_text` accepts what is
harmless (a UTF-8 byte-order mark, any line ending, manual line breaks) and
refuses everything else with the line, the column and what to do, instead of
letting a stray byte turn into garbled text on a patient's handout.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import HandoutKitError

__all__ = ["SAVE_AS_UTF8", "decode_text"]

SAVE_AS_UTF8 = (
    "save the file as UTF-8: in Notepad, File > Save As, Encoding: UTF-8; in Word, "
    "File > Save As, Plain Text, then Unicode (UTF-8); in other editors, choose the "
    "encoding UTF-8 when saving."
)

_UTF8_BOM = b"\xef\xbb\xbf"
# UTF-32 first: its little-endian mark begins with UTF-16's (FF FE).
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "UTF-32 BE"),
    (b"\xff\xfe", "UTF-16 LE"),
    (b"\xfe\xff", "UTF-16 BE"),
)
_SAMPLE = 4096  # bytes looked at to recognise UTF-16 or UTF-32 without a byte-order mark

# Category Cc except tab and line feed; carriage return and vertical tab are line breaks,
# handled by _BREAKS. (U+2028 and U+2029 are Zl/Zp, not Cc.)
_CONTROL = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile("\r\n?|[\x0b\u2028\u2029]")
_FILE_LINES = re.compile("\r\n?|\n")  # line ends as editors count them

_CONTROL_NAMES = {
    0x00: "NULL",
    0x01: "START OF HEADING",
    0x02: "START OF TEXT",
    0x03: "END OF TEXT",
    0x04: "END OF TRANSMISSION",
    0x05: "ENQUIRY",
    0x06: "ACKNOWLEDGE",
    0x07: "ALERT",
    0x08: "BACKSPACE",
    0x0C: "FORM FEED",
    0x0E: "SHIFT OUT",
    0x0F: "SHIFT IN",
    0x10: "DATA LINK ESCAPE",
    0x11: "DEVICE CONTROL ONE",
    0x12: "DEVICE CONTROL TWO",
    0x13: "DEVICE CONTROL THREE",
    0x14: "DEVICE CONTROL FOUR",
    0x15: "NEGATIVE ACKNOWLEDGE",
    0x16: "SYNCHRONOUS IDLE",
    0x17: "END OF TRANSMISSION BLOCK",
    0x18: "CANCEL",
    0x19: "END OF MEDIUM",
    0x1A: "SUBSTITUTE",
    0x1B: "ESCAPE",
    0x1C: "FILE SEPARATOR",
    0x1D: "GROUP SEPARATOR",
    0x1E: "RECORD SEPARATOR",
    0x1F: "UNIT SEPARATOR",
    0x7F: "DELETE",
    0x80: "PADDING CHARACTER",
    0x81: "HIGH OCTET PRESET",
    0x82: "BREAK PERMITTED HERE",
    0x83: "NO BREAK HERE",
    0x84: "INDEX",
    0x85: "NEXT LINE",
    0x86: "START OF SELECTED AREA",
    0x87: "END OF SELECTED AREA",
    0x88: "CHARACTER TABULATION SET",
    0x89: "CHARACTER TABULATION WITH JUSTIFICATION",
    0x8A: "LINE TABULATION SET",
    0x8B: "PARTIAL LINE FORWARD",
    0x8C: "PARTIAL LINE BACKWARD",
    0x8D: "REVERSE LINE FEED",
    0x8E: "SINGLE SHIFT TWO",
    0x8F: "SINGLE SHIFT THREE",
    0x90: "DEVICE CONTROL STRING",
    0x91: "PRIVATE USE ONE",
    0x92: "PRIVATE USE TWO",
    0x93: "SET TRANSMIT STATE",
    0x94: "CANCEL CHARACTER",
    0x95: "MESSAGE WAITING",
    0x96: "START OF GUARDED AREA",
    0x97: "END OF GUARDED AREA",
    0x98: "START OF STRING",
    0x99: "SINGLE GRAPHIC CHARACTER INTRODUCER",
    0x9A: "SINGLE CHARACTER INTRODUCER",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9C: "STRING TERMINATOR",
    0x9D: "OPERATING SYSTEM COMMAND",
    0x9E: "PRIVACY MESSAGE",
    0x9F: "APPLICATION PROGRAM COMMAND",
}


def decode_text(data: bytes, *, path: Path, error: type[HandoutKitError]) -> str:
    """The text of a file people saved, with LF line ends, or ``error`` saying what to fix.

    Accepts UTF-8 with or without a byte-order mark and CRLF, CR or LF line ends;
    turns vertical tabs (Word's manual line break), U+2028 and U+2029 into line
    breaks. Refuses UTF-16 and UTF-32, bytes that are not UTF-8 (naming the
    encoding they most likely are) and control characters, reporting the first
    problem with ``where="line L, column C"`` as the file's lines are counted in an
    editor (CRLF, CR and LF each end a line; a vertical tab does not).
    """
    if data.startswith(b"PK\x03\x04"):
        raise error(
            "the file is a Word document or another zip file, not plain text.",
            fix="open it in Word and use File > Save As, Plain Text, then Unicode (UTF-8); "
            "or copy its text into a plain-text editor and save that as UTF-8.",
            path=path,
        )
    for mark, encoding in _WIDE_BOMS:
        if data.startswith(mark):
            raise error(
                f"the file is saved as {encoding} (it starts with the byte-order mark "
                f"{mark.hex(' ').upper()}); Handout Kit reads text files as UTF-8.",
                fix=SAVE_AS_UTF8,
                path=path,
            )
    wide = _wide_encoding(data)
    if wide is not None:
        raise error(
            f"the file is saved as {wide} without a byte-order mark (it is full of 0x00 "
            "bytes between the letters); Handout Kit reads text files as UTF-8.",
            fix=SAVE_AS_UTF8,
            path=path,
        )
    body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(body, exc.start, path=path, error=error) from None
    bad = _CONTROL.search(text)
    if bad is not None:
        raise _control_character(text, bad.start(), path=path, error=error)
    return _BREAKS.sub("\n", text) if _BREAKS.search(text) else text


def _wide_encoding(data: bytes) -> str | None:
    """``UTF-16 LE`` ... when the bytes look like UTF-16 or UTF-32 text without a mark."""
    sample = data[:_SAMPLE]
    if sample.count(0) < 2:  # one stray NUL is reported as a control character
        return None
    if len(sample) >= 4:
        lanes = [sample[i::4] for i in range(4)]
        nul = [lane.count(0) / len(lane) for lane in lanes]
        if nul[2] >= 0.9 and nul[3] >= 0.9 and nul[0] <= 0.1:
            return "UTF-32 LE"
        if nul[0] >= 0.9 and nul[1] >= 0.9 and nul[3] <= 0.1:
            return "UTF-32 BE"
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    if odd_nul >= 0.4 and even_nul <= 0.05:
        return "UTF-16 LE"
    if even_nul >= 0.4 and odd_nul <= 0.05:
        return "UTF-16 BE"
    return None


def _position(text: str, index: int) -> str:
    """``line L, column C`` (1-based, in characters) of ``text[index]``."""
    line, start = 1, 0
    for match in _FILE_LINES.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return f"line {line}, column {index - start + 1}"


def _not_utf8(
    body: bytes, start: int, *, path: Path, error: type[HandoutKitError]
) -> HandoutKitError:
    """The error for the first byte of ``body`` (at ``start``) that is not UTF-8."""
    before = body[:start].decode("utf-8")
    byte = body[start]
    try:
        body.decode("cp1252")
    except UnicodeDecodeError:
        likely = "an 8-bit encoding such as Latin-1"
        if byte >= 0xA0:
            likely += f" (where 0x{byte:02X} is {bytes([byte]).decode('latin-1')})"
    else:
        likely = f"Windows-1252 (where 0x{byte:02X} is {bytes([byte]).decode('cp1252')})"
    if before.isascii():
        problem = (
            f"the file is not UTF-8: byte 0x{byte:02X} cannot be read. It is most likely "
            f"saved as {likely}."
        )
        fix = SAVE_AS_UTF8
    else:
        problem = (
            f"the file is partly UTF-8 but byte 0x{byte:02X} cannot be read: this part is "
            f"most likely text pasted from {likely}."
        )
        fix = "retype the character at that place, then " + SAVE_AS_UTF8
    return error(problem, fix=fix, path=path, where=_position(before, len(before)))


def _control_character(
    text: str, index: int, *, path: Path, error: type[HandoutKitError]
) -> HandoutKitError:
    """The error for the control character ``text[index]``."""
    code = ord(text[index])
    name = _CONTROL_NAMES.get(code) or unicodedata.name(text[index], "")
    shown = f"U+{code:04X} ({name})" if name else f"U+{code:04X}"
    if code == 0x0C:
        problem = (
            f"the file contains a page break, {shown}, as Word writes it; sections "
            "already start new slides and the handout breaks pages by itself."
        )
        fix = "delete the page break (in most editors it shows as a symbol or a small box)."
    elif code >= 0x80:
        meant = bytes([code]).decode("cp1252", errors="replace")
        was = f" ({meant} in Windows-1252)" if meant != "\ufffd" else ""
        problem = (
            f"the file contains the control character {shown}, which is never text: the "
            f"file was probably converted from Windows-1252 wrongly{was}."
        )
        fix = (
            "retype the character at that place, or convert the original file again: open "
            "it as Windows-1252 and save it as UTF-8 (in Notepad, File > Save As, "
            "Encoding: UTF-8)."
        )
    else:
        problem = f"the file contains the control character {shown}, which is never text."
        fix = "delete it (in most editors it shows as a symbol or a small box), then save."
    return error(problem, fix=fix, path=path, where=_position(text, index))
