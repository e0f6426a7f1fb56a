"""Parsing: from a `Document`'s text to a `Letter` (header, reviewer, patient, decisions).

`letters.read_letter` is the entry point from a file; `parser.parse_text` from text alone.
"""
