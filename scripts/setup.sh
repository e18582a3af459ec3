#!/usr/bin/env bash
# Installs the Debian packages powerbudget builds and tests with. Idempotent: re-running
# installs nothing new. Needs root (or sudo) on Debian 12.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  nlohmann-json3-dev libboost-program-options-dev libeigen3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema
  jupyter-nbconvert python3-ipykernel python3-matplotlib python3-nbformat
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: installed ${missing[*]}"
