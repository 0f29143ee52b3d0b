"""Read a procedure document (YAML front matter + CommonMark) into a `Document`.

The file is read bounded and decoded here; its front matter is `frontmatter`'s
(fields, review date, check numbers) and its Markdown body `body`'s (sections
and blocks: the structure comes from the Markdown, never from known headings).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError
from ..inputs.files import read_file
from ..inputs.textfile import decode_text
from ..limits import DOCUMENT_BYTES
from ..model import Document, Notice
from .body import BodyParser
from .frontmatter import read_meta, split_front_matter


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
    fields, body, body_line = split_front_matter(text, path)
    meta, notices = read_meta(fields, path)
    parser = BodyParser(path=path, line_offset=body_line, content_root=content_root)
    sections = parser.parse(body)
    document = Document(
        procedure=path.parent.name,
        meta=meta,
        sections=sections,
        source=path,
        outside_inputs=tuple(dict.fromkeys(parser.outside)),
    )
    return document, notices
