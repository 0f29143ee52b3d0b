"""``handoutkit import``: a Word document, a plain-text file or Markdown into the content folder.

Read (`plaintext`, `docx`, `markdown`) into a `Source`; write it as a procedure document
(`write`); read that back with the build's own reader and prove every sentence of the source
is in it, in order (`fidelity`); only then write the file (and its pictures) atomically. An
existing document is replaced only with ``force``, and then the sentences that change are
shown. Nothing is written when anything fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, SelectionError
from ..inputs.files import read_file
from ..inputs.textfile import decode_text
from ..limits import DOCUMENT_BYTES, IMPORT_BYTES, IMPORT_TEXT_BYTES
from ..model import Document, SentenceDiff
from ..read.approvals import approved_text, sentence_diff
from ..read.catalog import LANGUAGE, SLUG
from ..read.content import parse_document, read_document
from .fidelity import Fidelity, check_fidelity
from .plaintext import read_plain_text
from .source import Block, Doubt, Kind, Source
from .write import write_markdown

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, or a password-protected .docx
DEFAULT_LANGUAGE = "en"
PICTURES = "images"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import read, wrote and proved."""

    source: Source
    target: Path
    language: str
    language_from: str  # "--language", "the document", "the default"
    text: str  # the document written
    document: Document  # as the build reads it
    fidelity: Fidelity
    pictures: tuple[Path, ...]  # written beside it (placed when they have a description)
    replaced: SentenceDiff | None  # against the document it replaced, with force
    written: bool

    def mapping(self) -> list[tuple[str, str]]:
        """What became what, for the table the command prints."""
        source, kinds = self.source, {kind: len(self.source.of(kind)) for kind in Kind}
        numbered = _lists(source, Kind.NUMBER)
        bulleted = _lists(source, Kind.BULLET)
        terms = sum(1 for b in source.blocks if b.term)
        pictures = source.of(Kind.PICTURE)
        undescribed = [p for p in pictures if p.picture is not None and not p.picture.alt]
        headings = [b.text for b in source.of(Kind.HEADING)]
        rows = [
            ("title", _first(source, Kind.TITLE) or "(none: the file has no title line)"),
            ("subtitle", _first(source, Kind.SUBTITLE) or "(none)"),
            ("language", f"{self.language} (from {self.language_from})"),
            ("sections", f"{len(headings)}: " + "; ".join(headings) if headings else "0"),
            ("subheadings", str(kinds[Kind.SUBHEADING])),
            ("paragraphs", str(kinds[Kind.PARAGRAPH])),
            ("numbered lists", f"{numbered} ({kinds[Kind.NUMBER]} items)"),
            ("bulleted lists", f"{bulleted} ({kinds[Kind.BULLET]} items)"),
            ("items with a term in bold", str(terms)),
            ("tables", str(kinds[Kind.TABLE])),
            ("pictures", f"{len(pictures)}" + (f" ({len(undescribed)} without a description, "
                                               "not placed)" if undescribed else "")),
            ("left out", str(len(source.omitted))),
            ("sentences", f"{self.fidelity.sentences}, every one in the document, in order"),
        ]  # fmt: skip
        return rows


def _first(source: Source, kind: Kind) -> str:
    return next((block.text for block in source.of(kind)), "")


def _lists(source: Source, kind: Kind) -> int:
    runs, previous = 0, None
    for block in source.blocks:
        if block.kind is kind and previous is not kind:
            runs += 1
        previous = block.kind
    return runs


def import_file(
    path: Path,
    *,
    procedure: str,
    content_dir: Path,
    language: str | None = None,
    force: bool = False,
    write: bool = True,
) -> Imported:
    """Import ``path`` as ``<content_dir>/procedures/<procedure>/<language>.md``; with
    ``write`` false, prove it and say what it would do without writing."""
    _check_names(procedure, language)
    root = content_dir.resolve()
    if not root.is_dir():
        raise SelectionError(
            f"the content folder {content_dir} does not exist.",
            fix="run the command in a project folder (handoutkit init DIR makes one), or "
            "name the content folder with --content.",
        )
    source = sectioned(read_source(path))
    code, told = (
        (language, "--language") if language
        else (source.language, "the document") if source.language
        else (DEFAULT_LANGUAGE, "the default; the file does not say: use --language")
    )  # fmt: skip
    if not LANGUAGE.fullmatch(code):
        raise ContentError(
            f"the document says its language is '{code}', which is not a language tag.",
            fix="name the language with --language, like --language es.",
            path=path,
        )
    target = root / "procedures" / procedure / f"{code}.md"
    text = write_markdown(source, code, pictures_folder=PICTURES)
    if len(text.encode("utf-8")) > DOCUMENT_BYTES.value:
        raise ContentError(
            f"the imported document would be too long: {DOCUMENT_BYTES.exceeded(len(text))}.",
            fix="split the source into one file per procedure, and import each.",
            path=path,
        )
    # Every picture is saved beside the document; those without a description are not placed
    # (a doubt says how to place one once described).
    saved = [b.picture for b in source.of(Kind.PICTURE) if b.picture is not None]
    document = _read_back(text, source, root, procedure, code, saved)
    fidelity = check_fidelity(source, document)
    if not fidelity.kept:
        raise ContentError(
            "the import would not keep the text as written: "
            + "; ".join(fidelity.diff.lines()[:3])
            + ". Nothing was written.",
            fix="this is a Handout Kit bug if the source reads right: report it with the "
            "file. Meanwhile, type the section into the content file by hand.",
            path=path,
            where=fidelity.first_wrong,
        )
    replaced = None
    if target.exists() or target.is_symlink():
        if write and not force:
            raise SelectionError(
                f"{target} already exists; the import does not replace it.",
                fix="add --force to replace it (the sentences that change are shown), or "
                "import under another --procedure or --language.",
            )
        replaced = _changes(target, root, text, document)
    pictures = tuple(target.parent / PICTURES / p.name for p in saved)
    if write:
        _write(target, text, {p.name: p.data for p in saved})
    return Imported(source, target, code, told, text, document, fidelity, pictures,
                    replaced, write)  # fmt: skip


