"""OCR: reading the words of scanned (image-only) PDF pages with Tesseract.

Sits on `reading` (it fills in the pages a `Document` could not read) and below `parsing`.
"""
