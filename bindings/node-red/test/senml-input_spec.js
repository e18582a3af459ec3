'use strict';
// The payload -> SenML text step: device ids split as the library splits them, the payload forms
// accepted, the topic and arrival time filled in only where the pack lacks them.

const assert = require('assert');
const { senmlLines, senmlDevice } = require('../lib/senml-input');

const texts = (input) => input.packs.map((p) => p.text);

describe('senml-input', function () {
  it('splits the device from the resource as the library does', function () {
    assert.strictEqual(senmlDevice('dev-1/3/0/7'), 'dev-1');
    assert.strictEqual(senmlDevice('urn:imei:1234:/3303/0/5700'), 'urn:imei:1234');
    assert.strictEqual(senmlDevice('dev-1/pb/reports'), 'dev-1');
    assert.strictEqual(senmlDevice('/3/0/9'), '');
    assert.strictEqual(senmlDevice('3/0/9'), '');
    assert.strictEqual(senmlDevice('dev-1/temperature'), null);
  });

  it('accepts a pack, an array of packs, JSON text and a Buffer of lines', function () {
    const pack = [{ bn: 'a/', bt: 1704067200, n: '3/0/9', v: 50 }];
    const other = [{ bn: 'b/', bt: 1704067200, n: '3/0/9', v: 50 }];
    const options = { topicDevice: '', arrivalTime: null };
    for (const payload of [pack, JSON.stringify(pack), Buffer.from(JSON.stringify(pack))]) {
      assert.deepStrictEqual(texts(senmlLines(payload, options)), [JSON.stringify(pack)]);
    }
    for (const payload of [[pack, other], JSON.stringify([pack, other]),
                           `${JSON.stringify(pack)}\n\n${JSON.stringify(other)}\n`]) {
      const input = senmlLines(payload, options);
      assert.deepStrictEqual(texts(input), [JSON.stringify(pack), JSON.stringify(other)]);
      assert.deepStrictEqual(input.packs.map((p) => [...p.devices]), [['a'], ['b']]);
      assert.deepStrictEqual([...input.devices], ['a', 'b']);
    }
  });

  it('passes text that is not a pack on to the library, which counts it as malformed', function () {
    const input = senmlLines('{"bn":"a/"}\nnot json', { topicDevice: '', arrivalTime: null });
    assert.deepStrictEqual(texts(input), ['{"bn":"a/"}', 'not json']);
    assert.strictEqual(input.devices.size, 0);
  });

  it('refuses payloads that are no SenML at all, naming what they are', function () {
    const options = { topicDevice: '', arrivalTime: null };
    assert.throws(() => senmlLines(undefined, options), /msg\.payload is missing/);
    assert.throws(() => senmlLines(null, options), /msg\.payload is null/);
    assert.throws(() => senmlLines(true, options), /msg\.payload is a boolean/);
    assert.throws(() => senmlLines({ n: '3/0/9' }, options), /msg\.payload is an object/);
    assert.throws(() => senmlLines(' \n ', options), /msg\.payload is empty text/);
  });

  it('puts the topic in front of names without a device, and only there', function () {
    const anonymous = [{ bn: '/3/0/', bt: 1704067200, n: '9', v: 50 }, { n: '7', v: 3600 }];
    const input = senmlLines(anonymous, { topicDevice: 'urn:imei:9', arrivalTime: null });
    assert.deepStrictEqual([...input.devices], ['urn:imei:9']);
    assert.strictEqual(JSON.parse(input.packs[0].text)[0].bn, 'urn:imei:9//3/0/');
    const noBase = senmlLines([{ n: '/3/0/9', bt: 1704067200, v: 50 }], { topicDevice: 'd', arrivalTime: null });
    assert.strictEqual(JSON.parse(noBase.packs[0].text)[0].bn, 'd/');
    const named = senmlLines([{ bn: 'x/', n: '3/0/9', v: 50 }], { topicDevice: 'd', arrivalTime: null });
    assert.deepStrictEqual([...named.devices], ['x']);
    const none = senmlLines(anonymous, { topicDevice: '', arrivalTime: null });
    assert.strictEqual(none.anonymous, 1);
    assert.strictEqual(none.devices.size, 0);
  });

  it('makes relative times absolute with the arrival time, leaving absolute ones alone', function () {
    const pack = [{ bn: 'a/', n: '3/0/9', v: 50 }, { n: '3/0/7', v: 3600, t: -30 }, { bt: 1704067200, n: '3/0/9', v: 49, t: 5 }];
    const out = JSON.parse(senmlLines(pack, { topicDevice: '', arrivalTime: 1800000000 }).packs[0].text);
    assert.strictEqual(out[0].t, 1800000000);
    assert.strictEqual(out[1].t, 1800000000 - 30);
    assert.strictEqual(out[2].t, 5);
    assert.strictEqual(out[2].bt, 1704067200);
  });
});
