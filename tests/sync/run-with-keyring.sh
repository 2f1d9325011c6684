#!/bin/sh
# run-with-keyring.sh PROGRAM [ARGS...]: runs PROGRAM in a private D-Bus
# session with an unlocked, headless gnome-keyring (docs: ../shared ENV
# recipe). HOME and the XDG directories point into a temp dir that is
# removed afterwards, so the user's keyring is never touched.
set -eu
dir=$(mktemp -d -t kantora-keyring.XXXXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir -m 700 "$dir/run"
# test-secrets' LSan suppression (tests/lsan.supp) names the test's own
# function, further up the stack than the 16 frames of tools/test's slow
# unwinder: what runs here keeps ASan's default depth.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  ASAN_OPTIONS="$ASAN_OPTIONS:malloc_context_size=30"
  export ASAN_OPTIONS
fi
export HOME="$dir" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config" \
       XDG_CACHE_HOME="$dir/cache" XDG_RUNTIME_DIR="$dir/run"
dbus-run-session -- sh -c '
  # The daemon must not inherit G_DEBUG=fatal-warnings from the tests.
  printf "testpass" | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets >/dev/null
  gdbus wait --session --timeout 10 org.freedesktop.secrets
  exec "$@"' sh "$@"
