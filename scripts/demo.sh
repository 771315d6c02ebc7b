#!/bin/sh
# A short tour of rpccli against the demo server: list, describe, a unary
# call and a failing one. Each command is printed before its output (stdout
# and stderr together, in order).
# Usage: scripts/demo.sh BUILD_DIR
set -eu

build=${1:-build}
rpccli="$build/rpccli"
[ -x "$rpccli" ] || { echo "demo: build first: $rpccli is missing" >&2; exit 1; }
server_out=$(mktemp)
"$build/demo-server" --port 0 >"$server_out" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$server_out"' EXIT

# Wait (at most 10 s) for the server to say which port it picked.
tries=0
until grep -q '^listening on ' "$server_out"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then
    echo "demo: the demo server did not start" >&2
    exit 1
  fi
  sleep 0.1
done
target=$(sed -n 's/^listening on //p' "$server_out")

# Prints a command as one would type it, then runs it.
show() {
  printf '\n$'
  for word in "$@"; do
    case $word in
      *[!A-Za-z0-9_./:=@-]*) printf " '%s'" "$word" ;;
      *) printf ' %s' "$word" ;;
    esac
  done
  printf '\n'
  "$@" 2>&1 || printf '(exit code %d)\n' "$?"
}

echo "The demo server is listening on $target."
show "$rpccli" list proto/demo.proto
show "$rpccli" list proto/demo.proto demo.Demo
show "$rpccli" describe proto/demo.proto demo.Demo.Greet
show "$rpccli" describe proto/demo.proto demo.GreetRequest
show "$rpccli" call --plaintext -p proto/demo.proto "$target" demo.Demo/Greet '{"name": "rpccli", "language": "FRENCH"}'
show "$rpccli" call --plaintext -p proto/demo.proto "$target" Echo '{"int64Value": 42, "color": "BLUE", "when": "2024-02-29T12:00:00Z"}'
show "$rpccli" call --plaintext -p proto/demo.proto "$target" Fail '{"code": 5, "message": "no such greeting"}'
