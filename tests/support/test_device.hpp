// A complete modelled device built in code, independent of the bundled profiles, so that
// engine tests do not change when a profile's figures are revised. Figures are plausible
// nRF9160-class values; tests that need published values use the bundled profiles instead.
#pragma once

#include "engine/device_profile.hpp"
#include "models/units.hpp"

namespace pb::test {

inline models::radio::ModemParams TestModem() {
  models::radio::ModemParams m;
  m.name = "test modem";
  m.supply_voltage_V = 3.6;
  m.psm_current_A = units::uA(2.7);
  m.wakeup_time_s = 0.1;
  m.wakeup_current_A = units::mA(5);
  m.rx_current_A = units::mA(40);
  m.connected_idle_current_A = units::mA(10);
  m.cdrx_sleep_current_A = units::mA(1);
  m.idle_sleep_current_A = units::uA(5);
  m.paging_occasion_time_s = 0.02;
  m.resync_time_s = 0.03;
  m.max_tx_power_dBm = 23;
  m.tx_current_curve = {{-10, units::mA(45)}, {0, units::mA(50)}, {10, units::mA(70)}, {23, units::mA(220)}};
  return m;
}

inline models::radio::nbiot::CeLevelParams TestCeLevel(int reps_pdcch, int reps_prach) {
  models::radio::nbiot::CeLevelParams c;
  c.nprach_repetitions = reps_prach;
  c.nprach_periodicity_s = 0.64;
  c.nprach_preamble_format = 0;
  c.npdcch_repetitions = reps_pdcch;
  c.paging_npdcch_repetitions = reps_pdcch;
  c.npdcch_search_space_g = 2.0;
  return c;
}

inline models::radio::nbiot::NetworkParams TestNetwork() {
  models::radio::nbiot::NetworkParams n;
  n.name = "test network";
  n.ce0_max_coupling_loss_dB = 144;
  n.ce1_max_coupling_loss_dB = 154;
  n.max_coupling_loss_dB = 164;
  n.ce_levels = {TestCeLevel(8, 2), TestCeLevel(64, 8), TestCeLevel(512, 32)};
  n.link_budget = {.enb_tx_power_dBm = 35.0, .enb_noise_figure_dB = 5.0, .ue_noise_figure_dB = 9.0,
                   .uplink_interference_margin_dB = 0.0, .downlink_interference_margin_dB = 0.0,
                   .downlink_resource_share_frac = 0.6, .target_bler_frac = 0.1};
  n.npusch_p0_dBm = -120;
  n.npusch_alpha_frac = 1.0;
  n.nprach_target_received_power_dBm = -112;
  n.inactivity_timer_s = 20;
  n.cdrx_cycle_s = 2.048;
  n.cdrx_on_duration_s = 0.01;
  n.release_assistance_supported = true;
  n.server_rtt_s = 0.2;
  n.nat_binding_timeout_s = 120;
  n.idle_drx_cycle_s = 2.56;
  return n;
}

inline engine::ModelledDevice TestModelledDevice() {
  engine::ModelledDevice d;
  d.modem = TestModem();
  d.network = TestNetwork();
  d.coverage = {144.0, std::nullopt};
  d.reporting = {3600.0, 60, true, true};
  d.power_saving = {true, 86400.0, 10.0, false, 0.0, 0.0};
  d.stack = engine::Stack::kLwm2mDtls;
  d.dtls.dtls.credential = models::protocols::DtlsCredential::kX509;
  d.dtls.dtls.connection_id_B = 1;
  d.dtls.resumption = true;
  d.dtls.session_lifetime_s = 7 * units::kSecondsPerDay;
  d.lwm2m.registration_lifetime_s = 86400.0;
  d.lwm2m.protocol.dtls = d.dtls.dtls;
  d.mcu = {3.6, units::mA(3), units::uA(1), 0.05, 0.3, 0.005};
  d.sensor = {3.3, units::mA(4), 0.25, 1};
  d.flash = {4096, 0.085, 97000, units::mA(3)};
  d.secure_boot = {1e6, 0.05, 0.38, 0.3};
  d.fota = {true, 180 * units::kSecondsPerDay, 327680, 1.0, 512, 0.02};
  return d;
}

inline models::battery::BatteryParams TestBattery(double capacity_mAh = 3600, double voltage_V = 3.6) {
  return models::battery::BatteryParams{"test cell", models::battery::Chemistry::kIdeal, voltage_V, units::mAh_to_C(capacity_mAh),
                               units::mA(3), 20, 2.0, units::mA(100), units::mA(250)};
}

inline engine::DeviceProfile TestProfile() {
  engine::DeviceProfile p;
  p.name = "test device";
  p.target_lifetime_s = 365 * units::kSecondsPerDay;
  p.battery = TestBattery();
  p.supply = models::device::SupplyParams{models::device::SupplyKind::kDirect, 1.0, units::uA(1)};
  p.device = TestModelledDevice();
  return p;
}

inline engine::ModelledDevice& Modelled(engine::DeviceProfile& p) { return std::get<engine::ModelledDevice>(p.device); }

}  // namespace pb::test
