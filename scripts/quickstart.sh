#!/usr/bin/env bash
# Installs what is needed, builds, and solves the embedded default commission.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
./target/release/creche-alloc solve --out out/default-allocation.json "$@"
