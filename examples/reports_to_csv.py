# %% [markdown]
# # A folder of annual reports into one CSV
#
# Reads every report in a folder (text, HTML or DOCX, any encoding), puts one
# row per report into a pandas DataFrame with `gik.to_frame`, and writes a CSV
# that opens in Excel. Inputs that are not reports are listed and skipped.
#
#     pip install ./bindings/python pandas
#     python examples/reports_to_csv.py tests/corpus reports.csv

# %%
import sys
from pathlib import Path

import gik

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/corpus")
out = Path(sys.argv[2] if len(sys.argv) > 2 else "reports.csv")

# %% Parse every file that looks like a report (skip the corpus's truth files).
paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".expected.tsv"))
reports, files = [], []
for path in paths:
    try:
        reports.append(gik.parse_file(path))
        files.append(path)
    except gik.ParseError as e:
        print(f"skipped {path.name}: {e} [{e.kind}]", file=sys.stderr)

# %% One row per report, one column per flat key, counts as nullable integers.
frame = gik.to_frame(reports, files=files)
print(frame[["file", "meta.agency", "meta.year", "applications.new.total", "diagnostics"]].to_string())

# %% Which reports do not add up?
errors = frame[[r.has_errors for r in reports]]
print(f"\n{len(errors)} of {len(frame)} reports break the template's arithmetic")

# %% Write the CSV (UTF-8 with BOM, so Excel reads the Chinese names).
frame.to_csv(out, index=False, encoding="utf-8-sig")
print(f"wrote {out}: {frame.shape[0]} rows, {frame.shape[1]} columns")
