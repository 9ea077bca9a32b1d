"""Check that both reading sources give records that score the same, on every PDF that has a gold beside it.

    source_parity.py DIR [DIR ...] [--json]

Each ``DIR/<name>.pdf`` with a ``DIR/<name>.gold.json`` (what ``make_variants.py`` and ``sample_layout.py``
write) is extracted with the pdfium source and with the pdfplumber reference; both records are scored
with the shared ``score.py`` and the pdfium record's provenance with ``check_provenance.py``. A row
differs when any headline metric differs at three decimals. Exit code 1 when a row differs or the
pdfium provenance is under 0.99 (issue 14's parity goal).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from sample_layout import _eval  # noqa: E402

SOURCES = ("pdfium", "pdfplumber")
PROVENANCE_FLOOR = 0.99


def parity_row(pdf: Path) -> dict:
    """Given a PDF with a gold beside it, return both sources' rounded headlines and the pdfium provenance."""
    from pipeline.extract import extract_path

    gold = pdf.with_suffix(".gold.json")
    row: dict = {"pdf": str(pdf)}
    for source in SOURCES:
        pred = pdf.with_name(f"{pdf.stem}.{source}.pred.json")
        pred.write_text(extract_path(pdf, {"source": source}).model_dump_json(indent=1), encoding="utf-8")
        res = _eval("score.py", str(gold), str(pred))
        row[source] = {k: round(v, 3) for k, v in res["headline"].items()}
        if source == "pdfium":
            row["provenance"] = _eval("check_provenance.py", str(pdf), str(pred))["score"]
    row["differs"] = sorted(k for k in row["pdfium"] if row["pdfium"][k] != row["pdfplumber"].get(k))
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args(argv)
    pdfs = [p for d in args.dirs for p in sorted(d.glob("*.pdf")) if p.with_suffix(".gold.json").exists()]
    rows = [parity_row(p) for p in pdfs]
    bad = [r for r in rows if r["differs"] or r["provenance"] < PROVENANCE_FLOOR]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for r in rows:
            flag = "DIFF " + ",".join(r["differs"]) if r["differs"] else "same"
            print(f"{Path(r['pdf']).parent.name}/{Path(r['pdf']).name:<12} {flag:<30} provenance {r['provenance']:.3f}")
        print(f"{len(rows)} PDFs, {len(rows) - len(bad)} equal with provenance >= {PROVENANCE_FLOOR}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
