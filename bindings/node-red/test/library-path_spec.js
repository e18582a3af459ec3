'use strict';
// The search order for libpb_estimation_c.so, with a stand-in loader.

const assert = require('assert');
const { findLibrary, SONAME } = require('../lib/library-path');

describe('library-path', function () {
  const existing = process.execPath; // a file that is there; the stand-in loader decides what loads
  const loadOnly = (wanted) => (file) => {
    if (file === wanted) return { file };
    throw new Error('cannot load');
  };

  it('takes the node setting first, then $POWERBUDGET_ESTIMATION_LIB, then the loader search', function () {
    assert.strictEqual(findLibrary(existing, loadOnly(existing), {}).source, "the node's Library setting");
    const fromEnv = findLibrary('', loadOnly(existing), { POWERBUDGET_ESTIMATION_LIB: existing });
    assert.strictEqual(fromEnv.source, '$POWERBUDGET_ESTIMATION_LIB');
    assert.strictEqual(findLibrary('', loadOnly(SONAME), {}).source, 'the dynamic loader search');
  });

  it('does not fall back to another library when the one named is missing or does not load', function () {
    assert.throws(() => findLibrary('/nonexistent/lib.so', loadOnly(SONAME), {}),
                  /tried \/nonexistent\/lib\.so \(the node's Library setting\): no such file$/);
    assert.throws(() => findLibrary('', loadOnly(SONAME), { POWERBUDGET_ESTIMATION_LIB: existing }),
                  /\(\$POWERBUDGET_ESTIMATION_LIB\): cannot load$/);
  });

  it('lists every place tried when nothing loads', function () {
    assert.throws(() => findLibrary('', loadOnly('nothing'), {}),
                  (error) => error.message.includes(`${SONAME} (the dynamic loader search): cannot load`) &&
                             error.message.includes('/usr/local/lib/libpb_estimation_c.so.1'));
  });
});

describe('estimation-library', function () {
  it("runs the library on an 8 MiB koffi call stack, as on an ordinary thread", function () {
    const { stackNote } = require('../lib/estimation-library');
    assert.strictEqual(stackNote(), null);
    assert.strictEqual(require('koffi').config().sync_stack_size, 8 * 1024 * 1024);
  });
});
