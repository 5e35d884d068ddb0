"""Kill a process while it saves settings, many times: the file is the old or the new version."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time

from mygo_desktop.core.settings import Settings, load_settings, save_settings

WRITER = """
import sys
from pathlib import Path
from mygo_desktop.core.settings import Settings, save_settings
path = Path(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    n += 1
    save_settings(Settings(candidates=1 + n % 60, image_folder="x" * (n % 5000)), path)
"""


def test_a_kill_during_a_settings_write_never_leaves_a_broken_file(tmp_path):
    path = tmp_path / "config" / "settings.json"
    save_settings(Settings(), path)
    rng = random.Random(7)
    for _ in range(25):
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        process.stdout.close()
        document = json.loads(path.read_text(encoding="utf-8"))  # whole JSON, never half a file
        assert document["schema_version"] == 1
        result = load_settings(path)
        assert not result.problem and 1 <= result.settings.candidates <= 60
    leftovers = [p.name for p in path.parent.iterdir() if p.name != "settings.json"]
    # A kill between creating and renaming the temporary file can leave it; it is never the settings.
    assert all(name.startswith(".settings-") for name in leftovers), leftovers
