'use strict';
// An estimate from the C ABI (SI units) as a message payload, in the units and names of
// `powerbudget estimate` (docs/json-output.md, "estimate"; engine/estimation/telemetry_io/
// estimate_writer.cpp), so that a flow reads the same fields as the CLI and `serve` write:
//   "estimate": the JSON object of `estimate --format json` (less `resistance`, which the
//               C ABI does not carry);
//   "influx":   [fields, tags] as node-red-contrib-influxdb's "influxdb out" node takes it, the
//               fields and tags of `estimate --format influx` (measurement battery_estimate);
//   "senml":    the pack of `estimate --format senml` (%EL and EL units of RFC 8798).

const SECONDS_PER_DAY = 86400;
const COULOMBS_PER_MAH = 3.6;

// Bit i of pb_est_estimate.flags (PB_EST_FLAG_*).
const FLAG_NAMES = ['drain_fast', 'brown_out_risk', 'data_quality', 'charging', 'battery_replaced'];
const DRAIN_CAUSES = ['none', 'reporting_rate', 'coverage', 'fota', 'unmodelled_drain'];
const CHEMISTRIES = ['primary', 'li_ion'];

function flagNames(flags) {
  return FLAG_NAMES.filter((name, bit) => (flags >>> bit) & 1);
}

// Whole seconds, as the CLI writes them ("2024-01-01T23:23:54Z").
function isoTime(seconds) {
  if (!Number.isFinite(seconds)) return '';
  return new Date(Math.floor(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

function estimateObject(e) {
  return {
    device: e.device_id,
    time: isoTime(e.time_s),
    time_s: e.time_s,
    chemistry: CHEMISTRIES[e.chemistry] || 'primary',
    soc_pct: e.soc_frac * 100,
    soc_sd_pct: e.soc_sd_frac * 100,
    remaining_life_days: {
      p10: e.remaining_life_p10_s / SECONDS_PER_DAY,
      p50: e.remaining_life_p50_s / SECONDS_PER_DAY,
      p90: e.remaining_life_p90_s / SECONDS_PER_DAY,
    },
    capacity_mAh: e.capacity_C / COULOMBS_PER_MAH,
    capacity_sd_mAh: e.capacity_sd_C / COULOMBS_PER_MAH,
    charge_used_mAh: e.charge_used_C / COULOMBS_PER_MAH,
    drain_multiplier: e.drain_multiplier,
    drain_multiplier_sd: e.drain_multiplier_sd,
    expected_current_uA: e.expected_current_A * 1e6,
    planned_current_uA: e.planned_current_A * 1e6,
    flags: flagNames(e.flags),
    drain_cause: DRAIN_CAUSES[e.drain_cause] || 'none',
    drain_flag_since: e.drain_flag_since_s > 0 ? isoTime(e.drain_flag_since_s) : null,
    records_accepted: e.records_accepted,
    records_rejected: e.records_rejected,
    battery_epoch: e.battery_epoch,
  };
}

// [fields, tags] from an estimate object; also what the example flow's change node computes
// (docs/examples/node-red-flow.json), which the tests hold to it.
function influxFromEstimate(o) {
  return [
    {
      soc_pct: o.soc_pct,
      soc_sd_pct: o.soc_sd_pct,
      remaining_life_p10_days: o.remaining_life_days.p10,
      remaining_life_p50_days: o.remaining_life_days.p50,
      remaining_life_p90_days: o.remaining_life_days.p90,
      capacity_mAh: o.capacity_mAh,
      charge_used_mAh: o.charge_used_mAh,
      drain_multiplier: o.drain_multiplier,
      drain_multiplier_sd: o.drain_multiplier_sd,
      expected_current_uA: o.expected_current_uA,
      flags: o.flags.reduce((bits, name) => bits | (1 << FLAG_NAMES.indexOf(name)), 0),
      flag_names: o.flags.join('|'),
      drain_cause: o.drain_cause,
      time: new Date(o.time_s * 1000),
    },
    { device: o.device, chemistry: o.chemistry },
  ];
}

function influxFields(e) {
  return influxFromEstimate(estimateObject(e));
}

function senmlPack(e) {
  const o = estimateObject(e);
  return [
    { bn: `${o.device}/`, bt: e.time_s, n: 'soc', u: '%EL', v: o.soc_pct },
    { n: 'soc_sd', u: '%EL', v: o.soc_sd_pct },
    { n: 'remaining_life_p10', u: 'EL', v: e.remaining_life_p10_s },
    { n: 'remaining_life_p50', u: 'EL', v: e.remaining_life_p50_s },
    { n: 'remaining_life_p90', u: 'EL', v: e.remaining_life_p90_s },
    { n: 'drain_multiplier', u: '/', v: e.drain_multiplier },
    { n: 'expected_current', u: 'A', v: e.expected_current_A },
    { n: 'flags', vs: o.flags.join('|') },
    { n: 'drain_cause', vs: o.drain_cause },
  ];
}

const FORMATS = { estimate: estimateObject, influx: influxFields, senml: senmlPack };

function estimatePayload(format, estimate) {
  const make = FORMATS[format];
  if (!make) throw new Error(`output format '${format}': use ${Object.keys(FORMATS).join(', ')}`);
  return make(estimate);
}

module.exports = { estimatePayload, estimateObject, influxFromEstimate, flagNames, FORMATS, FLAG_NAMES, DRAIN_CAUSES };
