// The campaign result as the user sees it: JSON (schema powerbudget/campaign-result/1,
// docs/json-output.md, golden-tested), a table with the variants side by side, the per-device
// cost by CE level and the timeline, and CSV (one row per variant).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/output_format.hpp"
#include "cli/run_header.hpp"
#include "engine/campaign/campaign_run.hpp"

namespace pb::cli {

nlohmann::ordered_json CampaignToJson(const engine::campaign::CampaignResult& result, const RunInfo& run);
std::string CampaignTable(const engine::campaign::CampaignResult& result,
                          OutputFormat format = OutputFormat::kTable);
std::string CampaignCsv(const engine::campaign::CampaignResult& result);

}  // namespace pb::cli
