#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing (`make test` runs it first).
#
# It never fails the build: without apt-get, without root or passwordless sudo, or when the installation fails,
# it says what is missing and exits 0; the tests that need those packages then skip with a reason.
set -u

# ---- the packages the tests need -------------------------------------------------------------------------------
# One Debian package per line, with the tests that need it.
PACKAGES=(
  dovecot-imapd  # IMAP server for tests/connectors/test_email.py (also brings dovecot-lda and doveadm)
  chromium       # headless browser: the weekly report PDF (tests/test_report_cli.py), console browser tests (tests/console/test_browser.py)
)
# System services ("package:service") to stop when their package was installed just for the tests, which start
# their own instances.
NO_SERVICE=(
  dovecot-imapd:dovecot
)
# -----------------------------------------------------------------------------------------------------------------

say() { echo "install-test-packages: $*"; }

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  say "not a Debian-like system (no apt-get); tests needing ${PACKAGES[*]} will skip"
  exit 0
fi

missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "all installed (${PACKAGES[*]})"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  say "missing ${missing[*]}, but not root and no passwordless sudo; the tests needing them will skip"
  say "install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt_install() {
  "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}
say "installing ${missing[*]}"
if ! apt_install >/dev/null 2>&1; then
  # A fresh machine has no package lists yet (or stale ones): read them, then try again.
  if ! { "${as_root[@]}" apt-get update -q >/dev/null && apt_install >/dev/null; }; then
    say "could not install ${missing[*]}; the tests needing them will skip"
    exit 0
  fi
fi

if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  for entry in "${NO_SERVICE[@]}"; do
    package="${entry%%:*}" service="${entry#*:}"
    [[ " ${missing[*]} " == *" $package "* ]] || continue
    if systemctl is-active --quiet "$service" 2>/dev/null; then
      say "stopping and disabling the system $service service (the tests run their own)"
      "${as_root[@]}" systemctl disable --now "$service" >/dev/null 2>&1 || true
    fi
  done
fi
say "installed ${missing[*]}"
exit 0
