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


def _damaged_copy(source, tmp_path, config_change=None, tensor_change=None):
    import json

    from safetensors.numpy import load_file, save_file

    model = shutil.copytree(source, tmp_path / "model")
    if config_change:
        config = json.loads((model / "config.json").read_text(encoding="utf-8"))
        config_change(config)
        (model / "config.json").write_text(json.dumps(config), encoding="utf-8")
    if tensor_change:
        tensors = load_file(str(model / "model.safetensors"))
        tensor_change(tensors)
        save_file(tensors, str(model / "model.safetensors"))
    return model


def _nan_table(tensors):
    tensors["embeddings.weight"] = tensors["embeddings.weight"].copy()
    tensors["embeddings.weight"][0, 0] = np.nan


@pytest.mark.parametrize(
    "config_change, tensor_change, message",
    [
        (lambda c: c.update(num_buckets=c["num_buckets"] * 2), None, "the n-gram table has"),
        (lambda c: c.update(num_members=0), None, "num_members must be a whole number"),
        (lambda c: c.pop("ngram_orders"), None, "ngram_orders must be a list"),
        (lambda c: c.update(ngram_orders="12"), None, "ngram_orders must be a list"),
        (lambda c: c.update(num_buckets=0), None, "num_buckets must be a whole number"),
        (None, _nan_table, "NaN or infinite"),
    ],
)
def test_a_damaged_model_is_refused_at_load_with_one_line(
    tiny_ngram_dir, tmp_path, config_change, tensor_change, message
):
    model = _damaged_copy(tiny_ngram_dir, tmp_path, config_change, tensor_change)
    with pytest.raises(ModelError, match=message) as raised:
        Recommender(model, runtime="numpy")
    assert "\n" not in str(raised.value)


def test_a_label_listed_twice_is_refused(tiny_ngram_dir, tmp_path):
    import json

    model = shutil.copytree(tiny_ngram_dir, tmp_path / "model")
    mapping = json.loads((model / "label_mapping.json").read_text(encoding="utf-8"))
    mapping["idx_to_label"]["1"] = mapping["idx_to_label"]["0"]
    mapping.pop("label_to_idx", None)
    (model / "label_mapping.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelError, match="labels listed twice"):
        Recommender(model)


def test_a_torch_checkpoint_whose_sizes_disagree_with_its_config_says_so(tiny_bert_dir, tmp_path):
    import json

    model = shutil.copytree(tiny_bert_dir, tmp_path / "model")
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    config["hidden_size"] = config["hidden_size"] * 2
    config["intermediate_size"] = config.get("intermediate_size", 64) * 2
    (model / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError) as raised:
        Recommender(model, runtime="torch")
    message = str(raised.value)
    assert "\n" not in message and "above" not in message and str(model) in message
