#!/bin/sh
# Regenerate the README screenshots from build/: page 1 of the demo handout and a slide.
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
echo "wrote docs/images/handout-page1.png and docs/images/slide.png (slide $slide)"
