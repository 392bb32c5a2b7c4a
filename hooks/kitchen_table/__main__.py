"""`python -m kitchen_table check`: the same as `kitchen-table check`."""

import sys

from .cli import main

sys.exit(main())
