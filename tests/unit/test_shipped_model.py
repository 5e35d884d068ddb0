"""The shipped model keeps the bars it was chosen for (figures, not timings: see `mygo-desktop bench`)."""

from __future__ import annotations

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.resources import default_model_dir, resource_path
from mygo_desktop.core.training.dataset import read_examples
from mygo_desktop.core.training.evaluation import evaluate
from mygo_desktop.core.training.realworld import evaluate_realworld, read_realworld


def test_the_shipped_model_meets_its_bars():
    known = set(default_catalog().quotes)
    recommender = Recommender()
    assert recommender.runtime == "numpy"
    real = evaluate_realworld(recommender, *read_realworld(resource_path("dataset", "realworld", "dev.jsonl"), known))
    assert real.overall.fit1 >= 0.65 and real.overall.anyfit5 >= 0.90
    dev = evaluate(recommender, read_examples(resource_path("dataset", "dev.jsonl"), known))
    assert dev.top5 >= 0.85


def test_the_shipped_model_fits_in_40_mb():
    size = sum(path.stat().st_size for path in default_model_dir().rglob("*") if path.is_file())
    assert size <= 40 * 1024 * 1024, size
