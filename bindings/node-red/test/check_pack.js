'use strict';
// ctest node_red_pack: `npm pack --dry-run --json` succeeds and the tarball holds what a user
// installs (the node, its library code, the example flows, README and LICENSE) and nothing of
// the tests or node_modules. Needs no registry and no built library.
//   node test/check_pack.js   (in bindings/node-red)

const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..');
const npm = process.env.NPM || 'npm';
const result = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
if (result.error) throw result.error;
assert.strictEqual(result.status, 0, `npm pack --dry-run failed:\n${result.stderr}`);
const [pack] = JSON.parse(result.stdout);
const files = pack.files.map((f) => f.path).sort();

const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
assert.ok(pkg.keywords.includes('node-red'), 'the "node-red" keyword lists the package in the Node-RED library');
assert.ok(!pkg.private, 'a private package cannot be published');
assert.ok(pkg.license && pkg.license !== 'UNLICENSED', 'a licence');
// Every node file the node-red section names is in the tarball, with its editor .html beside it.
for (const file of Object.values(pkg['node-red'].nodes)) {
  assert.ok(files.includes(file), `${file} (node-red.nodes) is not packed`);
  assert.ok(files.includes(file.replace(/\.js$/, '.html')), `${file}'s .html is not packed`);
}
// Every module the node requires from lib/ is packed (a missing file breaks the install, not the tests).
for (const file of fs.readdirSync(path.join(dir, 'lib'))) assert.ok(files.includes(`lib/${file}`), `lib/${file}`);
const examples = fs.readdirSync(path.join(dir, 'examples')).filter((f) => f.endsWith('.json'));
assert.ok(examples.length >= 2, 'the example flows');
for (const file of examples) assert.ok(files.includes(`examples/${file}`), `examples/${file}`);
for (const file of ['package.json', 'README.md', 'LICENSE']) assert.ok(files.includes(file), file);
const stray = files.filter((f) => /^(test|node_modules)\//.test(f) || f.endsWith('.cmake') || f === 'CMakeLists.txt');
assert.deepStrictEqual(stray, [], 'tests and build files stay out of the package');
console.log(`${pack.filename}: ${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`);
console.log(files.join('\n'));
