'use strict';
// Every report of tests/corpus (and examples/report.txt): the binding's
// output is the CLI's, byte for byte.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { gik, corpusFiles, example, runCli } = require('../testlib/helpers');

const files = [...corpusFiles(), example];

test('the corpus is there', () => {
  assert.ok(files.length >= 18, `only ${files.length} inputs`);
});

for (const file of files) {
  const name = path.relative(path.join(__dirname, '..', '..', '..'), file);
  describe(name, () => {
    const bytes = fs.readFileSync(file);
    const flat = runCli(['parse', '--format', 'flat', file]);
    const json = runCli(['parse', '--format', 'json', file]);

    if (flat.status !== 0) {
      // the CLI refuses it (tests/corpus/template-2021.docx is an empty
      // template): the binding throws the core's code and message
      test('throws what the CLI reports', () => {
        assert.equal(json.status, 1);
        const m = /^gik: .*?: (.*)\n$/s.exec(flat.stderr);
        assert.ok(m, `unexpected CLI stderr: ${flat.stderr}`);
        assert.throws(
          () => gik.parse(bytes),
          (e) => e instanceof Error && e.code === 'not-a-report' && e.message === m[1]
        );
        assert.throws(() => gik.toFlat(bytes), (e) => e.code === 'not-a-report' && e.message === m[1]);
      });
      return;
    }

    test('toFlat(bytes) is `gik parse --format flat`, byte for byte', () => {
      const out = gik.toFlat(bytes);
      assert.equal(typeof out, 'string');
      assert.ok(Buffer.from(out, 'utf8').equals(flat.stdout), 'flat text differs');
    });

    test('parse(bytes) is `gik parse --format json`', () => {
      const report = gik.parse(bytes);
      const expected = JSON.parse(json.stdout.toString('utf8'));
      assert.deepStrictEqual(report, expected);
      // same key order and values: pretty-printed, it is the CLI's text
      assert.equal(JSON.stringify(report, null, 2) + '\n', json.stdout.toString('utf8'));
      // the plain object holds the diagnostics, as the flat text does
      const diagLines = flat.stdout.toString('utf8').split('\n').filter((l) => l.startsWith('diagnostic\t'));
      assert.equal(report.diagnostics.length, diagLines.length);
      assert.equal(Object.getPrototypeOf(report), Object.prototype);
    });

    test('toFlat(parse(bytes)) round-trips through the report object', () => {
      assert.ok(Buffer.from(gik.toFlat(gik.parse(bytes)), 'utf8').equals(flat.stdout));
    });

    if (!file.endsWith('.docx')) {
      test('a string gives the same report as its UTF-8 bytes', () => {
        const text = bytes.toString('utf8');
        assert.ok(Buffer.from(gik.toFlat(text), 'utf8').equals(flat.stdout));
        assert.deepStrictEqual(gik.parse(text), JSON.parse(json.stdout.toString('utf8')));
      });

      test('a plain Uint8Array (not a Buffer) is read as bytes', () => {
        const u8 = new Uint8Array(bytes.byteLength);
        u8.set(bytes);
        assert.ok(!Buffer.isBuffer(u8));
        assert.ok(Buffer.from(gik.toFlat(u8), 'utf8').equals(flat.stdout));
      });
    }
  });
}
