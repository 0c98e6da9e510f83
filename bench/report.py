"""Where benchmark figures go: bench/results/<name>.json, merged into bench/results/latest.json."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, figures: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2))
    latest = RESULTS / "latest.json"
    merged = json.loads(latest.read_text()) if latest.exists() else {}
    merged[name] = figures
    latest.write_text(json.dumps(merged, indent=2))
