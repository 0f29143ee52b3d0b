"""A Word document (.docx) to import: its styles, its lists, and what people type by hand.

Read with python-docx, in the order of the body (paragraphs and tables). Mapped:

- the Title and Subtitle styles to the title and subtitle; Heading 1 to a section, Heading 2
  and below to a subheading; Word's own numbered and bulleted lists (and the List Number and
  List Bullet styles) to lists, numbered from the list's start;
- typed by hand: "1." or "•" at the start of a paragraph to a list item; a short paragraph
  in bold, or in a larger size than the body's, to a heading (the first one, before any
  heading, to the title); an item opening with a bold "Term:" to a term item;
- soft line breaks (Shift+Enter) inside a paragraph to a space; tables to tables (the first
  row the header); pictures to files beside the document, with their alternative text
  (missing: listed, the picture not placed: nobody's words are invented for it).

Left out, and listed: headers, footers, page numbers, comments. Refused: a file that is not
a readable .docx, a password, the old .doc format, and tracked changes not yet accepted or
rejected (the text is not final).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from ..errors import ContentError
from ..language import language_for
from .plaintext import BULLET, NUMBER, PAGE_NUMBER
from .source import Block, Doubt, Kind, Omitted, Picture, Piece, Pieces, Source

MEMBERS = 2000  # parts of a .docx, at most
INFLATED = 200 * 1024 * 1024  # bytes of a .docx unpacked, at most
HEADING_WORDS = 12
SAVE_AS_DOCX = (
    "open it in Word and save it with File > Save As > Word Document (*.docx), then import "
    "the .docx"
)
_TRACKED = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")
_PICTURE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}


def old_word_error(path: Path) -> ContentError:
    return ContentError(
        "the file is in the old Word 97-2003 format (.doc), which Handout Kit does not read.",
        fix=SAVE_AS_DOCX + ".",
        path=path,
    )


def read_docx(path: Path, data: bytes) -> Source:
    """The blocks of the Word document ``data`` (the file ``path``)."""
    document = _open(path, data)
    reader = _Reader(path, document)
    return reader.read()


def _open(path: Path, data: bytes) -> WordDocument:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ContentError(
                "the Word document is protected with a password, so it cannot be read.",
                fix="open it in Word, remove the password (File > Info > Protect Document > "
                "Encrypt with Password, empty the field), save it and import it again.",
                path=path,
            )
        raise old_word_error(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MEMBERS or _inflated(archive, members) > INFLATED:
                raise ContentError(
                    "the Word document unpacks to more parts or bytes than a document of "
                    "text and pictures holds.",
                    fix="save it again from Word (File > Save As > Word Document), with "
                    "smaller pictures (File > Compress Pictures).",
                    path=path,
                )
        return open_docx(io.BytesIO(data))
    except ContentError:
        raise
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise ContentError(
            f"the file is not a Word document Handout Kit can read ({type(exc).__name__}); it "
            "may be damaged or of another kind.",
            fix=SAVE_AS_DOCX + " again.",
            path=path,
        ) from None


def _inflated(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> int:
    """The bytes the parts unpack to, counted as they inflate (a part's declared size may
    lie), stopping past the limit."""
    total = 0
    for member in members:
        with archive.open(member) as part:
            while chunk := part.read(1 << 20):
                total += len(chunk)
                if total > INFLATED:
                    return total
    return total


class _Reader:
    def __init__(self, path: Path, document: WordDocument) -> None:
        self.path = path
        self.document = document
        self.blocks: list[Block] = []
        self.omitted: list[Omitted] = []
        self.doubts: list[Doubt] = []
        self.pictures = 0
        self.counters: dict[tuple[str, str], int] = {}
        self.body_size = _body_size(document)
        self.numbering = _numbering(document)

    def read(self) -> Source:
        self._refuse_tracked_changes()
        self._headers_and_footers()
        self._comments()
        for index, item in enumerate(self._body(), start=1):
            where = f"paragraph {index}"
            if isinstance(item, WordTable):
                self._table(item, f"table at {where}")
            else:
                self._paragraph(item, where)
        language = _language(self.document)
        return Source(self.path, "Word document", tuple(self.blocks), language,
                      tuple(self.omitted), tuple(self.doubts))  # fmt: skip

    # -- the whole document ---------------------------------------------------------------

    def _refuse_tracked_changes(self) -> None:
        body = self.document.element.body
        found = [element for tag in _TRACKED for element in body.iter(qn(tag))]
        if found:
            raise ContentError(
                f"the document has {len(found)} tracked change(s) not yet accepted or "
                "rejected: its text is not final.",
                fix="in Word, Review > Accept > Accept All Changes (or reject them), save, "
                "and import again.",
                path=self.path,
            )

    def _headers_and_footers(self) -> None:
        seen: set[str] = set()
        for number, section in enumerate(self.document.sections, start=1):
            for name, part in (("page header", section.header), ("page footer", section.footer)):
                if part.is_linked_to_previous:
                    continue
                text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
                fields = next(part._element.iter(qn("w:fldSimple"), qn("w:instrText")), None)
                fields = fields is not None
                if fields and not text:
                    text = "(a page number)"
                if text and text not in seen:
                    seen.add(text)
                    self.omitted.append(Omitted(f"section {number}", text, f"the {name}"))

    def _comments(self) -> None:
        for rel in self.document.part.rels.values():
            if not rel.reltype.endswith("/comments"):
                continue
            root = etree.fromstring(rel.target_part.blob)
            for comment in root.iter(qn("w:comment")):
                author = comment.get(qn("w:author")) or "someone"
                text = " ".join("".join(t.text or "" for t in comment.iter(qn("w:t"))).split())
                self.omitted.append(Omitted(f"comment {comment.get(qn('w:id'))}", text,
                                            f"a comment by {author}"))  # fmt: skip

    def _body(self) -> Iterator[WordParagraph | WordTable]:
        def walk(parent: etree._Element) -> Iterator[WordParagraph | WordTable]:
            for child in parent.iterchildren():
                if child.tag == qn("w:p"):
                    yield WordParagraph(child, self.document._body)
                elif child.tag == qn("w:tbl"):
                    yield WordTable(child, self.document._body)
                elif child.tag == qn("w:sdt"):  # a content control: its content
                    content = child.find(qn("w:sdtContent"))
                    if content is not None:
                        yield from walk(content)

        yield from walk(self.document.element.body)

    # -- paragraphs -------------------------------------------------------------------------

    def _paragraph(self, paragraph: WordParagraph, where: str) -> None:
        pieces, pictures = self._pieces(paragraph, where)
        text = "".join(piece.text for piece in pieces).strip()
        style = paragraph.style.name if paragraph.style is not None else ""
        if text:
            self._classify(paragraph, style, _trimmed(pieces), text, where)
        for picture in pictures:
            self.blocks.append(Block(Kind.PICTURE, where, picture=picture))
            if text:
                self.doubts.append(Doubt(where, "a picture inside a paragraph was placed "
                                                "after it."))  # fmt: skip

    def _classify(self, paragraph: WordParagraph, style: str, pieces: Pieces, text: str,
                  where: str) -> None:  # fmt: skip
        has_title = any(b.kind is Kind.TITLE for b in self.blocks)
        body_started = any(b.kind not in (Kind.TITLE, Kind.SUBTITLE) for b in self.blocks)
        if style == "Title" and not has_title:
            self.blocks.append(Block(Kind.TITLE, where, pieces))
        elif style == "Subtitle" or (
            has_title and not body_started and self._is_typed_title(paragraph, pieces, text)
            and not any(b.kind is Kind.SUBTITLE for b in self.blocks)
        ):  # fmt: skip
            self._subtitle(pieces, where, typed=style != "Subtitle")
        elif style.startswith("Heading "):
            level = style.removeprefix("Heading ")
            kind = Kind.HEADING if level == "1" else Kind.SUBHEADING
            if level not in ("1", "2"):
                self.doubts.append(Doubt(where, f"a {style} heading was imported as a "
                                                "subheading (###)."))  # fmt: skip
            self.blocks.append(Block(kind, where, pieces))
        elif (listed := self._list_kind(paragraph, style, where)) is not None:
            self._item(listed[0], listed[1], pieces, where)
        elif PAGE_NUMBER.fullmatch(text):
            self.omitted.append(Omitted(where, text, "a page number"))
        elif typed := BULLET.match(text) or NUMBER.match(text):
            kind = Kind.BULLET if typed.re is BULLET else Kind.NUMBER
            number = int(typed.group("number")) if kind is Kind.NUMBER else None
            self._item(kind, number, _drop_prefix(pieces, typed.start("text")), where)
        elif self._looks_like_heading(paragraph, pieces, text) or (
            not has_title and not body_started and self._is_typed_title(paragraph, pieces, text)
        ):  # fmt: skip
            if not has_title and not body_started:
                self.blocks.append(Block(Kind.TITLE, where, pieces))
                why = "the first short paragraph in bold or large type"
                self.doubts.append(Doubt(where, f"‘{text}’ was taken as the title ({why})."))
            else:
                self.blocks.append(Block(Kind.HEADING, where, pieces))
                why = "a short paragraph in bold or large type"
                self.doubts.append(Doubt(where, f"‘{text}’ was taken as a heading ({why})."))
        else:
            self.blocks.append(Block(Kind.PARAGRAPH, where, pieces))

    def _is_typed_title(self, paragraph: WordParagraph, pieces: Pieces, text: str) -> bool:
        """A title or subtitle typed by hand: short, in bold or large type (it may end with
        a colon: "Microneedling:" above its subtitle)."""
        return self._looks_like_heading(paragraph, pieces, text.removesuffix(":"))

    def _subtitle(self, pieces: Pieces, where: str, *, typed: bool) -> None:
        """The subtitle; a title written "Title:" above it loses the colon it prints again."""
        title = next(i for i, b in enumerate(self.blocks) if b.kind is Kind.TITLE) if any(
            b.kind is Kind.TITLE for b in self.blocks) else None  # fmt: skip
        if title is not None and self.blocks[title].text.endswith(":"):
            old = self.blocks[title]
            trimmed = _trimmed((*old.pieces[:-1], Piece(old.pieces[-1].text.rstrip()[:-1],
                                                        *_style(old.pieces[-1]))))  # fmt: skip
            self.blocks[title] = Block(Kind.TITLE, old.origin, trimmed, colon=True)
        self.blocks.append(Block(Kind.SUBTITLE, where, pieces))
        if typed:
            text = "".join(p.text for p in pieces)
            self.doubts.append(Doubt(where, f"‘{text}’ was taken as the subtitle (a short "
                                            "paragraph in bold or large type below the "
                                            "title)."))  # fmt: skip

    def _looks_like_heading(self, paragraph: WordParagraph, pieces: Pieces, text: str) -> bool:
        if len(text.split()) > HEADING_WORDS or text.endswith((".", ",", ";", ":", "…")):
            return False
        bold = all(piece.bold for piece in pieces if piece.text.strip())
        sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None]
        larger = bool(sizes) and min(sizes) > self.body_size + 0.5
        return bold or larger

    def _list_kind(
        self, paragraph: WordParagraph, style: str, where: str
    ) -> tuple[Kind, int | None] | None:
        """Word's own list: bulleted or numbered (and the item's number); None if not one."""
        num = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = level = None
        if num is not None:
            found_id, found_level = num.find(qn("w:numId")), num.find(qn("w:ilvl"))
            num_id = found_id.get(qn("w:val")) if found_id is not None else None
            level = found_level.get(qn("w:val")) if found_level is not None else "0"
        if num_id is None or num_id == "0":
            if style.startswith("List Number"):
                return Kind.NUMBER, self._count(("style", style), 1)
            if style.startswith("List Bullet"):
                return Kind.BULLET, None
            return None
        fmt, start = self.numbering.get((num_id, level or "0"), ("decimal", 1))
        if level not in (None, "0"):
            self.doubts.append(Doubt(where, "a list inside a list was imported at the same level "
                                         "(documents have one level of lists)."))  # fmt: skip
        if fmt == "bullet":
            return Kind.BULLET, None
        return Kind.NUMBER, self._count((num_id, level or "0"), start)

    def _count(self, key: tuple[str, str], start: int) -> int:
        self.counters[key] = self.counters.get(key, start - 1) + 1
        return self.counters[key]

    def _item(self, kind: Kind, number: int | None, pieces: Pieces, where: str) -> None:
        """A list item; a bold "Term:" opening it is its term."""
        first = next((i for i, p in enumerate(pieces) if p.text.strip()), None)
        if first is not None and pieces[first].bold:
            bold = pieces[first].text.strip()
            rest = list(pieces[first + 1 :])
            term = None
            if bold.endswith(":") and len(bold) > 1:
                term = bold[:-1].rstrip()
            elif rest and rest[0].text.startswith(":"):
                term, rest[0] = bold, Piece(rest[0].text[1:], *_style(rest[0]))
            if term and "".join(p.text for p in rest).strip():
                self.blocks.append(Block(kind, where, _trimmed(tuple(rest)), number, term))
                return
        self.blocks.append(Block(kind, where, pieces, number))

    def _pieces(self, paragraph: WordParagraph, where: str) -> tuple[Pieces, list[Picture]]:
        pieces: list[Piece] = []
        pictures: list[Picture] = []
        for item in paragraph.iter_inner_content():
            runs = item.runs if hasattr(item, "url") else [item]
            href = getattr(item, "url", None) or None
            for run in runs:
                text = "".join(_run_text(child) for child in run._r.iterchildren())
                if text:
                    pieces.append(Piece(text, bool(run.bold), bool(run.italic), href))
                pictures += self._pictures(run._r, where)
        return tuple(pieces), pictures

    def _pictures(self, run: etree._Element, where: str) -> list[Picture]:
        found = []
        for drawing in run.iter(qn("w:drawing")):
            blip = next(drawing.iter(qn("a:blip")), None)
            properties = next(drawing.iter(qn("wp:docPr")), None)
            if blip is None:
                continue
            part = self.document.part.related_parts.get(blip.get(qn("r:embed")))
            extension = _PICTURE_TYPES.get(getattr(part, "content_type", ""))
            if part is None or extension is None:
                why = "a picture in a format handouts do not show (PNG, JPEG and SVG they do)"
                self.omitted.append(Omitted(where, "(a picture)", why))
                continue
            self.pictures += 1
            alt = (
                " ".join((properties.get("descr") or "").split()) if properties is not None else ""
            )
            name = f"picture-{self.pictures}.{extension}"
            found.append(Picture(name, part.blob, alt))
            if not alt:
                self.doubts.append(Doubt(where, f"the picture {name} has no alternative text: "
                                         "it was saved but not placed. Describe it, then add "
                                         f"the line ![description](images/{name})."))  # fmt: skip
        return found

    # -- tables -------------------------------------------------------------------------------

    def _table(self, table: WordTable, where: str) -> None:
        rows: list[tuple[Pieces, ...]] = []
        for row in table.rows:
            cells: list[Pieces] = []
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                    continue
                seen.add(id(cell._tc))
                parts: list[Piece] = []
                for paragraph in cell.paragraphs:
                    pieces, _ = self._pieces(paragraph, where)
                    if parts and pieces:
                        parts.append(Piece(" "))
                    parts += _trimmed(pieces)
                cells.append(tuple(parts))
            rows.append(tuple(cells))
        if rows:
            self.blocks.append(Block(Kind.TABLE, where, rows=tuple(rows)))


def _run_text(child: etree._Element) -> str:
    tag = etree.QName(child).localname
    if tag == "t":
        return child.text or ""
    if tag in ("tab", "br", "cr"):
        return " "  # a soft line break or a tab inside a paragraph
    if tag in ("noBreakHyphen",):
        return "-"
    return ""


def _style(piece: Piece) -> tuple[bool, bool, str | None]:
    return piece.bold, piece.italic, piece.href


def _trimmed(pieces: Pieces) -> Pieces:
    """``pieces`` without white space at either end, runs of spaces as one."""
    out = [Piece(re.sub(r"\s+", " ", p.text), *_style(p)) for p in pieces]
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[0] = Piece(out[0].text.lstrip(), *_style(out[0]))
        out[-1] = Piece(out[-1].text.rstrip(), *_style(out[-1]))
    return tuple(out)


def _drop_prefix(pieces: Pieces, length: int) -> Pieces:
    """``pieces`` without their first ``length`` characters (a typed "1. " or "• ")."""
    pieces = _trimmed(pieces)
    out: list[Piece] = []
    for piece in pieces:
        if length >= len(piece.text):
            length -= len(piece.text)
            continue
        out.append(Piece(piece.text[length:], *_style(piece)))
        length = 0
    return _trimmed(tuple(out))


def _body_size(document: WordDocument) -> float:
    """The body text's size in points: the Normal style's, else the document's default."""
    normal = document.styles["Normal"] if "Normal" in [s.name for s in document.styles] else None
    size = normal.font.size if normal is not None else None
    if size is not None:
        return float(size.pt)
    defaults = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}"
    )
    if defaults is not None and (half := defaults.get(qn("w:val"))) and half.isdigit():
        return int(half) / 2  # in half-points
    return 11.0


