"""Every bound Handout Kit puts on its inputs, in one place.

Content, brand folders and templates come from many clinics, so every input
is bounded before it is parsed, decoded or inflated: a document too large, a
list too deep, a picture with too many pixels or a zip bomb is refused with a
message that names the limit, never worked on for minutes. The README's
"Safety and limits" section lists these same values (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limit:
    """One bound: its name in messages, its value and the unit it is counted in."""

    name: str
    value: int
    unit: str  # "bytes", "levels", "columns", ...
    fix: str = ""  # how to get under it, when the general advice does not fit

    @property
    def shown(self) -> str:
        """The value as people read it: ``256 KB``, ``6 columns``."""
        if self.unit == "bytes":
            return _size(self.value)
        if self.unit == "pixels":
            return f"{self.value / 1_000_000:g} megapixels"
        return f"{self.value:,} {self.unit}"

    def exceeded(self, found: int | str) -> str:
        """``the {name} is limited to {value} (found {found})``, for a message's problem."""
        found_text = _size(found) if isinstance(found, int) and self.unit == "bytes" else found
        if isinstance(found, int) and self.unit != "bytes":
            found_text = f"{found:,}"
        return f"Handout Kit's limit on the {self.name} is {self.shown} (found {found_text})"


def _size(value: int) -> str:
    if value >= 1024 * 1024:
        return f"{value / (1024 * 1024):g} MB"
    if value >= 1024:
        return f"{value / 1024:g} KB"
    return f"{value} bytes"


KB = 1024
MB = 1024 * KB

# --- text files -------------------------------------------------------------------------
DOCUMENT_BYTES = Limit(
    "size of a procedure document",
    64 * KB,
    "bytes",
    "shorten the document, or split it into two procedures (a handout is a few pages)",
)
FRONT_MATTER_BYTES = Limit("size of a document's front matter", 16 * KB, "bytes")
YAML_FILE_BYTES = Limit(
    "size of a brand or settings file",
    64 * KB,
    "bytes",
    "remove long comments and fields Handout Kit does not use",
)
YAML_DEPTH = Limit("nesting depth of YAML", 16, "levels")
TEMPLATE_BYTES = Limit(
    "size of a template override",
    256 * KB,
    "bytes",
    "keep only the markup the override changes; pictures belong in the brand file",
)

# --- document structure ---------------------------------------------------------------
NESTING_DEPTH = Limit("nesting depth of lists", 1, "level")  # lists in lists are refused
SECTIONS = Limit("number of sections in a document", 40, "sections")
LIST_ITEMS = Limit("number of items in one list", 40, "items")
TABLE_COLUMNS = Limit("number of columns in a table", 6, "columns")
TABLE_ROWS = Limit("number of rows in a table", 40, "rows")
FIGURES = Limit("number of pictures in a document", 12, "pictures")
FIGURE_BYTES = Limit("size of all the pictures of a document", 8 * MB, "bytes")

# --- files named by content and brand files -------------------------------------------
IMAGE_BYTES = Limit(
    "size of a picture file",
    5 * MB,
    "bytes",
    "save the picture at a lower resolution (2000 pixels on its longer side is plenty)",
)
IMAGE_PIXELS = Limit("pixels of a picture", 40_000_000, "pixels")
FONT_BYTES = Limit(
    "size of a font file",
    32 * MB,
    "bytes",
    "use the font's regular, bold and italic files, not a collection of every weight",
)
FONT_FILES = Limit("number of font files of a clinic", 24, "files")
IMPORT_BYTES = Limit(
    "size of a Word document to import",
    50 * MB,
    "bytes",
    "save the pictures at a lower resolution (Word: File > Compress Pictures)",
)
IMPORT_TEXT_BYTES = Limit("size of a text or Markdown file to import", 1 * MB, "bytes")
APPROVAL_RECORD_BYTES = Limit(
    "size of the approval record (approvals.jsonl)",
    64 * MB,
    "bytes",
    "archive the record's old lines in version control and keep the latest approvals",
)
NOTICE_FILES = Limit("number of language-assistance notices", 80, "languages")
NOTICE_BYTES = Limit("size of a language-assistance notice", 8 * KB, "bytes")
SCRIPT_FONTS = Limit("number of fonts a brand names per script or language", 40, "fonts")

# --- PowerPoint templates (zip files) -------------------------------------------------
PPTX_TEMPLATE_BYTES = Limit(
    "size of a PowerPoint template",
    50 * MB,
    "bytes",
    "in PowerPoint, use File > Compress Pictures and delete sample slides, videos and "
    "unused layouts, then save the template again",
)
PPTX_INFLATED_BYTES = Limit("unpacked size of a PowerPoint template", 50 * MB, "bytes")
PPTX_MEMBERS = Limit("number of parts in a PowerPoint template", 2000, "parts")

# --- folders --------------------------------------------------------------------------
FOLDER_FILES = Limit("number of files in a clinic or procedure folder", 2000, "files")
FOLDER_BYTES = Limit("size of a clinic or procedure folder", 256 * MB, "bytes")

ALL: tuple[Limit, ...] = tuple(value for value in globals().values() if isinstance(value, Limit))
