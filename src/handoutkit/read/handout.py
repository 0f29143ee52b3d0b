"""One job's inputs, read and validated: its clinic's brand and its procedure document."""

from __future__ import annotations

from dataclasses import replace

from ..model import Handout, JobKey
from .brand import read_clinic
from .catalog import Catalog
from .content import read_document
from .printed import check_glyphs, disclaimer_notices


def load_handout(catalog: Catalog, key: JobKey) -> Handout:
    """Read and validate everything the job ``key`` needs, down to a glyph for each
    character it prints."""
    clinic, clinic_notices = read_clinic(catalog.brand_path(key.clinic).parent)
    document, doc_notices = read_document(
        catalog.document_path(key.procedure, key.language), content_root=catalog.root
    )
    handout = Handout(document=document, clinic=clinic, notices=clinic_notices + doc_notices)
    check_glyphs(handout)
    notices = disclaimer_notices(handout)
    return replace(handout, notices=handout.notices + notices) if notices else handout
