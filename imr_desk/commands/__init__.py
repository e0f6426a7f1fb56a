"""Headless subcommands of the `imr-desk` command; each module has `add_parser` and `run`."""
