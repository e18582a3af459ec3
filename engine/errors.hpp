// Errors of the engine. Expected outcomes (a device that misses its target) are data in the
// results; these are for inputs that cannot be evaluated. Each names the profile field (JSON
// pointer) so the CLI can print it and exit with code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace pb::engine {

class ProfileError : public std::runtime_error {
 public:
  ProfileError(std::string field_pointer, std::string detail, std::string file = "")
      : std::runtime_error(Compose(file, field_pointer, detail)),
        field_(std::move(field_pointer)),
        detail_(std::move(detail)),
        file_(std::move(file)) {}
  const std::string& field() const { return field_; }
  const std::string& detail() const { return detail_; }
  const std::string& file() const { return file_; }

 private:
  static std::string Compose(const std::string& file, const std::string& field, const std::string& detail) {
    std::string message;
    if (!file.empty()) message += file + ": ";
    if (!field.empty()) message += field + ": ";
    return message + detail;
  }
  std::string field_;
  std::string detail_;
  std::string file_;
};

}  // namespace pb::engine
