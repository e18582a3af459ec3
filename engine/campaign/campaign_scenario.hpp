// A firmware-update campaign after loading (profiles/campaigns/*.json, schema
// powerbudget/campaign/1, engine/profile_io/cell_loader.hpp): a fleet spread over cells, an
// image, what share of each cell's downlink the campaign may take, failure probabilities, the
// retry policy, and the delivery variants to compare.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/cell/carrier.hpp"
#include "engine/cell/population.hpp"
#include "models/radio/nbiot/network.hpp"

namespace pb::engine::campaign {

enum class ImageKind { kFull, kDelta };
enum class Delivery { kUnicast, kMulticast };
enum class InstallFailurePolicy { kRetry, kGiveUp };

const char* ImageKindName(ImageKind kind);
const char* DeliveryName(Delivery delivery);

struct Variant {
  std::string name;
  ImageKind image = ImageKind::kFull;
  Delivery delivery = Delivery::kUnicast;
};

struct ImageParams {
  int size_B = 0;                  // the full image, written to flash in every variant
  double delta_ratio_frac = 1.0;   // a delta patch's size over the full image's
  int block_size_B = 0;            // CoAP Block2 size (RFC 7959)
};

struct ScheduleParams {
  double downlink_share_frac = 0.0;        // of each cell's available downlink
  int max_concurrent_downloads_per_cell = 0;
};

struct FailureParams {
  double download_failure_frac = 0.0;  // a unicast download breaks off (or a multicast session is missed)
  double install_failure_frac = 0.0;   // the new image fails its self-test and MCUboot reverts
};

struct RetryParams {
  int max_download_attempts = 0;
  InstallFailurePolicy on_install_failure = InstallFailurePolicy::kRetry;
  int max_install_attempts = 0;
};

// SC-PTM (Rel-14, TS 36.331 §5.8a): one transmission per device type and CE level per cell.
struct MulticastParams {
  double session_after_frac = 1.0;  // the session starts once this share of the cell's devices knows of it
  double block_loss_frac = 0.0;     // blocks a device misses and repairs by unicast (no HARQ on SC-MTCH)
};

struct CampaignScenario {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  models::radio::nbiot::NetworkParams network;
  cell::CarrierParams carrier;
  int devices = 0;
  int cells = 0;
  std::vector<cell::DeviceGroup> groups;
  std::vector<cell::CouplingLossBin> coupling_loss;
  ImageParams image;
  ScheduleParams schedule;
  FailureParams failures;
  RetryParams retry;
  MulticastParams multicast;
  double updates_per_year = 0.0;  // to express a campaign's cost per year of battery
  std::vector<Variant> variants;
};

}  // namespace pb::engine::campaign
