"""Read a procedure document (YAML front matter + CommonMark) into a `Document`.

The structure comes from the Markdown, never from known headings: ``##``
starts a section, ``###`` a subheading; paragraphs, numbered lists (steps),
bullet lists, ``**Term:** description`` items, simple tables and images on
their own line are understood. Raw HTML is kept as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import ContentError
from ..inputs.files import read_file
from ..inputs.textfile import decode_text
from ..inputs.yamlfile import load_yaml
from ..inputs.yamlfile import where as yaml_where
from ..limits import (
    DOCUMENT_BYTES,
    FIGURE_BYTES,
    FIGURES,
    FRONT_MATTER_BYTES,
    LIST_ITEMS,
    NESTING_DEPTH,
    SECTIONS,
    TABLE_COLUMNS,
    TABLE_ROWS,
    Limit,
)
from ..model import (
    Block,
    Document,
    DocumentMeta,
    Figure,
    Inline,
    ListBlock,
    ListItem,
    Notice,
    Paragraph,
    Section,
    Span,
    Subheading,
    Table,
    plain,
)
from .assets import PICTURE, read_asset
from .settings import CHECK_LIMITS, check_number

REQUIRED_FIELDS = ("title", "language", "reviewed", "reviewed_by")
OPTIONAL_FIELDS = ("subtitle",)
# A document may set its own quality-check numbers (the project's settings otherwise).
CHECK_FIELDS = tuple(CHECK_LIMITS)
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")

_FRONT_MATTER_FIX = (
    "start the file with a block like\n---\ntitle: Microneedling\nsubtitle: Collagen Induction "
    "Therapy\nlanguage: en\nreviewed: 2026-01-15\nreviewed_by: Dr. A. Example\n---"
)

_md = MarkdownIt("commonmark", {"html": False}).enable("table")
# Let every link and image through the parser so that a refused one is reported
# (file:, javascript:, ...) instead of silently printed as Markdown text.
_md.validateLink = lambda url: True


def read_document(path: Path, *, content_root: Path) -> tuple[Document, tuple[Notice, ...]]:
    """Read and validate ``content/procedures/<slug>/<language>.md``.

    The file must be a regular file inside the content folder, at most `DOCUMENT_BYTES`,
    and UTF-8 text (a byte-order mark is fine; see `inputs.textfile`).
    """
    data = read_file(path, root=content_root, limit=DOCUMENT_BYTES, error=ContentError)
    text = decode_text(data, path=path, error=ContentError)
    return parse_document(text, path=path, content_root=content_root)


def parse_document(
    text: str, *, path: Path, content_root: Path
) -> tuple[Document, tuple[Notice, ...]]:
    """Parse a document's text; ``path`` names it in errors and anchors its images."""
    if not text.strip():
        raise ContentError(
            "the document is empty.",
            fix="write the front matter and at least one '## Section' with text.",
            path=path,
        )
    fields, body, body_line = _split_front_matter(text, path)
    meta, notices = _read_meta(fields, path)
    parser = _BodyParser(path=path, line_offset=body_line, content_root=content_root)
    sections = parser.parse(body)
    document = Document(
        procedure=path.parent.name,
        meta=meta,
        sections=sections,
        source=path,
        outside_inputs=tuple(dict.fromkeys(parser.outside)),
    )
    return document, notices


# --- front matter ----------------------------------------------------------------------


