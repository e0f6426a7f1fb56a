"""`python -m imr_desk` runs the `imr-desk` command (also the PyInstaller bundle's entry script,
hence the absolute import)."""

import sys

from imr_desk.cli import main

sys.exit(main())
