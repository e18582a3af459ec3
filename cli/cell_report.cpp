#include "cli/cell_report.hpp"

#include <fmt/format.h>

#include "cli/output_format.hpp"
#include "cli/terminal_text.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace cell = engine::cell;
using Json = nlohmann::ordered_json;

namespace {

constexpr const char* kSchema = "powerbudget/cell-result/1";

Json AccessJson(const cell::AccessOutcome& a) {
  return {{"new_per_opportunity", Rounded(a.new_per_opportunity)},
          {"attempts_per_opportunity", Rounded(a.attempts_per_opportunity)},
          {"collision_probability_frac", Rounded(a.collision_probability_frac)},
          {"mean_attempts", Rounded(a.mean_attempts)},
          {"failure_probability_frac", Rounded(a.failure_probability_frac)}};
}

Json LoadJson(const cell::CellLoad& l) {
  const cell::EnergyPenalty& p = l.penalty;
  Json by_ce = Json::array();
  for (double d : p.lifetime_loss_days_by_ce) by_ce.push_back(Rounded(d));
  return {{"devices", Rounded(l.devices)},
          {"downlink_frac", Rounded(l.channels.downlink_frac)},
          {"npdcch_frac", Rounded(l.channels.npdcch_frac)},
          {"npdsch_frac", Rounded(l.channels.npdsch_frac)},
          {"npusch_frac", Rounded(l.channels.npusch_frac)},
          {"max_collision_probability_frac", Rounded(l.max_collision_probability_frac())},
          {"extra_attempts_per_access", Rounded(p.extra_attempts_per_access)},
          {"extra_energy_mJ_per_report", Rounded(units::to_mJ(p.extra_energy_J_per_report))},
          {"extra_energy_J_per_day", Rounded(p.extra_energy_J_per_day)},
          {"queueing_wait_s_per_report", Rounded(p.queueing_wait_s_per_report)},
          {"failed_access_frac", Rounded(p.failed_access_frac)},
          {"lifetime_loss_days", Rounded(p.lifetime_loss_days)},
          {"lifetime_loss_days_max", Rounded(p.lifetime_loss_days_max)},
          {"lifetime_loss_days_by_ce", by_ce}};
}

std::string Percent(double frac) { return fmt::format("{:.2f}%", frac * 100.0); }

}  // namespace

Json CellToJson(const cell::CellResult& r, const RunInfo& run) {
  Json j = ScenarioReportHeader(kSchema, r.scenario, run);
  j["devices"] = static_cast<std::int64_t>(r.devices);
  if (r.density) {
    j["density"] = {{"households_per_km2", Rounded(r.density->households_per_km2)},
                    {"devices_per_household", Rounded(r.density->devices_per_household)},
                    {"inter_site_distance_m", Rounded(r.density->inter_site_distance_m)},
                    {"sectors_per_site", r.density->sectors_per_site},
                    {"sector_area_km2", Rounded(cell::SectorArea_m2(*r.density) / units::kSquareMetresPerSquareKilometre)}};
  } else {
    j["density"] = nullptr;
  }
  j["out_of_coverage_frac"] = Rounded(r.out_of_coverage_frac);
  j["carrier"] = {{"anchor_overhead_frac", Rounded(r.anchor_overhead_frac)},
                  {"available_downlink_subframes_per_s", Rounded(r.available_downlink_subframes_per_s)},
                  {"available_uplink_kHz", Rounded(r.available_uplink_Hz / units::kHertzPerKilohertz)},
                  {"nprach_reserved_frac", Rounded(r.randomised.channels.nprach_reserved_frac)}};
  Json groups = Json::array();
  for (const cell::GroupSummary& g : r.groups)
    groups.push_back({{"label", g.label},
                      {"share_frac", Rounded(g.share_frac)},
                      {"report_interval_s", Rounded(g.report_interval_s)},
                      {"report_energy_mJ", Rounded(units::to_mJ(g.report_energy_J))},
                      {"lifetime_days", Rounded(g.lifetime_days)}});
  j["groups"] = groups;
  Json levels = Json::array();
  for (std::size_t l = 0; l < 3; ++l) {
    const cell::CeLevelLoad& c = r.randomised.ce[l];
    levels.push_back({{"ce_level", l},
                      {"share_frac", Rounded(r.ce_share_frac[l])},
                      {"devices", Rounded(c.devices)},
                      {"accesses_per_s", Rounded(c.accesses_per_s)},
                      {"nprach_period_ms", Rounded(units::to_ms(c.nprach_period_s))},
                      {"preambles", c.preambles},
                      {"downlink_frac", Rounded(c.downlink_frac)},
                      {"uplink_frac", Rounded(c.uplink_frac)},
                      {"randomised", AccessJson(c.access)},
                      {"synchronised_worst_epoch", AccessJson(r.synchronised.ce[l].access)}});
  }
  j["ce_levels"] = levels;
  j["randomised"] = LoadJson(r.randomised);
  j["synchronised"] = LoadJson(r.synchronised);
  j["capacity"] = {{"randomised_devices", static_cast<std::int64_t>(r.capacity_randomised.devices)},
                   {"randomised_binding", r.capacity_randomised.binding},
                   {"synchronised_devices", static_cast<std::int64_t>(r.capacity_synchronised.devices)},
                   {"synchronised_binding", r.capacity_synchronised.binding},
                   {"carried_by_one_carrier", r.carried},
                   {"carriers_needed", r.carriers_needed}};
  Json sweep = Json::array();
  for (const cell::SweepPoint& p : r.sweep)
    sweep.push_back({{"factor", Rounded(p.factor)}, {"randomised", LoadJson(p.randomised)},
                     {"synchronised", LoadJson(p.synchronised)}});
  j["sweep"] = sweep;
  return j;
}

