"""Boundaries a subprocess can prove: the core needs no Qt, ranking needs no torch."""

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


def test_ranking_with_our_model_imports_no_torch_or_training():
    """The shipped model, the API and the command line run on numpy alone."""
    code = (
        "import sys\n"
        "from mygo_desktop.core.api import MyGOChat\n"
        "from mygo_desktop.cli import build_parser\n"
        "build_parser()\n"
        "print(MyGOChat().chat_with_candidates('今天要不要一起去吃飯', k=3)['top_prediction']['quote'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers', 'accelerate')\n"
        "       or m.startswith(('mygo_desktop.core.training.trainer', 'mygo_desktop.core.torch_model'))]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
