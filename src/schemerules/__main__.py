"""``python -m schemerules``: the command line, as the ``schemerules`` command runs it."""

import sys

from .cli import console

sys.exit(console())
