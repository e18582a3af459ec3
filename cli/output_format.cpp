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

void AddFormatOption(po::options_description& visible, std::string& format, const char* default_format,
                     const char* choices) {
  visible.add_options()("format,f", po::value(&format)->default_value(default_format),
                        (std::string("output format: ") + choices).c_str());
}

OutputFormat ParseOutputFormat(const std::string& text, bool markdown_allowed) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "csv") return OutputFormat::kCsv;
  if (markdown_allowed && text == "md") return OutputFormat::kMarkdown;
  throw std::invalid_argument("--format '" + text + "' is not one of: table, json, csv" +
                              (markdown_allowed ? ", md" : ""));
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

std::string CsvEscape(const std::string& input_field) {
  const std::string field = TerminalSafe(input_field);
  if (field.find_first_of(",\"\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace pb::cli
