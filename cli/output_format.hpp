// Output formats shared by all subcommands, and number formatting that keeps golden files
// stable across compilers and optimisation levels (6 significant digits).
#pragma once

#include <boost/program_options/options_description.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/units.hpp"

namespace pb::cli {

enum class OutputFormat { kTable, kJson, kCsv, kMarkdown };

// --format FORMAT (-f) into format, with its default; help: "output format: " + choices.
void AddFormatOption(boost::program_options::options_description& visible, std::string& format,
                     const char* default_format, const char* choices);

// Parses "table", "json", "csv" (and "md" where allowed); throws std::invalid_argument naming
// the allowed values.
OutputFormat ParseOutputFormat(const std::string& text, bool markdown_allowed);

// Seconds as days, the unit lifetimes are shown in.
inline double Days(double seconds) { return seconds / units::kSecondsPerDay; }

// Rounds to 6 significant digits (for JSON and CSV numbers).
double Rounded(double value);
// "%.6g"-style text.
std::string Number(double value);

// Tables and CSV fields pass every cell through TerminalSafe (cli/terminal_text.hpp): names from
// input cannot move the cursor.
// A simple text table with right-aligned numeric columns.
// Which columns hold text (left-aligned); the others hold numbers (right-aligned). By default the
// first column names the row and the rest are numbers.
struct TextColumns {
  std::size_t leading = 1;                               // columns [0, leading) are text
  std::size_t trailing_from = static_cast<std::size_t>(-1);  // and columns [trailing_from, end)
};
std::string RenderTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                        TextColumns text = {});
std::string RenderMarkdownTable(const std::vector<std::string>& header,
                                const std::vector<std::vector<std::string>>& rows);
std::string CsvEscape(const std::string& field);

}  // namespace pb::cli
