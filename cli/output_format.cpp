#include "cli/output_format.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "cli/terminal_text.hpp"

namespace pb::cli {
namespace po = boost::program_options;

namespace {

std::vector<std::string> TerminalSafeCells(const std::vector<std::string>& cells) {
  std::vector<std::string> safe;
  safe.reserve(cells.size());
  for (const std::string& cell : cells) safe.push_back(TerminalSafe(cell));
  return safe;
}

}  // namespace

namespace {

// "a, b or c" for the help; "a, b, c" for the refusal (its list is what tests and scripts match).
std::string JoinNames(const std::vector<std::string>& names, const char* last_separator) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? last_separator : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

void AddFormatOption(po::options_description& visible, std::string& format, const CommandFormats& formats) {
  std::vector<std::string> shown = formats.names;
  if (!shown.empty()) shown.front() += " (default)";
  std::string help = "output format: " + JoinNames(shown, " or ");
  if (*formats.detail != '\0') help += std::string("; ") + formats.detail;
  visible.add_options()("format,f", po::value(&format)->default_value(formats.names.front()), help.c_str());
}

const std::string& CheckFormat(const std::string& text, const CommandFormats& formats) {
  for (const std::string& name : formats.names)
    if (name == text) return name;
  throw std::invalid_argument("--format '" + text + "' is not one of: " + JoinNames(formats.names, ", "));
}

OutputFormat ParseOutputFormat(const std::string& text, const CommandFormats& formats) {
  const std::string& name = CheckFormat(text, formats);
  if (name == "table") return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "md") return OutputFormat::kMarkdown;
  // A command-specific format (estimate's influx) is not one of the four: the command parses it.
  throw std::logic_error(std::string(formats.command) + ": format '" + name + "' has no OutputFormat");
}

double Rounded(double value) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return std::strtod(buffer, nullptr);
}

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string RenderTable(const std::vector<std::string>& input_header,
                        const std::vector<std::vector<std::string>>& input_rows, TextColumns text) {
  const std::vector<std::string> header = TerminalSafeCells(input_header);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(input_rows.size());
  for (const auto& row : input_rows) rows.push_back(TerminalSafeCells(row));
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], row[c].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      const std::string pad(width[c] - cell.size(), ' ');
      if (c > 0) out += "  ";
      out += c < text.leading || c >= text.trailing_from ? cell + pad : pad + cell;  // text left, numbers right
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  std::size_t total = 0;
  for (std::size_t w : width) total += w + 2;
  out += std::string(total - 2, '-') + "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string RenderMarkdownTable(const std::vector<std::string>& header,
                                const std::vector<std::vector<std::string>>& rows) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& cell : cells) out += " " + TerminalSafe(cell) + " |";
    return out + "\n";
  };
  std::string out = line(header) + "|";
  for (std::size_t c = 0; c < header.size(); ++c) out += c == 0 ? "---|" : "---:|";
  out += "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string RenderTableAs(OutputFormat format, const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows, TextColumns text) {
  return format == OutputFormat::kMarkdown ? RenderMarkdownTable(header, rows) : RenderTable(header, rows, text);
}

std::string MarkdownReport(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::size_t stop = end == std::string::npos ? text.size() : end;
    std::string line = text.substr(start, stop - start);
    const std::size_t first = line.find_first_not_of(' ');
    lines.push_back(first == std::string::npos ? std::string() : line.substr(first));
    start = stop + 1;
  }
  const auto is_table = [](const std::string& line) { return !line.empty() && line.front() == '|'; };
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const bool table = is_table(line);
    if (i > 0 && !lines[i - 1].empty() && table != is_table(lines[i - 1])) out += "\n";  // blank line at a table's edge
    out += line;
    const bool prose_follows = i + 1 < lines.size() && !lines[i + 1].empty() && !is_table(lines[i + 1]);
    if (!table && !line.empty() && prose_follows) out += "  ";  // hard line break
    out += "\n";
  }
  return out;
}

std::string CsvEscape(const std::string& input_field) {
  const std::string field = TerminalSafe(input_field);
  if (field.find_first_of(",\"\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace pb::cli
