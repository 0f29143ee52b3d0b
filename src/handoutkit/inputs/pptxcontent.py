"""What a PowerPoint template's parts carry, and whether a deck built on it keeps them.

`check_template_parts` works out which parts a deck built on the template keeps
(those its master and layouts refer to; never its sample slides) and refuses,
naming the part: a VBA project or a macro-enabled main part wherever it is, and
kept ActiveX controls, OLE objects and embedded packages, and links to anything
outside the file except web and e-mail hyperlinks (``http:``, ``https:``,
``mailto:``).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..errors import BrandError
from .pptxpackage import ContentType, Relationship
from .pptxzip import CONTENT_TYPES, printable, template_error

_SAFE_LINK = re.compile(r"(?:https?:|mailto:)[^\x00-\x1f\x7f]*", re.IGNORECASE)
_PART_KINDS = re.compile(
    r"ppt/(?:(slideMasters/slideMaster)|(slideLayouts/slideLayout)|(slides/slide)"
    r"|(notesMasters/notesMaster)|(notesSlides/notesSlide)|(handoutMasters/handoutMaster))"
    r"(\d+)\.xml",
    re.IGNORECASE,
)
_KIND_NAMES = (
    "slide master",
    "slide layout",
    "slide",
    "notes master",
    "notes page",
    "handout master",
)

_NEVER_COPIED = (
    "Handout Kit never copies macros, controls or embedded programs into decks, so it does "
    "not build decks on a template that carries them."
)
_VBA_FIX = (
    "in PowerPoint, choose File > Save As > PowerPoint Template (*.potx) (not PowerPoint "
    "Macro-Enabled Template, *.potm), which leaves the macros out, and point pptx_template "
    "at the new file."
)
_ACTIVEX_FIX = (
    "open the template in PowerPoint, go to View > Slide Master, delete the ActiveX control "
    "(a button, text box or other control from the Developer tab) from the slide master, "
    "its layouts and any sample slide, save it again as .pptx or .potx and point "
    "pptx_template at the new file."
)
_EMBEDDED_FIX = (
    "open the template in PowerPoint, go to View > Slide Master, delete the embedded object "
    "(an inserted file, OLE object or a chart with its embedded workbook; replace it by a "
    "picture if you need its look) from the slide master, its layouts and any sample slide, "
    "save it again as .pptx or .potx and point pptx_template at the new file."
)


def check_template_parts(
    names: list[str],
    content_types: list[ContentType],
    relationships: list[Relationship],
    *,
    path: Path,
) -> None:
    """Refuse a template whose parts carry active content or links outside the file.

    ``names`` are every part's name; raises `BrandError` naming ``path`` and the part.
    """
    _Parts(names, content_types, relationships, path).run()


class _Parts:
    def __init__(
        self,
        names: list[str],
        content_types: list[ContentType],
        relationships: list[Relationship],
        path: Path,
    ) -> None:
        self.names = names
        self.path = path
        self.content_types = content_types
        self.relationships = relationships
        self.reachable: set[str] = set()

    def fail(self, problem: str, fix: str, part: str | None = None) -> BrandError:
        return template_error(self.path, problem, fix, part)

    def run(self) -> None:
        self.reachable = self.kept_parts()
        self.check_vba(self.names)
        self.check_activex(self.names)
        self.check_embedded(self.names)
        self.check_external()

    def kept_parts(self) -> set[str]:
        """The parts (case-folded) a deck built on the template keeps: those reachable from
        the package through internal relationships, but not through slides. Handout Kit
        removes a template's sample slides before it draws, and python-pptx writes only the
        parts still reachable, so a chart or a linked picture on a sample slide is never
        carried into a deck; the same on a master or layout is."""
        by_source: dict[str, list[Relationship]] = {}
        for rel in self.relationships:
            if not rel.external and rel.source is not None:
                by_source.setdefault(rel.source.casefold(), []).append(rel)
        reachable, stack = {""}, [""]
        while stack:
            for rel in by_source.get(stack.pop(), ()):
                target = rel.target_part.casefold()
                if rel.kind.lower() != "slide" and target not in reachable:
                    reachable.add(target)
                    stack.append(target)
        return reachable

    def keeps(self, part: str | None) -> bool:
        return part is not None and part.casefold() in self.reachable

    def users_of(self, part: str) -> str:
        """``, used by slide layout 2 (…)``: who refers to a part, for messages."""
        users = [
            rel.source
            for rel in self.relationships
            if not rel.external
            and rel.source is not None
            and rel.target_part.casefold() == part.casefold()
        ]
        if not users:
            return ""
        shown = ", ".join(_describe(user) for user in dict.fromkeys(users))
        return f", used by {shown}"

    def refuse(self, found: str, fix: str, part: str) -> BrandError:
        return self.fail(f"the PowerPoint template {found}. {_NEVER_COPIED}", fix, part=part)

    def check_content_type(
        self, words: tuple[str, ...], what: str, fix: str, *, kept_only: bool = True
    ) -> None:
        for part, content_type, covered in self.content_types:
            lowered = content_type.lower()
            if not any(word in lowered for word in words):
                continue
            if kept_only and not self.declares_kept(part, covered):
                continue
            if part is None:
                raise self.refuse(
                    f"declares {what}: {CONTENT_TYPES} gives {printable(covered)} the content "
                    f"type '{printable(content_type)}'",
                    fix,
                    CONTENT_TYPES,
                )
            raise self.refuse(
                f"carries {what}: its part {printable(part)} has the content type "
                f"'{printable(content_type)}' (declared in {CONTENT_TYPES})",
                fix,
                part,
            )

    def declares_kept(self, part: str | None, covered: str) -> bool:
        """Does a content type's Override name a kept part (or its Default cover one)?"""
        if part is not None:
            return self.keeps(part)
        extension = covered.removesuffix(" files").casefold()  # ".bin files" → ".bin"
        return any(kept.endswith(extension) for kept in self.reachable)

    def check_relationship_kind(
        self, kinds: tuple[str, ...], what: str, fix: str, *, kept_only: bool = True
    ) -> None:
        for rel in self.relationships:
            if kept_only and not (rel.source == "" or self.keeps(rel.source)):
                continue
            if rel.kind.lower() in kinds:
                target = printable(rel.target) if rel.external else printable(rel.target_part)
                raise self.refuse(
                    f"carries {what}: {_describe(rel.source, rel.rels)} refers to {target} "
                    f"(relationship {printable(rel.rid)} of type '{printable(rel.kind)}')",
                    fix,
                    rel.rels,
                )

    def check_vba(self, names: list[str]) -> None:
        for name in names:
            lowered = name.lower()
            if lowered.endswith("vbaproject.bin") or posixpath.basename(lowered) == "vbadata.xml":
                raise self.refuse(
                    f"carries a VBA project (macros) in {printable(name)}{self.users_of(name)}",
                    _VBA_FIX,
                    name,
                )
        for part, content_type, _ in self.content_types:
            lowered = content_type.lower()
            if part is not None and "macroenabled" in lowered and "main+xml" in lowered:
                raise self.refuse(
                    f"is a macro-enabled PowerPoint file: its main part {printable(part)} has the "
                    f"content type '{printable(content_type)}' (declared in {CONTENT_TYPES})",
                    _VBA_FIX,
                    part,
                )
        # Macros are refused wherever they are, kept or not.
        self.check_content_type(
            ("vbaproject", "macroenabled"), "a VBA project (macros)", _VBA_FIX, kept_only=False
        )
        self.check_relationship_kind(
            ("vbaproject",), "a VBA project (macros)", _VBA_FIX, kept_only=False
        )

    def check_activex(self, names: list[str]) -> None:
        for name in names:
            if name.lower().startswith("ppt/activex/") and self.keeps(name):
                raise self.refuse(
                    f"carries an ActiveX control in {printable(name)}{self.users_of(name)}",
                    _ACTIVEX_FIX,
                    name,
                )
        self.check_content_type(("activex",), "an ActiveX control", _ACTIVEX_FIX)
        self.check_relationship_kind(
            ("control", "activexcontrolbinary"), "an ActiveX control", _ACTIVEX_FIX
        )

    def check_embedded(self, names: list[str]) -> None:
        for name in names:
            if name.lower().startswith("ppt/embeddings/") and self.keeps(name):
                raise self.refuse(
                    f"carries an embedded object or file in {printable(name)}{self.users_of(name)}",
                    _EMBEDDED_FIX,
                    name,
                )
        self.check_content_type(("oleobject",), "an embedded OLE object", _EMBEDDED_FIX)
        self.check_relationship_kind(
            ("oleobject", "package"), "an embedded object or file", _EMBEDDED_FIX
        )

    def check_external(self) -> None:
        for rel in self.relationships:
            if not rel.external or not (rel.source == "" or self.keeps(rel.source)):
                continue
            kind = rel.kind
            if kind.lower() == "hyperlink" and _SAFE_LINK.fullmatch(rel.target):
                continue  # a click on the company's website or e-mail address
            what, fix = _external_kind(kind)
            raise self.fail(
                f"{_describe(rel.source, rel.rels)} links outside the template ({what}): "
                f"relationship {printable(rel.rid)} of type '{printable(kind)}', target "
                f"'{printable(rel.target)}'. A deck built on the template would keep the link, "
                "and PowerPoint would fetch or open that address when the deck is shown; "
                "Handout Kit allows only web and e-mail hyperlinks (http:, https:, mailto:).",
                "open the template in PowerPoint (View > Slide Master shows the master and its "
                f"layouts) and, on {_describe(rel.source, rel.rels)}, {fix}; save it again "
                "and point pptx_template at the new file.",
                part=rel.rels,
            )


