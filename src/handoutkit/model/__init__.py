"""Frozen, typed models of what was read and what a build records.

Readers (`read`) build these after validation; renderers only read them. Assets carry their
bytes so renderers never touch the filesystem. Every step may import them.
"""

from .approval import Approval, ApprovalState, ApprovalStatus, SentenceDiff
from .asset import Asset
from .clinic import Clinic, Colors, Contact, FontFace, FontFamily, ScriptFont, Typography
from .document import (
    Block,
    Document,
    DocumentMeta,
    Figure,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    Span,
    Subheading,
    Table,
    plain,
)
from .findings import Finding, Status
from .job import Handout, JobKey, Notice, Paper, Tagline
from .records import Entry, Failure, JobRecord, Manifest
from .run import JobOutcome, JobSpec, Output

__all__ = [
    "Approval",
    "ApprovalState",
    "ApprovalStatus",
    "Asset",
    "Block",
    "Clinic",
    "Colors",
    "Contact",
    "Document",
    "DocumentMeta",
    "Entry",
    "Failure",
    "Figure",
    "Finding",
    "FontFace",
    "FontFamily",
    "Handout",
    "Inline",
    "JobKey",
    "JobOutcome",
    "JobRecord",
    "JobSpec",
    "ListBlock",
    "ListItem",
    "Manifest",
    "Notice",
    "Output",
    "Paper",
    "Paragraph",
    "ScriptFont",
    "Section",
    "SentenceDiff",
    "Span",
    "Status",
    "Subheading",
    "Table",
    "Tagline",
    "Typography",
    "plain",
]