def _split_front_matter(text: str, path: Path) -> tuple[Any, str, int]:
    """The front matter's YAML tree, the body and the body's first line (0-based)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(
            "the file does not start with YAML front matter ('---' on line 1).",
            fix=_FRONT_MATTER_FIX,
            path=path,
            where="line 1",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ContentError(
            "the front matter is never closed: no second '---' line.",
            fix="add a line with '---' after the last front-matter field.",
            path=path,
            where="line 1",
        )
    yaml_text = "".join(lines[1:end])
    fields = load_yaml(
        yaml_text,
        path=path,
        error=ContentError,
        limit=FRONT_MATTER_BYTES,
        first_line=2,
        what="the front matter",
    )
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise ContentError(
            "the front matter must be 'field: value' lines.",
            fix=_FRONT_MATTER_FIX,
            path=path,
            where="line 2",
        )
    return fields, "".join(lines[end + 1 :]), end + 1


def _read_meta(fields: Any, path: Path) -> tuple[DocumentMeta, tuple[Notice, ...]]:
    def where(name: str) -> str:
        return yaml_where(fields, name, first_line=2)

    for name in REQUIRED_FIELDS:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ContentError(
                f"the required front-matter field '{name}' is missing or empty.",
                fix=f"add a line '{name}: ...' between the '---' lines "
                f"(required: {', '.join(REQUIRED_FIELDS)}).",
                path=path,
                where="front matter",
            )
    for name in ("title", "reviewed_by", "language", *OPTIONAL_FIELDS):
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            raise ContentError(
                f"'{name}' must be text, not {type(value).__name__}.",
                fix=f"put the value of '{name}' in quotes.",
                path=path,
                where=where(name),
            )
    language = fields["language"].strip()
    if language != path.stem:
        raise ContentError(
            f"the front matter says language '{language}' but the file is named '{path.name}'.",
            fix=f"rename the file to '{language}.md' or set 'language: {path.stem}'.",
            path=path,
            where=where("language"),
        )
    reviewed = _date(fields["reviewed"])
    if reviewed is None:
        written = fields["reviewed"]
        looks_like_date = isinstance(written, str) and re.fullmatch(
            r"\s*\d{4}-\d{2}-\d{2}\s*", written
        )
        problem = (
            f"'reviewed' is '{written.strip()}', which is not a date in the calendar."
            if looks_like_date
            else f"'reviewed' must be a date written YYYY-MM-DD, got '{written}'."
        )
        raise ContentError(
            problem,
            fix="write the date of the last review as year-month-day, like 'reviewed: 2026-01-15'.",
            path=path,
            where=where("reviewed"),
        )
    limits = {name: _check_number(fields, name, path, where(name)) for name in CHECK_FIELDS}
    known = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS) | set(CHECK_FIELDS)
    notices = tuple(
        Notice(
            f"unknown front-matter field '{name}' is ignored "
            f"(known fields: {', '.join(sorted(known))}).",
            path=path,
            where=where(name),
        )
        for name in fields
        if name not in known
    )
    subtitle = fields.get("subtitle")
    meta = DocumentMeta(
        title=fields["title"].strip(),
        subtitle=subtitle.strip() if subtitle and subtitle.strip() else None,
        language=language,
        reviewed=reviewed,
        reviewed_by=fields["reviewed_by"].strip(),
        target_grade=limits["target_grade"],
        review_months=None if limits["review_months"] is None else int(limits["review_months"]),
    )
    return meta, notices


def _date(value: object) -> date | None:
    """A YYYY-MM-DD date, or None (dates stay text in the YAML: see `inputs.yamlfile`)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _check_number(fields: Any, name: str, path: Path, where: str) -> float | None:
    """An optional quality-check number (see ``settings.CHECK_LIMITS``)."""
    if fields.get(name) is None:
        return None
    number, problem = check_number(name, fields[name])
    if problem:
        raise ContentError(
            problem,
            fix=f"write it like '{name}: {8 if name == 'target_grade' else 12}', "
            "or remove the line to use the project's setting.",
            path=path,
            where=where,
        )
    return number


# --- body ------------------------------------------------------------------------------


