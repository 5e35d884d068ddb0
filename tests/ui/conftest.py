"""UI tests run on Qt's offscreen platform unless a display is asked for explicitly."""

from __future__ import annotations

import os

# Before pytest-qt creates the QApplication: one platform per process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
