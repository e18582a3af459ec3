# Flags shared by every target of the project, carried by an interface target so that no
# folder sets global flags.
add_library(pb_project_options INTERFACE)
add_library(powerbudget::project_options ALIAS pb_project_options)
target_compile_options(pb_project_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                       -Wno-sign-conversion)
# GCC 12 at -O2 reports -Wrestrict on `"literal" + std::string` inside libstdc++ (GCC bugs
# 105329, 105651): a false positive in the standard library, so it is not an error here.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(pb_project_options INTERFACE -Wno-restrict)
endif()
if(PB_WARNINGS_AS_ERRORS)
  target_compile_options(pb_project_options INTERFACE -Werror)
endif()
if(PB_SANITIZE)
  target_compile_options(pb_project_options INTERFACE -fsanitize=address,undefined
                         -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(pb_project_options INTERFACE -fsanitize=address,undefined)
endif()

# libFuzzer targets (tests/fuzz/, docs/fuzzing.md; preset "fuzz"): clang only. Every project
# target is instrumented for coverage (fuzzer-no-link; the fuzz programs link libFuzzer itself)
# and built with AddressSanitizer + UBSan, so a fault anywhere in the engine is a finding. A UBSan
# report aborts (no recovery), which libFuzzer counts as a crash.
option(PB_FUZZ "Build the libFuzzer targets of tests/fuzz (clang; docs/fuzzing.md)" OFF)
if(PB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PB_FUZZ needs clang++ (libFuzzer): configure with 'cmake --preset fuzz'")
  endif()
  if(PB_SANITIZE)
    message(FATAL_ERROR "PB_FUZZ brings its own sanitizers: leave PB_SANITIZE off")
  endif()
  target_compile_options(pb_project_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(pb_project_options INTERFACE -fsanitize=address,undefined)
endif()
