'use strict';
// Where libpb_estimation_c.so is looked for, in order (docs/node-red.md, "The library"):
//   1. the node's "Library" setting;
//   2. $POWERBUDGET_ESTIMATION_LIB;
//   3. the dynamic loader's own search for libpb_estimation_c.so.1 (LD_LIBRARY_PATH, ld.so.cache:
//      what `cmake --install` + `ldconfig` put in place);
//   4. the install directories of `cmake --install` without ldconfig: /usr/local/lib,
//      /usr/local/lib/<multiarch>, /usr/lib/<multiarch>.
// The first one that loads wins; when none does, the error lists every attempt and why it failed,
// so that a wrong path is told apart from a library of another ABI version.

const fs = require('fs');
const path = require('path');

const SONAME = 'libpb_estimation_c.so.1';
const MULTIARCH = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', arm: 'arm-linux-gnueabihf', ia32: 'i386-linux-gnu' };

function candidates(configured, env) {
  const list = [];
  if (configured) list.push({ source: "the node's Library setting", file: configured });
  if (env.POWERBUDGET_ESTIMATION_LIB) list.push({ source: '$POWERBUDGET_ESTIMATION_LIB', file: env.POWERBUDGET_ESTIMATION_LIB });
  list.push({ source: 'the dynamic loader search', file: SONAME, bare: true });
  const dirs = ['/usr/local/lib'];
  const triplet = MULTIARCH[process.arch];
  if (triplet) dirs.push(`/usr/local/lib/${triplet}`, `/usr/lib/${triplet}`);
  for (const dir of dirs) list.push({ source: 'the install directories', file: path.join(dir, SONAME) });
  return list;
}

// load(file) returns the loaded library or throws. Returns { library, file, source }.
function findLibrary(configured, load, env = process.env) {
  const attempts = [];
  for (const candidate of candidates(configured, env)) {
    // A path that is not there is reported as such, not as the loader's generic message.
    if (!candidate.bare && !fs.existsSync(candidate.file)) {
      attempts.push(`${candidate.file} (${candidate.source}): no such file`);
      // An explicit setting that is wrong must not silently fall back to another library.
      if (candidate.source !== 'the install directories') break;
      continue;
    }
    try {
      return { library: load(candidate.file), file: candidate.file, source: candidate.source };
    } catch (error) {
      attempts.push(`${candidate.file} (${candidate.source}): ${error.message}`);
      if (!candidate.bare && candidate.source !== 'the install directories') break;
    }
  }
  throw new Error(`libpb_estimation_c.so not loaded; tried ${attempts.join('; ')}`);
}

module.exports = { findLibrary, candidates, SONAME };
