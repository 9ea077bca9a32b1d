"""Measure the partner, funder and approval-step parsers against the gold files.

For each gold, replace every entry's partners, funders and the document's approval steps with
what the parsers make of the gold's own raw values, write the result to a temporary file and
score it with ``score.py``. Usage: ``python scripts/eval_fields.py [GOLD ...]``.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.fields.approval import parse_approval_step
from pipeline.fields.funders import parse_funders
from pipeline.fields.partners import parse_partners

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_GOLDS = [SHARED / "gold" / "ldn-2026.json", SHARED / "gold" / "ldn-2025-synthetic.json"]
METRICS = ["partners", "partner_country", "partner_role", "partner_generic", "funders", "document"]


def gold_to_prediction(gold: dict) -> dict:
    """Given a gold record, return a copy whose parsed fields come from the parsers."""
    pred = copy.deepcopy(gold)
    for entry in pred.get("entries", []):
        raw = entry.pop("partners_raw", None)
        entry["partners"] = [
            m.partner.model_dump(exclude={"provenance"}) for m in parse_partners(raw)
        ] if raw else []
        if entry.get("funding"):
            entry["funding"]["funders"] = parse_funders(entry["funding"]["raw"])
    steps = pred.get("document", {}).get("approval_steps", [])
    parsed = [parse_approval_step(s.get("raw", "")) for s in steps]
    pred["document"]["approval_steps"] = [s.model_dump(exclude={"provenance"}) for s in parsed if s]
    return pred


def score(gold_path: Path) -> dict:
    """Given a gold path, return the scorer's JSON for the parsers' prediction."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(gold_to_prediction(gold), handle, ensure_ascii=False)
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(gold_path), handle.name, "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def _figure(result: dict, name: str):
    for group in (result, result.get("metrics", {}), result.get("diagnostics", {})):
        if isinstance(group, dict) and name in group:
            value = group[name]
            if isinstance(value, dict):
                for key in ("f1", "accuracy", "score", "value"):
                    if key in value:
                        return value[key]
            return value
    return None


def main(paths: list[str]) -> None:
    for path in [Path(p) for p in paths] or DEFAULT_GOLDS:
        result = score(path)
        figures = ", ".join(f"{m} {_figure(result, m)}" for m in METRICS)
        print(f"{path.stem}: {figures}")


if __name__ == "__main__":
    main(sys.argv[1:])
