#!/usr/bin/env bash
# Installs the Debian packages powerbudget builds and tests with. Idempotent: re-running
# installs nothing new. Needs root (or sudo) on Debian 12.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  nlohmann-json3-dev libboost-program-options-dev libeigen3-dev libfmt-dev
  # Boost.Container headers (static_vector, small_vector) for the budget's allocation-free hot path
  libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema
  jupyter-nbconvert python3-ipykernel python3-matplotlib python3-nbformat
  # powerbudget serve: TLS, and the real broker and database its tests start on loopback
  libssl-dev openssl mosquitto mosquitto-clients influxdb influxdb-client curl python3-paho-mqtt
  # serve's InfluxDB writer (libcurl), metrics endpoint (cpp-httplib; pkg-config file only) and
  # write-ahead-log CRC (zlib): docs/architecture.md, "Hand-written code and why: serve/"
  libcurl4-openssl-dev libcpp-httplib-dev zlib1g-dev
  # the Python module (pybind11) and the Node-RED node (Node.js + npm; the node's own packages
  # come from the npm registry when its test runs)
  pybind11-dev python3-dev
  # the Python package installed as a user would (`pip install --no-build-isolation` into a venv,
  # offline: Debian's pip, setuptools and wheel; numpy for its arrays) and the checks of the
  # Grafana provisioning YAML
  python3-pip python3-setuptools python3-wheel python3-venv python3-numpy python3-yaml
  # fuzzing (scripts/fuzz.sh, docs/fuzzing.md): clang, and libFuzzer with the sanitizer runtimes
  # (libclang_rt.fuzzer-x86_64.a is in libclang-rt-14-dev)
  clang libclang-rt-14-dev
)
# Node.js may already be there from another source (e.g. NodeSource, which bundles npm): only
# ask Debian for what is missing, since Debian's npm conflicts with NodeSource's nodejs.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
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