std::string CellTable(const cell::CellResult& r, OutputFormat format) {
  std::string out = TerminalSafe(r.scenario) + "\n\n";
  if (r.density)
    out += fmt::format("Population: {:g} devices per sector = {:g} households/km² × {:g} devices × {:.5f} km² "
                       "(ISD {:g} m, {} sectors)\n",
                       r.devices, r.density->households_per_km2, r.density->devices_per_household,
                       cell::SectorArea_m2(*r.density) / units::kSquareMetresPerSquareKilometre,
                       r.density->inter_site_distance_m, r.density->sectors_per_site);
  else
    out += fmt::format("Population: {:g} devices\n", r.devices);
  out += fmt::format("Carrier: anchor overhead {} of the downlink subframes ({:g} left per second); NPUSCH {:.1f} kHz "
                     "after NPRACH's {}\n",
                     Percent(r.anchor_overhead_frac), r.available_downlink_subframes_per_s, r.available_uplink_Hz / units::kHertzPerKilohertz,
                     Percent(r.randomised.channels.nprach_reserved_frac));
  out += fmt::format("Out of coverage: {}\n\n", Percent(r.out_of_coverage_frac));

  std::vector<std::vector<std::string>> groups;
  for (const cell::GroupSummary& g : r.groups)
    groups.push_back({g.label, Percent(g.share_frac), fmt::format("{:g}", g.report_interval_s),
                      fmt::format("{:.2f}", units::to_mJ(g.report_energy_J)), fmt::format("{:.0f}", g.lifetime_days)});
  out += RenderTableAs(format, {"device group", "share", "interval s", "mJ/report", "lifetime days"}, groups);

  std::vector<std::vector<std::string>> levels;
  for (std::size_t l = 0; l < 3; ++l) {
    const cell::CeLevelLoad& c = r.randomised.ce[l];
    const cell::CeLevelLoad& s = r.synchronised.ce[l];
    levels.push_back({fmt::format("CE{}", l), Percent(r.ce_share_frac[l]), fmt::format("{:.0f}", c.devices),
                      fmt::format("{:.3f}", c.accesses_per_s), fmt::format("{:g}", units::to_ms(c.nprach_period_s)),
                      std::to_string(c.preambles), fmt::format("{:.4f}", c.access.new_per_opportunity),
                      Percent(c.access.collision_probability_frac), fmt::format("{:.4f}", c.access.mean_attempts),
                      Percent(s.access.collision_probability_frac), Percent(c.downlink_frac)});
  }
  out += "\n" + RenderTableAs(format, {"level", "share", "devices", "access/s", "NPRACH ms", "preambles", "new/opp",
                             "collision", "attempts", "sync collision", "DL share"},
                            levels);

  std::vector<std::vector<std::string>> loads;
  for (const cell::CellLoad* l : {&r.randomised, &r.synchronised})
    loads.push_back({cell::ArrivalPatternName(l->pattern), Percent(l->channels.downlink_frac),
                     Percent(l->channels.npdcch_frac), Percent(l->channels.npdsch_frac), Percent(l->channels.npusch_frac),
                     Percent(l->max_collision_probability_frac()), Percent(l->penalty.failed_access_frac),
                     fmt::format("{:.3f}", units::to_mJ(l->penalty.extra_energy_J_per_report)),
                     fmt::format("{:.2f}", l->penalty.queueing_wait_s_per_report),
                     fmt::format("{:.2f}", l->penalty.lifetime_loss_days),
                     fmt::format("{:.2f}", l->penalty.lifetime_loss_days_max)});
  out += "\n" + RenderTableAs(format, {"reporting", "downlink", "NPDCCH", "NPDSCH", "NPUSCH", "max collision", "lost reports",
                             "extra mJ/report",
                             "queue s", "life lost days", "worst days"},
                            loads);

  out += fmt::format("\nCapacity of one carrier (utilisation <= {}, preamble collisions <= {} per CE level):\n",
                     Percent(r.limits.max_utilisation_frac), Percent(r.limits.max_collision_probability_frac));
  out += fmt::format("  randomised reporting:   {:.0f} devices (the next one breaks: {})\n", r.capacity_randomised.devices,
                     r.capacity_randomised.binding);
  out += fmt::format("  synchronised reporting: {:.0f} devices (the next one breaks: {})\n",
                     r.capacity_synchronised.devices, r.capacity_synchronised.binding);
  out += r.carried ? fmt::format("The population of {:.0f} devices fits one carrier ({:.0f}% of its capacity).\n", r.devices,
                                 100.0 * r.devices / r.capacity_randomised.devices)
                   : fmt::format("The population of {:.0f} devices does NOT fit one carrier: {} carriers needed.\n",
                                 r.devices, r.carriers_needed);

  if (!r.sweep.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const cell::SweepPoint& p : r.sweep)
      rows.push_back({fmt::format("{:g}", p.factor), fmt::format("{:.0f}", p.randomised.devices),
                      Percent(p.randomised.channels.downlink_frac), Percent(p.randomised.channels.npusch_frac),
                      Percent(p.randomised.max_collision_probability_frac()),
                      fmt::format("{:.3f}", units::to_mJ(p.randomised.penalty.extra_energy_J_per_report)),
                      fmt::format("{:.2f}", p.randomised.penalty.lifetime_loss_days),
                      Percent(p.synchronised.max_collision_probability_frac()),
                      Percent(p.synchronised.penalty.failed_access_frac),
                      fmt::format("{:.3f}", units::to_mJ(p.synchronised.penalty.extra_energy_J_per_report)),
                      fmt::format("{:.2f}", p.synchronised.penalty.lifetime_loss_days)});
    out += "\nLoad sweep (randomised | synchronised):\n" +
           RenderTableAs(format, {"factor", "devices", "downlink", "NPUSCH", "collision", "extra mJ/report", "life lost days",
                        "sync collision", "sync lost", "sync extra mJ", "sync life lost"},
                       rows);
  }
  return format == OutputFormat::kMarkdown ? MarkdownReport(out) : out;
}

std::string CellCsv(const cell::CellResult& r) {
  std::string out =
      "factor,pattern,devices,downlink_frac,npusch_frac,collision_ce0_frac,collision_ce1_frac,collision_ce2_frac,"
      "extra_energy_mJ_per_report,lifetime_loss_days\n";
  auto row = [&](double factor, const cell::CellLoad& l) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", Number(factor), cell::ArrivalPatternName(l.pattern),
                       Number(l.devices), Number(l.channels.downlink_frac), Number(l.channels.npusch_frac),
                       Number(l.ce[0].access.collision_probability_frac), Number(l.ce[1].access.collision_probability_frac),
                       Number(l.ce[2].access.collision_probability_frac), Number(units::to_mJ(l.penalty.extra_energy_J_per_report)),
                       Number(l.penalty.lifetime_loss_days));
  };
  row(1.0, r.randomised);
  row(1.0, r.synchronised);
  for (const cell::SweepPoint& p : r.sweep) {
    row(p.factor, p.randomised);
    row(p.factor, p.synchronised);
  }
  return out;
}

}  // namespace pb::cli
