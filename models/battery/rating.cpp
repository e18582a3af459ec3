#include "models/battery/rating.hpp"

namespace pb::models::battery {

std::string_view ChemistryName(Chemistry chemistry) {
  switch (chemistry) {
    case Chemistry::kLiSOCl2: return "li_socl2";
    case Chemistry::kLiSOCl2Hybrid: return "li_socl2_hybrid";
    case Chemistry::kLiMnO2: return "li_mno2";
    case Chemistry::kAlkaline: return "alkaline";
    case Chemistry::kLiIon: return "li_ion";
    case Chemistry::kIdeal: return "ideal";
  }
  return "ideal";
}

}  // namespace pb::models::battery
