#!/bin/sh
# CI's check of the Debian package `make deb` left in dist/: it installs
# with apt, and what it installed is found where users look for it.
set -eu
cd "$(dirname "$0")/.."

deb=$(ls dist/rpccli_*_*.deb)
apt-get install -y -q "./$deb"
# man-db and bash-completion are what find the man page and the script.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  man-db bash-completion

/usr/bin/rpccli --version
man -w rpccli
# bash-completion loads a command's script when it is first completed (its
# loader then returns 124, "try again").
bash -c '. /usr/share/bash-completion/bash_completion
  _completion_loader rpccli; complete -p rpccli' | grep -q -- '-F _rpccli rpccli'
echo "check-deb: $deb installs; rpccli --version, man -w rpccli and bash's completion of rpccli all work"
