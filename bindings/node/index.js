'use strict';
// gik for Node.js: parse China's government information disclosure annual
// reports (政府信息公开工作年度报告) into typed, checked data.
//
// The parsing is done by the Rust core through the native addon `gik.node`
// (built from src/lib.rs by `npm run build`, i.e. build.sh: `cargo build
// --release`, then the library copied to gik.node). This file only checks the
// arguments and turns the core's JSON text into a plain object.

const path = require('path');

function loadAddon() {
  const file = process.env.GIK_NODE_ADDON || path.join(__dirname, 'gik.node');
  try {
    return require(file);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(file)) {
      const err = new Error(
        `gik: the native addon ${file} is not built; run \`npm run build\` in ${__dirname} ` +
          '(it needs Rust: cargo build --release, then copies the library to gik.node)'
      );
      err.code = 'ERR_GIK_NOT_BUILT';
      throw err;
    }
    throw e;
  }
}

const native = loadAddon();

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an instance of ${(v.constructor && v.constructor.name) || 'Object'}`;
  return `type ${typeof v}`;
}

function typeError(message) {
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function isInput(v) {
  return typeof v === 'string' || v instanceof Uint8Array; // a Buffer is a Uint8Array
}

const OPTION_KEYS = ['maxBytes', 'pieceBytes'];

function checkOptions(fn, options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(`gik.${fn}(): options must be an object, not ${describe(options)}`);
  }
  const out = {};
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) {
      throw typeError(`gik.${fn}(): unknown option ${JSON.stringify(key)} (known: ${OPTION_KEYS.join(', ')})`);
    }
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number') {
      throw typeError(`gik.${fn}(): options.${key} must be a number, not ${describe(v)}`);
    }
    if (!Number.isSafeInteger(v) || v < 0) {
      const err = new RangeError(`gik.${fn}(): options.${key} must be a non-negative integer, not ${v}`);
      err.code = 'ERR_OUT_OF_RANGE';
      throw err;
    }
    out[key] = v;
  }
  return out;
}

/**
 * Parse a report from a string (text or HTML) or bytes (Buffer/Uint8Array:
 * any supported encoding, or DOCX). Returns a plain object equal to the JSON
 * of `gik parse --format json`. Throws an Error whose `code` is the core's
 * error code (`not-a-report`, `binary`, `undecodable`, `malformed`,
 * `too-large`) when the input is not a report.
 */
function parse(input, options) {
  if (!isInput(input)) {
    throw typeError(`gik.parse(): input must be a string, Buffer or Uint8Array, not ${describe(input)}`);
  }
  return JSON.parse(native.parseJson(input, checkOptions('parse', options)));
}

/**
 * The flat text of a report, exactly as `gik parse --format flat` prints it:
 * of an input (string or bytes, parsed as by `parse`) or of a report object
 * that `parse` returned.
 */
function toFlat(reportOrInput, options) {
  if (isInput(reportOrInput)) {
    return native.parseFlat(reportOrInput, checkOptions('toFlat', options));
  }
  if (reportOrInput !== null && typeof reportOrInput === 'object' && !Array.isArray(reportOrInput)) {
    if (options !== undefined && options !== null) {
      throw typeError('gik.toFlat(): options apply to an input to parse, not to a report object');
    }
    return native.flatFromJson(JSON.stringify(reportOrInput));
  }
  throw typeError(
    `gik.toFlat(): expected a report object, a string, Buffer or Uint8Array, not ${describe(reportOrInput)}`
  );
}

/**
 * Every flat key of a template ('2019' or '2021'), meta first, in order;
 * without a template, the union of both: the columns of
 * `gik parse --format csv` between `file` and `diagnostics`.
 */
function flatKeys(template) {
  if (template === undefined) return native.flatKeys();
  if (typeof template !== 'string') {
    throw typeError(`gik.flatKeys(): template must be '2019' or '2021', not ${describe(template)}`);
  }
  if (template !== '2019' && template !== '2021') {
    const err = new RangeError(`gik.flatKeys(): unknown template ${JSON.stringify(template)} (expected '2019' or '2021')`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  return native.flatKeys(template);
}

module.exports = {
  parse,
  toFlat,
  flatKeys,
  version: native.version(),
};
