#!/usr/bin/env bash
# ctest python_package: installs bindings/python into a fresh venv as a user would
# (docs/python.md) and runs test_package.py with the venv's python.
#   test_package.sh BUILD_DIR VENV_DIR SOURCE_DIR
# The venv sees Debian's packages (--system-site-packages: numpy, setuptools, wheel); pip runs
# offline (--no-index, --no-build-isolation) and reuses BUILD_DIR (POWERBUDGET_BUILD_DIR) instead
# of configuring a build of its own. No PYTHONPATH and no POWERBUDGET_PROFILES: the package must
# work from what pip installed.
set -euo pipefail
build=$1 venv=$2 source=$3
rm -rf "$venv"
/usr/bin/python3 -m venv --system-site-packages "$venv"
POWERBUDGET_BUILD_DIR="$build" "$venv/bin/pip" install --no-build-isolation --no-index --quiet "$source/bindings/python"
"$venv/bin/pip" show --files powerbudget | grep -E "^(Name|Version|Location):|_core"
cd "$venv"   # not the sources: `import powerbudget` must find the installed package
env -u PYTHONPATH -u POWERBUDGET_PROFILES PB_EXPECT_INSTALLED=1 \
  "$venv/bin/python" "$source/bindings/python/tests/test_package.py" -v
