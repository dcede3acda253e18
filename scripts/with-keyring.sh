#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring: a real Secret
# Service, headless, that never touches the user's own keyring (its files live in a temporary
# XDG_DATA_HOME that is removed afterwards). Used by `npm test`, `npm run bench` and .ci/run.
# Usage: scripts/with-keyring.sh command [args...]
set -eu
if [ "${PORT42_IN_KEYRING_SESSION:-}" = 1 ]; then exec "$@"; fi
command -v dbus-run-session >/dev/null || { echo "with-keyring: dbus-run-session is missing (apt-get install dbus)" >&2; exit 1; }
command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring: gnome-keyring-daemon is missing (apt-get install gnome-keyring)" >&2; exit 1; }
mkdir -p "${HOME:?HOME must be set}"
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/port42-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT INT TERM
export PORT42_IN_KEYRING_SESSION=1
# The password must be non-empty: an empty one creates no login collection (FACTS.md).
status=0
XDG_DATA_HOME="$keyring_home" dbus-run-session -- sh -c '
  printf %s "port42-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' sh "$@" || status=$?
exit "$status"
