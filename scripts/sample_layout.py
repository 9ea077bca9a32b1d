"""Render gold LDN records into layouts drawn at random from a seed, and score the pipeline on them.

    sample_layout.py --gold GOLD.json --seeds 0-29 --out DIR           write DIR/s<seed>.pdf and s<seed>.gold.json
    sample_layout.py --gold GOLD.json --seeds 0-29 --out DIR --score   also extract and score each, print a table

Unlike the fourteen fixed variants of ``make_variants.py``, every choice here (``sample_choices.py``) is
drawn independently, so no list of layouts can be fitted to. A seed always draws the same layout.
Where the gold must change with a choice (unnumbered level-3 headings, another plan year) the adjusted
gold is written beside the PDF, as ``make_variants.py`` does.
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_variants import EVAL, shift_years  # noqa: E402
from sample_blocks import draw_body, title_page  # noqa: E402
from sample_choices import describe, sample_style  # noqa: E402
from sample_doc import SampleDoc  # noqa: E402
from variant_extras import unnumber_level3  # noqa: E402

WEAK = 0.97  # metrics under this are printed per seed


def adjust_gold(gold: dict, st: dict) -> dict:
    """Given a gold record and a sampled layout, return the gold that layout's PDF must be scored against."""
    gold = copy.deepcopy(gold)
    if st["year_shift"]:
        gold = shift_years(gold, st["year_shift"])
        gold["document"]["year"] += st["year_shift"]
    if st["l3_unnumbered"]:
        gold = unnumber_level3(gold)
    return gold


def _draw(gold: dict, st: dict, total_pages: int = 0) -> SampleDoc:
    d = gold["document"]
    doc = SampleDoc(st, d["title"], d.get("organization") or "", total_pages, d.get("year"))
    doc.add_page()
    title_page(doc, d)
    draw_body(doc, gold)
    return doc


def render(gold: dict, seed: int, out: Path) -> tuple[dict, dict]:
    """Given a gold record and a seed, write the PDF to ``out``; return (adjusted gold, sampled layout)."""
    st = sample_style(seed)
    gold = adjust_gold(gold, st)
    doc = _draw(gold, st)
    if st["footer"] == "stran_od":  # "Stran N od M" needs the page count of a first pass
        doc = _draw(gold, st, doc.page)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.output(str(out))
    return gold, st


def parse_seeds(text: str) -> list[int]:
    """Given "0-29" or "3,7,12-14", return the seeds."""
    seeds: list[int] = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        elif part.strip():
            seeds.append(int(part))
    return seeds


def _eval(script: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, str(EVAL / script), *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def score_one(gold_path: Path, pdf: Path) -> dict:
    """Given a gold and its PDF, extract the PDF and return the headline metrics, overall and PROVENANCE."""
    sys.path.insert(0, str(HERE.parent))
    from pipeline.extract import extract_path

    pred = pdf.with_suffix(".pred.json")
    pred.write_text(extract_path(pdf).model_dump_json(indent=1), encoding="utf-8")
    res = _eval("score.py", str(gold_path), str(pred))
    prov = _eval("check_provenance.py", str(pdf), str(pred))
    return {**res["headline"], "overall": res["overall"], "PROVENANCE": prov["score"]}


def sample(gold_path: Path, seed: int, outdir: Path, score: bool = False) -> dict:
    """Render one seed (and score it); return its row: seed, choices and scores."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pdf = outdir / f"s{seed}.pdf"
    adjusted, st = render(gold, seed, pdf)
    adjusted_path = pdf.with_suffix(".gold.json")
    adjusted_path.write_text(json.dumps(adjusted, ensure_ascii=False, indent=1), encoding="utf-8")
    row = {"seed": seed, "choices": describe(st), "pdf": str(pdf)}
    if score:
        row["scores"] = score_one(adjusted_path, pdf)
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--seeds", default="0-29")
    ap.add_argument("--out", type=Path, default=Path("/tmp/ldn-sampled"))
    ap.add_argument("--score", action="store_true", help="extract and score each rendering")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    a = ap.parse_args(argv)
    rows = []
    for seed in parse_seeds(a.seeds):
        row = sample(a.gold, seed, a.out, a.score)
        rows.append(row)
        if a.json:
            continue
        if a.score:
            s = row["scores"]
            weak = " ".join(f"{k}={v:.3f}" for k, v in s.items() if k not in ("overall", "PROVENANCE") and v < WEAK)
            print(f"seed {seed:5d}  overall {s['overall']:.3f}  PROVENANCE {s['PROVENANCE']:.3f}  {weak}", flush=True)
            print(f"            {row['choices']}", flush=True)
        else:
            print(row["pdf"], row["choices"], flush=True)
    if a.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
    elif a.score and rows:
        overall = [r["scores"]["overall"] for r in rows]
        prov = [r["scores"]["PROVENANCE"] for r in rows]
        print(f"mean overall {sum(overall) / len(overall):.4f}  min {min(overall):.3f}  "
              f"mean PROVENANCE {sum(prov) / len(prov):.4f}  min {min(prov):.3f}  "
              f"below 0.95: {[r['seed'] for r in rows if r['scores']['overall'] < 0.95]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
