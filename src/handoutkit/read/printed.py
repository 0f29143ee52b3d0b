"""What a job prints, piece by piece with where it comes from, and its glyph check.

Every output prints the document, the clinic's brand strings and Handout Kit's own labels.
`printed_texts` lists them (the outputs subset their fonts to the same characters) and
`check_glyphs` proves, before anything is rendered, that a font the outputs use draws each
character: a missing glyph is an error naming the character, its file and place.
"""

from __future__ import annotations

from ..fonts import FontChain, Text, check_coverage, font_chain
from ..language import Labels, Language, language_for
from ..language.labels import LABELS
from ..model import (
    Block,
    Figure,
    Handout,
    ListBlock,
    Notice,
    Paragraph,
    Subheading,
    Table,
    Tagline,
)

DIGITS = "0123456789"  # page numbers, step numbers, dates


def labels_of(handout: Handout) -> tuple[Labels, Language | None]:
    """The labels the job prints (English where its language has none) and its language."""
    language = language_for(handout.document.language)
    return (language.labels if language is not None else LABELS["en"]), language


def printed_texts(handout: Handout) -> tuple[Text, ...]:
    """Every piece of text the job's outputs may print, with its file and place."""
    document, clinic = handout.document, handout.clinic
    labels, language = labels_of(handout)
    meta = document.meta
    texts = [
        Text(meta.title, document.source, "front matter, field 'title'"),
        Text(meta.subtitle or "", document.source, "front matter, field 'subtitle'"),
        Text(meta.reviewed_by or "", document.source, "front matter, field 'reviewed_by'"),
    ]
    for section in document.sections:
        where = f"section '{section.title}' (from line {section.line})"
        texts.append(Text(section.title, document.source, where))
        texts += [Text(block_text(block), document.source, where) for block in section.blocks]
    texts += [
        Text(clinic.name, clinic.source, "field 'meta.name'"),
        Text(clinic.short_name, clinic.source, "field 'meta.name.short'"),
    ]
    for name in ("phone", "email", "website", "address", "booking_url"):
        value = getattr(clinic.contact, name)
        if isinstance(value, str):
            texts.append(Text(value, clinic.source, f"field 'defaults.handoutkit.{name}'"))
    source = language.source if language is not None else None
    for tagline in handout.taglines:
        texts.append(Text(tagline.text, tagline.source, "the notice"))
    own = clinic.contact.disclaimer_in(document.language)
    texts.append(
        Text(own, clinic.source, "field 'defaults.handoutkit.disclaimer'")
        if own is not None
        else Text(labels.disclaimer, source, "[labels] disclaimer")
    )
    texts += [Text(word, source, "[labels]") for word in labels.words]
    latest = handout.approval.latest if handout.approval is not None else None
    if latest is not None:  # the record is in the content folder: content/procedures/<p>/<l>.md
        record = document.source.parents[2] / "approvals.jsonl"
        texts.append(Text(f"{latest.by} {latest.role or ''}", record, f"line {latest.line}"))
    if handout.dated is not None:
        texts.append(Text(labels.date(handout.dated) + DIGITS, source, "[labels] dates"))
    return tuple(texts)


def review_line(handout: Handout) -> str:
    """The footer's line: "Approved <date> by <name>, <role>" from the latest approval of
    this very text, else "Reviewed <date> by <name>" from the front matter, else nothing."""
    labels, _ = labels_of(handout)
    approval, meta = handout.approval, handout.document.meta
    if approval is not None and approval.approved and approval.latest is not None:
        latest = approval.latest
        return labels.approved_line(labels.date(latest.at.date()), latest.by, latest.role)
    if meta.reviewed is not None and meta.reviewed_by:
        return labels.reviewed_line(labels.date(meta.reviewed), meta.reviewed_by)
    return ""


def disclaimer_of(handout: Handout) -> str:
    """The disclaimer the job prints: the clinic's in the document's language, else Handout
    Kit's neutral one in that language (`disclaimer_notices` says so)."""
    labels, _ = labels_of(handout)
    own = handout.clinic.contact.disclaimer_in(handout.document.language)
    return own if own is not None else labels.disclaimer


def disclaimer_notices(handout: Handout) -> tuple[Notice, ...]:
    """A notice when the clinic wrote a disclaimer, but not in the document's language."""
    contact, code = handout.clinic.contact, handout.document.language
    if contact.disclaimer is None and not contact.disclaimers:
        return ()
    if contact.disclaimer_in(code) is not None:
        return ()
    _, language = labels_of(handout)
    name = language.name if language is not None else "English"
    return (
        Notice(
            f"the clinic's disclaimer has no version in '{code}'; the handout and the deck "
            f"print Handout Kit's neutral default disclaimer in {name} instead. Fix: add the "
            f"clinic's own under 'defaults: handoutkit: disclaimer: {code}:' (give "
            "'disclaimer:' one entry per language), or set 'language:' there if the one "
            "disclaimer given is already in this language.",
            path=handout.clinic.source,
        ),
    )


def label_notices(handout: Handout) -> tuple[Notice, ...]:
    """A warning when Handout Kit has no words for the document's language."""
    code = handout.document.language
    if language_for(code) is not None:
        return ()
    return (
        Notice(
            f"Handout Kit has no labels for language '{code}'; page numbers, the footer and "
            f"the default disclaimer use English words. Add them as src/handoutkit/language/"
            f"data/{code}.toml (a copy of en.toml with the words translated), or from a "
            f"plugin (available: {', '.join(sorted(LABELS))}).",
            path=handout.document.source,
        ),
    )


def block_text(block: Block) -> str:
    """The characters ``block`` prints (a list its step numbers too)."""
    if isinstance(block, Paragraph | Subheading):
        return block.text
    if isinstance(block, ListBlock):
        return "".join(item.text for item in block.items) + DIGITS + "."
    if isinstance(block, Table):
        cells = [*block.header, *(cell for row in block.rows for cell in row)]
        return "".join(span.text for cell in cells for span in cell)
    assert isinstance(block, Figure)
    return block.alt


def text_chains(handout: Handout, text: str) -> tuple[FontChain, FontChain]:
    """The font chains of the body and the headings, for ``text``."""
    typography = handout.clinic.typography
    language = language_for(handout.document.language)
    return (
        font_chain(typography.base, text=text, language=language,
                   brand_fonts=typography.scripts, tag=handout.document.language),
        font_chain(typography.headings, text=text, language=language,
                   brand_fonts=typography.scripts, tag=handout.document.language),
    )  # fmt: skip


def check_glyphs(handout: Handout) -> None:
    """Raise `FontError` for a character of the job that no font of the outputs draws: in
    the chains of the body and the headings, and each notice of language assistance in
    the chain of its own language."""
    texts = printed_texts(handout)
    check_coverage(texts, text_chains(handout, "".join(t.text for t in texts)))
    for tagline in handout.taglines:
        piece = Text(tagline.text, tagline.source, "the notice")
        check_coverage((piece,), (tagline_chain(handout, tagline),))


def tagline_chain(handout: Handout, tagline: Tagline) -> FontChain:
    """The fonts a notice of language assistance is drawn in: its own language's."""
    typography = handout.clinic.typography
    return font_chain(
        typography.base,
        text=tagline.text,
        language=language_for(tagline.language),
        tag=tagline.language,
        brand_fonts=typography.scripts,
    )
