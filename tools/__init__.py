"""Developer tools that are not part of the product: sample, icon and screenshot generators,
scan simulation and OCR accuracy measurement (used by tests and benchmarks)."""
