"""Measure the normalizers on the gold files without the PDF extraction.

Each gold entry's `duration` is replaced by ``normalize_duration(gold raw, year)`` and its
`targets` by ``extract_targets`` over the gold item texts; the result is written to /tmp and
scored with ``/work/shared/eval/score.py GOLD PRED --json``.

    .venv/bin/python scripts/eval_normalize.py [--diff]
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.nlp.normalize import extract_targets, normalize_duration

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"
GOLDS = ("ldn-2026", "ldn-2025-synthetic")
HEADLINE = ("duration", "targets", "target_units", "mama_share")
DIAGNOSTIC = ("target_numbers", "share_scope", "duration_events")


def predict(gold: dict) -> dict:
    """Given a gold record, return it with durations and targets replaced by our normalizers."""
    pred = json.loads(json.dumps(gold))
    year = gold["document"].get("year")
    for entry in pred["entries"]:
        if entry.get("duration"):
            entry["duration"] = normalize_duration(entry["duration"]["raw"], year).model_dump(exclude={"provenance"})
        targets = []
        for source in ("activities", "results"):
            for i, item in enumerate(entry.get(source) or []):
                text = item if isinstance(item, str) else item["text"]
                targets += [m.target.model_dump(exclude={"provenance"}) for m in extract_targets(text, source, i)]
        entry["targets"] = targets
    return pred


def figures(gold_path: Path, pred_path: Path) -> dict:
    out = subprocess.run([sys.executable, str(SCORER), str(gold_path), str(pred_path), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _value(d) -> float:
    if isinstance(d, dict):
        for key in ("f1", "accuracy"):
            if key in d:
                return d[key]
    return d


def diff(gold: dict, pred: dict) -> None:
    """Print the targets that differ, entry by entry."""
    key = lambda t: (t["source"], t["item"], t.get("value"), t.get("min"), t.get("max"), t.get("qualifier"), t.get("mama_share"))
    for g, p in zip(gold["entries"], pred["entries"]):
        gk = {key(t): t for t in g.get("targets", [])}
        pk = {key(t): t for t in p.get("targets", [])}
        for k in gk.keys() - pk.keys():
            print(f"  MISS {g['title'][:30]}: {k} {gk[k]['text']!r} {gk[k]['unit']}")
        for k in pk.keys() - gk.keys():
            print(f"  EXTRA {g['title'][:30]}: {k} {pk[k]['text']!r} {pk[k]['unit']}")
        for k in gk.keys() & pk.keys():
            units = [gk[k]["unit"]] + (gk[k].get("unit_alt") or [])
            if pk[k]["unit"] not in units:
                print(f"  UNIT {g['title'][:30]}: {k} {pk[k]['text']!r} pred={pk[k]['unit']!r} gold={units}")


def main() -> int:
    show = "--diff" in sys.argv
    for name in GOLDS:
        gold_path = GOLD_DIR / f"{name}.json"
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        predict(gold)  # warm the pipeline so the timing below is the normalizers only
        t0 = time.perf_counter()
        pred = predict(gold)
        elapsed = time.perf_counter() - t0
        pred_path = Path("/tmp") / f"normalize-{name}.json"
        pred_path.write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf-8")
        res = figures(gold_path, pred_path)
        diag = res.get("diagnostics", {})
        parts = [f"{k} {_value(res.get(k)):.3f}" for k in HEADLINE] + [f"{k} {_value(diag.get(k)):.3f}" for k in DIAGNOSTIC]
        print(f"{name}: " + ", ".join(parts) + f" ({elapsed * 1000:.0f} ms)")
        if show:
            diff(gold, pred)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
