'use strict';
// Turns a Node-RED message's payload into SenML text for pb_est_ingest_text("senml"): one pack a
// line, as the library (and `powerbudget estimate --input-format senml`) reads it, and the device
// ids each pack is about, so that only the devices a message updated are queried afterwards (a
// query computes the remaining-life quantiles: it costs several times an ingest).
//
// Accepted payloads, as an LwM2M server (Leshan) or Node-RED's MQTT/JSON nodes hand them over:
//   - a pack: an array of SenML records;
//   - an array of packs;
//   - text or a Buffer: a JSON pack, a JSON array of packs, or several packs one a line.
// Anything else is refused with a message naming what was wrong; parsing and validating the
// records themselves is the library's job, so that the node and the CLI judge a pack alike.

// RFC 8428 section 4.5.3: a time below 2^28 is relative to "now", the moment the pack arrives.
const RELATIVE_TIME_LIMIT = 2 ** 28;

// The device before the LwM2M (or pb/) resource at the end of a SenML name, as the library splits
// it (telemetry_reader.cpp, SplitSenmlName): "dev-1/3/0/7" -> "dev-1"; "urn:imei:1234:/3303/0/5700"
// -> "urn:imei:1234". null when the name ends in no resource the library reads.
function senmlDevice(name) {
  let end = name.length;
  let resourceStart = 0;
  let numeric = 0;
  while (numeric < 3 && end > 0) {
    const slash = name.lastIndexOf('/', end - 1);
    const segment = name.slice(slash + 1, end);
    if (!/^[0-9]+$/.test(segment)) break;
    ++numeric;
    resourceStart = slash + 1;
    if (slash < 0) break;
    end = slash;
  }
  if (numeric < 3) {
    const pb = name.lastIndexOf('pb/');
    if (pb < 0) return null;
    resourceStart = pb;
  }
  return name.slice(0, resourceStart).replace(/[/:]+$/, '');
}

function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// The device ids named by the records with a numeric value (the ones the library ingests).
function packDevices(pack) {
  const devices = new Set();
  let baseName = '';
  let anonymous = false;
  for (const record of pack) {
    if (!isRecord(record)) continue;
    if (typeof record.bn === 'string') baseName = record.bn;
    if (typeof record.v !== 'number') continue;
    const device = senmlDevice(baseName + (typeof record.n === 'string' ? record.n : ''));
    if (device === null) continue;
    if (device === '') anonymous = true;
    else devices.add(device);
  }
  return { devices, anonymous };
}

// A pack whose names carry no device ("/3/0/7", bn "/3/0/") gets `device` in front of every base
// name, as if the server had put it there.
function withDevice(pack, device) {
  const prefix = `${device}/`;
  return pack.map((record, i) => {
    if (!isRecord(record)) return record;
    const copy = { ...record };
    if (typeof copy.bn === 'string') copy.bn = prefix + copy.bn;
    else if (i === 0) copy.bn = prefix;
    return copy;
  });
}

// Relative times made absolute with the arrival time; absolute ones are left alone.
function withArrivalTime(pack, nowSeconds) {
  let baseTime = 0;
  return pack.map((record) => {
    if (!isRecord(record)) return record;
    if (typeof record.bt === 'number') baseTime = record.bt;
    const t = typeof record.t === 'number' ? record.t : 0;
    if (baseTime + t >= RELATIVE_TIME_LIMIT) return record;
    return { ...record, t: t + nowSeconds };
  });
}

function isPackList(value) {
  return Array.isArray(value) && value.length > 0 && value.every(Array.isArray);
}

function describe(value) {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// payload -> { packs: [{ text: one pack as a line, devices: Set of the ids it names }],
// devices: the union, anonymous: count of packs without a device id } or throws an Error whose
// message names what was wrong. Text that is no pack is passed on as it is (devices empty): the
// library reports it as malformed. options: { topicDevice: the id to use for packs that name
// none (or ''), arrivalTime: seconds, or null to keep relative times }.
function senmlLines(payload, options) {
  const packs = []; // parsed packs, or raw text the library will report as malformed
  if (Buffer.isBuffer(payload)) payload = payload.toString('utf8');
  if (typeof payload === 'string') {
    for (const line of payload.split('\n')) {
      const text = line.trim();
      if (text === '') continue;
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        packs.push(text);
        continue;
      }
      if (isPackList(parsed)) packs.push(...parsed);
      else packs.push(Array.isArray(parsed) ? parsed : text);
    }
    if (packs.length === 0) throw new Error('msg.payload is empty text: expected a SenML pack (a JSON array of records)');
  } else if (isPackList(payload)) {
    packs.push(...payload);
  } else if (Array.isArray(payload)) {
    packs.push(payload);
  } else {
    throw new Error(`msg.payload is ${describe(payload)}: expected a SenML pack, an array of SenML records ` +
                    '(RFC 8428 section 4), as an array or JSON text');
  }

  const out = [];
  const devices = new Set();
  let anonymous = 0;
  for (let pack of packs) {
    if (typeof pack === 'string') {
      out.push({ text: pack, devices: new Set() });
      continue;
    }
    let named = packDevices(pack);
    if (named.devices.size === 0 && named.anonymous && options.topicDevice) {
      pack = withDevice(pack, options.topicDevice);
      named = packDevices(pack);
    }
    if (named.devices.size === 0 && named.anonymous) ++anonymous;
    if (options.arrivalTime != null) pack = withArrivalTime(pack, options.arrivalTime);
    for (const device of named.devices) devices.add(device);
    out.push({ text: JSON.stringify(pack), devices: named.devices });
  }
  return { packs: out, devices, anonymous };
}

module.exports = { senmlLines, senmlDevice, RELATIVE_TIME_LIMIT };
