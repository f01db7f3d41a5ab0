#!/usr/bin/env bash
# The test command of the README, and what CI runs (.ci/run): installs what is
# missing, builds once in release mode, runs every test in release mode (the MIP
# solver is slow in debug builds).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --release --locked
