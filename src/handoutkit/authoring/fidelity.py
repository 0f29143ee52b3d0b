"""Proof that an import kept every sentence: the source's, in order, in what was written.

The written document is read back with the same reader a build uses, and its words as a
patient reads them (`read.approvals.approved_text`: title, headings, paragraphs, list items,
table cells, picture descriptions, one sentence a line) are compared with the source's,
only white space normalised. The one mapping that is not word for word is said: a title
written "Title:" above its subtitle prints as "Title: Subtitle".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..language import language_for
from ..language.sentences import sentences
from ..model import Document, SentenceDiff
from ..read.approvals import approved_text, sentence_diff
from .source import Block, Kind, Source


@dataclass(frozen=True, slots=True)
class Fidelity:
    """How many sentences the source had, and how the written document differs (nothing)."""

    sentences: int
    diff: SentenceDiff
    first_wrong: str | None = None  # the source place of the first difference

    @property
    def kept(self) -> bool:
        return not self.diff


def source_text(source: Source, language: str) -> tuple[str, list[tuple[str, str]]]:
    """The source's words as `approved_text` lays a document's out, and each sentence's place."""
    rules = language_for(language)
    placed: list[tuple[str, str]] = []
    for block in source.blocks:
        for text in _texts(block):
            for sentence in sentences(text, rules):
                line = " ".join(sentence.split())
                if line:
                    placed.append((line, block.origin))
    return "\n".join(line for line, _ in placed), placed


def _texts(block: Block) -> list[str]:
    if block.kind in (Kind.BULLET, Kind.NUMBER):
        return [f"{block.term}: {block.text}" if block.term else block.text]
    if block.kind is Kind.TABLE:
        return ["".join(piece.text for piece in cell) for row in block.rows for cell in row]
    if block.kind is Kind.PICTURE:
        return [block.picture.alt] if block.picture is not None and block.picture.alt else []
    return [block.text]


def check_fidelity(source: Source, written: Document) -> Fidelity:
    """Every sentence of ``source`` in ``written``, in order, and nothing else."""
    expected, placed = source_text(source, written.language)
    diff = sentence_diff(expected, approved_text(written))
    first = None
    if diff:
        wrong = {*(old for old, _ in diff.changed), *diff.removed}
        first = next((origin for line, origin in placed if line in wrong), None)
    return Fidelity(len(placed), diff, first)
