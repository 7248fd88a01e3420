#!/usr/bin/env bash
# Prepare a machine (or CI) for the `labelstudio` tests:
#   - Debian's chromium (+ CJK fonts for Chinese screenshots), installed with apt-get when missing;
#   - krippendorff and playwright in the main virtualenv when pyproject has not brought them;
#   - label-studio==1.23.2 in its own virtualenv (it pins pyarrow<25 and label-studio-sdk==2.1.2)
#     and a migrated data folder, both cached in $BOHAI_LABELSTUDIO_CACHE (default .bohai/labelstudio).
# Playwright never downloads a browser here: the tests drive /usr/bin/chromium.
# Usage: scripts/labelstudio_setup.sh   then   python -m pytest -m labelstudio tests/annotation
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$REPO/.venv/bin/python}"
CACHE="${BOHAI_LABELSTUDIO_CACHE:-$REPO/.bohai/labelstudio}"
export BOHAI_LABELSTUDIO_CACHE="$CACHE"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    # Not fatal: only the screenshot test needs it, and it skips with this same advice.
    echo "warning: /usr/bin/chromium missing and not root; the browser test will skip" \
         "(install it with: sudo apt-get install chromium fonts-noto-cjk)" >&2
  else
    echo "installing Debian chromium and CJK fonts (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
  fi
fi

if ! "$PY" -c "import krippendorff, playwright" 2>/dev/null; then
  echo "installing krippendorff and playwright into $($PY -c 'import sys; print(sys.prefix)') ..."
  "$PY" -m pip install --quiet krippendorff playwright
fi

start=$(date +%s)
cd "$REPO"
"$PY" - <<'PYTHON'
import os
import time
from pathlib import Path

from annotation.install import install
from annotation.server import migrated_template

cache = Path(os.environ["BOHAI_LABELSTUDIO_CACHE"])
venv = Path(os.environ.get("BOHAI_LABELSTUDIO_VENV", cache / "venv"))
result = install(venv)
state = f"installed in {result.seconds:.0f}s" if result.installed_now else "already installed"
print(f"label-studio {result.version} {state} at {venv}")
started = time.monotonic()
data = migrated_template(cache / "test-template", venv)
print(f"migrated data template ready at {data} ({time.monotonic() - started:.0f}s)")
PYTHON
echo "Label Studio test setup done in $(( $(date +%s) - start ))s (cache: $CACHE)"
