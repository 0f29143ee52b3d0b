"""Reading untrusted XML (SVG pictures, the parts of a PowerPoint template) without a tree.

The parser fetches nothing, loads no DTD and expands no entity, and a document
is refused as soon as the parser meets a DOCTYPE (before its internal subset,
where entity bombs and references to other files live, is read). A target
object sees each element as it is parsed, so no tree is built.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


class DoctypeFound(Exception):
    """The document declares a DOCTYPE: refused before anything in it is read."""


class Target:
    """An lxml parser target: override `start` (and `data`, `end`) to look at elements."""

    def doctype(self, name: str | None, public_id: str | None, system_id: str | None) -> None:
        raise DoctypeFound(name)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def data(self, data: str) -> None:
        pass

    def comment(self, text: str) -> None:
        pass

    def close(self) -> Any:
        return self


def scan(data: bytes, target: Target) -> Any:
    """Feed ``data`` to ``target``; raises `DoctypeFound` or `lxml.etree.XMLSyntaxError`."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        target=target,
    )
    return etree.fromstring(data, parser)


def local_name(tag: str) -> str:
    """``{namespace}name`` → ``name``."""
    return tag.rpartition("}")[2]
