"""A Markdown file to import: read by the build's own reader, its review fields left out.

With front matter, its title, subtitle and language are kept (``reviewed`` and
``reviewed_by`` are not: an imported document is not reviewed, said as a doubt); without,
a first line ``# Title`` is the title. The body must be what a procedure document holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ContentError
from ..model import Figure, ListBlock, Paragraph, Span, Subheading, Table
from ..read.body import BodyParser
from ..read.frontmatter import split_front_matter
from .source import Block, Doubt, Kind, Picture, Piece, Pieces, Source

_TITLE = re.compile(r"\A\s*#\s+(?P<title>.+?)\s*#*\s*\n")


def read_markdown(text: str, path: Path) -> Source:
    blocks: list[Block] = []
    doubts: list[Doubt] = []
    language = None
    offset = 0
    if text.lstrip().startswith("---"):
        fields, text, offset = split_front_matter(text, path)
        for name in ("title", "subtitle"):
            value = fields.get(name)
            if isinstance(value, str) and value.strip():
                kind = Kind.TITLE if name == "title" else Kind.SUBTITLE
                blocks.append(Block(kind, f"front matter, '{name}'", (Piece(value.strip()),)))
        if isinstance(fields.get("language"), str):
            language = fields["language"].strip()
        if any(name in fields for name in ("reviewed", "reviewed_by")):
            doubts.append(Doubt("front matter", "'reviewed' and 'reviewed_by' were left out: "
                                "an imported document is not reviewed (approve it with "
                                "handoutkit approve)."))  # fmt: skip
    elif title := _TITLE.match(text):
        blocks.append(Block(Kind.TITLE, "line 1", (Piece(title.group("title")),)))
        offset, text = 1, text[title.end() :]
    parser = BodyParser(path=path, line_offset=offset, content_root=path.parent)
    try:
        sections = parser.parse(text)
    except ContentError as error:
        raise ContentError(error.problem, fix=error.fix, path=path, where=error.where) from None
    for section in sections:
        where = f"line {section.line}"
        blocks.append(Block(Kind.HEADING, where, (Piece(section.title),)))
        for block in section.blocks:
            blocks += _blocks(block, where)
    return Source(path, "Markdown", tuple(blocks), language, (), tuple(doubts))


def _pieces(spans: tuple[Span, ...]) -> Pieces:
    return tuple(Piece(s.text, s.strong, s.emphasis, s.href) for s in spans)


def _blocks(block: object, where: str) -> list[Block]:
    if isinstance(block, Paragraph):
        return [Block(Kind.PARAGRAPH, where, _pieces(block.spans))]
    if isinstance(block, Subheading):
        return [Block(Kind.SUBHEADING, where, _pieces(block.spans))]
    if isinstance(block, ListBlock):
        kind = Kind.NUMBER if block.ordered else Kind.BULLET
        return [
            Block(
                kind,
                where,
                _pieces(item.spans),
                block.start + i if block.ordered else None,
                item.term,
            )
            for i, item in enumerate(block.items)
        ]
    if isinstance(block, Table):
        rows = tuple(tuple(_pieces(cell) for cell in row) for row in (block.header, *block.rows))
        return [Block(Kind.TABLE, where, rows=rows)]
    assert isinstance(block, Figure)
    return [Block(Kind.PICTURE, where, picture=Picture(block.image.name, block.image.data,
                                                       block.alt))]  # fmt: skip
