// Text that goes into a report a customer reads (the proof, and any report handed on): no path of
// the machine that made it, and no reference into the project's own source tree.
#pragma once

#include <string>

#include "cli/profile_arguments.hpp"

namespace pb::cli {

// A profile as a report names it: a bundled name as given, a file by its file name alone (the
// folder it lay in on the machine that ran the command is no part of the result).
std::string ShownProfile(const std::string& profile);
// --set PATH=VALUE with a value that names a file shown by its file name alone.
std::string ShownOverride(const std::string& assignment);
// The run's arguments with both of the above applied, for a report's header.
ProfileArguments ShownArguments(const ProfileArguments& args);

// A profile's source text with the citations of the project's own working files (its
// compilation of published figures, the customer's brief and later briefs, the tests that check
// a fit, the model's source files, the bundled profile a variant derives from) replaced by what
// they are; the citation inside them (datasheet, standard, paper, section) stays as written.
std::string CustomerText(std::string text);

}  // namespace pb::cli
