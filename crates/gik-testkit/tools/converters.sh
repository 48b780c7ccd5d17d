#!/usr/bin/env bash
# Generated reports through real converters: the generator's DOCX files turned
# into HTML and text by LibreOffice, and into PDF by LibreOffice and back into
# text by poppler's pdftotext (no option, -layout, -raw), each scored against
# the truth with ../shared/tools/score (or SCORE=path). Not part of the test
# suite: it needs Debian's libreoffice-writer-nogui, poppler-utils and a CJK
# font (fonts-wqy-zenhei); without the font LibreOffice lays Chinese out with
# a fallback of other widths.
#
#   crates/gik-testkit/tools/converters.sh [N]     # seeds 0..N-1 (default 30)
#   GIK_BIN=/path/to/gik crates/gik-testkit/tools/converters.sh   # score another build
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
n="${1:-30}"
score="${SCORE:-$repo/../shared/tools/score}"
for tool in soffice pdftotext; do
  command -v "$tool" >/dev/null || { echo "converters.sh: $tool not found (apt-get install libreoffice-writer-nogui poppler-utils fonts-wqy-zenhei)" >&2; exit 1; }
done
cargo build --release --quiet -p gik-testkit --bin roundtrip -p gik-cli --manifest-path "$repo/Cargo.toml"
target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
work="$(mktemp -d)"
[ -n "${KEEP:-}" ] && echo "work dir: $work" >&2 || trap 'rm -rf "$work"' EXIT
for s in $(seq 0 $((n - 1))); do
  "$target/release/roundtrip" --one "$s" --layout docx --dump "$work" > /dev/null
done
# tracked revisions accepted first (one generated DOCX in ten has some): the
# converters would print the deleted text beside the inserted one ("403" + "0")
python3 - "$work" <<'PY'
import re, sys, zipfile, pathlib
for p in pathlib.Path(sys.argv[1]).glob("*.docx"):
    zin = zipfile.ZipFile(p)
    items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    zin.close()
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "word/document.xml":
                x = data.decode("utf-8")
                x = re.sub(r"<w:del\b[^>]*>.*?</w:del>", "", x, flags=re.S)
                x = re.sub(r"<w:ins\b[^>]*>(.*?)</w:ins>", r"\1", x, flags=re.S)
                data = x.encode("utf-8")
            zout.writestr(info, data)
PY
(cd "$work" && soffice --headless --convert-to html --outdir out ./*.docx > /dev/null 2>&1 \
  && soffice --headless --convert-to "txt:Text (encoded):UTF8" --outdir out ./*.docx > /dev/null 2>&1 \
  && soffice --headless --convert-to pdf --outdir out ./*.docx > /dev/null 2>&1)
for v in lo-html lo-txt pdf-default pdf-layout pdf-raw; do mkdir -p "$work/$v"; done
for s in $(seq 0 $((n - 1))); do
  b="docx-$s"
  cp "$work/out/$b.html" "$work/lo-html/$b.html"
  cp "$work/out/$b.txt" "$work/lo-txt/$b.txt"
  pdftotext "$work/out/$b.pdf" "$work/pdf-default/$b.txt"
  pdftotext -layout "$work/out/$b.pdf" "$work/pdf-layout/$b.txt"
  pdftotext -raw "$work/out/$b.pdf" "$work/pdf-raw/$b.txt"
  for v in lo-html lo-txt pdf-default pdf-layout pdf-raw; do cp "$work/$b.truth.tsv" "$work/$v/$b.expected.tsv"; done
done
for v in lo-html lo-txt pdf-layout pdf-raw pdf-default; do
  printf '%-12s ' "$v"
  { "$score" "$work/$v" -- "${GIK_BIN:-$target/release/gik}" parse --format flat || true; } | tail -2 | tr "\n" " "
  echo
done
