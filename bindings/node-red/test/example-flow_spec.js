'use strict';
// docs/examples/node-red-flow.json as shipped, with its MQTT, InfluxDB and debug nodes replaced
// by helper nodes: the estimate node's settings are ones the node knows, the MQTT branch gets the
// per-device topic, and the change node's JSONata gives exactly the fields and tags of the node's
// own "influx" output (the measurement the CLI writes and the Grafana dashboard reads).

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const helper = require('node-red-node-test-helper');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const changeNode = require('@node-red/nodes/core/function/15-change.js');
const estimateNode = require('../nodes/powerbudget-estimate.js');
const { influxFromEstimate } = require('../lib/estimate-payload');
const support = require('./support');

helper.init(require.resolve('node-red'));

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'docs', 'examples', 'node-red-flow.json');
const OUTSIDE = new Set(['mqtt in', 'mqtt out', 'influxdb out', 'debug']);
const CONFIG = new Set(['mqtt-broker', 'tls-config', 'influxdb']);

// The settings the editor form defines (the `defaults` of the .html file).
function editorSettings() {
  const html = fs.readFileSync(path.join(__dirname, '..', 'nodes', 'powerbudget-estimate.html'), 'utf8');
  const defaults = html.slice(html.indexOf('defaults: {'), html.indexOf('inputs:'));
  return [...defaults.matchAll(/^ {6}(\w+): \{/gm)].map((m) => m[1]).sort();
}

describe('the example flow (docs/examples/node-red-flow.json)', function () {
  afterEach(async function () {
    await helper.unload();
  });

  it('runs fleet-sim telemetry to the MQTT and InfluxDB outputs', async function () {
    const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
    const estimate = example.find((n) => n.type === 'powerbudget-estimate');
    const known = ['id', 'type', 'z', 'x', 'y', 'wires'];
    assert.deepStrictEqual(Object.keys(estimate).filter((k) => !known.includes(k)).sort(), editorSettings());

    const flow = example.filter((n) => !CONFIG.has(n.type)).map((n) => {
      if (OUTSIDE.has(n.type)) return { id: n.id, z: n.z, type: 'helper', wires: n.wires };
      if (n.type === 'powerbudget-estimate') {
        return { ...n, library: support.env.library, profilesDir: support.env.profiles, snapshotFile: '' };
      }
      return n;
    });
    await helper.load([estimateNode, catchNode, changeNode], flow);
    const mqtt = support.collect(helper.getNode('pb-estimate-out'));
    const influx = support.collect(helper.getNode('pb-influx-out'));
    const bad = support.collect(helper.getNode('pb-bad-data'));

    const dir = support.workDir();
    const lines = support.fleetSimSenml(dir, { devices: 6, days: 4, seed: 11 });
    fs.rmSync(dir, { recursive: true, force: true });
    const input = helper.getNode('pb-telemetry-in');
    for (const line of lines) input.send({ topic: 'lwm2m/ignored-when-named', payload: JSON.parse(line) });
    input.send({ topic: 'lwm2m/urn:imei:351234', payload: [{ bn: '/', bt: 1704067200, n: '3/0/9', u: '%EL', v: 90 }] });
    await support.waitFor(() => mqtt.some((m) => m.topic === 'powerbudget/estimate/urn:imei:351234') &&
                                influx.length === mqtt.length, 'the last estimate on both branches');

    assert.ok(mqtt.length > lines.length * 0.9, `${mqtt.length} estimates for ${lines.length} packs`);
    assert.ok(bad.length > 0, 'fleet-sim bad data reaches the debug node');
    assert.ok(mqtt.some((m) => m.payload.flags.length > 0), 'some estimate carries a flag (the bits are tested)');
    mqtt.forEach((m, i) => {
      assert.strictEqual(m.topic, `powerbudget/estimate/${m.payload.device}`);
      const [fields, tags] = influx[i].payload;
      const [expectedFields, expectedTags] = influxFromEstimate(m.payload);
      assert.deepStrictEqual(tags, expectedTags);
      assert.deepStrictEqual({ ...fields, time: new Date(fields.time) }, expectedFields);
    });
  });
});
