"""Entry script of the PyInstaller bundle: the `imr-desk` command (window or subcommands)."""

import sys

from imr_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
