"""Builds the package `powerbudget` for `pip install ./bindings/python` (pyproject.toml).

The extension powerbudget._core is not compiled here: CMake builds the target pb_python of this
repository (bindings/python/CMakeLists.txt), the same target as a CMake build, from the engine's
own libraries, and the built .so is copied into the wheel. Which build directory:

- $POWERBUDGET_BUILD_DIR, when set: an existing, configured build directory of this repository
  (e.g. build/release); `cmake --build` brings pb_python up to date there, nothing is configured;
- otherwise build/python-package in the repository, configured on the first install (Release, no
  tests, no benchmarks, for the interpreter running pip) and built incrementally afterwards.

$CMAKE_BUILD_PARALLEL_LEVEL sets the build's parallelism as for any `cmake --build`. The
bundled profiles (profiles/) are copied into the package, so an installed package needs no
source tree. setuptools' own scratch files go to the build directory, not into the sources.
"""
import importlib.machinery
import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
if not (REPO / "CMakeLists.txt").exists() or not (REPO / "engine").is_dir():
    sys.exit(f"setup.py: {REPO} is not the powerbudget repository; install from the repository's bindings/python "
             "(pip builds in place; a copied bindings/python has no engine to build)")


def version():
    match = re.search(r"project\(powerbudget\s+VERSION\s+([0-9.]+)", (REPO / "CMakeLists.txt").read_text())
    return match.group(1)


def build_dir():
    given = os.environ.get("POWERBUDGET_BUILD_DIR")
    return pathlib.Path(given).resolve() if given else REPO / "build" / "python-package"


def run(command):
    print("setup.py:", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True)


class CMakeExtension(build_ext):
    def build_extension(self, ext):
        cmake = shutil.which("cmake")
        if not cmake:
            sys.exit("setup.py: cmake not found (Debian: cmake, ninja-build; scripts/setup.sh)")
        build = build_dir()
        if os.environ.get("POWERBUDGET_BUILD_DIR"):
            if not (build / "CMakeCache.txt").exists():
                sys.exit(f"setup.py: POWERBUDGET_BUILD_DIR={build} is not a configured build directory")
        elif not (build / "CMakeCache.txt").exists():
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            run([cmake, "-S", REPO, "-B", build, *generator, "-DCMAKE_BUILD_TYPE=Release", "-DPB_BUILD_TESTS=OFF",
                 "-DPB_BUILD_BENCH=OFF", "-DPB_BUILD_PYTHON=ON", f"-DPython_EXECUTABLE={sys.executable}"])
        run([cmake, "--build", build, "--target", "pb_python"])
        package = build / "bindings" / "python" / "module" / "powerbudget"
        # The interpreter running pip must be able to load what was built (a build directory made
        # for another Python would give a module that does not import).
        suffixes = importlib.machinery.EXTENSION_SUFFIXES
        built = [p for p in package.glob("_core*.so") if any(p.name == "_core" + s for s in suffixes)]
        if not built:
            found = ", ".join(p.name for p in package.glob("_core*")) or "nothing"
            sys.exit(f"setup.py: no extension for this interpreter ({sys.executable}, suffixes {suffixes}) in "
                     f"{package}; found {found}. Configure the build with -DPython_EXECUTABLE={sys.executable}")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)


class WithProfiles(build_py):
    def run(self):
        super().run()
        profiles = pathlib.Path(self.build_lib) / "powerbudget" / "profiles"
        if profiles.exists():
            shutil.rmtree(profiles)
        shutil.copytree(REPO / "profiles", profiles)


scratch = build_dir() / "setuptools"
setup(
    version=version(),
    ext_modules=[Extension("powerbudget._core", sources=[])],
    cmdclass={"build_ext": CMakeExtension, "build_py": WithProfiles},
    options={"build": {"build_base": str(scratch / "build")}, "egg_info": {"egg_base": str(scratch)}},
    zip_safe=False,
)
