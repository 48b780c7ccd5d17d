'use strict';
// index.d.ts: generated from docs/report.schema.json and up to date; its
// field names are exactly those of the real JSON of every corpus report; and
// (when typescript is installed: `npm install`) `tsc --strict` accepts a
// typed usage file and every real report as a `Report` literal.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');
const { gik, here, corpusFiles, example } = require('../testlib/helpers');
const gen = require('../scripts/gen-dts');

const dtsPath = path.join(here, 'index.d.ts');
const dts = fs.readFileSync(dtsPath, 'utf8');

function reports() {
  const out = [];
  for (const f of [...corpusFiles(), example]) {
    try {
      out.push(gik.parse(fs.readFileSync(f)));
    } catch (e) {
      if (e.code !== 'not-a-report') throw e; // the empty DOCX template
    }
  }
  return out;
}
const real = reports();

/** { InterfaceName: { member: { type, optional } } } of the exported interfaces. */
function interfaces(text) {
  const out = {};
  const re = /^export interface (\w+)(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/gm;
  let m;
  while ((m = re.exec(text))) {
    const members = {};
    for (const line of m[2].split('\n')) {
      const mm = /^ {2}(\w+)(\??): (.+);$/.exec(line);
      if (mm) members[mm[1]] = { type: mm[3], optional: mm[2] === '?' };
    }
    out[m[1]] = members;
  }
  return out;
}
const decl = interfaces(dts);

test('index.d.ts is what scripts/gen-dts.js makes of docs/report.schema.json', () => {
  const { schemaPath } = gen.paths();
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  assert.equal(gen.render(dts, schema), dts, 'index.d.ts is stale: run `node scripts/gen-dts.js`');
});

test('the corpus gives reports of both templates, with claims and diagnostics', () => {
  assert.ok(real.length >= 17);
  assert.ok(real.some((r) => r.meta.template === '2019'));
  assert.ok(real.some((r) => r.meta.template === '2021'));
  assert.ok(real.some((r) => r.claims.length > 0));
  assert.ok(real.some((r) => r.diagnostics.length > 0));
});

test('top-level, meta, source, claim and diagnostic fields: declared = real', () => {
  const names = (t) => Object.keys(decl[t]).sort();
  assert.deepEqual(names('Report'), ['applications', 'claims', 'diagnostics', 'litigation_after_review', 'litigation_direct', 'meta', 'proactive', 'review']);
  for (const r of real) {
    assert.deepEqual(Object.keys(r).sort(), names('Report'));
    assert.deepEqual(Object.keys(r.meta).sort(), names('Meta'));
    assert.deepEqual(Object.keys(r.meta.source).sort(), names('Source'));
    for (const c of r.claims) assert.deepEqual(Object.keys(c).sort(), names('Claim'));
    for (const d of r.diagnostics) assert.deepEqual(Object.keys(d).sort(), names('Diagnostic'));
  }
  assert.equal(decl.GikError.code.type, 'ErrorCode');
});

test('every nested field of every real report is declared, with its type', () => {
  const seen = new Set();
  function check(value, type, where) {
    if (type.endsWith(' | null') && value === null) return;
    const base = type.replace(/ \| null$/, '');
    if (decl[base]) {
      assert.equal(typeof value, 'object', where);
      assert.ok(value !== null && !Array.isArray(value), where);
      for (const [k, m] of Object.entries(decl[base])) {
        if (!m.optional) assert.ok(k in value, `${where}.${k} is declared required but missing`);
      }
      for (const [k, v] of Object.entries(value)) {
        assert.ok(decl[base][k], `${where}.${k} is not declared in ${base}`);
        seen.add(`${base}.${k}`);
        check(v, decl[base][k].type, `${where}.${k}`);
      }
    } else if (base.endsWith('[]')) {
      assert.ok(Array.isArray(value), where);
      value.forEach((v, i) => check(v, base.slice(0, -2).replace(/^\((.*)\)$/, '$1'), `${where}[${i}]`));
    } else if (base === 'string' || base === 'number') {
      assert.equal(typeof value, base, where);
    } else if (/^"/.test(base)) {
      const allowed = base.split(' | ').map((s) => JSON.parse(s));
      assert.ok(allowed.includes(value), `${where}: ${JSON.stringify(value)} not in ${base}`);
    } else {
      assert.fail(`${where}: cannot check type ${type}`);
    }
  }
  real.forEach((r, i) => check(r, 'Report', `report[${i}]`));
  // and the real reports use (nearly) every declared field
  const declared = Object.entries(decl).filter(([n]) => !['ParseOptions', 'GikError'].includes(n)).flatMap(([n, ms]) => Object.keys(ms).map((k) => `${n}.${k}`));
  const unused = declared.filter((k) => !seen.has(k));
  assert.ok(unused.length < declared.length / 10, `declared but never seen: ${unused.join(', ')}`);
});

const tsc = path.join(here, 'node_modules', 'typescript', 'bin', 'tsc');
const haveTsc = fs.existsSync(tsc);

test('tsc --strict accepts test/typing-example.ts and every real report as a Report', { skip: !haveTsc && !process.env.GIK_REQUIRE_TSC && 'typescript not installed (npm install)' }, () => {
  assert.ok(haveTsc, `typescript is required (GIK_REQUIRE_TSC) but ${tsc} is missing: run npm install`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gik-node-tsc-'));
  try {
    const rel = path.relative(dir, here).split(path.sep).join('/');
    const literals = real.map((r) => `  ${JSON.stringify(r)},`).join('\n');
    fs.writeFileSync(path.join(dir, 'reports.ts'), `import type { Report } from '${rel}';\n\nexport const reports: Report[] = [\n${literals}\n];\n`);
    // a wrong field name in a literal must be refused (excess property check)
    const bad = JSON.stringify({ ...real[0], meta: { ...real[0].meta, agnecy: 'x' } });
    fs.writeFileSync(path.join(dir, 'bad.ts'), `import type { Report } from '${rel}';\n\n// @ts-expect-error: agnecy is not a field\nexport const bad: Report = ${bad};\n`);
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, target: 'es2020', lib: ['es2020', 'dom'], module: 'commonjs', moduleResolution: 'node10', types: [] },
      files: [path.join(here, 'test', 'typing-example.ts'), path.join(dir, 'reports.ts'), path.join(dir, 'bad.ts')],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const r = cp.spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
