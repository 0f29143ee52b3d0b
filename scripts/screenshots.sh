#!/bin/sh
# Regenerate the README screenshots from build/: page 1 of the demo handout, a slide of the demo
# deck, and the same slide on a corporate PowerPoint template (the 16:9 one the tests make).
# Needs pdftoppm (poppler-utils) and LibreOffice Impress (libreoffice-impress).
set -eu
cd "$(dirname "$0")/.."
stem=build/larkspur-skin/microneedling/larkspur-skin_microneedling_en
slide=${SLIDE:-4}
for tool in pdftoppm soffice; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install poppler-utils libreoffice-impress" >&2; exit 1; }
done
[ -f "${stem}_handout-letter.pdf" ] || { echo "run 'make build' first" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p docs/images
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "${stem}_handout-letter.pdf" docs/images/handout-page1
soffice --headless --convert-to pdf --outdir "$scratch" "${stem}_slides.pptx" >/dev/null
pdftoppm -png -r 60 -f "$slide" -l "$slide" -singlefile "$scratch/$(basename "$stem")_slides.pdf" docs/images/slide
.venv/bin/python - "$scratch" <<'PY'
import io, sys, tempfile
from pathlib import Path
sys.path.insert(0, ".")
from tests.render.test_pptx_templates import handout_on, wide_template
from handoutkit.outputs.deck.pptx import render_deck
handout = handout_on(Path(tempfile.mkdtemp()), "corporate.pptx", wide_template())
Path(sys.argv[1], "template.pptx").write_bytes(render_deck(handout))
PY
soffice --headless --convert-to pdf --outdir "$scratch" "$scratch/template.pptx" >/dev/null
pdftoppm -png -r 60 -f "$slide" -l "$slide" -singlefile "$scratch/template.pdf" docs/images/slide-template
echo "wrote docs/images/handout-page1.png, slide.png and slide-template.png (slide $slide)"
