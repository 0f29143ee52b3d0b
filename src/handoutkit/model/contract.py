"""Names shared by the notebooks, the workers and the builder (kept free of heavy imports)."""

from __future__ import annotations

# What the notebooks display, and the builder reads back from the executed notebooks.
PAGE_MIMETYPE = "application/vnd.handoutkit.page+json"
WARNINGS_MIMETYPE = "application/vnd.handoutkit.warnings+json"
# Quality-check findings and figures (handoutkit.notebook.Checks), kept in the manifest.
CHECKS_MIMETYPE = "application/vnd.handoutkit.checks+json"
PPTX_MIMETYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# The deck's slides as JSON (handoutkit.outputs.deck.outline), for the browser deck's exporter.
OUTLINE_MIMETYPE = "application/vnd.handoutkit.deck-outline+json"

# Cell tags the builder takes outputs from.
HANDOUT_TAG = "handout"
DECK_TAG = "deck"

# The papermill engine that keeps a warm kernel per worker (see engine.py).
ENGINE_NAME = "handoutkit"
