'use strict';
// Shared by the tests: the package under test, the corpus, and the `gik` CLI
// whose output the package must reproduce.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const here = path.resolve(__dirname, '..');
const repo = path.resolve(here, '../..');
const corpusDir = path.join(repo, 'tests/corpus');

function loadPackage() {
  const dir = path.join(here, 'pkg-node');
  if (!fs.existsSync(path.join(dir, 'gik.js'))) {
    throw new Error(`${dir} is not built: run bindings/wasm/build.sh (or ci.sh)`);
  }
  return require(dir);
}

/** The `gik` CLI: $GIK_BIN, else target/release/gik under $CARGO_TARGET_DIR or the repo. */
function gikBin() {
  const candidates = [
    process.env.GIK_BIN,
    path.join(process.env.CARGO_TARGET_DIR || path.join(repo, 'target'), 'release/gik'),
  ].filter(Boolean);
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`no gik CLI (tried ${candidates.join(', ')}): set GIK_BIN or run cargo build --release -p gik-cli`);
}

/** Run the CLI: {status, stdout (Buffer), stderr (string)}. */
function cli(args, input) {
  const r = spawnSync(gikBin(), args, { input, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** `gik parse --format FORMAT FILE`, stdout as a Buffer; fails on a non-zero exit. */
function cliOut(format, file) {
  return execFileSync(gikBin(), ['parse', '--format', format, file], { maxBuffer: 64 << 20 });
}

// tests/corpus/template-2021.docx is the official template left empty: not
// a report (the CLI refuses it too), tested as such in parse.test.js.
const EMPTY_TEMPLATE = 'template-2021.docx';

/** Every report in tests/corpus, and the filled DOCX of tests/fixtures: {name, file, bytes}. */
function corpus() {
  const files = fs
    .readdirSync(corpusDir)
    .filter((f) => /\.(txt|html|docx)$/.test(f) && f !== EMPTY_TEMPLATE)
    .sort()
    .map((f) => path.join(corpusDir, f));
  files.push(path.join(here, 'tests/fixtures/filled-2021.docx'));
  return files.map((file) => ({ name: path.basename(file), file, bytes: fs.readFileSync(file) }));
}

module.exports = { EMPTY_TEMPLATE, here, repo, corpusDir, loadPackage, gikBin, cli, cliOut, corpus };
