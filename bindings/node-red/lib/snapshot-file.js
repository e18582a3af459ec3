'use strict';
// The estimator's snapshot on disk. Saved atomically (a temporary file in the same directory,
// flushed, then renamed over the old one, and the directory flushed), so that a crash or power cut
// during a save leaves the previous snapshot whole rather than a torn one that restore refuses.

const fs = require('fs');
const path = require('path');

function readSnapshot(file) {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if (error.code === 'ENOENT') return null; // first start: nothing to restore
    throw error;
  }
}

function writeSnapshot(file, bytes) {
  const dir = path.dirname(path.resolve(file));
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  // The rename is durable only once the directory entry is.
  const dirFd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

module.exports = { readSnapshot, writeSnapshot };