def _numbering(document: WordDocument) -> dict[tuple[str, str], tuple[str, int]]:
    """(numId, level) → (number format, start) of each list of the document."""
    try:
        root = document.part.numbering_part.element
    except Exception:  # no numbering part: a document without Word's lists
        return {}
    abstract: dict[str, dict[str, tuple[str, int]]] = {}
    for node in root.iter(qn("w:abstractNum")):
        levels = {}
        for level in node.iter(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            start = level.find(qn("w:start"))
            levels[level.get(qn("w:ilvl"))] = (
                fmt.get(qn("w:val")) if fmt is not None else "decimal",
                int(start.get(qn("w:val"))) if start is not None else 1,
            )
        abstract[node.get(qn("w:abstractNumId"))] = levels
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for num in root.iter(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        num_id = num.get(qn("w:numId"))
        for level, value in abstract.get(ref.get(qn("w:val")), {}).items():
            found[(num_id, level)] = value
        for override in num.iter(qn("w:lvlOverride")):  # Word's "Set Numbering Value"
            start = override.find(qn("w:startOverride"))
            level = override.get(qn("w:ilvl"))
            if start is not None and (num_id, level) in found:
                found[(num_id, level)] = (found[(num_id, level)][0],
                                          int(start.get(qn("w:val"))))  # fmt: skip
    return found


def _language(document: WordDocument) -> str | None:
    """The document's language: its default text language in Word (en-US → en)."""
    styles = document.styles.element
    lang = next(styles.iter(qn("w:lang")), None)
    tag = lang.get(qn("w:val")) if lang is not None else None
    tag = tag or document.core_properties.language or None
    if not tag:
        return None
    found = language_for(tag)
    return found.code if found is not None else tag
