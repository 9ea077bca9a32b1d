#!/usr/bin/env bash
# Install everything the tests need into .venv and run them. README's second command; .ci/run calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium for the report tests (skipped with a reason when it cannot be installed).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }) \
    || echo "note: chromium could not be installed; browser tests will skip"
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
