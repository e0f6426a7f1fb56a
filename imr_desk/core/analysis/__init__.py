"""Analysis: what a parsed letter means beyond its fields.

Treatment categories (DWC's IMR search taxonomy), structured guideline citations, the
clinical summary's diagnoses and consistency checks. Pure functions on the model; the parser's
results go in, `core.findings` objects come out. Sits above parsing and the deadline rules and
below the store, which indexes what it finds.
"""
