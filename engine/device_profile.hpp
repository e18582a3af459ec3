// A device profile after loading: plain parameter structs, SI units, validated. The profile
// loader (engine/profile_io) builds it from JSON; everything in engine/ works from this.
//
// Two forms:
//   ModelledDevice  — modem + network + protocol stack + MCU/sensor/FOTA, simulated from physics;
//   MeasuredDevice  — a floor current plus measured events (a power-analyser user's profile).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/option_range.hpp"
#include "engine/uncertain_inputs.hpp"
#include "models/battery/rating.hpp"
#include "models/battery/physics.hpp"
#include "models/environment/climate.hpp"
#include "models/device/parts.hpp"
#include "models/radio/modem.hpp"
#include "models/radio/nbiot/network.hpp"
#include "models/units.hpp"
#include "models/protocols/coap_lwm2m.hpp"
#include "models/protocols/dtls.hpp"
#include "models/protocols/ip.hpp"
#include "models/protocols/tls_mqtt.hpp"
#include "models/device/supply.hpp"

namespace pb::engine {

struct CoverageParams {
  double coupling_loss_dB;
  std::optional<int> forced_ce_level;  // the network pins the device to a CE level
  bool operator==(const CoverageParams&) const = default;
};

struct ReportingParams {
  double interval_s;
  int uplink_payload_B;              // application payload (e.g. SenML CBOR) per report
  bool confirmable = true;           // application-level acknowledgement (CoAP CON / MQTT QoS 1)
  bool release_assistance = true;    // the device sends RAI after its last expected packet
  bool operator==(const ReportingParams&) const = default;
};

// What the device asks the network for (AT+CPSMS / AT+CEDRXS); the network may grant others.
struct PowerSavingRequest {
  bool psm = true;
  double t3412_s = 0.0;
  double t3324_s = 0.0;
  bool edrx = false;
  double edrx_cycle_s = 0.0;
  double ptw_s = 0.0;
  bool operator==(const PowerSavingRequest&) const = default;
};

// lwm2m_dtls: LwM2M over CoAP over DTLS; mqtt_tls: MQTT over TLS over TCP; udp: the
// application payload straight over UDP with an optional application acknowledgement (the
// 3GPP TR 45.820 evaluation traffic model).
enum class Stack { kLwm2mDtls, kMqttTls, kUdp };

struct UdpParams {
  models::protocols::IpVersion ip = models::protocols::IpVersion::kIPv4;
  int ack_B = 0;  // application-layer acknowledgement payload when reporting.confirmable
  bool operator==(const UdpParams&) const = default;
};

struct DtlsSessionParams {
  models::protocols::DtlsConfig dtls{};
  bool resumption = true;      // abbreviated handshake when the session is still valid
  double session_lifetime_s;   // after this a full handshake is needed whatever else happens
  bool operator==(const DtlsSessionParams&) const = default;
};

struct Lwm2mParams {
  models::protocols::Lwm2mConfig protocol{};
  double registration_lifetime_s;
  bool operator==(const Lwm2mParams&) const = default;
};

struct MqttParams {
  models::protocols::MqttConfig protocol{};
  bool persistent_connection = false;  // keep TCP/TLS/MQTT up between reports (needs pings)
  double keepalive_s = 0.0;            // PINGREQ period for a persistent connection
  bool operator==(const MqttParams&) const = default;
};

struct FotaParams {
  bool enabled = false;
  double interval_s = 0.0;            // one update every interval
  int image_size_B = 0;               // full image
  double download_ratio_frac = 1.0;   // 1 = full image; < 1 = delta patch of this fraction
  int block_size_B = 512;             // CoAP Block2 size
  double rollback_probability_frac = 0.0;  // an installed image fails its self-test
  bool operator==(const FotaParams&) const = default;
};

struct ModelledDevice {
  models::radio::ModemParams modem;
  models::radio::nbiot::NetworkParams network;
  CoverageParams coverage;
  ReportingParams reporting;
  PowerSavingRequest power_saving;
  Stack stack = Stack::kLwm2mDtls;
  DtlsSessionParams dtls;      // LwM2M stack: DTLS; MQTT stack: TLS session reuse settings
  Lwm2mParams lwm2m;
  MqttParams mqtt;
  UdpParams udp;
  models::device::McuParams mcu;
  models::device::SensorParams sensor;
  models::device::FlashParams flash;
  models::device::SecureBootParams secure_boot;
  FotaParams fota;
  bool operator==(const ModelledDevice&) const = default;
};

struct MeasuredEvent {
  std::string name;
  double energy_J;    // at the measurement's supply voltage
  double duration_s;
  double period_s;
  bool operator==(const MeasuredEvent&) const = default;
};

// Fields a command sets from its options as well as from a profile (trace --supply-voltage and
// --target-days write a measured-events profile): the loader and the options share the range.
inline constexpr NumericRange kMeasuredSupplyVoltageRange_V{0.5, 60.0, false, false, false, "V"};
inline constexpr NumericRange kTargetLifetimeRange_days{0.0, 100.0 * units::kDaysPerYear, false, false, false, "days"};

struct MeasuredDevice {
  double supply_voltage_V;   // voltage the measurement was taken at (kMeasuredSupplyVoltageRange_V)
  double floor_current_A;
  std::vector<MeasuredEvent> events;
  bool operator==(const MeasuredDevice&) const = default;
};

struct DeviceProfile {
  std::string name;
  std::string description;
  double target_lifetime_s;  // kTargetLifetimeRange_days
  models::battery::BatteryParams battery;
  models::battery::BatteryPhysicsParams battery_physics;  // default: the ideal battery
  models::device::SupplyParams supply;
  models::environment::ClimateParams climate;   // default: constant at the battery's reference temperature
  UncertaintySpec uncertainty;     // declared spreads over a population (Monte Carlo)
  std::variant<ModelledDevice, MeasuredDevice> device;
  bool operator==(const DeviceProfile&) const = default;
};

}  // namespace pb::engine
