"""The numpy runtime gives the same rankings as the torch model, without importing torch."""

import shutil
import subprocess
import sys

import numpy as np
import pytest
from checkpoints import corrupt_weights, make_tiny_ngram

from mygo_desktop.core.errors import ModelError
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.text import normalize

TEXTS = [
    "明天要不要一起去看電影",
    "你這話是認真的嗎",
    "笑死",
    "[問卦] 有沒有颱風天還要上班的八卦",
    "OK",
    "😂",
    "這首歌超好聽der～～～",
    "a" * 600,
    "你这个人真的很烦欸",
]


@pytest.fixture(scope="module")
def tiny_ensemble_dir(tmp_path_factory):
    return make_tiny_ngram(tmp_path_factory.mktemp("ensemble"), members=3, seed=1)


@pytest.mark.parametrize("model", ["tiny_ngram_dir", "tiny_ensemble_dir"])
def test_numpy_and_torch_rank_alike(model, request):
    model_dir = request.getfixturevalue(model)
    numpy_rec = Recommender(model_dir, runtime="numpy")
    torch_rec = Recommender(model_dir, runtime="torch")
    assert (numpy_rec.runtime, torch_rec.runtime) == ("numpy", "torch")
    texts = [normalize(t) for t in TEXTS]
    p_numpy, p_torch = numpy_rec.probabilities(texts), torch_rec.probabilities(texts)
    np.testing.assert_allclose(p_numpy, p_torch, atol=1e-5)
    for a, b in zip(numpy_rec.recommend_batch(TEXTS, k=10), torch_rec.recommend_batch(TEXTS, k=10), strict=True):
        assert [r.sticker.id for r in a] == [r.sticker.id for r in b]


def test_the_shipped_model_loads_without_torch():
    code = (
        "import sys\n"
        "from mygo_desktop import MyGOChat\n"
        "reply = MyGOChat().chat('明天要不要一起去看電影')\n"
        "assert reply['quote']\n"
        "heavy = [m for m in ('torch', 'transformers', 'PySide6') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_bert_checkpoints_refuse_the_numpy_runtime(tiny_bert_dir):
    with pytest.raises(ModelError, match="only our n-gram models run without torch"):
        Recommender(tiny_bert_dir, runtime="numpy")


def test_truncated_ngram_weights_are_a_clear_error(tiny_ngram_dir, tmp_path):
    model = shutil.copytree(tiny_ngram_dir, tmp_path / "model")
    corrupt_weights(model)
    with pytest.raises(ModelError, match="cannot load the weights"):
        Recommender(model)
