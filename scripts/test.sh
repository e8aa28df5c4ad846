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

# Chromium for the browser tests; ffmpeg (ffprobe) for the camera-ready video checks; npm for axe-core.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/ffprobe ] || missing+=(ffmpeg)
command -v npm >/dev/null 2>&1 || missing+=(npm)  # fetches axe-core (below)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} for the browser and video tests (apt-get)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "warning: not installed: ${missing[*]}; browser tests (chromium) or video tests (ffmpeg) will be skipped" >&2
  fi
fi

# axe-core (the browser tests' accessibility checks) comes from the npm registry at test time into a
# gitignored directory; it is never vendored into the repository. Without it the accessibility tests skip
# outside CI and fail in CI (CI=true).
AXE_VERSION="${CONFERO_AXE_VERSION:-4.10.3}"
AXE_DIR=".test-deps/axe-core-$AXE_VERSION"
if [ ! -f "$AXE_DIR/axe.min.js" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "fetching axe-core $AXE_VERSION from the npm registry (npm pack)" >&2
    axe_tmp=$(mktemp -d)
    if (cd "$axe_tmp" && npm pack "axe-core@$AXE_VERSION" --silent >/dev/null); then
      mkdir -p "$AXE_DIR"
      tar -xzf "$axe_tmp"/axe-core-*.tgz -C "$AXE_DIR" --strip-components=1 package/axe.min.js package/LICENSE
    else
      echo "warning: npm pack axe-core@$AXE_VERSION failed; accessibility tests will skip (fail in CI)" >&2
    fi
    rm -rf "$axe_tmp"
  else
    echo "warning: npm not found; accessibility tests will skip (fail in CI)" >&2
  fi
fi
if [ -f "$AXE_DIR/axe.min.js" ]; then
  export CONFERO_AXE_JS="$PWD/$AXE_DIR/axe.min.js"
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
