"""One job's inputs, read and validated: its clinic's brand, its procedure document, the
notices of language assistance that apply to it; and every character checked for a glyph."""

from __future__ import annotations

from dataclasses import replace

from ..model import Clinic, Document, Handout, JobKey, Notice
from .approvals import approval_state, read_approvals
from .brand import read_clinic
from .catalog import Catalog
from .content import read_document
from .printed import check_glyphs, disclaimer_notices, label_notices
from .taglines import ordered, read_taglines


def load_handout(catalog: Catalog, key: JobKey) -> Handout:
    """Read and validate everything the job ``key`` needs, down to a glyph for each
    character it prints."""
    clinic, clinic_notices = read_clinic(catalog.brand_path(key.clinic).parent)
    document, doc_notices = read_document(
        catalog.document_path(key.procedure, key.language), content_root=catalog.root
    )
    return assemble(catalog, key, clinic, document, clinic_notices + doc_notices)


def assemble(
    catalog: Catalog, key: JobKey, clinic: Clinic, document: Document, notices: tuple[Notice, ...]
) -> Handout:
    """The job's `Handout` from its clinic and document: with the notices of language
    assistance, the languages of its procedure and its approval; its glyphs checked (a
    `FontError` names a character no font draws) and its language's warnings added."""
    taglines, skipped = read_taglines(catalog.root, key.clinic)
    handout = Handout(
        document=document,
        clinic=clinic,
        notices=notices + skipped,
        taglines=ordered(taglines, document.language),
        languages=catalog.languages_of(key.procedure),
        approval=approval_state(document, read_approvals(catalog.root)),
    )
    check_glyphs(handout)
    more = label_notices(handout) + disclaimer_notices(handout)
    return replace(handout, notices=handout.notices + more)
