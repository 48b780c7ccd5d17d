'use strict';
// The README's example runs and prints what the README shows.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const { here, repo } = require('../testlib/helpers');

const readme = fs.readFileSync(path.join(here, 'README.md'), 'utf8');
const EXAMPLE = /```js\n([\s\S]*?)```\n\nprints[^\n]*\n\n```text\n([\s\S]*?)```/;

test('README: the example prints the output shown', () => {
  const m = EXAMPLE.exec(readme);
  assert.ok(m, 'the example and its output are not in README.md');
  // as `node example.js` at the repository root: relative requires resolve there
  const r = cp.spawnSync(process.execPath, ['-'], { cwd: repo, input: m[1], encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, m[2]);
});

test('docs/node.md shows the same example and output as the README', () => {
  const doc = fs.readFileSync(path.join(repo, 'docs', 'node.md'), 'utf8');
  assert.match(doc, /bindings\/node\/README\.md/);
  const a = EXAMPLE.exec(readme);
  const b = EXAMPLE.exec(doc);
  assert.ok(a && b, 'the example and its output are missing');
  assert.equal(b[1], a[1]);
  assert.equal(b[2], a[2]);
});
