#include "models/battery/derating.hpp"

#include <array>
#include <stdexcept>

namespace pb::models::battery {
namespace {

class NoDerating final : public CapacityDerating {
 public:
  std::string_view name() const override { return "none"; }
  double AccessibleFraction(double, double) const override { return 1.0; }
  bool depends_on_current() const override { return false; }
};

class TableDerating final : public CapacityDerating {
 public:
  explicit TableDerating(Table2D table) : table_(std::move(table)) {
    CheckTable(table_, "capacity derating table");
    for (double f : table_.values)
      if (f < 0.0 || f > 1.0) throw std::invalid_argument("capacity derating table: factors must be in [0, 1]");
  }
  std::string_view name() const override { return "table"; }
  double AccessibleFraction(double temperature_degC, double mean_current_A) const override {
    return Interpolate2D(table_, temperature_degC, mean_current_A);
  }
  bool depends_on_current() const override { return table_.columns.size() > 1; }

 private:
  Table2D table_;
};

constexpr std::array<std::string_view, 2> kNames = {"none", "table"};

}  // namespace

std::span<const std::string_view> DeratingNames() { return kNames; }

std::string_view DeratingName(DeratingKind kind) { return kind == DeratingKind::kTable ? kNames[1] : kNames[0]; }

std::unique_ptr<CapacityDerating> MakeCapacityDerating(const DeratingParams& params) {
  switch (params.model) {
    case DeratingKind::kNone: return std::make_unique<NoDerating>();
    case DeratingKind::kTable: return std::make_unique<TableDerating>(params.table);
  }
  throw std::invalid_argument("unknown capacity derating model");
}

}  // namespace pb::models::battery
