'use strict';
// The importable flows of examples/ (what Node-RED lists under Import -> Examples for this
// package), as shipped, with their MQTT and debug nodes replaced by helper nodes and the broker
// config left out: fleet-sim telemetry goes in, and what reaches the debug and MQTT outputs is
// checked against the estimates.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const helper = require('node-red-node-test-helper');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const changeNode = require('@node-red/nodes/core/function/15-change.js');
const switchNode = require('@node-red/nodes/core/function/10-switch.js');
const rbeNode = require('@node-red/nodes/core/function/rbe.js');
const estimateNode = require('../nodes/powerbudget-estimate.js');
const support = require('./support');

helper.init(require.resolve('node-red'));

const EXAMPLES = path.join(__dirname, '..', 'examples');
const OUTSIDE = new Set(['mqtt in', 'mqtt out', 'debug']);

function load(file, { tabEnv, extraWires = {} } = {}) {
  const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
  const flow = example.filter((n) => n.type !== 'mqtt-broker').map((n) => {
    if (OUTSIDE.has(n.type)) return { id: n.id, z: n.z, type: 'helper', wires: n.wires };
    if (n.type === 'tab' && tabEnv) return { ...n, env: tabEnv };
    if (n.type === 'powerbudget-estimate') {
      const wires = n.wires.map((w, i) => [...w, ...(extraWires[i] || [])]);
      return { ...n, library: support.env.library, profilesDir: support.env.profiles, wires };
    }
    return n;
  });
  for (const ids of Object.values(extraWires)) ids.forEach((id) => flow.push({ id, z: flow[0].z, type: 'helper', wires: [] }));
  return helper.load([estimateNode, catchNode, changeNode, switchNode, rbeNode], flow);
}

describe('the example flows (examples/)', function () {
  let dir;
  let lines;
  let cli;
  before(function () {
    dir = support.workDir();
    lines = support.fleetSimSenml(dir, { devices: 8, days: 5, seed: 21 });
    cli = support.cliEstimates(dir, lines);
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async function () {
    await helper.unload();
  });

  it('every example is a flow Node-RED can import, with the package and core nodes only', function () {
    const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    assert.deepStrictEqual(files.sort(), ['flag-low-remaining-life.json', 'telemetry-to-estimate.json']);
    const known = new Set(['tab', 'mqtt in', 'mqtt out', 'mqtt-broker', 'debug', 'catch', 'change', 'switch', 'rbe',
                           'powerbudget-estimate']);
    for (const file of files) {
      const flow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
      const ids = new Set(flow.map((n) => n.id));
      assert.strictEqual(ids.size, flow.length, `${file}: duplicate ids`);
      for (const n of flow) {
        assert.ok(known.has(n.type), `${file}: node type ${n.type}`);
        for (const id of (n.wires || []).flat()) assert.ok(ids.has(id), `${file}: ${n.id} wired to missing ${id}`);
        if (n.type.startsWith('mqtt ')) assert.ok(ids.has(n.broker), `${file}: ${n.id}: broker ${n.broker} missing`);
      }
    }
  });

  it('telemetry-to-estimate: each device\'s estimate reaches the debug node, as the CLI estimates it', async function () {
    await load('telemetry-to-estimate.json');
    const estimates = support.collect(helper.getNode('pbx-estimates'));
    const bad = support.collect(helper.getNode('pbx-bad-data'));
    const input = helper.getNode('pbx-telemetry-in');
    for (const line of lines) input.send({ topic: 'lwm2m/named-in-the-pack', payload: JSON.parse(line) });
    input.send({ topic: 'lwm2m/sentinel', payload: support.sentinelPack('sentinel', 1704067200) });
    await support.waitFor(() => estimates.some((m) => m.topic === 'sentinel'), 'the sentinel estimate');

    const last = new Map(estimates.filter((m) => m.topic !== 'sentinel').map((m) => [m.topic, m.payload]));
    assert.deepStrictEqual([...last.keys()].sort(), [...cli.estimates.keys()].sort());
    for (const [device, want] of cli.estimates) {
      const got = last.get(device);
      assert.strictEqual(support.rounded(got.remaining_life_days.p10, 6), want.remaining_life_days.p10, device);
      assert.strictEqual(support.rounded(got.soc_pct, 6), want.soc_pct, device);
    }
    assert.ok(bad.length > 0, 'fleet-sim bad data reaches the bad-data debug node');
  });

  it('flag-low-remaining-life: one alert per device falling below MIN_P10_DAYS, cleared when above', async function () {
    // A threshold inside the fleet's spread: the median of the devices' final P10.
    const finals = [...cli.estimates.values()].map((e) => e.remaining_life_days.p10).sort((a, b) => a - b);
    const threshold = finals[Math.floor(finals.length / 2)];
    await load('flag-low-remaining-life.json', {
      tabEnv: [{ name: 'MIN_P10_DAYS', value: String(threshold), type: 'num' }],
      extraWires: { 0: ['all-estimates'] },
    });
    const all = support.collect(helper.getNode('all-estimates'));
    const alerts = support.collect(helper.getNode('pbx-alert-debug'));
    const mqtt = support.collect(helper.getNode('pbx-alert-out'));
    const input = helper.getNode('pbx-alert-in');
    for (const line of lines) input.send({ topic: 'lwm2m/x', payload: JSON.parse(line) });
    input.send({ topic: 'lwm2m/sentinel', payload: support.sentinelPack('sentinel', 1704067200) });
    await support.waitFor(() => all.some((m) => m.topic === 'sentinel') &&
                                mqtt.some((m) => m.topic === 'powerbudget/alert/sentinel'), 'the sentinel');

    // What the flow should have said: per device, each change of (P10 < threshold), in order.
    const expectedAlerts = [];
    const expectedClears = [];
    const state = new Map();
    for (const m of all) {
      const below = m.payload.remaining_life_days.p10 < threshold;
      if (state.get(m.topic) === below) continue;
      state.set(m.topic, below);
      (below ? expectedAlerts : expectedClears).push(m.topic);
    }
    assert.ok(expectedAlerts.length >= 1 && expectedAlerts.length < all.length / 4,
              `${expectedAlerts.length} alerts for ${all.length} estimates: the threshold should split the fleet`);
    assert.deepStrictEqual(alerts.map((m) => m.payload.device), expectedAlerts);
    for (const m of alerts) {
      assert.strictEqual(m.topic, `powerbudget/alert/${m.payload.device}`);
      assert.strictEqual(m.payload.below, true);
      assert.strictEqual(m.payload.threshold_days, threshold);
      assert.ok(m.payload.remaining_life_p10_days < threshold);
      assert.ok(Array.isArray(m.payload.flags));
    }
    // MQTT gets the alerts and, for each change to above (the first estimate of a healthy device
    // too), an empty retained message that clears the device's alert topic.
    assert.deepStrictEqual(mqtt.filter((m) => m.payload !== '').map((m) => m.payload.device), expectedAlerts);
    assert.deepStrictEqual(mqtt.filter((m) => m.payload === '').map((m) => m.topic),
                           expectedClears.map((d) => `powerbudget/alert/${d}`));
  });
});
