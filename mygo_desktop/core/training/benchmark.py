"""Speed and memory figures: our shipped model beside MyGOChat's set-up, printed as JSON.

Each model is measured in a fresh subprocess, so load time and resident memory are its own.
MyGOChat's set-up is a randomly initialised BERT of chinese-roberta-wwm-ext-large's shape that
pads every input to 512 tokens, as MyGOChat does; random weights cost the same as trained ones.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

LARGE_SHAPE = dict(
    num_hidden_layers=24, hidden_size=1024, num_attention_heads=16, intermediate_size=4096, vocab_size=21128
)
TINY_SHAPE = dict(num_hidden_layers=2, hidden_size=32, num_attention_heads=2, intermediate_size=64, vocab_size=21128)

SAMPLE_MESSAGES = [
    "你今天有空嗎",
    "欸我跟你說我考上了",
    "明天要不要一起去看電影",
    "[問卦] 有沒有星期一不想上班的八卦",
    "你昨天怎麼沒來",
    "這首歌超好聽der",
    "我老闆又在群組裡發瘋了",
    "笑死",
    "可以借我抄作業嗎🙏",
    "颱風天還要上班是三小",
    "我好像喜歡上她了",
    "抽卡又歪了QQ",
    "晚餐吃什麼",
    "你是不是在生我的氣",
    "新聞說明天開始漲價",
    "我先去洗澡",
    "你真的很煩欸",
    "要不要加入我們的樂團",
    "掰啦明天見",
    "謝謝你今天陪我",
]


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timings(run_one, messages: list[str], repeats: int) -> dict:
    run_one(messages[0])  # warm-up
    samples = []
    for i in range(repeats):
        started = time.perf_counter()
        run_one(messages[i % len(messages)])
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "queries": repeats,
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(_percentile(samples, 0.95), 3),
    }


def measure_ours(model_dir: str | None, queries: int, batch: int) -> dict:
    started = time.perf_counter()
    from mygo_desktop.core.model.recommender import Recommender

    recommender = Recommender(model_dir)
    load_s = time.perf_counter() - started
    figures = {"load_s": round(load_s, 3), "rss_mb_after_load": round(_rss_mb(), 1)}
    figures.update(_timings(lambda text: recommender.recommend(text, k=12), SAMPLE_MESSAGES, queries))
    texts = (SAMPLE_MESSAGES * (batch // len(SAMPLE_MESSAGES) + 1))[:batch]
    started = time.perf_counter()
    recommender.recommend_batch(texts, k=12)
    figures["batch_size"] = batch
    figures["batch_per_s"] = round(batch / (time.perf_counter() - started), 1)
    figures["rss_mb_after_queries"] = round(_rss_mb(), 1)
    return figures


def measure_mygochat_setup(queries: int, shape: str) -> dict:
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    from mygo_desktop.core.training.tokenizer import base_characters

    dims = LARGE_SHAPE if shape == "large" else TINY_SHAPE
    started = time.perf_counter()
    vocab_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"mygo-bench-vocab-{os.getpid()}.txt"
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab_file.write_text("\n".join(specials + base_characters()[: dims["vocab_size"] - len(specials)]), "utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab_file))
    vocab_file.unlink()
    model = BertForSequenceClassification(BertConfig(num_labels=157, max_position_embeddings=512, **dims)).eval()
    init_s = time.perf_counter() - started

    def run_one(text: str) -> None:
        batch = tokenizer(text, padding="max_length", truncation=True, max_length=512, return_tensors="pt")
        with torch.inference_mode():
            model(**batch)

    figures = {"init_s_random_weights": round(init_s, 3), "rss_mb_after_load": round(_rss_mb(), 1), "shape": shape}
    figures.update(_timings(run_one, SAMPLE_MESSAGES, queries))
    figures["parameters_m"] = round(sum(p.numel() for p in model.parameters()) / 1e6, 1)
    return figures


def _worker(args: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "mygo_desktop.core.training.benchmark", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"benchmark worker failed: {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(result.stdout)


def run_benchmark(
    model_dir: str | None, queries: int, batch: int, reference_queries: int, reference_shape: str
) -> dict:
    report = {
        "machine": {"cpus": os.cpu_count(), "torch_threads": _torch_threads()},
        "ours": _worker(["ours", str(model_dir or ""), str(queries), str(batch)]),
    }
    if reference_queries > 0:
        reference = _worker(["mygochat", str(reference_queries), reference_shape])
        report["mygochat_setup"] = reference
        report["speedup_p50"] = round(reference["p50_ms"] / max(report["ours"]["p50_ms"], 1e-6), 1)
    return report


def _torch_threads() -> int:
    import torch

    return torch.get_num_threads()


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    if kind == "ours":
        out = measure_ours(rest[0] or None, int(rest[1]), int(rest[2]))
    else:
        out = measure_mygochat_setup(int(rest[0]), rest[1])
    print(json.dumps(out))
