#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring: a real Secret
# Service, headless, that never touches the user's own keyring (its files live in a temporary
# XDG_DATA_HOME that is removed afterwards). Used by `npm test`, `npm run bench` and .ci/run.
# Usage: scripts/with-keyring.sh command [args...]
#
# gnome-keyring aborts now and then: a race in its bookkeeping of clients
# (`gkd_secret_service_get_pkcs11_session: assertion 'client' failed`, then g_variant_new aborts;
# GNOME gnome-keyring issues 190, 196, 199), seen here about once in several thousand short-lived
# clients (42.1, Debian 12; 50.0 has it too). With the daemon gone, every later keychain call of
# the session would fail, and D-Bus activation would start a daemon with the keyring locked,
# whose unlock prompt cannot be shown. So the session's bus has no activation (a configuration
# without service directories) and a watchdog restarts the daemon, unlocked, over the same keyring
# files: only the call in flight when it died fails.
set -eu

# Inside the session (this script runs itself there): the daemon, kept alive, then the command.
if [ "${1:-}" = --inside-session ]; then
  shift
  # The password must be non-empty: an empty one creates no login collection (FACTS.md).
  # Each restart is logged to $PORT42_KEYRING_RESTART_LOG when set (scripts/test.mjs reads it). At
  # most 20 restarts: a daemon that cannot stay up is not that race, and is left down.
  (
    restarts=0
    while [ "$restarts" -le 20 ]; do
      printf %s "port42-test-keyring" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 || true
      [ ! -e "$KEYRING_HOME/done" ] || break
      [ -z "${PORT42_KEYRING_RESTART_LOG:-}" ] || echo "gnome-keyring exited at $(date +%T)" >>"$PORT42_KEYRING_RESTART_LOG"
      restarts=$((restarts + 1))
      sleep 0.1
    done
  ) 2>/dev/null &
  watchdog=$!
  # Ready when the Secret Service's name has an owner: at most 100 checks, 0.05 s apart.
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || { echo "with-keyring: gnome-keyring did not start within 5 s" >&2; break; }
    sleep 0.05
  done
  status=0
  "$@" || status=$?
  # The daemon exits with the session's bus; the watchdog must not start it again.
  touch "$KEYRING_HOME/done"
  kill "$watchdog" 2>/dev/null || true
  exit "$status"
fi

if [ "${PORT42_IN_KEYRING_SESSION:-}" = 1 ]; then exec "$@"; fi
command -v dbus-run-session >/dev/null || { echo "with-keyring: dbus-run-session is missing (apt-get install dbus)" >&2; exit 1; }
command -v dbus-send >/dev/null || { echo "with-keyring: dbus-send is missing (apt-get install dbus)" >&2; exit 1; }
command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring: gnome-keyring-daemon is missing (apt-get install gnome-keyring)" >&2; exit 1; }
mkdir -p "${HOME:?HOME must be set}"
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/port42-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT INT TERM
# The standard session bus, without <standard_session_servicedirs/>: no D-Bus activation.
cat >"$keyring_home/session.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
export PORT42_IN_KEYRING_SESSION=1
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
status=0
KEYRING_HOME="$keyring_home" XDG_DATA_HOME="$keyring_home" \
  dbus-run-session --config-file="$keyring_home/session.conf" -- "$self" --inside-session "$@" || status=$?
exit "$status"
