'use strict';
// What the tests share: the paths ctest hands over, telemetry from `powerbudget fleet-sim`, the
// CLI's estimates for it, and waiting for a flow to have processed what it was sent.

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through ctest (node_red_estimate), which sets ` +
                    'POWERBUDGET_ESTIMATION_LIB, POWERBUDGET_CLI and POWERBUDGET_PROFILES (docs/node-red.md)');
  }
  return value;
}

const env = {
  get library() { return requiredEnv('POWERBUDGET_ESTIMATION_LIB'); },
  get cli() { return requiredEnv('POWERBUDGET_CLI'); },
  get profiles() { return requiredEnv('POWERBUDGET_PROFILES'); },
};

function workDir() {
  const base = process.env.PB_NODE_RED_WORK_DIR || os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, 'run-'));
}

function run(args) {
  const result = spawnSync(env.cli, args, { encoding: 'utf8', env: { ...process.env, POWERBUDGET_PROFILES: env.profiles } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`powerbudget ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return result;
}

// A fleet with bad data (duplicates, late records, garbage fields), one SenML pack a line.
function fleetSimSenml(dir, { devices = 12, days = 6, seed = 5 } = {}) {
  const file = path.join(dir, 'fleet.senml');
  run(['fleet-sim', 'mast-monitor', '--devices', String(devices), '--days', String(days), '--seed', String(seed),
       '--telemetry-format', 'senml', '--output', file, '--truth', path.join(dir, 'fleet.truth.csv')]);
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
}

// `powerbudget estimate` on the same packs: the final estimate per device and its summary line
// ("... N records accepted, N rejected, N malformed lines; by reason {...}").
function cliEstimates(dir, lines) {
  const file = path.join(dir, 'cli-input.senml');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const result = run(['estimate', '--profile', 'mast-monitor', '--input', file, '--input-format', 'senml',
                      '--format', 'json']);
  const estimates = new Map();
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const estimate = JSON.parse(line);
    estimates.set(estimate.device, estimate);
  }
  const summary = /(\d+) records accepted, (\d+) rejected, (\d+) malformed lines; by reason (\{.*\})/.exec(result.stderr);
  if (!summary) throw new Error(`no summary line from powerbudget estimate:\n${result.stderr}`);
  return {
    estimates,
    accepted: Number(summary[1]),
    rejected: Number(summary[2]),
    malformed: Number(summary[3]),
    reasons: JSON.parse(summary[4]),
  };
}

// Collects what reaches a helper node.
function collect(node) {
  const messages = [];
  node.on('input', (msg) => messages.push(msg));
  return messages;
}

// Resolves once `predicate()` holds; rejects with `what` after `ms` (a guard against a hang, not
// a timing assertion: everything here is processed in a few seconds at most).
function waitFor(predicate, what, ms = 30000) {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    (function poll() {
      if (predicate()) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 5);
    })();
  });
}

// A pack for a device of its own, sent last: Node-RED delivers a node's messages in order, so
// when its estimate arrives everything sent before it has been processed and delivered. Its
// state is independent of every other device's, so it changes no other estimate.
function sentinelPack(id, time) {
  return [{ bn: `${id}/`, bt: time, n: '3/0/9', u: '%EL', v: 90 }, { n: '4/0/2', u: 'dBm', v: -100 }];
}

// A number as the CLI prints it with {:.Ng} (fmt rounds the exact binary value, as toPrecision does).
function rounded(value, digits) {
  return Number.isInteger(value) ? value : Number(value.toPrecision(digits));
}

module.exports = { env, workDir, fleetSimSenml, cliEstimates, collect, waitFor, sentinelPack, rounded };