class _BodyParser:
    """Turns markdown-it's token stream into sections and blocks."""

    def __init__(self, *, path: Path, line_offset: int, content_root: Path) -> None:
        self.path = path
        self.line_offset = line_offset
        self.content_root = content_root
        self.figures = 0
        self.figure_bytes = 0
        self.outside: list[Path] = []  # pictures read from outside the document's folder

    def line(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.line_offset + 1

    def fail(self, token: Token, problem: str, fix: str) -> ContentError:
        return ContentError(problem, fix=fix, path=self.path, where=f"line {self.line(token)}")

    def over(self, token: Token, limit: Limit, found: int, fix: str) -> ContentError:
        return self.fail(token, f"{limit.exceeded(found)}.", f"{fix}, or split the document.")

    def parse(self, body: str) -> tuple[Section, ...]:
        tokens = _md.parse(body)
        sections: list[tuple[str, int, list[Block]]] = []
        for token, children in _top_level(tokens):
            if token.type == "heading_open" and token.tag == "h2":
                title = plain(self.inline(children[0])).strip()
                sections.append((title, self.line(token), []))
                if len(sections) > SECTIONS.value:
                    raise self.over(token, SECTIONS, len(sections), "merge sections")
                continue
            block = self.block(token, children)
            if not sections:
                raise self.fail(
                    token,
                    "there is text before the first '## ' section heading.",
                    "start the body with a '## Heading' line, or move this text into a section.",
                )
            sections[-1][2].append(block)
        if not sections:
            raise ContentError(
                "the document has no sections.",
                fix="add at least one '## Heading' followed by a paragraph or a list.",
                path=self.path,
            )
        for title, line, blocks in sections:
            if not blocks:
                raise ContentError(
                    f"the section '{title}' is empty.",
                    fix="add text under the heading, or remove the heading.",
                    path=self.path,
                    where=f"line {line}",
                )
        return tuple(Section(title, tuple(blocks), line) for title, line, blocks in sections)

    def block(self, token: Token, children: list[Token]) -> Block:
        kind = token.type
        if kind == "heading_open":
            if token.tag == "h3":
                return Subheading(self.inline(children[0]))
            raise self.fail(
                token,
                f"'{token.markup} ' headings are not used in procedure documents.",
                "put the title in the front matter, start sections with '## ' and "
                "subsections with '### '.",
            )
        if kind == "paragraph_open":
            return self.paragraph(token, children[0])
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(token, children)
        if kind == "table_open":
            return self.table(token, children)
        names = {
            "blockquote_open": "block quotes ('>')",
            "fence": "code blocks",
            "code_block": "indented code blocks (lines starting with four spaces)",
            "hr": "horizontal rules ('---' or '***')",
        }
        raise self.fail(
            token,
            f"{names.get(kind, kind)} are not supported in procedure documents.",
            "use paragraphs, lists, '### ' subheadings or tables; remove leading spaces "
            "from plain text lines.",
        )

    def paragraph(self, token: Token, inline: Token) -> Paragraph | Figure:
        images = [child for child in inline.children or [] if child.type == "image"]
        if images:
            others = [c for c in inline.children or [] if c.type != "image" and c.content.strip()]
            if len(images) > 1 or others:
                raise self.fail(
                    token,
                    "an image is mixed with text or other images in one paragraph.",
                    "put each image on a line of its own, with blank lines around it.",
                )
            return self.figure(token, images[0])
        return Paragraph(self.inline(inline))

    def figure(self, token: Token, image: Token) -> Figure:
        src = str(image.attrs.get("src", ""))
        alt = plain(self.inline_children(image.children or [], token)).strip()
        if not alt:
            raise self.fail(
                token,
                f"the image '{src}' has no alt text.",
                "describe the picture between the brackets: ![Device used for the treatment]"
                f"({src}).",
            )
        asset = read_asset(
            src,
            base=self.path.parent,
            root=self.content_root,
            source=self.path,
            where=f"line {self.line(token)}",
            kind=PICTURE,
            error=ContentError,
        )
        read = (self.path.parent / src).resolve()
        if not read.is_relative_to(self.path.parent.resolve()):
            self.outside.append(read)
        self.figures += 1
        self.figure_bytes += len(asset.data)
        if self.figures > FIGURES.value:
            raise self.over(token, FIGURES, self.figures, "use fewer pictures")
        if self.figure_bytes > FIGURE_BYTES.value:
            raise self.over(
                token, FIGURE_BYTES, self.figure_bytes, "save the pictures at a lower resolution"
            )
        return Figure(alt=alt, image=asset)

    def list_block(self, token: Token, children: list[Token]) -> ListBlock:
        items: list[ListItem] = []
        for item_token, item_children in _top_level(children):
            paragraphs = [t for t in item_children if t.type == "inline"]
            nested = [t for t in item_children if t.type.endswith("_list_open")]
            if nested:
                raise self.fail(
                    item_token,
                    "lists inside lists are not supported (Handout Kit's limit on the "
                    f"{NESTING_DEPTH.name} is {NESTING_DEPTH.shown}).",
                    "make the inner items a separate list under a '### ' subheading, "
                    "or write them as one sentence.",
                )
            if len(paragraphs) != 1 or len(item_children) != 3:
                raise self.fail(
                    item_token,
                    "a list item must be one paragraph of text.",
                    "remove the blank line inside the item, or turn the extra text into "
                    "its own paragraph after the list.",
                )
            items.append(self.list_item(self.inline(paragraphs[0])))
            if len(items) > LIST_ITEMS.value:
                raise self.over(item_token, LIST_ITEMS, len(items), "split the list in two")
        ordered = token.type == "ordered_list_open"
        start = int(token.attrs.get("start", 1)) if ordered else 1
        return ListBlock(ordered=ordered, items=tuple(items), start=start)

    @staticmethod
    def list_item(spans: Inline) -> ListItem:
        """Read ``**Term:** description`` (or ``**Term**: description``) as a term item."""
        if len(spans) < 2 or not spans[0].strong:
            return ListItem(spans)
        term = spans[0].text.strip()
        rest = list(spans[1:])
        if term.endswith(":"):
            term = term[:-1].rstrip()
        elif rest[0].text.startswith(":") and not rest[0].strong:
            rest[0] = Span(
                rest[0].text[1:], rest[0].strong, rest[0].emphasis, rest[0].code, rest[0].href
            )
        else:
            return ListItem(spans)
        first = rest[0]
        rest[0] = Span(first.text.lstrip(), first.strong, first.emphasis, first.code, first.href)
        description = tuple(span for span in rest if span.text)
        if not term or not plain(description).strip():
            return ListItem(spans)
        return ListItem(description, term=term)

    def table(self, token: Token, children: list[Token]) -> Table:
        rows: list[tuple[Inline, ...]] = []
        header: tuple[Inline, ...] = ()
        row: list[Inline] = []
        for child in children:
            if child.type == "tr_open":
                row = []
            elif child.type == "inline":
                row.append(self.inline(child))
            elif child.type == "tr_close":
                if not header:
                    header = tuple(row)
                    if len(header) > TABLE_COLUMNS.value:
                        raise self.fail(
                            token,
                            f"the table is too wide for a slide or a page: "
                            f"{TABLE_COLUMNS.exceeded(len(header))}.",
                            "split it into two tables with fewer columns, or turn it into "
                            "a list with one item per row.",
                        )
                else:
                    rows.append(tuple(row))
                    if len(rows) > TABLE_ROWS.value:
                        raise self.over(token, TABLE_ROWS, len(rows), "split the table")
        return Table(header=header, rows=tuple(rows))

    def inline(self, token: Token) -> Inline:
        return self.inline_children(token.children or [], token)

    def inline_children(self, children: Sequence[Token], owner: Token) -> Inline:
        spans: list[Span] = []
        strong = emphasis = 0
        href: str | None = None
        for child in children:
            kind = child.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "link_open":
                href = self.link(owner, str(child.attrs.get("href", "")))
            elif kind == "link_close":
                href = None
            elif kind in ("softbreak", "hardbreak"):
                spans.append(Span(" ", bool(strong), bool(emphasis), href=href))
            elif kind == "code_inline":
                spans.append(Span(child.content, bool(strong), bool(emphasis), True, href))
            elif kind == "image":
                raise self.fail(
                    owner,
                    "images can only stand on a line of their own, not inside a heading, "
                    "list or table.",
                    "move the image to its own paragraph.",
                )
            elif child.content:
                spans.append(Span(child.content, bool(strong), bool(emphasis), href=href))
        return _merge(spans)

    def link(self, owner: Token, href: str) -> str:
        if not href.startswith(LINK_SCHEMES):
            raise self.fail(
                owner,
                f"the link '{href}' is not a web, e-mail or phone link.",
                "link to a full address starting with https://, mailto: or tel:.",
            )
        return href


def _merge(spans: list[Span]) -> Inline:
    """Join neighbouring spans that share formatting."""
    merged: list[Span] = []
    for span in spans:
        if merged and _same_style(merged[-1], span):
            last = merged.pop()
            span = Span(last.text + span.text, span.strong, span.emphasis, span.code, span.href)
        merged.append(span)
    return tuple(merged)


def _same_style(a: Span, b: Span) -> bool:
    return (a.strong, a.emphasis, a.code, a.href) == (b.strong, b.emphasis, b.code, b.href)


def _top_level(tokens: Sequence[Token]) -> Iterator[tuple[Token, list[Token]]]:
    """Yield each block at the first nesting level with the tokens inside it."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.nesting == 1:
            depth, end = 1, index + 1
            while depth:
                depth += tokens[end].nesting
                end += 1
            yield token, list(tokens[index + 1 : end - 1])
            index = end
        else:
            yield token, []
            index += 1
