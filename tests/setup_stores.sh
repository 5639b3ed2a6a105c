#!/usr/bin/env bash
# Install Debian's Virtuoso (store tests) and rapper (an independent RDF parser) when missing and we may install packages.
# Never fails the set-up: without them the Virtuoso and rapper tests skip and say why.
set -u
if command -v virtuoso-t >/dev/null 2>&1 && command -v rapper >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "setup_stores: virtuoso-t is not installed and packages cannot be installed here; the Virtuoso and rapper tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
PACKAGES="virtuoso-opensource-7-bin raptor2-utils"
$SUDO apt-get install -y -q $PACKAGES >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q $PACKAGES >/dev/null 2>&1; } \
  || echo "setup_stores: apt-get could not install $PACKAGES; the Virtuoso and rapper tests will skip" >&2
exit 0
