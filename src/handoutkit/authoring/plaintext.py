"""A plain-text file as people type it: a title, headings, paragraphs, "•" and "1." lists.

The shape of the lines decides, never their words:

- the first lines before a blank line are the title and, below it, the subtitle (a title
  written "Microneedling:" above its subtitle is printed "Microneedling: …" again);
- a line of digits alone, or "Page 3" / "Page 3 of 4", is a page number: left out, listed;
- a line opening with "•", "·", "▪", "◦", "-", "–" or "*" and a space is a bulleted item,
  with "1." or "1)" a numbered one; an item opening with a short "Term:" shows the term in
  bold; a bulleted list of one item is a paragraph (said as a doubt);
- a short line on its own (after a blank line, at most 12 words, not ending with ".", ",",
  ";" or ":") is a heading; one ending with "?" is one too, said as a doubt;
- other lines are paragraphs; lines that follow each other are one paragraph (soft line
  breaks), joined by a space.
"""

from __future__ import annotations

import re
from pathlib import Path

from .source import Block, Doubt, Kind, Omitted, Piece, Source

BULLET = re.compile(r"^[•·▪◦‣\-–*]\s+(?P<text>\S.*)$")
NUMBER = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
PAGE_NUMBER = re.compile(r"^(?:\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)
TERM = re.compile(r"^(?P<term>[^.:;!?]{1,60}):\s+(?P<rest>\S.*)$")
HEADING_WORDS = 12
TERM_WORDS = 6


def read_plain_text(text: str, path: Path) -> Source:
    """The blocks of ``text`` (the file at ``path``), as the rules above read them."""
    lines = text.splitlines()
    blocks: list[Block] = []
    omitted: list[Omitted] = []
    doubts: list[Doubt] = []
    index = _title(lines, blocks)
    paragraph: list[str] = []
    start = 0
    after_blank = True

    def close_paragraph() -> None:
        if paragraph:
            joined = " ".join(paragraph)
            blocks.append(Block(Kind.PARAGRAPH, f"line {start}", (Piece(joined),)))
            paragraph.clear()

    for number, raw in enumerate(lines[index:], start=index + 1):
        line = " ".join(raw.split())
        if not line:
            close_paragraph()
            after_blank = True
            continue
        where = f"line {number}"
        if PAGE_NUMBER.fullmatch(line):
            close_paragraph()
            omitted.append(Omitted(where, line, "a page number"))
        elif item := BULLET.match(line) or NUMBER.match(line):
            close_paragraph()
            kind = Kind.BULLET if item.re is BULLET else Kind.NUMBER
            given = int(item.group("number")) if kind is Kind.NUMBER else None
            blocks.append(_item(kind, where, item.group("text"), given))
        elif after_blank and not paragraph and _heading_like(line):
            blocks.append(Block(Kind.HEADING, where, (Piece(line),)))
            if line.endswith("?"):
                doubts.append(Doubt(where, f"‘{line}’ was taken as a heading (a short line of "
                                           "its own); if it is a sentence, join it to its "
                                           "paragraph."))  # fmt: skip
        else:
            if not paragraph:
                start = number
            paragraph.append(line)
        after_blank = False
    close_paragraph()
    blocks = _lone_bullets(blocks, doubts)
    return Source(path, "plain text", tuple(blocks), None, tuple(omitted), tuple(doubts))


def _title(lines: list[str], blocks: list[Block]) -> int:
    """The title (and subtitle) from the first lines before a blank; the index after them."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    top: list[tuple[int, str]] = []
    while index < len(lines) and lines[index].strip() and len(top) < 2:
        top.append((index + 1, " ".join(lines[index].split())))
        index += 1
    if not top:
        return index
    (line, title), rest = top[0], top[1:]
    colon = bool(rest) and title.endswith(":")
    blocks.append(Block(Kind.TITLE, f"line {line}", (Piece(title.removesuffix(":").rstrip()
                                                             if colon else title),),
                        colon=colon))  # fmt: skip
    if rest:
        line, subtitle = rest[0]
        blocks.append(Block(Kind.SUBTITLE, f"line {line}", (Piece(subtitle),)))
    return index


def _heading_like(line: str) -> bool:
    return len(line.split()) <= HEADING_WORDS and not line.endswith((".", ",", ";", ":", "…"))


def _item(kind: Kind, where: str, text: str, number: int | None) -> Block:
    term = TERM.match(text)
    if term and len(term.group("term").split()) <= TERM_WORDS:
        return Block(kind, where, (Piece(term.group("rest")),), number, term.group("term"))
    return Block(kind, where, (Piece(text),), number)


def _lone_bullets(blocks: list[Block], doubts: list[Doubt]) -> list[Block]:
    """A bulleted "list" of one item between other blocks is a paragraph typed with a bullet."""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        before = blocks[index - 1].kind if index else None
        after = blocks[index + 1].kind if index + 1 < len(blocks) else None
        if block.kind is Kind.BULLET and Kind.BULLET not in (before, after):
            text = f"{block.term}: {block.text}" if block.term else block.text
            out.append(Block(Kind.PARAGRAPH, block.origin, (Piece(text),)))
            doubts.append(Doubt(block.origin, "a bulleted list of one item was imported as a "
                                              "paragraph."))  # fmt: skip
        else:
            out.append(block)
    return out
