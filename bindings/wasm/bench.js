// node bindings/wasm/bench.js [passes]   (after build.sh)
// Parses every report of tests/corpus (as bytes) in passes with the
// nodejs-target package and prints the best pass: parse (object), toFlat.
// With GIK_BIN set, also times `gik parse --format flat` on the same files
// with one thread (one process for all files), the native reference.
'use strict';
const { execFileSync } = require('node:child_process');
const { loadPackage, corpus } = require('./tests/helpers');

const gik = loadPackage();
const reports = corpus();
const passes = Number(process.argv[2] || 10);
const bytes = reports.reduce((n, r) => n + r.bytes.length, 0);

function best(fn) {
  let min = Infinity;
  for (let i = 0; i < passes; i++) {
    const t = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

const rows = [
  ['wasm parse (object)', best(() => reports.forEach((r) => gik.parse(r.bytes)))],
  ['wasm toFlat', best(() => reports.forEach((r) => gik.toFlat(r.bytes)))],
];
if (process.env.GIK_BIN) {
  const files = reports.map((r) => r.file);
  rows.push(['native CLI, 1 thread (incl. process start)', best(() =>
    execFileSync(process.env.GIK_BIN, ['parse', '--format', 'flat', ...files], { env: { ...process.env, RAYON_NUM_THREADS: '1' }, maxBuffer: 64 << 20 }))]);
}
console.log(`${reports.length} reports, ${(bytes / 1e6).toFixed(2)} MB, best of ${passes} passes (node ${process.version})`);
for (const [what, ms] of rows) console.log(`${what.padEnd(45)} ${ms.toFixed(1).padStart(8)} ms/pass ${(ms * 1000 / reports.length).toFixed(0).padStart(7)} µs/report`);
