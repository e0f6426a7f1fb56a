"""`python -m imr_desk` runs the `imr-desk` command."""

import sys

from .cli import main

sys.exit(main())
