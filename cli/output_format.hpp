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

// The one output convention (docs/cli.md, "Output formats"): every command takes --format with
// the same names and meanings: table (the default), json, csv, and md where a report suits.
// Each command declares the formats it gives here, and the help text, the parsing and the
// refusal of a format it cannot give all come from these functions, so that no command words
// them differently. A command may add formats of its own after the common ones (estimate:
// influx, senml).
struct CommandFormats {
  const char* command;             // the command, for a logic error naming it
  std::vector<std::string> names;  // the formats it gives, the default first (table where it gives one)
  const char* detail = "";         // what a format holds where it needs saying: "csv: the events"
};

// --format FORMAT (-f) into format, defaulting to the first of formats.names; the help lists
// them: "output format: table (default), json, csv or md[; detail]".
void AddFormatOption(boost::program_options::options_description& visible, std::string& format,
                     const CommandFormats& formats);
// The name as given when the command gives it; else throws std::invalid_argument naming the
// allowed ones: "--format 'xml' is not one of: table, json, csv, md".
const std::string& CheckFormat(const std::string& text, const CommandFormats& formats);
// CheckFormat for the common formats, as the enum.
OutputFormat ParseOutputFormat(const std::string& text, const CommandFormats& formats);

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
// A report's table in its format: RenderMarkdownTable for kMarkdown, else RenderTable.
std::string RenderTableAs(OutputFormat format, const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows, TextColumns text = {});
// A text report whose tables were rendered as Markdown (RenderTableAs) made into Markdown that
// renders as the text reads: a blank line around each table (a table cannot interrupt a
// paragraph), a hard line break after each prose line that another follows (Markdown would join
// them into one paragraph), and no leading spaces (four would make a code block).
std::string MarkdownReport(const std::string& text);
std::string CsvEscape(const std::string& field);

}  // namespace pb::cli
