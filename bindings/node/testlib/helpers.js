'use strict';
// Shared by the tests (kept out of test/, where `node --test` would run it as a test file): the package, the repository's inputs, and the `gik`
// CLI to compare with (from $GIK_BIN, else built with cargo).
const fs = require('fs');
const path = require('path');
const cp = require('child_process');

const here = path.join(__dirname, '..');
const repo = process.env.GIK_REPO || path.join(here, '..', '..');
const corpusDir = path.join(repo, 'tests', 'corpus');
const example = path.join(repo, 'examples', 'report.txt');
const fixtures = path.join(here, 'test', 'fixtures');

const gik = require(here);

/** Every input of tests/corpus (text, HTML, DOCX), sorted. */
function corpusFiles() {
  return fs
    .readdirSync(corpusDir)
    .filter((f) => /\.(txt|html|docx)$/.test(f))
    .sort()
    .map((f) => path.join(corpusDir, f));
}

let gikBin;
/** The `gik` CLI: $GIK_BIN, or `cargo build --release -p gik-cli` of this repository. */
function cli() {
  if (gikBin) return gikBin;
  if (process.env.GIK_BIN) {
    gikBin = path.resolve(process.env.GIK_BIN);
  } else {
    const manifest = path.join(repo, 'Cargo.toml');
    cp.execFileSync('cargo', ['build', '--release', '--quiet', '-p', 'gik-cli', '--manifest-path', manifest], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const meta = JSON.parse(
      cp.execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--manifest-path', manifest], {
        maxBuffer: 64 << 20,
      })
    );
    gikBin = path.join(meta.target_directory, 'release', process.platform === 'win32' ? 'gik.exe' : 'gik');
  }
  if (!fs.existsSync(gikBin)) throw new Error(`gik CLI not found at ${gikBin}`);
  return gikBin;
}

/** Run the CLI; returns { status, stdout: Buffer, stderr: string }. */
function runCli(args, input) {
  const r = cp.spawnSync(cli(), args, { input, maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** `gik parse --format FORMAT FILE`'s standard output; throws if it failed. */
function cliParse(format, file) {
  const r = runCli(['parse', '--format', format, file]);
  if (r.status !== 0) throw new Error(`gik parse --format ${format} ${file} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

module.exports = { gik, here, repo, corpusDir, example, fixtures, corpusFiles, cli, runCli, cliParse };
