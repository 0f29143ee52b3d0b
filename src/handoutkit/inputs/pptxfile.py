"""A clinic's PowerPoint template, checked before python-pptx opens it.

A template is a zip of XML parts that a clinic sends us, so nothing in it is
trusted: not its sizes, not its names, not what it asks PowerPoint to run or
fetch. `check_pptx_template` reads the zip's directory, then inflates every
part in small chunks against the size its headers declare and a running
total, keeping only the bytes of ``[Content_Types].xml`` and the ``.rels``
parts, which it parses without entities, network or DTDs. It refuses, with
the part it found the problem in:

* a file too large, not a zip, with too many parts, with unsafe, duplicate or
  encrypted members or an unusual compression;
* a zip that unpacks to more than the limit, or whose headers lie about what
  a part unpacks to (a zip bomb), as soon as the lie shows;
* active content: a VBA project or macro-enabled main part, ActiveX controls,
  OLE objects and embedded packages (Handout Kit never copies them into
  decks, and a deck built with python-pptx would keep whatever the template's
  master and layouts refer to);
* relationships to anything outside the file, except web and e-mail
  hyperlinks (``http:``, ``https:``, ``mailto:``).
"""

from __future__ import annotations

from pathlib import Path

from .pptxcontent import check_template_parts
from .pptxpackage import read_package
from .pptxzip import read_template_zip


def check_pptx_template(data: bytes, *, path: Path) -> None:
    """Refuse a PowerPoint template that is unsafe to build decks on.

    Raises `BrandError` for the first problem found, naming ``path`` and, where
    the problem is in one part, ``part <name>``.
    """
    names, kept = read_template_zip(data, path=path)
    content_types, relationships = read_package(kept, path=path)
    check_template_parts(names, content_types, relationships, path=path)
