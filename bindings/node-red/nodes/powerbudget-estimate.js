'use strict';
// Node-RED node "powerbudget-estimate": SenML telemetry in, one battery estimate per updated device
// out (docs/node-red.md). Each node instance owns one fleet handle of libpb_estimation_c.so, loaded
// in-process: the estimator keeps every device's state between messages, and a snapshot file
// carries it over restarts of Node-RED.

const { findLibrary } = require('../lib/library-path');
const { loadLibrary, Fleet, stackNote } = require('../lib/estimation-library');
const { senmlLines } = require('../lib/senml-input');
const { estimatePayload, FORMATS } = require('../lib/estimate-payload');
const { readSnapshot, writeSnapshot } = require('../lib/snapshot-file');

// "PATH=VALUE" a line, as the CLI's repeated --set; blank lines and # comments are skipped.
function parseOverrides(text) {
  const overrides = [];
  String(text || '').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!/^[^=\s]+=.+$/.test(line)) throw new Error(`override line ${i + 1} '${line}' is not PATH=VALUE`);
    overrides.push(line);
  });
  return overrides;
}

function topicDevice(mode, topic) {
  if (typeof topic !== 'string' || topic === '' || mode === 'none') return '';
  if (mode === 'last') return topic.split('/').filter(Boolean).pop() || '';
  return topic;
}

// What identifies "this device was updated by this message": a new accepted record.
function updateKey(estimate) {
  return estimate ? `${estimate.records_accepted}:${estimate.time_s}:${estimate.battery_epoch}` : '';
}

function difference(after, before) {
  const delta = {};
  for (const [name, count] of Object.entries(after)) {
    if (count !== before[name]) delta[name] = count - before[name];
  }
  return delta;
}

