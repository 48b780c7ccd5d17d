#!/usr/bin/env node
// Generates the report types of index.d.ts (between the GENERATED markers)
// from docs/report.schema.json, the JSON Schema the Rust model emits
// (`gik schema`). The field names are therefore the JSON's, written once.
//
//   node scripts/gen-dts.js           # rewrite index.d.ts in place
//   node scripts/gen-dts.js --check   # exit 1 if index.d.ts is stale
//
// test/types.test.js runs the same check.
'use strict';
const fs = require('fs');
const path = require('path');

const here = path.join(__dirname, '..');
const BEGIN = '// BEGIN GENERATED from docs/report.schema.json by scripts/gen-dts.js: do not edit';
const END = '// END GENERATED';

// Names for the object types, by the JSON path where they first occur; an
// object of the same shape elsewhere reuses the name. Unnamed objects are
// named after their path.
const NAMES = {
  '': 'Report',
  meta: 'Meta',
  'meta.source': 'Source',
  proactive: 'Proactive',
  'proactive.regulations': 'DocumentCells',
  'proactive.licensing': 'DecisionCells',
  'proactive.fees': 'FeeCells',
  'proactive.other_services': 'OtherServiceCells',
  'proactive.procurement': 'ProcurementCells',
  applications: 'Applications',
  'applications.new': 'ApplicantCells',
  'applications.denied': 'DeniedRows',
  'applications.unable': 'UnableRows',
  'applications.not_processed': 'NotProcessedRows',
  'applications.other': 'OtherRows',
  review: 'OutcomeCells',
};
const DEFS = { cell: 'Cell', diagnostic: 'Diagnostic', claim: 'Claim' };

function pascal(p) {
  return p.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function comment(desc, indent) {
  if (!desc) return '';
  return `${indent}/** ${desc.replace(/\*\//g, '* /')} */\n`;
}

function generate(schema) {
  const decls = []; // [name, text]
  const byShape = new Map(); // JSON of the node -> name

  function typeOf(node, p) {
    if (node.$ref) {
      const m = /^#\/\$defs\/(.+)$/.exec(node.$ref);
      if (!m || !DEFS[m[1]]) throw new Error(`unknown $ref ${node.$ref}`);
      return DEFS[m[1]];
    }
    if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
    const types = Array.isArray(node.type) ? node.type : [node.type];
    return types
      .map((t) => {
        switch (t) {
          case 'string': return 'string';
          case 'integer':
          case 'number': return 'number';
          case 'boolean': return 'boolean';
          case 'null': return 'null';
          case 'array': return `${wrap(typeOf(node.items, p + '[]'))}[]`;
          case 'object': return objectType(node, p);
          default: throw new Error(`unsupported type ${t} at ${p}`);
        }
      })
      .join(' | ');
  }

  function wrap(t) {
    return /[| ]/.test(t) ? `(${t})` : t;
  }

  function objectType(node, p, forcedName) {
    const key = JSON.stringify(node);
    if (!forcedName && byShape.has(key)) return byShape.get(key);
    const name = forcedName || NAMES[p] || pascal(p);
    byShape.set(key, name);
    const slot = decls.length;
    decls.push(null);
    const required = new Set(node.required || []);
    let body = '';
    for (const [k, v] of Object.entries(node.properties || {})) {
      const opt = required.has(k) ? '' : '?';
      body += comment(v.description, '  ');
      body += `  ${k}${opt}: ${typeOf(v, p ? `${p}.${k}` : k)};\n`;
    }
    let doc = node.description;
    if (!doc && !required.size && Object.keys(node.properties || {}).length) {
      doc = "Only the keys of the report's template are present.";
    }
    decls[slot] = [name, `${comment(doc, '')}export interface ${name} {\n${body}}\n`];
    return name;
  }

  for (const [k, v] of Object.entries(schema.$defs)) objectType(v, `$defs.${k}`, DEFS[k]);
  objectType(schema, '', 'Report');
  const out = decls.map(([, text]) => text).join('\n');
  return `${BEGIN}\n\n${out}\n${END}`;
}

function render(current, schema) {
  const a = current.indexOf(BEGIN);
  const b = current.indexOf(END);
  if (a < 0 || b < a) throw new Error('index.d.ts: GENERATED markers not found');
  return current.slice(0, a) + generate(schema) + current.slice(b + END.length);
}

function paths() {
  const schemaPath = process.env.GIK_SCHEMA || path.join(here, '..', '..', 'docs', 'report.schema.json');
  return { schemaPath, dtsPath: path.join(here, 'index.d.ts') };
}

module.exports = { generate, render, paths };

if (require.main === module) {
  const { schemaPath, dtsPath } = paths();
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const current = fs.readFileSync(dtsPath, 'utf8');
  const next = render(current, schema);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('index.d.ts is stale: run `node scripts/gen-dts.js`');
      process.exit(1);
    }
  } else if (next !== current) {
    fs.writeFileSync(dtsPath, next);
    console.log(`wrote ${dtsPath}`);
  }
}
