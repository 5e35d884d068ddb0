"""``python -m mygo_desktop``: the same as the ``mygo-desktop`` command."""

import sys

from mygo_desktop.cli import main

sys.exit(main())
