// Output formats shared by all subcommands, and number formatting that keeps golden files
// stable across compilers and optimisation levels (6 significant digits).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pb::cli {

enum class OutputFormat { kTable, kJson, kCsv, kMarkdown };

// Parses "table", "json", "csv" (and "md" where allowed); throws std::invalid_argument naming
// the allowed values.
OutputFormat ParseOutputFormat(const std::string& text, bool markdown_allowed);

// Rounds to 6 significant digits (for JSON and CSV numbers).
double Rounded(double value);
// "%.6g"-style text.
std::string Number(double value);

// A simple text table with right-aligned numeric columns.
std::string RenderTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
std::string RenderMarkdownTable(const std::vector<std::string>& header,
                                const std::vector<std::vector<std::string>>& rows);
std::string CsvEscape(const std::string& field);

}  // namespace pb::cli
