#!/usr/bin/env bash
# Everything the test suite needs beyond the virtualenv, installed once and reused:
#   - Label Studio 1.23.2 in its own virtualenv + a migrated data template, Chromium for the
#     screenshot test (scripts/labelstudio_setup.sh);
#   - Redis for the Celery scale-out test (scripts/redis.sh install).
# Servers are not left running: the test fixtures start them on 127.0.0.1 and stop them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
start=$(date +%s)
bash "$ROOT/scripts/labelstudio_setup.sh"
bash "$ROOT/scripts/redis.sh" install
echo "test services ready in $(( $(date +%s) - start ))s"
