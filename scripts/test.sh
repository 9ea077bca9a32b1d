#!/usr/bin/env bash
# Install everything the tests need into .venv and run them. README's second command; .ci/run calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium (report tests, HTML renderings), LibreOffice Writer (DOCX renderings) and tesseract
# with its Slovene data (OCR tests); the tests that need them skip with a reason when they cannot be installed.
apt_install() {  # apt_install COMMAND_OR_FILE PACKAGE...
  if [ -e "$1" ] || command -v "$1" >/dev/null 2>&1; then return 0; fi
  shift
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get install -y -q "$@" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$@" >/dev/null 2>&1; }) \
      || echo "note: $* could not be installed; the tests that need it will skip"
  fi
}
apt_install chromium chromium
apt_install soffice libreoffice-writer-nogui
apt_install tesseract tesseract-ocr tesseract-ocr-slv
# the font families the sampled layouts and the Word/LibreOffice renderings draw from (Calibri/Cambria metrics too)
apt_install /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf fonts-crosextra-carlito fonts-crosextra-caladea
apt_install /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf fonts-noto-core
if command -v tesseract >/dev/null 2>&1 && ! tesseract --list-langs 2>/dev/null | grep -qx slv; then
  apt_install /nonexistent tesseract-ocr-slv
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[dev,dask]'

set +e
.venv/bin/python -m pytest -n 2 -rs "$@"
rc=$?
set -e
# exit code 5 means "no tests collected": not a failure of the code under test
if [ "$rc" = 5 ]; then echo "no tests collected"; exit 0; fi
exit "$rc"
