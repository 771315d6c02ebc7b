#!/bin/sh
# A short tour of rpccli against the demo server: list and describe, then
# the four kinds of call as the seed tutorial teaches them (unary, server
# stream, client stream fed from a pipe, bidi), from the .proto and by the
# server's reflection, one call as --events and one that fails; then
# rpccli serve answering from demo/stubs.ndjson. Each
# command is printed before its output (stdout and stderr together, in
# order).
# Usage: scripts/demo.sh BUILD_DIR
set -eu

build=${1:-build}
rpccli="$build/rpccli"
[ -x "$rpccli" ] || { echo "demo: build first: $rpccli is missing" >&2; exit 1; }
server_out=$(mktemp)
mock_out=$(mktemp)
mock=""
"$build/demo/demo-server" --port 0 >"$server_out" 2>/dev/null &
server=$!
trap 'kill $server $mock 2>/dev/null; wait 2>/dev/null; rm -f "$server_out" "$mock_out"' EXIT

# Waits (at most 10 s) for a server to say in FILE which port it picked.
wait_for_port() {
  tries=0
  until grep -q '^listening on ' "$1"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
      echo "demo: $2 did not start" >&2
      exit 1
    fi
    sleep 0.1
  done
  sed -n 's/^listening on //p' "$1"
}
target=$(wait_for_port "$server_out" "the demo server")

# A word as one would type it: quoted if the shell would split it.
word() {
  case $1 in
    *[!A-Za-z0-9_./:=@-]*) printf " '%s'" "$1" ;;
    *) printf ' %s' "$1" ;;
  esac
}

# Prints a command as one would type it, then runs it.
show() {
  printf '\n$'
  for argument in "$@"; do word "$argument"; done
  printf '\n'
  "$@" 2>&1 || printf '(exit code %d)\n' "$?"
}

# The same, with INPUT (its first argument) piped in by printf.
show_piped() {
  input=$1
  shift
  printf "\n$ printf '%s' |" "$input"
  for argument in "$@"; do word "$argument"; done
  printf '\n'
  # shellcheck disable=SC2059  # the input's \n are meant as newlines
  printf "$input" | "$@" 2>&1 || printf '(exit code %d)\n' "$?"
}

echo "The demo server is listening on $target."
echo "From the .proto file: its services, a method, a message."
show "$rpccli" list proto/demo.proto
show "$rpccli" describe proto/demo.proto demo.Demo.Greet
show "$rpccli" describe proto/demo.proto demo.GreetRequest
echo
echo "Unary: one request, one response (the .proto, then reflection)."
show "$rpccli" call --plaintext -p proto/demo.proto "$target" demo.Demo/Greet '{"name": "rpccli", "language": "FRENCH"}'
show "$rpccli" call --plaintext --compact "$target" Greet '{"name": "reflection"}'
echo
echo "Server streaming: one request, a stream of responses."
show "$rpccli" call --plaintext --compact "$target" Countdown '{"start": 3}'
echo
echo "Client streaming: a stream of requests from a pipe, one response."
show_piped '{"value": 2}\n{"value": 3}\n{"value": 5}\n' "$rpccli" call --plaintext --compact "$target" Sum
echo
echo "Bidirectional streaming: each request answered as it arrives."
show_piped '{"text": "hello"}\n{"text": "again"}\n' "$rpccli" call --plaintext --compact "$target" Chat
echo
echo "The whole call as data: headers, messages, trailers, status."
show "$rpccli" call --plaintext --events "$target" Greet '{"name": "events"}'
echo
echo "A failed call: its status on stderr, and exit code 64 + the gRPC code."
show "$rpccli" call --plaintext "$target" Fail '{"code": 5, "message": "no such greeting"}'
echo
echo "A mock server from the .proto and a stub file, no server code:"
show cat demo/stubs.ndjson
"$rpccli" serve --listen 127.0.0.1:0 -p proto/demo.proto --stubs demo/stubs.ndjson 2>"$mock_out" &
mock=$!
mock_target=$(wait_for_port "$mock_out" "rpccli serve")
echo "(rpccli serve --listen 127.0.0.1:0 -p proto/demo.proto --stubs demo/stubs.ndjson: listening on $mock_target)"
show "$rpccli" call --plaintext --compact "$mock_target" Greet '{"name": "ann"}'
show "$rpccli" call --plaintext --compact "$mock_target" Countdown '{}'
show "$rpccli" call --plaintext "$mock_target" Fail '{}'
show "$rpccli" call --plaintext "$mock_target" Greet '{"name": "bob"}'
