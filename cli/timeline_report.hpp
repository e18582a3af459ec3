// The timeline as the user sees it: JSON (schema powerbudget/timeline/1, docs/json-output.md),
// a table or Markdown of the phases, CSV of the step curve, and an SVG plot.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/run_header.hpp"
#include "engine/timeline/timeline.hpp"

namespace pb::cli {

nlohmann::ordered_json TimelineToJson(const engine::timeline::Timeline& timeline, const RunInfo& run);
std::string TimelineTable(const engine::timeline::Timeline& timeline, bool markdown);
// Two rows per segment (its start and its end at its current), so that a line plot draws steps.
std::string TimelineCsv(const engine::timeline::Timeline& timeline);
std::string TimelineSvg(const engine::timeline::Timeline& timeline);

}  // namespace pb::cli
