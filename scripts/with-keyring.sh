#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret
# Service, headless). Used by .ci/run and `npm run bench`. The daemon exits with the bus.
# Usage: scripts/with-keyring.sh command [args...]
set -eu
if [ "${PORT42_IN_KEYRING_SESSION:-}" = 1 ]; then exec "$@"; fi
command -v dbus-run-session >/dev/null || { echo "with-keyring: dbus-run-session is missing (apt-get install dbus)" >&2; exit 1; }
command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring: gnome-keyring-daemon is missing (apt-get install gnome-keyring)" >&2; exit 1; }
mkdir -p "${HOME:?HOME must be set}"
export PORT42_IN_KEYRING_SESSION=1
# The password must be non-empty: an empty one creates no login collection (FACTS.md).
exec dbus-run-session -- sh -c '
  printf %s "port42-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' sh "$@"
