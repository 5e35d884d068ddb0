"""The benchmark runs and prints its figures (no timing is asserted: that is its job, not a test's)."""

import json
import subprocess
import sys


def test_bench_prints_figures_for_both_setups(tiny_ngram_dir):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mygo_desktop",
            "bench",
            "--model",
            str(tiny_ngram_dir),
            "--queries",
            "20",
            "--batch",
            "16",
            "--reference-queries",
            "2",
            "--reference-shape",
            "tiny",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for key in ("load_s", "p50_ms", "p95_ms", "batch_per_s", "rss_mb_after_load"):
        assert report["ours"][key] > 0
    assert report["mygochat_setup"]["p50_ms"] > 0
    assert report["speedup_p50"] > 0
