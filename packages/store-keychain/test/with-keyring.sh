#!/usr/bin/env bash
# Runs a command with a Linux Secret Service to talk to (SPEC ST4 tests use
# the real one). With a D-Bus session already present the command runs as is;
# otherwise it runs inside a private `dbus-run-session` with gnome-keyring
# unlocked by a throwaway password, and HOME pointed at a temporary folder so
# no real keyring is ever touched. .ci/run installs the Debian packages.
set -euo pipefail

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring.sh: $tool is missing; install it with: apt-get install -y gnome-keyring dbus libsecret-tools" >&2
    exit 1
  fi
done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# Inside the session: create and unlock a login keyring (the password arrives
# on stdin), export the variables the daemon prints, then run the command.
# dbus-daemon's "Failed to set fd limit" warning is noise in containers.
dbus-run-session -- bash -c '
  eval "$(printf "%s" "throwaway-$$" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec "$@"
' with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
