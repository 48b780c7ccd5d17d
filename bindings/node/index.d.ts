// Type declarations of the Node package `gik`.
//
// The report types are generated from docs/report.schema.json (the JSON the
// Rust model writes; `gik schema` prints it), so their field names are the
// JSON's, the same as `gik parse --format json` and the Python binding.

/** Options of {@link parse} and {@link toFlat} (the core's `gik_parse::Options`). */
export interface ParseOptions {
  /** Inputs larger than this many bytes are refused with code `too-large` (default 256 MiB). */
  maxBytes?: number;
  /**
   * A GB18030/Big5 text larger than this many bytes is decoded this many bytes
   * at a time (default 256 KiB); the report is the same whatever the value.
   */
  pieceBytes?: number;
}

/** The `code` of an error thrown by {@link parse} or {@link toFlat}. */
export type ErrorCode =
  /** The input does not look like an annual report. */
  | 'not-a-report'
  /** A binary file that is not a readable format (PDF, .doc, image, …). */
  | 'binary'
  /** Bytes in no supported encoding. */
  | 'undecodable'
  /** A damaged file (e.g. a broken DOCX). */
  | 'malformed'
  /** Larger than `maxBytes`. */
  | 'too-large'
  /** {@link toFlat} was given an object that is not a report's JSON. */
  | 'invalid-report'
  /** A bug in gik (it promises never to panic); please report it. */
  | 'internal';

/** An error from the core: `message` is the core's message, `code` its error code. */
export interface GikError extends Error {
  code: ErrorCode;
}

/**
 * Parse a report. A string is read as text or HTML; a Buffer/Uint8Array is
 * read in any supported encoding (UTF-8 with or without BOM, UTF-16 with BOM,
 * GB18030/GBK, Big5) or as a DOCX file, detected by content.
 *
 * Returns a plain object equal to `JSON.parse` of `gik parse --format json`.
 * A report with problems is returned with `diagnostics`; an input that is not a
 * report throws a {@link GikError}. A wrong argument type throws a `TypeError`.
 */
export function parse(input: string | Uint8Array, options?: ParseOptions): Report;

/**
 * The flat text of a report (`key<TAB>value` lines, meta first, then one
 * `diagnostic<TAB>code<TAB>severity<TAB>line<TAB>message` line per diagnostic):
 * exactly what `gik parse --format flat` prints. Give it an input (as for
 * {@link parse}) or a report object that {@link parse} returned.
 */
export function toFlat(reportOrInput: Report | string | Uint8Array, options?: ParseOptions): string;

/**
 * Every flat key of a template, meta first, in order; without a template, the
 * union of both (2021's keys, then those only 2019 has): the columns of
 * `gik parse --format csv` between `file` and `diagnostics`.
 */
export function flatKeys(template?: '2019' | '2021'): string[];

/** The package's version (the same as the Rust crates'). */
export const version: string;

// BEGIN GENERATED from docs/report.schema.json by scripts/gen-dts.js: do not edit

export interface Cell {
  /** number: printed; blank: printed empty, /, - or —; unknown: not readable with confidence, or not in the source */
  state: "number" | "blank" | "unknown";
  /** The exact decimal, as a string (no float), when state is number. */
  value: string | null;
  /** 1-based source line. */
  line: number | null;
}

export interface Diagnostic {
  /** Stable dotted code (SPEC.md §2). */
  code: string;
  severity: "error" | "warning";
  message: string;
  line: number | null;
}

export interface Claim {
  /** A flat key, or keys joined by +. */
  key: string;
  value: string;
  line: number | null;
  text: string;
}

/** A government information disclosure annual report (政府信息公开工作年度报告) as read by gik. Table groups are nested along the flat keys of SPEC.md; a group holds the keys of the report's template only. */
export interface Report {
  meta: Meta;
  proactive: Proactive;
  applications: Applications;
  review: OutcomeCells;
  litigation_direct: OutcomeCells;
  litigation_after_review: OutcomeCells;
  claims: Claim[];
  diagnostics: Diagnostic[];
}

