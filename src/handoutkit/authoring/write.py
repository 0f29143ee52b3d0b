"""A `Source` written as a procedure document: YAML front matter and Markdown, text as is.

Characters Markdown would read as formatting are escaped, so the document prints exactly the
source's text; the importer proves it by reading the result back (`fidelity`). The review
fields are not written: an imported document is not reviewed (``handoutkit approve`` records
its approval).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import ContentError
from ..inputs.yamlfile import load_yaml
from ..limits import FRONT_MATTER_BYTES
from .source import Block, Kind, Piece, Pieces, Source

# Inline: what Markdown reads as emphasis, code, links, autolinks or escapes, and entities.
_INLINE = re.compile(r"([\\`*_\[\]<])|(&(?=#?\w+;))")
# At the start of a line: headings, quotes, list markers, thematic breaks, fences, and
# setext underlines (a line of "=" or "-").
_LINE_START = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|(\d{1,9})([.)])(?=\s|$)"
    r"|(?:[-_*=]\s*){3,}$|~{3,}|`{3,}|=+\s*$)"
)
_PLAIN_YAML = re.compile(r"[^\s:#'\"\[\]{},&*!|>%@`\\-][^:#\n]*[^\s:]|[^\s:#'\"\[\]{},&*!|>%@`\\-]")


def write_markdown(source: Source, language: str, *, pictures_folder: str = "images") -> str:
    """The document's text: front matter (title, subtitle, language), then the body."""
    title = next((b for b in source.blocks if b.kind is Kind.TITLE), None)
    subtitle = next((b for b in source.blocks if b.kind is Kind.SUBTITLE), None)
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {_yaml(title.text)}")
    if subtitle is not None:
        lines.append(f"subtitle: {_yaml(subtitle.text)}")
    lines += [f"language: {language}", "---", ""]
    body = [b for b in source.blocks if b.kind not in (Kind.TITLE, Kind.SUBTITLE)]
    previous: Block | None = None
    for block in body:
        if previous is not None and not _same_list(previous, block):
            lines.append("")
        lines += _block(block, pictures_folder)
        previous = block
    return "\n".join(lines).rstrip("\n") + "\n"


def _same_list(before: Block, block: Block) -> bool:
    return block.kind in (Kind.BULLET, Kind.NUMBER) and before.kind is block.kind


def _block(block: Block, pictures: str) -> list[str]:
    if block.kind is Kind.HEADING:  # a heading's own bold or size is the heading's style
        return [f"## {_heading(block.text)}"]
    if block.kind is Kind.SUBHEADING:
        return [f"### {_heading(block.text)}"]
    if block.kind is Kind.PARAGRAPH:
        return [_guard(inline(block.pieces))]
    if block.kind in (Kind.BULLET, Kind.NUMBER):
        marker = "-" if block.kind is Kind.BULLET else f"{block.number or 1}."
        if block.term:
            return [f"{marker} **{_escape(block.term)}:** {inline(block.pieces)}"]
        return [f"{marker} {_guard(inline(block.pieces))}"]
    if block.kind is Kind.TABLE:
        return _table(block)
    assert block.kind is Kind.PICTURE and block.picture is not None
    if not block.picture.alt:  # saved beside the document, not placed: a doubt says so
        return []
    alt = _escape(block.picture.alt).replace("\n", " ")
    return [f"![{alt}]({pictures}/{block.picture.name})"]


def _heading(text: str) -> str:
    """A heading's text; a closing "#" would end the heading's markup, so it is escaped."""
    escaped = _escape(text)
    return escaped[:-1] + "\\#" if escaped.endswith("#") else escaped


def inline(pieces: Pieces) -> str:
    """Pieces as Markdown: bold and italic marked, links kept, the rest escaped."""
    merged = _merged(pieces)
    out: list[str] = []
    for index, piece in enumerate(merged):
        text = _escape(" ".join(piece.text.split("\n")))
        core = text.strip()
        if not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if piece.italic or piece.bold:
            following = "".join(p.text for p in merged[index + 1 :])
            core, before, after = _flanked(core, out, following, trail)
            marks = ("*" if piece.italic else "") + ("**" if piece.bold else "")
            core = f"{before}{marks}{core}{marks[::-1]}{after}" if core else before + after
        if piece.href:
            core = f"[{core}](<{piece.href}>)"
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


def _flanked(core: str, out: list[str], following: str, trail: str) -> tuple[str, str, str]:
    """``core`` with the punctuation at its ends moved outside the emphasis marks where a
    letter or digit touches them: CommonMark reads "**Note:**Apply" as no bold at all."""
    before = after = ""
    previous = "".join(out)[-1:]
    if previous and (previous.isalnum()) and not core[:1].isalnum():
        while core and not core[0].isalnum():
            before, core = before + core[0], core[1:]
    nxt = (trail or following)[:1]
    if nxt and nxt.isalnum() and not core[-1:].isalnum():
        while core and not core[-1].isalnum():
            after, core = core[-1] + after, core[:-1]
    return core, before, after


def _merged(pieces: Pieces) -> list[Piece]:
    """Neighbouring pieces of one style as one (Word splits runs anywhere)."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (
            piece.bold, piece.italic, piece.href
        ):  # fmt: skip
            merged[-1] = Piece(merged[-1].text + piece.text, piece.bold, piece.italic, piece.href)
        else:
            merged.append(piece)
    return merged


def _escape(text: str) -> str:
    return _INLINE.sub(lambda m: "\\" + m.group(0), text)


def _guard(line: str) -> str:
    """A paragraph that would open like a heading or a list ("1. ", "# ") keeps its text."""
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group(3):  # "1." at the start: escape the full stop or parenthesis
        at = match.start(4)
        return line[:at] + "\\" + line[at:]
    at = match.start(2)
    return line[:at] + "\\" + line[at:]


def _table(block: Block) -> list[str]:
    rows = [[inline(cell).replace("|", "\\|") or " " for cell in row] for row in block.rows]
    width = max(len(row) for row in rows)
    rows = [row + [" "] * (width - len(row)) for row in rows]
    lines = [f"| {' | '.join(rows[0])} |", f"|{'|'.join('---' for _ in range(width))}|"]
    lines += [f"| {' | '.join(row)} |" for row in rows[1:]]
    return lines


def _yaml(value: str) -> str:
    """A YAML scalar that reads back as ``value`` with the reader documents are read with:
    plain when safe, else double-quoted."""
    plain = _PLAIN_YAML.fullmatch(value) is not None
    if plain:
        try:
            read = load_yaml(f"x: {value}\n", path=Path("title"), error=ContentError,
                             limit=FRONT_MATTER_BYTES)  # fmt: skip
            plain = isinstance(read, dict) and read.get("x") == value
        except ContentError:
            plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)
