#!/usr/bin/env bash
# The test command of the README, and what CI runs (.ci/run): installs what is
# missing, builds once in release mode, runs every test in release mode (the MIP
# solver is slow in debug builds), and ends with one total line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# setup.sh installed Chromium: the report test must open the page, not skip.
export CRECHE_REQUIRE_CHROMIUM=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --release --locked 2>&1 | tee "$log" || status=$?
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
