#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian/Ubuntu machine, then
# builds the project in release mode. Idempotent: a second run installs nothing.
#
# - cmake, g++ and libclang-dev: highs-sys compiles HiGHS from source (cmake) and
#   generates its bindings with bindgen (libclang).
# - python3 + grpcio/grpcio-tools: the Python example client of the gRPC service,
#   which the test suite runs against the real server.
# - chromium: the what-if report is opened headless once and a screenshot taken.
#
# --no-test-tools leaves out what only the tests need (Python and its
# requirements, Chromium): the container image's build stage (Dockerfile)
# runs this script so, and builds exactly as CI does.
set -euo pipefail
cd "$(dirname "$0")/.."

test_tools=1
if [ "${1:-}" = "--no-test-tools" ]; then test_tools=0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for pkg in cmake g++ libclang-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "$test_tools" = 1 ]; then
  if ! command -v python3 >/dev/null 2>&1; then missing+=(python3 python3-pip python3-venv);
  elif ! python3 -m pip --version >/dev/null 2>&1; then missing+=(python3-pip); fi
  # Headless Chromium opens the what-if report once in tests/whatif.rs (Debian's package).
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    missing+=(chromium)
  fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$test_tools" = 1 ] && [ -f examples/python/requirements.txt ]; then
  if ! python3 -c "import grpc, grpc_tools, grpc_status" >/dev/null 2>&1; then
    echo "setup: installing the Python example's requirements"
    pip_install=(python3 -m pip install --quiet --disable-pip-version-check -r examples/python/requirements.txt)
    # Debian's own python3 refuses system-wide installs (PEP 668); pyenv's does not.
    "${pip_install[@]}" 2>/dev/null || "${pip_install[@]}" --break-system-packages
  fi
fi

echo "setup: building (release)"
cargo build --release --locked --all-targets
