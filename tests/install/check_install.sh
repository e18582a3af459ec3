#!/usr/bin/env bash
# Installs this build into a scratch prefix and builds a consumer project against it alone:
# CMake package, headers under include/powerbudget/, no internal header installed, the
# installed profiles found by the installed library, and pkg-config for the C ABI.
#   check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"; source="$2"
scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
prefix="$scratch/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/powerbudget/engine/budget.hpp"
test -f "$prefix/include/powerbudget/powerbudget_estimation.h"
test -d "$prefix/share/powerbudget/profiles/devices"
for internal in engine/profile_io/json_reader.hpp engine/profile_io/profile_json.hpp engine/estimation/filters/ekf4_eigen.hpp engine/estimation/fleet/fleet_kernel.hpp; do
  if [ -e "$prefix/include/powerbudget/$internal" ]; then echo "internal header installed: $internal"; exit 1; fi
done
if grep -rl 'nlohmann/json.hpp\|<Eigen/' "$prefix/include/powerbudget" ; then echo "a public header includes nlohmann-json or Eigen"; exit 1; fi
cmake -S "$source/tests/install/consumer" -B "$scratch/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$scratch/consumer" >/dev/null
# The installed library finds the installed profiles, not this source tree: a server installed
# beside it (<prefix>/bin) finds <prefix>/share/powerbudget/profiles.
cp "$scratch/consumer/consumer" "$prefix/bin/consumer"
out="$(cd "$scratch" && env -u POWERBUDGET_PROFILES LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/consumer")"
echo "$out"
case "$out" in *"$prefix/share/powerbudget/profiles"*) ;; *) echo "profiles not found in the installed prefix"; exit 1 ;; esac
LD_LIBRARY_PATH="$prefix/lib" "$scratch/consumer/consumer_c"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs powerbudget-estimation
cc $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags powerbudget-estimation) \
   "$source/tests/install/consumer/consumer.c" \
   $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --libs powerbudget-estimation) -o "$scratch/consumer_pc"
LD_LIBRARY_PATH="$prefix/lib" "$scratch/consumer_pc"
echo "install check: ok"
