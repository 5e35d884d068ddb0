"""MyGOChat's label_mapping.json: ``label_to_idx`` and ``idx_to_label``, read and written."""

from __future__ import annotations

import json
from pathlib import Path

from mygo_desktop.core.errors import LabelMappingError

FILENAME = "label_mapping.json"


def is_pack_label(label: str) -> bool:
    """A MyGO label is a sticker's line (no line has a "/"); a pack sticker's is its id ``<pack>/<id>``."""
    return "/" in label


def write_label_mapping(model_dir: Path, labels: list[str]) -> None:
    mapping = {
        "label_to_idx": {label: index for index, label in enumerate(labels)},
        "idx_to_label": {str(index): label for index, label in enumerate(labels)},
    }
    (Path(model_dir) / FILENAME).write_text(json.dumps(mapping, ensure_ascii=False, indent=2), encoding="utf-8")


def read_label_mapping(model_dir: Path) -> list[str]:
    """Return the labels in index order; raise LabelMappingError naming what is wrong."""
    path = Path(model_dir) / FILENAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelMappingError(f"{path} is missing: the model directory needs its label mapping") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LabelMappingError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("idx_to_label"), dict):
        raise LabelMappingError(f"{path} must contain an 'idx_to_label' object")
    idx_to_label = raw["idx_to_label"]
    try:
        by_index = {int(key): value for key, value in idx_to_label.items()}
    except ValueError:
        raise LabelMappingError(f"{path}: idx_to_label keys must be integers") from None
    if sorted(by_index) != list(range(len(by_index))) or not by_index:
        raise LabelMappingError(f"{path}: idx_to_label must cover indices 0..N-1 without gaps")
    labels = [by_index[i] for i in range(len(by_index))]
    if not all(isinstance(label, str) and label for label in labels):
        raise LabelMappingError(f"{path}: every label must be a non-empty string")
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise LabelMappingError(f"{path}: labels listed twice: {'、'.join(repeated[:5])}")
    label_to_idx = raw.get("label_to_idx")
    if label_to_idx is not None:
        expected = {label: index for index, label in enumerate(labels)}
        if not isinstance(label_to_idx, dict) or label_to_idx != expected:
            raise LabelMappingError(f"{path}: label_to_idx and idx_to_label disagree")
    return labels
