#!/usr/bin/env bash
# Set up imr-desk on a fresh Debian/Ubuntu machine with Python 3.11+:
# the system libraries Qt needs, poppler-utils and Tesseract (OCR), python3-venv
# (Debian splits `python3 -m venv` out), PostgreSQL's server for the tests (--test only),
# then a virtual environment in .venv with imr-desk installed in it.
#   bash packaging/setup.sh          # for running the app
#   bash packaging/setup.sh --test   # also the test tools
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

sudo_cmd=""
if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
if command -v apt-get >/dev/null 2>&1; then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
    libxcb-randr0 libxcb-render-util0 libxcb-image0 libglib2.0-0 \
    poppler-utils tesseract-ocr tesseract-ocr-eng python3-venv >/dev/null
  if [ -n "$extras" ]; then
    # The tests start their own PostgreSQL server from Debian's binaries (tests/support/pg_server.py).
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
      postgresql >/dev/null
  fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
echo "imr-desk is installed in $(pwd)/.venv"