export interface Meta {
  /** The reporting body, as written in the source. */
  agency: string | null;
  /** The reporting year. */
  year: number | null;
  /** 国办公开办函〔2019〕60号 or 〔2021〕30号; null for a report that predates both. */
  template: "2019" | "2021" | null;
  /** ISO date YYYY-MM-DD of the date line. */
  published: string | null;
  source: Source;
}

export interface Source {
  /** text, html or docx */
  format: string;
  /** UTF-8, GB18030, Big5, UTF-16LE, UTF-16BE, … */
  encoding: string;
  /** table layouts recognised */
  layouts: string[];
}

/** Only the keys of the report's template are present. */
export interface Proactive {
  regulations?: DocumentCells;
  normative_documents?: DocumentCells;
  licensing?: DecisionCells;
  punishment?: DecisionCells;
  enforcement?: DecisionCells;
  fees?: FeeCells;
  other_services?: OtherServiceCells;
  procurement?: ProcurementCells;
}

/** Only the keys of the report's template are present. */
export interface DocumentCells {
  issued?: Cell;
  repealed?: Cell;
  in_force?: Cell;
  made?: Cell;
  published?: Cell;
  total_published?: Cell;
}

/** Only the keys of the report's template are present. */
export interface DecisionCells {
  decisions?: Cell;
  previous?: Cell;
  change?: Cell;
}

/** Only the keys of the report's template are present. */
export interface FeeCells {
  amount?: Cell;
  previous?: Cell;
  change?: Cell;
}

/** Only the keys of the report's template are present. */
export interface OtherServiceCells {
  previous?: Cell;
  change?: Cell;
  decisions?: Cell;
}

/** Only the keys of the report's template are present. */
export interface ProcurementCells {
  items?: Cell;
  amount?: Cell;
}

/** Only the keys of the report's template are present. */
export interface Applications {
  new?: ApplicantCells;
  carried_over?: ApplicantCells;
  granted?: ApplicantCells;
  partially_granted?: ApplicantCells;
  denied?: DeniedRows;
  unable?: UnableRows;
  not_processed?: NotProcessedRows;
  other?: OtherRows;
  total?: ApplicantCells;
  carried_forward?: ApplicantCells;
}

/** Only the keys of the report's template are present. */
export interface ApplicantCells {
  natural_person?: Cell;
  commercial_enterprise?: Cell;
  research_institution?: Cell;
  social_welfare_organization?: Cell;
  legal_service_organization?: Cell;
  other_organization?: Cell;
  total?: Cell;
}

/** Only the keys of the report's template are present. */
export interface DeniedRows {
  state_secret?: ApplicantCells;
  prohibited_by_law?: ApplicantCells;
  three_safeties_one_stability?: ApplicantCells;
  third_party_rights?: ApplicantCells;
  internal_affairs?: ApplicantCells;
  process_info?: ApplicantCells;
  enforcement_file?: ApplicantCells;
  administrative_query?: ApplicantCells;
}

/** Only the keys of the report's template are present. */
export interface UnableRows {
  not_held?: ApplicantCells;
  needs_creation?: ApplicantCells;
  unclear_after_correction?: ApplicantCells;
}

/** Only the keys of the report's template are present. */
export interface NotProcessedRows {
  complaint?: ApplicantCells;
  duplicate?: ApplicantCells;
  publication?: ApplicantCells;
  excessive?: ApplicantCells;
  reconfirmation?: ApplicantCells;
}

/** Only the keys of the report's template are present. */
export interface OtherRows {
  overdue_correction?: ApplicantCells;
  unpaid_fee?: ApplicantCells;
  misc?: ApplicantCells;
  natural_person?: Cell;
  commercial_enterprise?: Cell;
  research_institution?: Cell;
  social_welfare_organization?: Cell;
  legal_service_organization?: Cell;
  other_organization?: Cell;
  total?: Cell;
}

export interface OutcomeCells {
  upheld: Cell;
  corrected: Cell;
  other: Cell;
  pending: Cell;
  total: Cell;
}

// END GENERATED
