"""Where the build folder's own pages are, and how they link each other.

The gallery and the quality report are paged so that a catalog of tens of thousands of jobs
never makes one huge page:

- ``index.html``: the gallery's entry page (a search over ``gallery/index.js``, and every
  clinic listed); ``gallery/<clinic>.html``: one clinic's cards; ``gallery/index.json``
  and ``gallery/index.js``: a compact row per job (the same rows, as JSON and as a script
  that a page opened from disk can load).
- ``checks.html``: the quality report's entry page (the errors, counts per clinic and per
  procedure); ``checks/<clinic>.html``: a clinic's brand and handout checks;
  ``checks/procedures/<procedure>.html``: the document checks of a procedure's languages
  (a document is shared by every clinic). ``checks.json`` stays one file.

Clinic and procedure slugs are lowercase letters, digits and hyphens (`read.catalog.SLUG`):
never a name with a dot or an underscore, so these pages never meet a clinic's own output
folder (``<clinic>/<procedure>/<clinic>_<procedure>_<language>...``) even for a clinic
called ``gallery`` or ``checks``. They are still quoted in every link.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..quality.names import CHECKS_HTML, CHECKS_JSON, anchor

GALLERY = "index.html"
GALLERY_FOLDER = "gallery"
INDEX_JSON = f"{GALLERY_FOLDER}/index.json"
INDEX_SCRIPT = f"{GALLERY_FOLDER}/index.js"
CHECKS_FOLDER = "checks"
PROCEDURES_FOLDER = f"{CHECKS_FOLDER}/procedures"

__all__ = [
    "CHECKS_FOLDER",
    "CHECKS_HTML",
    "CHECKS_JSON",
    "GALLERY",
    "GALLERY_FOLDER",
    "INDEX_JSON",
    "INDEX_SCRIPT",
    "PROCEDURES_FOLDER",
    "checks_clinic_page",
    "checks_procedure_page",
    "clinic_page",
    "href",
    "is_page_name",
]

# A page of one clinic or procedure: a slug and ``.html`` (an output file always has an
# underscore in its name, so a sweep of stale pages never touches one).
_PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.html$")


def href(path: str) -> str:
    """``path`` (with forward slashes) as a URL path: every part percent-encoded."""
    return quote(path, safe="/")


def clinic_page(clinic: str) -> str:
    """``gallery/<clinic>.html``, relative to the build folder."""
    return f"{GALLERY_FOLDER}/{clinic}.html"


def checks_clinic_page(clinic: str) -> str:
    """``checks/<clinic>.html``, relative to the build folder."""
    return f"{CHECKS_FOLDER}/{clinic}.html"


def checks_procedure_page(procedure: str) -> str:
    """``checks/procedures/<procedure>.html``, relative to the build folder."""
    return f"{PROCEDURES_FOLDER}/{procedure}.html"


def document_checks(procedure: str, language: str) -> str:
    """A document's part of the report, relative to the build folder (with its fragment)."""
    page = href(checks_procedure_page(procedure))
    return f"{page}#{anchor('document', f'{procedure}/{language}')}"


def is_page_name(name: str) -> bool:
    """True for a file name a clinic's or a procedure's page may have (``<slug>.html``)."""
    return bool(_PAGE_NAME.match(name))
