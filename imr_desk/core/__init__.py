"""Pure-Python core of imr-desk: loading, parsing, model, store, reports. Never imports Qt."""
