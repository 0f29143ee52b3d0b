"""A procedure document's Markdown body: markdown-it's tokens to sections and blocks.

The structure comes from the Markdown, never from known headings: ``##``
starts a section, ``###`` a subheading; paragraphs, numbered lists (steps),
bullet lists, ``**Term:** description`` items, simple tables and images on
their own line are understood, each within its limit. Raw HTML is kept as text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import ContentError
from ..limits import (
    FIGURE_BYTES,
    FIGURES,
    LIST_ITEMS,
    NESTING_DEPTH,
    SECTIONS,
    TABLE_COLUMNS,
    TABLE_ROWS,
    Limit,
)
from ..model import (
    Block,
    Figure,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    Span,
    Subheading,
    Table,
    plain,
)
from .assets import PICTURE, read_asset

LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")

_md = MarkdownIt("commonmark", {"html": False}).enable("table")
# Let every link and image through the parser so that a refused one is reported
# (file:, javascript:, ...) instead of silently printed as Markdown text.
_md.validateLink = lambda url: True


class BodyParser:
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

    def paragraphs(self, body: str, what: str) -> tuple[Paragraph, ...]:
        """A text of paragraphs only (``what`` names it in errors): a notice, say."""
        found: list[Paragraph] = []
        for token, children in _top_level(_md.parse(body)):
            block = self.block(token, children) if token.type == "paragraph_open" else None
            if not isinstance(block, Paragraph):
                raise self.fail(
                    token,
                    f"{what} holds paragraphs of text only, not headings, lists, pictures or "
                    "tables.",
                    "write it as one or two short paragraphs.",
                )
            found.append(block)
        return tuple(found)

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
