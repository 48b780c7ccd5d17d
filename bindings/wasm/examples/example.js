// node bindings/wasm/examples/example.js   (after bindings/wasm/build.sh)
const fs = require('node:fs');
const path = require('node:path');
const gik = require('../pkg-node');

const text = fs.readFileSync(path.join(__dirname, '../../../examples/report.txt'), 'utf8');
const report = gik.parse(text); // a plain object: the JSON of `gik parse --format json`

console.log(gik.version());
console.log(report.meta);
console.log(report.applications.new.total);
console.log(report.diagnostics.length, 'diagnostics');
console.log(gik.toFlat(text).split('\n').slice(0, 6).join('\n'));

try {
  gik.parse('今天天气很好。');
} catch (e) {
  console.log(e.code, '|', e.message);
}
