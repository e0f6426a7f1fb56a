"""Reading: a letter file's bytes, its kind, and the `Document` built from it (text and page geometry).

The lowest stage of the letter's path: it knows PDFs and text files, not OCR, parsing or the
store. Pages without a text layer are handed to a page reader the caller passes in (the OCR
stage provides one), so reading never imports OCR.
"""
