// Type-checked with `tsc --strict` by tests/types.test.js: the declarations
// describe the report well enough to use it without casts.
import * as gik from "../pkg-node/gik.js";
import type { Cell, Report, GikError, ErrorCode, Diagnostic } from "../pkg-node/gik.js";

const text: string = "……";
let report: Report | undefined;
try {
  report = gik.parse(text);
} catch (e) {
  const err = e as GikError;
  const code: ErrorCode = err.code;
  const message: string = err.message;
  void code;
  void message;
}

if (report) {
  const agency: string | null = report.meta.agency;
  const year: number | null = report.meta.year;
  const template: "2019" | "2021" | null = report.meta.template;
  const encoding: string = report.meta.source.encoding;
  const layouts: string[] = report.meta.source.layouts;
  const cell: Cell = report.applications.new.total;
  const state: "number" | "blank" | "unknown" = cell.state;
  const value: number | null = cell.value === null ? null : Number(cell.value);
  const line: number | null = cell.line;
  // keys of one template only are optional
  const overdue: Cell | undefined = report.applications.other.overdue_correction?.total;
  const made: Cell | undefined = report.proactive.regulations.made;
  const review: Cell = report.review.corrected;
  const lit: Cell = report.litigation_after_review.pending;
  const person: Cell = report.applications.denied.state_secret.natural_person;
  const diagnostics: Diagnostic[] = report.diagnostics;
  const codes: string[] = diagnostics.map((d) => `${d.severity} ${d.code} ${d.line ?? ""} ${d.message}`);
  const claims = report.claims.map((c) => [c.key, c.value, c.line, c.text] as const);
  void [agency, year, template, encoding, layouts, state, value, line, overdue, made, review, lit, person, codes, claims];
}

const flat: string = gik.toFlat(new Uint8Array([0xef, 0xbb, 0xbf]));
const v: string = gik.version();
void [flat, v];
