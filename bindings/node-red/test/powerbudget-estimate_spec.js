'use strict';
// The node in a Node-RED flow (node-red-node-test-helper): fleet-sim telemetry in, the same
// estimates as `powerbudget estimate` out; device ids from msg.topic; bad payloads reported, not
// fatal; the snapshot carried over a restart; configuration errors named.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const helper = require('node-red-node-test-helper');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const estimateNode = require('../nodes/powerbudget-estimate.js');
const { loadLibrary, Fleet } = require('../lib/estimation-library');
const support = require('./support');

helper.init(require.resolve('node-red'));

const T0 = 1704067200; // 2024-01-01T00:00:00Z

// A flow: the node under test (config merged in), its two outputs and a catch node each to a helper.
function flow(config = {}) {
  return [
    { id: 'f1', type: 'tab' },
    { id: 'n1', z: 'f1', type: 'powerbudget-estimate', profile: 'mast-monitor', profilesDir: support.env.profiles,
      library: support.env.library, wires: [['out'], ['bad']], ...config },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'bad', z: 'f1', type: 'helper' },
    { id: 'c1', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
  ];
}

async function start(config) {
  await helper.load([estimateNode, catchNode], flow(config));
  return {
    n1: helper.getNode('n1'),
    out: support.collect(helper.getNode('out')),
    bad: support.collect(helper.getNode('bad')),
    caught: support.collect(helper.getNode('caught')),
  };
}

// The node's status calls since the flow started (the test helper spies on Node methods).
function statuses(node) {
  return node.status.getCalls().filter((call) => call.thisValue === node).map((call) => call.args[0]);
}

function lastEstimates(messages) {
  const last = new Map();
  for (const msg of messages) last.set(msg.topic, msg.payload);
  return last;
}

// Sends the packs in four ways an MQTT in / JSON node hands them over: one parsed pack a message,
// one JSON text a message, several packs as an array of packs, several as a Buffer of lines.
function sendMixed(node, lines) {
  const chunk = 5;
  for (let i = 0, c = 0; i < lines.length; i += chunk, ++c) {
    const part = lines.slice(i, i + chunk);
    switch (c % 4) {
      case 0: for (const line of part) node.receive({ payload: JSON.parse(line) }); break;
      case 1: for (const line of part) node.receive({ payload: line }); break;
      case 2: node.receive({ payload: part.map((line) => JSON.parse(line)) }); break;
      default: node.receive({ payload: Buffer.from(part.join('\n')) }); break;
    }
  }
}

async function finish(node, out, id) {
  node.receive({ payload: support.sentinelPack(id, T0 + 365 * 86400) });
  await support.waitFor(() => out.some((msg) => msg.topic === id), `the estimate of ${id}`);
}

function assertSameEstimate(node, cli, device) {
  assert.ok(node, `no estimate from the node for ${device}`);
  for (const [key, expected] of Object.entries(cli)) {
    if (key === 'resistance') continue; // not carried by the C ABI
    const actual = node[key];
    // The CLI writes 6 significant digits (time_s 10): the node's full doubles, rounded alike,
    // must give the very same numbers.
    const digits = key === 'time_s' ? 10 : 6;
    if (typeof expected === 'number') {
      assert.strictEqual(support.rounded(actual, digits), expected, `${device} ${key}: node ${actual}`);
    } else if (key === 'remaining_life_days') {
      for (const q of ['p10', 'p50', 'p90']) {
        assert.strictEqual(support.rounded(actual[q], digits), expected[q], `${device} life ${q}: node ${actual[q]}`);
      }
    } else {
      assert.deepStrictEqual(actual, expected, `${device} ${key}`);
    }
  }
}

