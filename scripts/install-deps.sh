#!/bin/sh
# Installs the Debian packages rpccli needs to build and test, and only those
# that are missing. Runs as root, or through sudo. With --sanitizers, also
# what the sanitized and fuzzing build needs (clang, its runtimes with
# libFuzzer, and llvm-symbolizer for readable reports); with --deb, what
# building the Debian package needs.
set -eu

packages="make g++ pkg-config meson ninja-build python3
libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev libprotoc-dev
protobuf-compiler libcli11-dev nlohmann-json3-dev libgtest-dev grpc-proto libssl-dev
libcurl4-openssl-dev zlib1g-dev
python3-grpcio python3-protobuf python3-h2 golang-github-gogo-googleapis-dev
golang-github-gogo-protobuf-dev time
bash-completion zsh fish
golang-go golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev
golang-google-protobuf-dev golang-google-genproto-dev protoc-gen-go protoc-gen-go-grpc
chromium python3-prometheus-client"
if [ "${1:-}" = "--sanitizers" ]; then
  packages="$packages clang libclang-rt-dev llvm"
fi
# With --deb, what `make deb` needs: Debian's packaging tools and lintian.
if [ "${1:-}" = "--deb" ]; then
  packages="$packages debhelper dpkg-dev lintian"
fi

missing=""
for package in $packages; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $package"
done
# The reflection tests run a grpc-js server: any Node.js and npm will do,
# Debian's if there is none.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "install-deps: these packages are missing and I am not root:$missing" >&2
  exit 1
fi
echo "install-deps: installing$missing"
$as_root apt-get update -q
# shellcheck disable=SC2086  # one word per package
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -q --no-install-recommends $missing
