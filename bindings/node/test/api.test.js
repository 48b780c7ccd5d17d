'use strict';
// The API beyond the corpus: bytes in other encodings, options, errors and
// their codes, argument checking, flatKeys and version.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { gik, here, example, fixtures, runCli, cliParse } = require('../testlib/helpers');

const gb18030File = path.join(fixtures, 'report.gb18030.txt'); // iconv -f utf-8 -t gb18030 examples/report.txt
const utf8 = fs.readFileSync(example);
const gb = fs.readFileSync(gb18030File);

function isCoreError(code, message) {
  return (e) => {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    assert.ok(!(e instanceof TypeError), 'a core error is not a TypeError');
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  };
}

function isTypeError(e) {
  assert.ok(e instanceof TypeError, `not a TypeError: ${e && e.stack}`);
  assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
  assert.match(e.message, /^gik\.\w+\(\): /);
  return true;
}

test('exports', () => {
  assert.deepEqual(Object.keys(gik).sort(), ['flatKeys', 'parse', 'toFlat', 'version']);
  assert.equal(typeof gik.parse, 'function');
  assert.equal(typeof gik.toFlat, 'function');
});

test('a GB18030 file read as bytes: the same report as its UTF-8 original, and as the CLI', () => {
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gb), 'the fixture is not UTF-8');
  assert.ok(!gb.equals(utf8));
  const report = gik.parse(gb);
  assert.equal(report.meta.source.encoding, 'GB18030');
  assert.equal(report.meta.agency, '赣州经济技术开发区');
  const fromUtf8 = gik.parse(utf8);
  assert.equal(fromUtf8.meta.source.encoding, 'UTF-8');
  // everything but the encoding is the same
  assert.deepStrictEqual({ ...report, meta: { ...report.meta, source: null } }, { ...fromUtf8, meta: { ...fromUtf8.meta, source: null } });
  assert.equal(gik.toFlat(gb), gik.toFlat(utf8));
  assert.ok(Buffer.from(gik.toFlat(gb), 'utf8').equals(cliParse('flat', gb18030File)));
  assert.deepStrictEqual(report, JSON.parse(cliParse('json', gb18030File).toString('utf8')));
});

test('GB18030 read a piece at a time (pieceBytes) gives the same report', () => {
  const whole = gik.parse(gb);
  assert.deepStrictEqual(gik.parse(gb, { pieceBytes: 1000 }), whole);
  assert.equal(gik.toFlat(gb, { pieceBytes: 1000 }), gik.toFlat(gb));
});

test('UTF-8 with a BOM and UTF-16LE with a BOM', () => {
  const expected = gik.toFlat(utf8);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
  assert.equal(gik.toFlat(bom), expected);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8.toString('utf8'), 'utf16le')]);
  const r = gik.parse(utf16);
  assert.equal(r.meta.source.encoding, 'UTF-16LE');
  assert.equal(gik.toFlat(utf16), expected);
});

test('a Uint8Array view into a larger buffer reads only its bytes', () => {
  const padded = Buffer.concat([Buffer.from('%PDF-garbage'), utf8, Buffer.from([0, 0, 0])]);
  const view = new Uint8Array(padded.buffer, padded.byteOffset + 12, utf8.length);
  assert.equal(gik.toFlat(view), gik.toFlat(utf8));
});

test('the example report: what the README shows', () => {
  const r = gik.parse(fs.readFileSync(example));
  assert.equal(r.meta.year, 2024);
  assert.equal(r.meta.template, '2021');
  assert.deepEqual(r.applications.new.total, { state: 'number', value: '12', line: r.applications.new.total.line });
  assert.equal(typeof r.applications.new.total.line, 'number');
  assert.ok(Array.isArray(r.diagnostics));
  assert.ok(Array.isArray(r.claims));
});

test('a text that is not a report throws an Error with code not-a-report and the core message', () => {
  const text = '这是一段普通的文字，不是年度报告。\nHello, world.\n';
  const cliOut = runCli(['parse'], Buffer.from(text));
  assert.equal(cliOut.status, 1);
  const message = /^gik: -: (.*)\n$/s.exec(cliOut.stderr)[1];
  assert.match(message, /^not a report: /);
  assert.throws(() => gik.parse(text), isCoreError('not-a-report', message));
  assert.throws(() => gik.parse(Buffer.from(text)), isCoreError('not-a-report', message));
  assert.throws(() => gik.toFlat(text), isCoreError('not-a-report', message));
});

test('an empty input throws not-a-report', () => {
  assert.throws(() => gik.parse(''), isCoreError('not-a-report'));
  assert.throws(() => gik.parse(Buffer.alloc(0)), isCoreError('not-a-report', 'not a report: the input is empty (0 bytes)'));
  assert.throws(() => gik.parse(new Uint8Array(0)), isCoreError('not-a-report'));
  assert.throws(() => gik.toFlat(''), isCoreError('not-a-report'));
});

test('a PDF throws binary, with the core message', () => {
  const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1');
  const cliOut = runCli(['parse'], pdf);
  const message = /^gik: -: (.*)\n$/s.exec(cliOut.stderr)[1];
  assert.throws(() => gik.parse(pdf), isCoreError('binary', message));
});

test('a broken DOCX (a ZIP that is not one) throws, not crashes', () => {
  const zip = Buffer.from('PK\x03\x04' + 'x'.repeat(100), 'latin1');
  assert.throws(() => gik.parse(zip), (e) => {
    assert.ok(e instanceof Error);
    assert.ok(['malformed', 'binary', 'not-a-report'].includes(e.code), `code ${e.code}`);
    return true;
  });
});

