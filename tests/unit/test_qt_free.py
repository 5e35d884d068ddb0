import subprocess
import sys


def test_core_and_cli_do_not_import_qt(tiny_ngram_dir):
    code = (
        "import sys\n"
        "import mygo_desktop.core.api, mygo_desktop.core.model.recommender, mygo_desktop.cli\n"
        f"mygo_desktop.core.api.MyGOChat({str(tiny_ngram_dir)!r}).chat('你好')\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
