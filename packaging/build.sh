#!/usr/bin/env bash
# Build the one-folder bundle dist/imr-desk/ with PyInstaller, then smoke-test it offscreen:
# --version, parse a sample letter, and open the window (it closes itself once shown).
#   bash packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
if ! "$py" -c "import PyInstaller" 2>/dev/null; then
  echo "Installing PyInstaller into .venv"
  "$py" -m pip install -q "pyinstaller>=6.0"
fi
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/imr-desk.spec

app=dist/imr-desk/imr-desk
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export QT_QPA_PLATFORM=offscreen IMR_DESK_DB="$scratch/store.db" IMR_DESK_LOG_DIR="$scratch/logs"

echo "smoke test: --version"
"$app" --version
echo "smoke test: parse a sample letter"
"$app" parse dist/imr-desk/_internal/imr_desk/resources/samples/sample-partial.pdf \
  | "$py" -c "import json, sys; l = json.load(sys.stdin); print(l['header']['case_number'], '-', len(l['decisions']), 'decisions')"
echo "smoke test: open the window offscreen"
IMR_DESK_SMOKE_TEST=1 timeout 60 "$app" 2>"$scratch/window.err" || { cat "$scratch/window.err"; exit 1; }
grep "window shown after" "$scratch/window.err"
echo "dist/imr-desk/ is built ($(du -sh dist/imr-desk | cut -f1)) and starts."
