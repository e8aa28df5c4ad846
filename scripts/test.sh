#!/usr/bin/env bash
# Install Confero with its test tools and run the whole test suite.
#   scripts/test.sh                  SQLite (embedded default)
#   DATABASE_URL=postgres://... scripts/test.sh     PostgreSQL (pytest-django makes and drops test_<name>)
#   scripts/test.sh -k pdf           extra arguments go to pytest
# Browser tests need Chromium at /usr/bin/chromium, video checks ffprobe at /usr/bin/ffprobe (Debian's ffmpeg);
# both are installed with apt-get when running as root.
# CONFERO_EXTRAS (default "dev") chooses the extras to install, e.g. "dev,embeddings".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh "${CONFERO_EXTRAS:-dev}"

# Chromium for the browser tests; ffmpeg (ffprobe) for the camera-ready video checks.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/ffprobe ] || missing+=(ffmpeg)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} for the browser and video tests (apt-get)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "warning: not installed: ${missing[*]}; browser tests (chromium) or video tests (ffmpeg) will be skipped" >&2
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
