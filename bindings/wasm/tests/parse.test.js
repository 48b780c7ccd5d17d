'use strict';
// The nodejs-target package against the `gik` CLI: same flat text byte for
// byte, same JSON object, for every report of tests/corpus; bytes input in
// another encoding; errors with the core's code and message.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { EMPTY_TEMPLATE, here, repo, corpusDir, loadPackage, cli, cliOut, corpus } = require('./helpers');

const gik = loadPackage();
const reports = corpus();

test('the corpus is there', () => {
  assert.ok(reports.length >= 18, `only ${reports.length} corpus inputs`);
  assert.ok(reports.some((r) => r.name.endsWith('.html')));
  assert.ok(reports.some((r) => r.name.endsWith('.docx')));
});

test('version() is the crate version and the CLI\'s', () => {
  const toml = fs.readFileSync(path.join(here, 'Cargo.toml'), 'utf8');
  const crate = /^version = "([^"]+)"/m.exec(toml)[1];
  assert.equal(gik.version(), crate);
  const out = cli(['--version']).stdout.toString('utf8').trim();
  assert.equal(out, `gik ${gik.version()}`);
});

for (const r of reports) {
  test(`toFlat(bytes) is the CLI's --format flat: ${r.name}`, () => {
    const want = cliOut('flat', r.file);
    const got = Buffer.from(gik.toFlat(r.bytes), 'utf8');
    assert.ok(want.length > 1000, 'CLI flat output is not a report');
    assert.ok(got.equals(want), `flat output differs for ${r.name}`);
  });

  test(`parse(bytes) is the CLI's --format json: ${r.name}`, () => {
    const want = JSON.parse(cliOut('json', r.file).toString('utf8'));
    const got = gik.parse(r.bytes);
    assert.deepStrictEqual(got, want);
    // a plain object, every key in the CLI's order: the same JSON text
    assert.equal(Object.getPrototypeOf(got), Object.prototype);
    assert.equal(JSON.stringify(got, null, 2), cliOut('json', r.file).toString('utf8').trimEnd());
  });

  if (!r.name.endsWith('.docx')) {
    test(`parse(string) is the same report as the CLI's: ${r.name}`, () => {
      const text = r.bytes.toString('utf8');
      assert.ok(Buffer.from(text, 'utf8').equals(r.bytes), 'corpus text is UTF-8');
      assert.deepStrictEqual(gik.parse(text), JSON.parse(cliOut('json', r.file).toString('utf8')));
      assert.ok(Buffer.from(gik.toFlat(text), 'utf8').equals(cliOut('flat', r.file)));
    });
  }
}

test('a plain Uint8Array and a Buffer give the same report', () => {
  const r = reports.find((x) => x.name.endsWith('.docx'));
  const plain = new Uint8Array(r.bytes.length);
  plain.set(r.bytes);
  assert.equal(Object.getPrototypeOf(plain), Uint8Array.prototype);
  assert.deepStrictEqual(gik.parse(plain), gik.parse(r.bytes));
  // a view into a larger buffer: only the view's bytes are read
  const big = new Uint8Array(r.bytes.length + 10);
  big.set(r.bytes, 5);
  assert.equal(gik.toFlat(big.subarray(5, 5 + r.bytes.length)), gik.toFlat(r.bytes));
});

test('GB18030 bytes: the same flat output as the UTF-8 original, encoding in meta', () => {
  const gbFile = path.join(here, 'tests/fixtures/002_898f82200a7ede38.gb18030.txt');
  const utf8File = path.join(repo, 'tests/corpus/002_898f82200a7ede38.txt');
  const gb = fs.readFileSync(gbFile);
  assert.ok(!Buffer.from(gb.toString('utf8'), 'utf8').equals(gb), 'the fixture is not UTF-8');
  const flat = gik.toFlat(gb);
  assert.equal(flat, cliOut('flat', utf8File).toString('utf8'));
  assert.equal(flat, cliOut('flat', gbFile).toString('utf8'));
  const report = gik.parse(gb);
  assert.equal(report.meta.source.encoding, 'GB18030');
  assert.deepStrictEqual(report, JSON.parse(cliOut('json', gbFile).toString('utf8')));
  const utf8 = gik.parse(fs.readFileSync(utf8File));
  assert.equal(utf8.meta.source.encoding, 'UTF-8');
  utf8.meta.source.encoding = 'GB18030';
  assert.deepStrictEqual(report, utf8);
});

test('examples/report.txt: the documented values', () => {
  const report = gik.parse(fs.readFileSync(path.join(repo, 'examples/report.txt'), 'utf8'));
  assert.equal(report.meta.template, '2021');
  assert.deepStrictEqual(report.applications.new.total, { state: 'number', value: '12', line: report.applications.new.total.line });
  assert.equal(typeof report.applications.new.total.line, 'number');
  assert.ok(Array.isArray(report.diagnostics));
  assert.ok(Array.isArray(report.claims));
});

/** Call `fn`, expect a throw, return what was thrown. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('did not throw');
}

/** The CLI's message for an input it refuses: `gik: -: MESSAGE`. */
function cliError(bytes) {
  const r = cli(['parse', '--format', 'flat', '-'], bytes);
  assert.equal(r.status, 1, 'the CLI refuses it too');
  assert.equal(r.stdout.length, 0);
  const m = /^gik: -: (.*)\n$/s.exec(r.stderr);
  assert.ok(m, `unexpected CLI stderr: ${r.stderr}`);
  return m[1];
}

