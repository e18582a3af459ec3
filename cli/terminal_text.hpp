// Text from input — device, event and activity names, CSV column headers, file names, the
// arguments echoed in error messages — as a terminal is to show it. Control characters (C0 such as
// escape, carriage return, newline and backspace; DEL; the C1 controls U+0080-U+009F, CSI among
// them) and bytes that are not UTF-8 are written as visible escapes (\x1b, \n, \u009b, \xff), so
// that a crafted profile or capture cannot move the cursor, clear the screen or hide a line.
// Every text renderer (RenderTable, RenderMarkdownTable, CsvEscape, the lines of the reports, the
// error messages) passes input through it; JSON output is escaped by the JSON library.
#pragma once

#include <string>
#include <string_view>

namespace pb::cli {

std::string TerminalSafe(std::string_view text);

}  // namespace pb::cli
