"""Maintainer scripts (``python -m mygo_desktop.tools.<name>``); the app never imports these."""