/** A ZIP archive (deflate) of the given entries, written by hand: [name, Buffer][]. */
function zipOf(entries) {
  const zlib = require('node:zlib');
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const packed = zlib.deflateRawSync(data, { level: 9 });
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// a DOCX whose word/document.xml inflates to 65 MiB: over the core's 64 MiB
const zipBomb = zipOf([
  ['[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')],
  ['word/document.xml', Buffer.alloc(65 << 20, 0x20)],
]);
// UTF-32LE (BOM FF FE 00 00): not a supported encoding
const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...'政府信息公开工作年度报告'].map((c) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(c.codePointAt(0));
  return b;
})]);

// gik_parse::Error's Display: the kind in words, then what was found
const PREFIX = {
  'not-a-report': 'not a report: ',
  binary: 'binary file: ',
  undecodable: 'cannot decode: ',
  malformed: 'malformed document: ',
  'too-large': 'input too large: word/document.xml decompresses',
};

const refused = [
  ['undecodable', 'UTF-32 text', utf32],
  ['too-large', 'a DOCX whose document.xml inflates past the limit', zipBomb],
  ['not-a-report', 'a text that is not a report', Buffer.from('今天天气很好。我们去公园散步，然后吃了午饭。\n这不是一份年度报告。\n'.repeat(20))],
  ['not-a-report', 'empty input', Buffer.alloc(0)],
  ['binary', 'a PDF', Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), Buffer.alloc(64, 0)])],
  ['malformed', 'a DOCX cut short', null],
];

for (const [code, what, given] of refused) {
  test(`${what} throws an Error with code ${code} and the core's message`, () => {
    let bytes = given;
    if (bytes === null) {
      const docx = reports.find((x) => x.name.endsWith('.docx')).bytes;
      bytes = docx.subarray(0, Math.floor(docx.length / 2));
    }
    const message = cliError(bytes);
    for (const fn of [gik.parse, gik.toFlat]) {
      const e = thrown(() => fn(bytes));
      assert.ok(e instanceof Error);
      assert.equal(e.code, code);
      assert.equal(e.message, message);
      assert.ok(e.message.startsWith(PREFIX[code]), e.message);
      if (code === 'not-a-report') {
        // as text, too (gik_parse::parse; for the empty string its message
        // is the general one, not parse_bytes's "the input is empty")
        const t = thrown(() => fn(bytes.toString('utf8')));
        assert.ok(t instanceof Error);
        assert.equal(t.code, code);
        if (bytes.length > 0) assert.equal(t.message, message);
        else assert.match(t.message, /^not a report: found 0 of the six parts/);
      }
    }
  });
}

test('the official template left empty is not a report, as for the CLI', () => {
  const file = path.join(corpusDir, EMPTY_TEMPLATE);
  const bytes = fs.readFileSync(file);
  const r = cli(['parse', '--format', 'flat', file]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.length, 0);
  const e = thrown(() => gik.parse(bytes));
  assert.equal(e.code, 'not-a-report');
  assert.equal(r.stderr, `gik: ${file}: ${e.message}\n`);
  assert.match(e.message, /^not a report: /);
});

test('a wrong argument type throws a TypeError with code ERR_INVALID_ARG_TYPE', () => {
  const cases = [
    [undefined, 'undefined'],
    [null, 'null'],
    [42, 'number'],
    [true, 'boolean'],
    [{ text: 'x' }, 'Object'],
    [['a'], 'Array'],
    [new ArrayBuffer(4), 'ArrayBuffer'],
    [new Uint16Array(4), 'Uint16Array'],
  ];
  for (const [value, name] of cases) {
    for (const [fn, fname] of [[gik.parse, 'parse'], [gik.toFlat, 'toFlat']]) {
      const e = thrown(() => fn(value));
      assert.ok(e instanceof TypeError, `${fname}(${name}): ${e}`);
      assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
      assert.equal(e.message, `gik.${fname}() takes a string or a Uint8Array, not ${name}`);
    }
  }
  const e = thrown(() => gik.parse());
  assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
});

test('the module keeps working after errors', () => {
  const r = reports[0];
  for (let i = 0; i < 3; i++) {
    thrown(() => gik.parse('not a report'));
    thrown(() => gik.parse(7));
    assert.equal(gik.toFlat(r.bytes), cliOut('flat', r.file).toString('utf8'));
  }
});

test('the web target gives the same output (initSync, and async init as in a browser)', async () => {
  const { pathToFileURL } = require('node:url');
  const dir = path.join(here, 'pkg-web');
  assert.ok(fs.existsSync(path.join(dir, 'gik.js')), 'pkg-web is not built: run bindings/wasm/build.sh');
  const url = pathToFileURL(path.join(dir, 'gik.js')).href;
  const wasm = fs.readFileSync(path.join(dir, 'gik_bg.wasm'));
  // two instances of the module (a query string makes a new one)
  const a = await import(`${url}?sync`);
  a.initSync({ module: wasm });
  const b = await import(`${url}?async`);
  assert.notEqual(a, b);
  await b.default({ module_or_path: wasm });
  for (const web of [a, b]) {
    for (const r of reports.slice(0, 3).concat(reports.filter((x) => /\.(html|docx)$/.test(x.name)))) {
      assert.equal(web.toFlat(r.bytes), gik.toFlat(r.bytes));
      assert.deepStrictEqual(web.parse(r.bytes), gik.parse(r.bytes));
    }
    assert.equal(web.version(), gik.version());
    assert.equal(thrown(() => web.parse('no')).code, 'not-a-report');
    assert.ok(thrown(() => web.toFlat(1)) instanceof TypeError);
  }
});
