#!/usr/bin/env node
// Overhead of the Node binding over the Rust core: parses every input of
// tests/corpus (as bytes) in passes and prints the best pass of each variant,
// the variants interleaved in rotating order. `node bindings/node/bench.js [PASSES]`
'use strict';
const fs = require('fs');
const path = require('path');
const gik = require('.');
const native = require(process.env.GIK_NODE_ADDON || path.join(__dirname, 'gik.node'));

const dir = path.join(__dirname, '..', '..', 'tests', 'corpus');
const inputs = fs
  .readdirSync(dir)
  .filter((f) => /\.(txt|html)$/.test(f))
  .sort()
  .map((f) => fs.readFileSync(path.join(dir, f)));
const mb = inputs.reduce((n, b) => n + b.length, 0) / 1e6;
const passes = Number(process.argv[2] || 20);

const parsed = inputs.map((b) => native.parseJson(b));
const variants = {
  'core (Rust only, _coreParseOnly)': () => inputs.forEach((b) => native._coreParseOnly(b)),
  'gik.parse (core + JSON text + JSON.parse)': () => inputs.forEach((b) => gik.parse(b)),
  'core + JSON text (Report::to_json_value, serde_json)': () => inputs.forEach((b) => native.parseJson(b)),
  'gik.toFlat(bytes)': () => inputs.forEach((b) => gik.toFlat(b)),
  'JSON.parse alone, on the JSON texts': () => parsed.forEach((t) => JSON.parse(t)),
};
const names = Object.keys(variants);
const best = Object.fromEntries(names.map((n) => [n, Infinity]));
for (let p = 0; p < passes; p++) {
  for (let i = 0; i < names.length; i++) {
    const n = names[(p + i) % names.length];
    const t0 = process.hrtime.bigint();
    variants[n]();
    best[n] = Math.min(best[n], Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
const core = best[names[0]];
console.log(`${inputs.length} reports, ${mb.toFixed(2)} MB, best of ${passes} passes, node ${process.version}`);
console.log('| what | ms per pass | µs per report | vs core |');
console.log('|---|---:|---:|---:|');
for (const n of names) {
  const pct = ((best[n] / core - 1) * 100).toFixed(1);
  const rel = n === names[0] ? '' : n.startsWith('JSON.parse') ? `${((best[n] / core) * 100).toFixed(1)}% of core` : `${pct > 0 ? '+' : ''}${pct}%`;
  console.log(`| ${n} | ${best[n].toFixed(2)} | ${Math.round((best[n] * 1000) / inputs.length)} | ${rel} |`);
}
