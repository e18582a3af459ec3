// Exit codes of every powerbudget command (docs/cli.md).
#pragma once

namespace pb::cli {

inline constexpr int kExitOk = 0;
// The run worked and the verdict is negative (e.g. --check and the target is missed).
inline constexpr int kExitVerdictFailed = 1;
// Bad input: usage, a profile that does not parse or validate, an impossible configuration.
inline constexpr int kExitBadInput = 2;
// A bug: an unexpected internal error.
inline constexpr int kExitInternalError = 3;

}  // namespace pb::cli
