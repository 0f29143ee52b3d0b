"""The import notebook's one call: import a document, show what became what, save it."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from ..authoring.importer import Imported, import_file


@dataclass(frozen=True, slots=True)
class ImportView:
    """What an import did (or would do), shown in the notebook."""

    done: Imported

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self._html(), "text/plain": self._text()}

    def _rows(self) -> list[tuple[str, str]]:
        return self.done.mapping()

    def _html(self) -> str:
        done, source = self.done, self.done.source
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(a)}</th><td>{html.escape(b)}</td></tr>"
            for a, b in self._rows()
        )
        left = "".join(
            f"<li>{html.escape(o.origin)}: {html.escape(o.why)}: ‘{html.escape(o.text)}’</li>"
            for o in source.omitted
        )
        doubts = "".join(
            f"<li>{html.escape(d.origin)}: {html.escape(d.text)}</li>" for d in source.doubts
        )
        state = (
            f"Saved to {html.escape(str(done.target))}."
            if done.written
            else "Not saved yet: set <code>save = True</code> in the first cell and run "
            "all cells again."
        )
        changes = ""
        if done.replaced is not None:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in done.replaced.lines())
            changes = f"<h4>Sentences that change</h4><ul>{items or '<li>none</li>'}</ul>"
        return (
            f"<h3>{html.escape(source.form)} {html.escape(source.path.name)} → "
            f"{html.escape(str(done.target))}</h3>"
            f"<p><strong>Every one of the {done.fidelity.sentences} sentences is in the "
            f"document, in order.</strong> {state}</p>"
            f"<table>{rows}</table>"
            + (f"<h4>Left out</h4><ul>{left}</ul>" if left else "")
            + (f"<h4>Check these decisions</h4><ul>{doubts}</ul>" if doubts else "")
            + changes
            + f"<h4>The document</h4><pre>{html.escape(done.text)}</pre>"
        )

    def _text(self) -> str:
        lines = [f"{a}: {b}" for a, b in self._rows()]
        lines += [f"left out ({o.origin}): {o.why}: {o.text}" for o in self.done.source.omitted]
        lines += [f"check ({d.origin}): {d.text}" for d in self.done.source.doubts]
        return "\n".join(lines)


def import_document(
    source_file: str | Path,
    *,
    procedure: str,
    content_dir: str | Path,
    language: str | None = None,
    save: bool = False,
    force: bool = False,
) -> ImportView:
    """Import ``source_file`` as a procedure document; with ``save`` false, only show it."""
    done = import_file(
        Path(source_file),
        procedure=procedure,
        content_dir=Path(content_dir),
        language=language or None,
        force=force,
        write=save,
    )
    return ImportView(done)
