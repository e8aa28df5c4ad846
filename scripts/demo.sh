#!/usr/bin/env bash
# Install Confero and run the OS-FMs demo workshop on http://127.0.0.1:8000/ (SQLite in ./confero-data).
# Usage: scripts/demo.sh [--port N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/confero demo "$@"
