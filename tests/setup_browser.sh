#!/usr/bin/env bash
# Install Debian's chromium for the browser test when it is missing and we may install packages.
# Never fails the set-up: without a browser the browser test skips and says why.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "setup_browser: chromium is not installed and packages cannot be installed here; the browser test will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q chromium >/dev/null 2>&1; } \
  || echo "setup_browser: apt-get could not install chromium; the browser test will skip" >&2
exit 0
