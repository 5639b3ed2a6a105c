#!/usr/bin/env bash
# Install Debian's Virtuoso (store tests), rapper (an independent RDF parser) and Apache Jena (riot, TDB2,
# SHACL; with a Java runtime) when missing and we may install packages.
# Never fails the set-up: without them the Virtuoso, rapper and Jena tests skip and say why.
set -u
if command -v virtuoso-t >/dev/null 2>&1 && command -v rapper >/dev/null 2>&1 \
  && command -v java >/dev/null 2>&1 && [ -f /usr/share/java/jena-cmds.jar ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "setup_stores: Virtuoso, rapper or Jena is missing and packages cannot be installed here; their tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
PACKAGES="virtuoso-opensource-7-bin raptor2-utils libapache-jena-java default-jre-headless"
$SUDO apt-get install -y -q $PACKAGES >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q $PACKAGES >/dev/null 2>&1; } \
  || echo "setup_stores: apt-get could not install $PACKAGES; their tests will skip" >&2
exit 0
