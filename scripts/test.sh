#!/usr/bin/env bash
# Install Confero with its test tools and run the whole test suite.
#   scripts/test.sh                  SQLite (embedded default)
#   DATABASE_URL=postgres://... scripts/test.sh     PostgreSQL (pytest-django makes and drops test_<name>)
#   scripts/test.sh -k pdf           extra arguments go to pytest
# Browser tests need Chromium at /usr/bin/chromium (installed with apt-get when running as root).
# CONFERO_EXTRAS (default "dev") chooses the extras to install, e.g. "dev,embeddings".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh "${CONFERO_EXTRAS:-dev}"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium for the browser tests (apt-get)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium not found; browser tests will be skipped" >&2
  fi
fi

export CONFERO_DATA_DIR="${CONFERO_DATA_DIR:-$(mktemp -d)}"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then
  echo "error: pytest collected no tests (exit 5): the suite ran nothing, which is a failure" >&2
  exit 1
fi
exit "$rc"
