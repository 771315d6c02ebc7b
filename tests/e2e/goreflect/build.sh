#!/bin/sh
# Builds the grpc-go reflection client into OUTPUT from Debian's Go
# packages, with no network, in GOPATH mode (as gogrpc/build.sh).
#   build.sh SOURCE_DIR OUTPUT
set -eu
work=$(cd "$(dirname "$2")" && pwd)/goreflect
output=$work/../$(basename "$2")
mkdir -p "$work"
[ -n "${HOME:-}" ] || export GOCACHE="$work/cache"
GO111MODULE=off GOPATH="/usr/share/gocode" GOFLAGS= \
  go build -o "$output" "$1/client.go"