test('maxBytes: a larger input throws too-large', () => {
  assert.throws(() => gik.parse(utf8, { maxBytes: 100 }), isCoreError('too-large'));
  assert.throws(() => gik.parse(utf8.toString('utf8'), { maxBytes: 100 }), isCoreError('too-large'));
  assert.throws(() => gik.toFlat(utf8, { maxBytes: 100 }), isCoreError('too-large'));
  assert.equal(gik.parse(utf8, { maxBytes: utf8.length }).meta.year, 2024);
  assert.equal(gik.parse(utf8, {}).meta.year, 2024);
  assert.equal(gik.parse(utf8, null).meta.year, 2024);
  assert.equal(gik.parse(utf8, { maxBytes: undefined }).meta.year, 2024);
});

test('wrong argument types throw TypeError', () => {
  for (const bad of [undefined, null, 42, true, {}, [], ['text'], () => 'x', Symbol('x'), 10n, new ArrayBuffer(8), new Uint16Array(4), new DataView(new ArrayBuffer(4))]) {
    assert.throws(() => gik.parse(bad), isTypeError, `parse(${String(typeof bad)})`);
  }
  assert.throws(() => gik.parse(), isTypeError);
  for (const bad of [undefined, null, 42, true, [], () => 'x']) {
    assert.throws(() => gik.toFlat(bad), isTypeError);
  }
  assert.throws(() => gik.parse(utf8, 'fast'), isTypeError);
  assert.throws(() => gik.parse(utf8, [1]), isTypeError);
  assert.throws(() => gik.parse(utf8, { maxbytes: 10 }), isTypeError);
  assert.throws(() => gik.parse(utf8, { maxBytes: '10' }), isTypeError);
  assert.throws(() => gik.toFlat(gik.parse(utf8), { maxBytes: 10 }), isTypeError);
  assert.throws(() => gik.flatKeys(2021), isTypeError);
  assert.throws(() => gik.flatKeys(null), isTypeError);
});

test('out-of-range options and templates throw RangeError', () => {
  for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
    assert.throws(() => gik.parse(utf8, { maxBytes: bad }), RangeError);
    assert.throws(() => gik.parse(utf8, { pieceBytes: bad }), RangeError);
  }
  assert.throws(() => gik.flatKeys('2020'), RangeError);
});

test('toFlat of an object that is not a report throws invalid-report', () => {
  assert.throws(() => gik.toFlat({}), isCoreError('invalid-report'));
  const r = gik.parse(utf8);
  delete r.applications.new;
  assert.throws(() => gik.toFlat(r), (e) => e.code === 'invalid-report' && /applications\.new/.test(e.message));
});

test('toFlat of an edited report object reflects the edit', () => {
  const r = gik.parse(utf8);
  r.applications.new.total = { state: 'number', value: '13', line: null };
  assert.match(gik.toFlat(r), /^applications\.new\.total\t13$/m);
});

test('flatKeys: the keys of the flat text, and the CLI CSV columns', () => {
  const flatKeysOf = (text) => text.split('\n').filter((l) => l && !l.startsWith('diagnostic\t')).map((l) => l.split('\t')[0]);
  const r = gik.parse(utf8);
  assert.equal(r.meta.template, '2021');
  assert.deepEqual(gik.flatKeys('2021'), flatKeysOf(gik.toFlat(utf8)));
  const r2019 = path.join(__dirname, '..', '..', '..', 'tests', 'corpus', '002_pingtan-2020-glued.txt');
  const b2019 = fs.readFileSync(r2019);
  assert.equal(gik.parse(b2019).meta.template, '2019');
  assert.deepEqual(gik.flatKeys('2019'), flatKeysOf(gik.toFlat(b2019)));
  const header = cliParse('csv', example).toString('utf8').split(/\r?\n/)[0].split(',');
  assert.deepEqual(['file', ...gik.flatKeys(), 'diagnostics'], header);
  assert.ok(gik.flatKeys().length > gik.flatKeys('2021').length);
});

test('version is the package version and the CLI version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
  assert.equal(gik.version, pkg.version);
  assert.equal(runCli(['--version']).stdout.toString('utf8').trim(), `gik ${gik.version}`);
});

test('thrown core errors are catchable and the process goes on', () => {
  let n = 0;
  for (let i = 0; i < 200; i++) {
    try {
      gik.parse(i % 2 ? 'x' : Buffer.from([0xff, 0xfe, 0xfd]));
    } catch (e) {
      if (e.code) n++;
    }
  }
  assert.equal(n, 200);
  assert.equal(gik.parse(utf8).meta.year, 2024);
});

test('the addon loads and parses in worker threads', async () => {
  const { Worker } = require('node:worker_threads');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const gik = require(workerData.pkg);
    parentPort.postMessage(gik.toFlat(require('fs').readFileSync(workerData.file)));`;
  const run = () =>
    new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { pkg: here, file: example } });
      w.once('message', (m) => resolve(m));
      w.once('error', reject);
    });
  const outs = await Promise.all([run(), run(), run()]);
  for (const out of outs) assert.equal(out, gik.toFlat(utf8));
});

test('a panic in Rust reaches JS as an Error with code internal, and node goes on', () => {
  const native = require(path.join(here, 'gik.node'));
  assert.throws(
    () => native._panicForTest('boom'),
    (e) => e instanceof Error && e.code === 'internal' && /internal error in gik.*boom/.test(e.message)
  );
  assert.equal(gik.parse(utf8).meta.year, 2024);
});