describe('powerbudget-estimate node', function () {
  let dir, lines, cli;

  before(function () {
    dir = support.workDir();
    lines = support.fleetSimSenml(dir);
    cli = support.cliEstimates(dir, lines);
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async function () {
    await helper.unload();
  });

  it('emits the estimates `powerbudget estimate` gives for the same fleet-sim telemetry', async function () {
    const { n1, out, bad, caught } = await start();
    sendMixed(n1, lines);
    await finish(n1, out, 'zz-end');

    const node = lastEstimates(out);
    node.delete('zz-end');
    assert.deepStrictEqual([...node.keys()].sort(), [...cli.estimates.keys()].sort());
    for (const [device, expected] of cli.estimates) assertSameEstimate(node.get(device), expected, device);
    for (const msg of out) assert.strictEqual(msg.topic, msg.payload.device);

    // Bad data (fleet-sim's duplicates, late records, garbage fields) reported on the second
    // output, counted as the CLI counts it; none of it is an error.
    assert.ok(cli.rejected > 0, 'the fixture is meant to have rejected records');
    const reasons = {};
    let rejected = 0, malformed = 0;
    for (const msg of bad) {
      rejected += msg.payload.rejected;
      malformed += msg.payload.malformed;
      for (const [name, count] of Object.entries(msg.payload.reasons)) reasons[name] = (reasons[name] || 0) + count;
    }
    assert.strictEqual(rejected, cli.rejected);
    assert.strictEqual(malformed, cli.malformed);
    assert.deepStrictEqual(reasons, cli.reasons);
    assert.strictEqual(caught.length, 0);
    const status = statuses(n1).pop();
    assert.strictEqual(status.text, `${cli.estimates.size + 1} devices, ${cli.rejected} rejected`);
  });

  it('takes the device id from msg.topic when the SenML names carry none', async function () {
    const { n1, out, bad } = await start({ topicDevice: 'last' });
    const pack = [{ bn: '/', bt: T0, n: '3/0/7', u: 'mV', v: 3650 }, { n: '3/0/9', u: '%EL', v: 88 },
                  { n: '4/0/2', u: 'dBm', v: -104 }];
    n1.receive({ topic: 'lwm2m/urn:imei:351234', payload: pack });
    n1.receive({ topic: 'lwm2m/urn:imei:351234', payload: [{ bn: 'dev-named/', bt: T0, n: '3/0/9', u: '%EL', v: 50 }] });
    await support.waitFor(() => out.length === 2, 'two estimates');
    assert.strictEqual(out[0].topic, 'urn:imei:351234');
    assert.ok(Math.abs(out[0].payload.soc_pct - 88) < 3, `soc ${out[0].payload.soc_pct}`);
    assert.strictEqual(out[1].topic, 'dev-named', 'a device in the SenML names wins over the topic');
    assert.strictEqual(bad.length, 0);
  });

  it('reports packs without a device id when the topic is not to be used', async function () {
    const { n1, out, bad } = await start({ topicDevice: 'none' });
    n1.receive({ topic: 'urn:imei:351234', payload: [{ bn: '/3/0/', bt: T0, n: '9', u: '%EL', v: 88 }] });
    await support.waitFor(() => bad.length === 1, 'the report');
    assert.strictEqual(out.length, 0);
    assert.deepStrictEqual(bad[0].payload.reasons, { missing_device: 1 });
    assert.strictEqual(bad[0].payload.rejected, 1);
    assert.match(bad[0].payload.hint, /name no device/);
  });

  it('reads relative SenML times as relative to arrival, or rejects them as the CLI does', async function () {
    let flowNodes = await start();
    const before = Date.now() / 1000;
    flowNodes.n1.receive({ payload: [{ bn: 'dev-rel/', n: '3/0/9', u: '%EL', v: 70, t: -60 }] });
    await support.waitFor(() => flowNodes.out.length === 1, 'the estimate');
    const time = flowNodes.out[0].payload.time_s;
    assert.ok(time >= before - 61 && time <= Date.now() / 1000 - 59, `time ${time}, sent at ${before}`);
    await helper.unload();

    flowNodes = await start({ relativeTime: 'reject' });
    flowNodes.n1.receive({ payload: [{ bn: 'dev-rel/', n: '3/0/9', u: '%EL', v: 70 }] });
    await support.waitFor(() => flowNodes.bad.length === 1, 'the report');
    assert.deepStrictEqual(flowNodes.bad[0].payload.reasons, { bad_timestamp: 1 });
    assert.strictEqual(flowNodes.out.length, 0);
  });

  it('raises an error naming what was wrong with a bad payload, and goes on', async function () {
    const { n1, out, bad, caught } = await start();
    n1.receive({ payload: 42 });
    n1.receive({ payload: { bn: 'dev-1/', n: '3/0/9', v: 50 } });
    n1.receive({ payload: 'this is not SenML' });
    n1.receive({ payload: [1, 2] });
    n1.receive({ payload: '' });
    n1.receive({ payload: [{ bn: 'dev-ok/', bt: T0, n: '3/0/9', u: '%EL', v: 77 }] });
    await support.waitFor(() => caught.length === 5 && out.length === 1, 'five errors and an estimate');
    const messages = caught.map((msg) => msg.error.message);
    assert.match(messages[0], /msg\.payload is a number: expected a SenML pack/);
    assert.match(messages[1], /msg\.payload is an object: expected a SenML pack/);
    assert.match(messages[2], /1 of 1 SenML pack\(s\) malformed, the last: pack 1: not valid JSON/);
    assert.match(messages[3], /SenML record 0 is not an object/);
    assert.match(messages[4], /msg\.payload is empty text/);
    for (const msg of caught) assert.strictEqual(msg.error.source.id, 'n1');
    assert.strictEqual(out[0].topic, 'dev-ok');
    assert.strictEqual(bad.length, 5);
    for (const msg of bad) assert.strictEqual(msg.payload.malformed, 1);
    assert.strictEqual(statuses(n1).pop().text, '1 devices, 5 malformed');
  });

  it('handles several packs in a message: one estimate per updated device, the malformed one named', async function () {
    const { n1, out, bad, caught } = await start();
    const twoDevices = [{ bn: 'dev-a/', bt: T0, n: '3/0/9', u: '%EL', v: 80 }, { bn: 'dev-b/', n: '3/0/9', u: '%EL', v: 60 }];
    const text = [JSON.stringify(twoDevices), 'not json',
                  JSON.stringify([{ bn: 'dev-a/', bt: T0 + 3600, n: '3/0/9', u: '%EL', v: 80 }]),
                  JSON.stringify([{ bn: 'dev-c/', bt: T0, n: '3/0/9', u: '%EL', v: 999 }])].join('\n');
    n1.receive({ payload: Buffer.from(text) });
    await support.waitFor(() => caught.length === 1 && bad.length === 1, 'the error and the report');
    assert.match(caught[0].error.message, /1 of 4 SenML pack\(s\) malformed, the last: pack 2: not valid JSON/);
    // dev-c's only record has nothing usable (level 999 % is out of range): no estimate.
    assert.deepStrictEqual(out.map((m) => m.topic), ['dev-a', 'dev-b']);
    assert.strictEqual(out[0].payload.records_accepted, 2);
    assert.deepStrictEqual(bad[0].payload, { accepted: 3, rejected: 1, malformed: 1, error: 'pack 2: not valid JSON',
                                             reasons: { malformed: 1, out_of_range: 1, no_measurement: 1 } });
  });

  it('writes the estimate for an InfluxDB out node, or as SenML', async function () {
    let flowNodes = await start({ output: 'influx' });
    const pack = [{ bn: 'dev-f/', bt: T0, n: '3/0/9', u: '%EL', v: 80 }, { n: '4/0/2', u: 'dBm', v: -100 }];
    flowNodes.n1.receive({ payload: pack });
    await support.waitFor(() => flowNodes.out.length === 1, 'the estimate');
    const [fields, tags] = flowNodes.out[0].payload;
    assert.deepStrictEqual(tags, { device: 'dev-f', chemistry: 'primary' });
    assert.strictEqual(flowNodes.out[0].measurement, 'battery_estimate');
    assert.strictEqual(fields.time.getTime(), T0 * 1000);
    assert.ok(fields.remaining_life_p10_days < fields.remaining_life_p50_days);
    assert.ok(Math.abs(fields.soc_pct - 80) < 3);
    await helper.unload();

    flowNodes = await start({ output: 'senml' });
    flowNodes.n1.receive({ payload: pack });
    await support.waitFor(() => flowNodes.out.length === 1, 'the estimate');
    const senml = flowNodes.out[0].payload;
    assert.strictEqual(senml[0].bn, 'dev-f/');
    assert.strictEqual(senml[0].bt, T0);
    assert.deepStrictEqual(senml.map((r) => r.n), ['soc', 'soc_sd', 'remaining_life_p10', 'remaining_life_p50',
                                                 'remaining_life_p90', 'drain_multiplier', 'expected_current',
                                                 'flags', 'drain_cause']);
    assert.strictEqual(senml[3].u, 'EL');
    assert.ok(Math.abs(fields.remaining_life_p50_days * 86400 - senml[3].v) < 1e-6 * senml[3].v);
  });

  it('restores its snapshot after a restart and goes on as if never stopped', async function () {
    const snapshotFile = path.join(dir, 'fleet.snapshot');
    const half = Math.floor(lines.length / 2);

    let flowNodes = await start({ snapshotFile });
    for (const line of lines.slice(0, half)) flowNodes.n1.receive({ payload: line });
    await finish(flowNodes.n1, flowNodes.out, 'zz-first-half');
    await helper.unload(); // closes the node: the snapshot is saved
    assert.ok(fs.statSync(snapshotFile).size > 0);

    flowNodes = await start({ snapshotFile });
    assert.strictEqual(statuses(flowNodes.n1).pop().text, `${cli.estimates.size + 1} devices`,
                       'the restored state holds every device of the first half');
    for (const line of lines.slice(half)) flowNodes.n1.receive({ payload: line });
    await finish(flowNodes.n1, flowNodes.out, 'zz-second-half');

    // The reference: the same packs through one fleet handle, never stopped. Restore is
    // bit-identical, so the estimates are equal, not merely close.
    const reference = new Fleet(loadLibrary(support.env.library), { profile: 'mast-monitor', profilesDir: support.env.profiles });
    try {
      reference.ingestText('senml', lines.join('\n'));
      const node = lastEstimates(flowNodes.out);
      for (const device of cli.estimates.keys()) {
        const expected = require('../lib/estimate-payload').estimateObject(reference.query(device));
        assert.deepStrictEqual(node.get(device), expected, device);
      }
    } finally {
      reference.close();
    }
  });

  it('saves the snapshot periodically while running', async function () {
    const snapshotFile = path.join(dir, 'periodic.snapshot');
    const { n1, out } = await start({ snapshotFile, snapshotInterval: 0.05 });
    n1.receive({ payload: lines[0] });
    await support.waitFor(() => out.length === 1, 'the estimate');
    await support.waitFor(() => fs.existsSync(snapshotFile), 'a periodic snapshot', 10000);
    const fleet = new Fleet(loadLibrary(support.env.library), { profile: 'mast-monitor', profilesDir: support.env.profiles });
    try {
      fleet.restore(fs.readFileSync(snapshotFile));
      assert.strictEqual(fleet.deviceCount(), 1);
    } finally {
      fleet.close();
    }
  });

  it('leaves a snapshot it cannot restore untouched and saves beside it', async function () {
    const snapshotFile = path.join(dir, 'damaged.snapshot');
    fs.writeFileSync(snapshotFile, 'PBES but not a snapshot');
    const { n1, out } = await start({ snapshotFile });
    const errors = n1.error.getCalls().filter((call) => call.thisValue === n1).map((call) => String(call.args[0]));
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0], /snapshot .*damaged\.snapshot not restored \(restore: .+\); starting with no devices/);
    n1.receive({ payload: lines[0] });
    await support.waitFor(() => out.length === 1, 'the estimate');
    await helper.unload();
    assert.strictEqual(fs.readFileSync(snapshotFile, 'utf8'), 'PBES but not a snapshot');
    assert.ok(fs.statSync(`${snapshotFile}.new`).size > 0);
  });

  it('names a profile that does not load, and refuses input without crashing', async function () {
    const { n1, caught } = await start({ profile: 'no-such-device' });
    const errors = n1.error.getCalls().filter((call) => call.thisValue === n1).map((call) => String(call.args[0]));
    assert.match(errors[0], /profile 'no-such-device': .*no-such-device/);
    assert.deepStrictEqual(statuses(n1).pop(), { fill: 'red', shape: 'ring', text: 'profile not loaded' });
    n1.receive({ payload: lines[0] });
    await support.waitFor(() => caught.length === 1, 'the error');
    assert.match(caught[0].error.message, /not running: profile 'no-such-device'/);
  });

  it('names a bad override and a library path that is not there', async function () {
    let flowNodes = await start({ overrides: 'reporting.interval_s=3600\nnot an override' });
    let errors = flowNodes.n1.error.getCalls().filter((call) => call.thisValue === flowNodes.n1).map((c) => String(c.args[0]));
    assert.match(errors[0], /override line 2 'not an override' is not PATH=VALUE/);
    await helper.unload();

    flowNodes = await start({ overrides: 'reporting.interval_s=-5' });
    errors = flowNodes.n1.error.getCalls().filter((call) => call.thisValue === flowNodes.n1).map((c) => String(c.args[0]));
    assert.match(errors[0], /\/reporting\/interval_s: value -5 is out of range/);
    await helper.unload();

    flowNodes = await start({ library: '/nonexistent/libpb_estimation_c.so' });
    errors = flowNodes.n1.error.getCalls().filter((call) => call.thisValue === flowNodes.n1).map((c) => String(c.args[0]));
    assert.match(errors[0], /\/nonexistent\/libpb_estimation_c\.so \(the node's Library setting\): no such file/);
  });
});
