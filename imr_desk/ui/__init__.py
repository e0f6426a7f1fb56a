"""Qt user interface of imr-desk; the only package that imports PySide6."""
