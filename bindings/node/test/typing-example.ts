// Type-checked (not run) by test/types.test.js with `tsc --strict --noEmit`:
// the declarations in index.d.ts allow what a user writes, and refuse wrong
// field names (each `@ts-expect-error` line must be an error, or tsc fails).
import { parse, toFlat, flatKeys, version } from '..';
import type { Report, Meta, Source, Cell, Claim, Diagnostic, GikError, ErrorCode, ParseOptions } from '..';

const options: ParseOptions = { maxBytes: 1 << 20, pieceBytes: 64 * 1024 };
const report: Report = parse('一、总体情况 …', options);
const fromBytes: Report = parse(new Uint8Array([0xef, 0xbb, 0xbf]));

const meta: Meta = report.meta;
const agency: string | null = meta.agency;
const year: number | null = meta.year;
const template: '2019' | '2021' | null = meta.template;
const published: string | null = meta.published;
const source: Source = meta.source;
const encoding: string = source.encoding;
const layouts: string[] = source.layouts;

const total: Cell | undefined = report.applications.new?.total;
const state: 'number' | 'blank' | 'unknown' | undefined = total?.state;
const value: string | null | undefined = total?.value;
const secret: Cell | undefined = report.applications.denied?.state_secret?.natural_person;
const fees: Cell | undefined = report.proactive.fees?.amount;
const reviewTotal: Cell = report.review.total;
const litigation: Cell = report.litigation_after_review.pending;
const direct: Cell = report.litigation_direct.upheld;

const claims: Claim[] = report.claims;
const claimKey: string = claims[0].key;
const diagnostics: Diagnostic[] = fromBytes.diagnostics;
for (const d of diagnostics) {
  const severity: 'error' | 'warning' = d.severity;
  const line: number | null = d.line;
  const text: string = `${d.code}: ${d.message}`;
  void severity, line, text;
}

const flat: string = toFlat(report) + toFlat('text') + toFlat(new Uint8Array(0), { maxBytes: 10 });
const keys: string[] = flatKeys().concat(flatKeys('2019'), flatKeys('2021'));
const v: string = version;

try {
  parse('not a report');
} catch (e) {
  const err = e as GikError;
  const code: ErrorCode = err.code;
  if (code === 'not-a-report') console.log(err.message);
}

// @ts-expect-error: no such meta field
meta.agnecy;
// @ts-expect-error: the year is a number
const badYear: string = meta.year;
// @ts-expect-error: no such group
report.litigation;
// @ts-expect-error: a cell's value is a decimal string, not a number
const badValue: number | null = reviewTotal.value;
// @ts-expect-error: numbers are not an input
parse(42);
// @ts-expect-error: unknown option
parse('x', { maxbytes: 10 });
// @ts-expect-error: no such template
flatKeys('2020');

void [agency, year, template, published, encoding, layouts, state, value, secret, fees, litigation, direct, claimKey, flat, keys, v, badYear, badValue];