def _describe(part: str | None, rels: str | None = None) -> str:
    """``slide layout 2 (ppt/slideLayouts/slideLayout2.xml)``, for messages."""
    if part is None:
        return f"the relationships in {printable(rels or '?')}"
    if part == "":
        return "the package itself (_rels/.rels)"
    if part.lower() == "ppt/presentation.xml":
        return f"the presentation ({printable(part)})"
    match = _PART_KINDS.fullmatch(part)
    if match:
        kind = next(i for i in range(len(_KIND_NAMES)) if match.group(i + 1))
        return f"{_KIND_NAMES[kind]} {match.group(len(_KIND_NAMES) + 1)} ({printable(part)})"
    return printable(part)


def _external_kind(kind: str) -> tuple[str, str]:
    """What an external relationship of this type is, and how to remove it."""
    lowered = kind.lower()
    if lowered == "hyperlink":
        return (
            "a hyperlink that is not a web or e-mail address",
            "change the hyperlink to an http:, https: or mailto: address or remove it",
        )
    if lowered == "image":
        return (
            "a linked picture",
            "delete the picture and insert it again with Insert > Pictures > This Device "
            "(not 'Insert and Link' or 'Link to File')",
        )
    if lowered in ("video", "audio", "media"):
        return "a linked video or sound", "delete it, or insert it from a file instead of a link"
    if lowered == "attachedtemplate":
        return "an attached template", "remove the attached template"
    return (
        f"a link of type '{printable(kind)}'",
        "remove the link (insert the thing itself instead)",
    )
