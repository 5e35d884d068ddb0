"""Entry script of the PyInstaller bundle: the same as the ``mygo-desktop`` console script."""

import sys

from mygo_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