module.exports = function register(RED) {
  function PowerbudgetEstimateNode(config) {
    RED.nodes.createNode(this, config);
    const node = this;
    const format = config.output || 'estimate';
    const deviceFromTopic = config.topicDevice || 'topic';
    const arrivalTime = config.relativeTime !== 'reject';
    const snapshotFile = (config.snapshotFile || '').trim();
    const snapshotInterval = Number(config.snapshotInterval || 0);
    const totals = { accepted: 0, rejected: 0, malformed: 0 };
    let fleet = null;
    let startupError = '';
    let saveTo = snapshotFile; // moved aside when the snapshot there could not be restored
    let timer = null;

    function showStatus(problem) {
      if (!fleet) return;
      const parts = [`${fleet.deviceCount()} devices`];
      if (totals.rejected) parts.push(`${totals.rejected} rejected`);
      if (totals.malformed) parts.push(`${totals.malformed} malformed`);
      node.status({ fill: problem ? 'yellow' : 'green', shape: 'dot', text: parts.join(', ') });
    }

    function save() {
      if (!fleet || !saveTo) return;
      try {
        writeSnapshot(saveTo, fleet.snapshot());
      } catch (error) {
        node.error(`snapshot not saved to ${saveTo}: ${error.message}`);
      }
    }

    try {
      if (!FORMATS[format]) throw new Error(`output format '${format}': use ${Object.keys(FORMATS).join(', ')}`);
      if (!(snapshotInterval >= 0)) throw new Error(`snapshot interval '${config.snapshotInterval}': a number of seconds >= 0`);
      const found = findLibrary((config.library || '').trim(), loadLibrary);
      fleet = new Fleet(found.library, {
        profile: (config.profile || '').trim() || 'mast-monitor',
        profilesDir: (config.profilesDir || '').trim() || null,
        overrides: parseOverrides(config.overrides),
      });
      node.debug(`using ${found.file} (${found.source})`);
      if (stackNote()) node.warn(stackNote());
    } catch (error) {
      startupError = error.message;
      node.error(`powerbudget-estimate: ${error.message}`);
      node.status({ fill: 'red', shape: 'ring', text: error.status === 'bad_profile' ? 'profile not loaded' : 'not started' });
    }

    if (fleet && snapshotFile) {
      try {
        const bytes = readSnapshot(snapshotFile);
        if (bytes) fleet.restore(bytes);
      } catch (error) {
        // Never overwrite state that could not be read back: it may be all a fleet has.
        saveTo = `${snapshotFile}.new`;
        node.error(`snapshot ${snapshotFile} not restored (${error.message}); starting with no devices; ` +
                   `the file is left as it is and the state is saved to ${saveTo}`);
      }
      if (snapshotInterval > 0) timer = setInterval(save, snapshotInterval * 1000);
    }
    showStatus(false);

    node.on('input', (msg, send, done) => {
      if (!fleet) {
        done(new Error(`powerbudget-estimate is not running: ${startupError}`));
        return;
      }
      let input;
      try {
        input = senmlLines(msg.payload, {
          topicDevice: topicDevice(deviceFromTopic, msg.topic),
          arrivalTime: arrivalTime ? Date.now() / 1000 : null,
        });
      } catch (error) {
        totals.malformed += 1;
        showStatus(true);
        send([null, { topic: msg.topic, payload: { accepted: 0, rejected: 0, malformed: 1, reasons: { malformed: 1 },
                                                   error: error.message } }]);
        done(error);
        return;
      }

      const result = { accepted: 0, rejected: 0, malformed: 0, error: null };
      const estimates = [];
      const reasonsBefore = fleet.reasonCounts();
      try {
        // One pack at a time: a pack that names one device and has a record accepted updated
        // that device, so only updated devices are queried (a query computes the remaining-life
        // quantiles). A pack naming several devices is told apart by querying them around it.
        const updated = new Set();
        input.packs.forEach((pack, i) => {
          const before = new Map();
          if (pack.devices.size > 1) for (const device of pack.devices) before.set(device, updateKey(fleet.query(device)));
          const r = fleet.ingestText('senml', pack.text);
          result.accepted += r.accepted;
          result.rejected += r.rejected;
          result.malformed += r.malformed;
          if (r.malformed > 0) result.error = `pack ${i + 1}: ${r.error.replace(/^line \d+: /, '')}`;
          if (r.accepted === 0) return;
          for (const device of pack.devices) {
            if (pack.devices.size === 1 || updateKey(fleet.query(device)) !== before.get(device)) updated.add(device);
          }
        });
        for (const device of updated) {
          const estimate = fleet.query(device);
          if (estimate) estimates.push(estimate);
        }
      } catch (error) {
        showStatus(true);
        done(error);
        return;
      }
      const reasons = difference(fleet.reasonCounts(), reasonsBefore);
      totals.accepted += result.accepted;
      totals.rejected += result.rejected;
      totals.malformed += result.malformed;

      const out = estimates.map((estimate) => {
        const message = { topic: estimate.device_id, payload: estimatePayload(format, estimate) };
        if (format === 'influx') message.measurement = 'battery_estimate';
        return message;
      });
      // Every message with bad data gets a report: rejected records, malformed packs, and fields
      // dropped or records handled by a rule (out_of_range, counter_reset, ...) that still count.
      let report = null;
      if (result.rejected > 0 || result.malformed > 0 || Object.keys(reasons).length > 0) {
        report = { topic: msg.topic, payload: { accepted: result.accepted, rejected: result.rejected,
                                                malformed: result.malformed, reasons, error: result.error } };
        if (input.anonymous > 0) {
          report.payload.hint = `${input.anonymous} pack(s) name no device (bn + n) and msg.topic gives none`;
        }
      }
      send([out.length ? out : null, report]);
      showStatus(result.malformed > 0);
      if (result.malformed > 0) {
        done(new Error(`msg.payload: ${result.malformed} of ${input.packs.length} SenML pack(s) malformed, ` +
                       `the last: ${result.error}`));
      } else {
        done();
      }
    });

    node.on('close', (removed, done) => {
      if (timer) clearInterval(timer);
      save();
      if (fleet) fleet.close();
      fleet = null;
      done();
    });
  }

  RED.nodes.registerType('powerbudget-estimate', PowerbudgetEstimateNode);
};
