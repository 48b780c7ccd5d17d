'use strict';
// gik.d.ts against real output: it is what scripts/gen-dts.js makes; the
// names it declares for the report are exactly the keys of the JSON of the
// corpus reports; every value of every report has the declared type; and the
// built packages' gik.d.ts type-check with `tsc --strict` in use.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { here, repo, loadPackage, corpus } = require('./helpers');
const { generate, paths } = require('../scripts/gen-dts');

let ts;
try {
  ts = require('typescript');
} catch {
  throw new Error('typescript is not installed: run `npm ci` in bindings/wasm (ci.sh does)');
}

const gik = loadPackage();
const reports = corpus().map((r) => ({ name: r.name, report: gik.parse(r.bytes) }));
const dtsFile = path.join(here, 'gik.d.ts');

test('gik.d.ts is what scripts/gen-dts.js makes from the schema and the corpus', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(repo, 'docs/report.schema.json'), 'utf8'));
  const want = generate(schema, reports.map((r) => r.report));
  assert.equal(fs.readFileSync(dtsFile, 'utf8'), want, 'run `node bindings/wasm/scripts/gen-dts.js`');
});

// The declared `Report` type, through the compiler's checker.
const program = ts.createProgram([dtsFile], { strict: true, noEmit: true });
const checker = program.getTypeChecker();
const sourceFile = program.getSourceFile(dtsFile);
const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), s]));
const declared = (name) => checker.getDeclaredTypeOfSymbol(exported.get(name));
const reportType = declared('Report');

const isObjectLike = (t) => (t.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(t);

/** Declared dotted paths of the object type `t`: path -> {optional}. Cells, arrays and scalars are leaves. */
function declaredPaths(t, prefix = '', out = new Map()) {
  for (const prop of checker.getPropertiesOfType(t)) {
    const p = prefix ? `${prefix}.${prop.getName()}` : prop.getName();
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    out.set(p, { optional });
    const pt = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
    if (isObjectLike(pt)) declaredPaths(pt, p, out);
  }
  return out;
}

test('the declared names are exactly the keys of the real output', () => {
  const decl = declaredPaths(reportType);
  assert.ok(decl.size > 300, `only ${decl.size} declared paths`);
  const union = new Set();
  for (const { name, report } of reports) {
    const got = paths(report);
    for (const p of got) {
      // a leaf's own keys (cell.state, …) are declared under the leaf's type
      union.add(p);
      assert.ok(decl.has(p), `${name}: key ${p} is not declared in gik.d.ts`);
    }
    for (const [p, { optional }] of decl) {
      if (!optional && parentPresent(p, got)) assert.ok(got.has(p), `${name}: declared required key ${p} is missing`);
    }
  }
  for (const p of decl.keys()) assert.ok(union.has(p), `declared ${p} is in no corpus report`);
  // both templates are in the corpus, so the optional keys are exactly one template's
  const templates = new Set(reports.map((r) => r.report.meta.template));
  assert.ok(templates.has('2019') && templates.has('2021'));
});

function parentPresent(p, got) {
  const i = p.lastIndexOf('.');
  return i < 0 || got.has(p.slice(0, i));
}

/** Does the JS value `v` have the declared type `t`? Returns a list of problems. */
function conforms(v, t, at, problems) {
  if (t.isUnion()) {
    const sub = t.types.map((u) => conforms(v, u, at, []));
    if (!sub.some((s) => s.length === 0)) problems.push(`${at}: ${JSON.stringify(v)} is not ${checker.typeToString(t)}`);
    return problems;
  }
  const f = t.flags;
  if (f & ts.TypeFlags.StringLiteral) { if (v !== t.value) problems.push(`${at}: ${JSON.stringify(v)} is not "${t.value}"`); }
  else if (f & ts.TypeFlags.String) { if (typeof v !== 'string') problems.push(`${at}: not a string`); }
  else if (f & ts.TypeFlags.Number) { if (typeof v !== 'number' || !Number.isInteger(v)) problems.push(`${at}: not an integer`); }
  else if (f & ts.TypeFlags.Null) { if (v !== null) problems.push(`${at}: not null`); }
  else if (checker.isArrayType(t)) {
    if (!Array.isArray(v)) problems.push(`${at}: not an array`);
    else v.forEach((x, i) => conforms(x, checker.getTypeArguments(t)[0], `${at}[${i}]`, problems));
  } else if (f & ts.TypeFlags.Object) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) problems.push(`${at}: not an object`);
    else {
      const props = new Map(checker.getPropertiesOfType(t).map((s) => [s.getName(), s]));
      for (const k of Object.keys(v)) if (!props.has(k)) problems.push(`${at}.${k}: not declared`);
      for (const [k, s] of props) {
        if (!(k in v)) {
          if (!(s.flags & ts.SymbolFlags.Optional)) problems.push(`${at}.${k}: missing`);
          continue;
        }
        conforms(v[k], checker.getTypeOfSymbol(s), `${at}.${k}`, problems);
      }
    }
  } else problems.push(`${at}: unexpected declared type ${checker.typeToString(t)}`);
  return problems;
}

test('every value of every corpus report has its declared type', () => {
  let cells = 0;
  for (const { name, report } of reports) {
    const problems = conforms(report, reportType, name, []);
    assert.deepStrictEqual(problems.slice(0, 10), [], `${problems.length} problems`);
    cells += JSON.stringify(report).split('"state":').length - 1;
  }
  assert.ok(cells > 3000, `only ${cells} cells checked`);
  // and the values the schema enumerates all occur
  const states = new Set();
  for (const { report } of reports) JSON.stringify(report, (k, v) => (k === 'state' && states.add(v), v));
  assert.deepStrictEqual([...states].sort(), ['blank', 'number', 'unknown']);
});

test('the packages\' gik.d.ts type-check with tsc --strict in use (tests/typing-example*.ts)', () => {
  const tsc = require.resolve('typescript/bin/tsc');
  for (const pkg of ['pkg-node', 'pkg-web']) {
    const dts = path.join(here, pkg, 'gik.d.ts');
    assert.ok(fs.existsSync(dts), `${pkg} is not built`);
    assert.ok(fs.readFileSync(dts, 'utf8').includes(fs.readFileSync(dtsFile, 'utf8')));
  }
  const run = (file) => {
    try {
      execFileSync(process.execPath, [tsc, '--strict', '--noEmit', '--target', 'es2020', '--module', 'nodenext',
        '--moduleResolution', 'nodenext', file], { cwd: here, encoding: 'utf8' });
      return '';
    } catch (e) {
      return `${e.stdout}${e.stderr}`;
    }
  };
  assert.equal(run(path.join(here, 'tests/typing-example.ts')), '');
  assert.equal(run(path.join(here, 'tests/typing-example-web.mts')), '');
  // and a misuse is caught: the declarations are not `any`
  const bad = path.join(here, 'tests/.typing-bad.ts');
  fs.writeFileSync(bad, [
    'import * as gik from "../pkg-node/gik.js";',
    'const r = gik.parse("x");',
    'const a: number = r.applications.new.total.value;',
    'const b = r.applications.neww;',
    'gik.parse(42);',
    'export { a, b };',
    '',
  ].join('\n'));
  try {
    const out = run(bad);
    assert.match(out, /Type 'string \| null' is not assignable to type 'number'/);
    assert.match(out, /Property 'neww' does not exist/);
    assert.match(out, /Argument of type 'number' is not assignable to parameter of type 'Input'/);
  } finally {
    fs.rmSync(bad, { force: true });
  }
});
