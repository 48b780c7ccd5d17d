// Type-checked with `tsc --strict` by tests/types.test.js: the web package's
// declarations (wasm-bindgen's init/initSync, then gik.d.ts).
import init, { initSync, parse, toFlat, version } from "../pkg-web/gik.js";
import type { Report, Cell, InitOutput } from "../pkg-web/gik.js";

const out: InitOutput = await init();
initSync({ module: new Uint8Array(0) });
const report: Report = parse(new Uint8Array(0));
const cell: Cell = report.applications.carried_forward.total;
const flat: string = toFlat("");
export { out, cell, flat, version };
