#!/usr/bin/env bash
# The README's screenshots, from the binary, so that they cannot drift:
# the procès-verbal of the default commission and the what-if report of
# instances/scenarios/capacity.json, in French and in English, each opened
# in headless Chromium (scripts/setup.sh installs it).
#
#   bash scripts/screenshots.sh        # writes docs/img/{minutes,compare}-{fr,en}.png
#
# The binary is target/release/creche-alloc, or $CRECHE_ALLOC.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CRECHE_ALLOC:-target/release/creche-alloc}"
browser=$(command -v chromium || command -v chromium-browser)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shot() { # html png width height
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --window-size="$3,$4" --screenshot="$2" "file://$1" >/dev/null 2>&1
  echo "screenshots: $2"
}

"$bin" solve --quiet --out "$work/allocation.json"
for lang in fr en; do
  "$bin" minutes instances/default.json "$work/allocation.json" --lang "$lang" \
    --out "$work/minutes-$lang.html"
  shot "$work/minutes-$lang.html" "docs/img/minutes-$lang.png" 1200 1800
  "$bin" compare instances/scenarios/capacity.json --lang "$lang" \
    --out "$work/compare-$lang" >/dev/null
  shot "$work/compare-$lang/report.html" "docs/img/compare-$lang.png" 1280 2400
done
