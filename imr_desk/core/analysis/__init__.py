"""Analysis: what a parsed letter means beyond its fields.

Treatment categories (DWC's IMR search taxonomy), structured guideline citations, the
clinical summary's diagnoses and consistency checks (docs/checks.md). Pure functions on the
model; the parser's results go in, `core.findings` objects come out. `analyse.analyse` runs
them all in order, and `analyse.read_letter` / `analyse.parse_text` are the parsing stage's
entry points followed by it: what the command line, the store and the stable face call.
Sits above parsing and the deadline rules (whose checks it adds) and below the store, which
keeps and indexes what it finds.
"""