def sectioned(source: Source) -> Source:
    """``source`` with a title and its text in sections, as a document needs: a file without
    a title line takes its first heading's words; text before the first heading (or a file
    without headings) goes under a heading of the title's words. Each is said as a doubt."""
    blocks = list(source.blocks)
    doubts = list(source.doubts)
    title = next((b for b in blocks if b.kind is Kind.TITLE), None)
    headings = [b for b in blocks if b.kind is Kind.HEADING]
    if title is None:
        if not headings:
            raise ContentError(
                "the file has neither a title nor a heading to take one from.",
                fix="make its first line the title (in Word, the Title style), and import "
                "it again.",
                path=source.path,
            )
        title = Block(Kind.TITLE, headings[0].origin, headings[0].pieces)
        blocks.insert(0, title)
        doubts.append(Doubt(title.origin, f"the file has no title line: ‘{title.text}’, its "
                                          "first heading, is the title too."))  # fmt: skip
    body = [i for i, b in enumerate(blocks) if b.kind not in (Kind.TITLE, Kind.SUBTITLE)]
    if body and blocks[body[0]].kind is not Kind.HEADING:
        first = blocks[body[0]]
        blocks.insert(body[0], Block(Kind.HEADING, first.origin, title.pieces))
        why = ("the file has no headings: it is one section" if not headings
               else "the text before the first heading is a section")  # fmt: skip
        doubts.append(Doubt(first.origin, f"{why}, headed with the title ‘{title.text}’."))
    return Source(source.path, source.form, tuple(blocks), source.language, source.omitted,
                  tuple(doubts))  # fmt: skip


def _check_names(procedure: str, language: str | None) -> None:
    if not SLUG.fullmatch(procedure):
        raise SelectionError(
            f"'{procedure}' is not a procedure name Handout Kit can use.",
            fix="use lowercase letters, digits and hyphens, like --procedure chemical-peel.",
        )
    if language is not None and not LANGUAGE.fullmatch(language):
        raise SelectionError(
            f"'{language}' is not a language tag.",
            fix="use a code like en, es, zh-Hant or pt-BR.",
        )


def read_source(path: Path) -> Source:
    """The source file read by the reader its bytes call for."""
    if path.suffix.lower() == ".doc":
        from .docx import old_word_error  # start-up: python-docx only for Word files

        raise old_word_error(path)
    head = _head(path)
    if head.startswith(ZIP) or head.startswith(OLE) or path.suffix.lower() == ".docx":
        from .docx import read_docx  # start-up: python-docx only for Word files

        return read_docx(path, read_file(path, root=path.parent, limit=IMPORT_BYTES,
                                         error=ContentError))  # fmt: skip
    data = read_file(path, root=path.parent, limit=IMPORT_TEXT_BYTES, error=ContentError)
    text = decode_text(data, path=path, error=ContentError)
    if path.suffix.lower() in (".md", ".markdown"):
        from .markdown import read_markdown  # start-up: each reader its own

        return read_markdown(text, path)
    return read_plain_text(text, path)


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(8)
    except OSError as exc:
        raise ContentError(
            f"the file cannot be read ({exc.strerror}).",
            fix="check the file's name and that you may read it.",
            path=path,
        ) from None


def _read_back(
    text: str, source: Source, root: Path, procedure: str, code: str, pictures: list
) -> Document:
    """``text`` read by the build's reader, its pictures in place, in a scratch folder inside
    the content folder (a picture must be inside it to be read)."""
    scratch = Path(tempfile.mkdtemp(prefix=".handoutkit-import-", dir=root))
    try:
        folder = scratch / procedure
        (folder / PICTURES).mkdir(parents=True)
        for picture in pictures:
            (folder / PICTURES / picture.name).write_bytes(picture.data)
        path = folder / f"{code}.md"
        path.write_text(text, encoding="utf-8")
        try:
            document, _ = parse_document(text, path=path, content_root=root)
        except ContentError as error:
            raise ContentError(
                f"the imported text does not read as a procedure document: {error.problem}",
                fix=error.fix,
                path=source.path,
            ) from None
        return document
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _changes(target: Path, root: Path, text: str, new: Document) -> SentenceDiff:
    """The sentences that change from the document at ``target`` to ``new``."""
    try:
        old, _ = read_document(target, content_root=root)
        before = approved_text(old)
    except ContentError:
        before = "\n".join(" ".join(line.split()) for line in target.read_text().splitlines())
    return sentence_diff(before, approved_text(new))


def _write(target: Path, text: str, pictures: dict[str, bytes]) -> None:
    """The pictures, then the document, each written whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if pictures:
        (target.parent / PICTURES).mkdir(exist_ok=True)
    for name, data in pictures.items():
        _atomic(target.parent / PICTURES / name, data)
    _atomic(target, text.encode("utf-8"))


def _atomic(path: Path, data: bytes) -> None:
    if path.is_symlink():
        raise ContentError(
            "is a symbolic link; the import does not write through it.",
            fix="remove the link, then import again.",
            path=path,
        )
    fd, scratch = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
