#!/bin/sh
# Builds the grpc-go test server into OUTPUT from Debian's Go packages, with
# no network: the generated code goes into a GOPATH of its own, beside
# Debian's /usr/share/gocode, and Go builds in GOPATH mode.
#   build.sh SOURCE_DIR OUTPUT
set -eu
source_dir=$1
work=$(cd "$(dirname "$2")" && pwd)/gogrpc
output=$work/../$(basename "$2")
protos="$source_dir/protos"
generated="$work/gopath/src"

rm -rf "$generated" && mkdir -p "$generated"
# notes.proto is compiled from its own directory, so that the server
# registers it under another name than the one the inventory imports
# (see notes.proto).
protoc -I "$protos" --go_out="$generated" --go_opt=paths=import \
  --go-grpc_out="$generated" --go-grpc_opt=paths=import \
  "$protos/common/v1/money.proto" "$protos/inventory/v1/inventory.proto"
protoc -I "$protos/notes" --go_out="$generated" --go_opt=paths=import \
  "$protos/notes/notes.proto"

# Go caches its builds under $HOME; a build without one keeps its cache here.
[ -n "${HOME:-}" ] || export GOCACHE="$work/cache"
GO111MODULE=off GOPATH="$work/gopath:/usr/share/gocode" GOFLAGS= \
  go build -o "$output" "$source_dir/server.go"
