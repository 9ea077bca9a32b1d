"""Given record files (two years, or a folder of several), compare consecutive plan years and write
the comparison JSONs, tidy tables and ``report.html``.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.compare.pairing import compare_paired
from pipeline.compare.records_io import comparison_to_json, paths_to_records
from pipeline.errors import OutputError
from pipeline.files import prepare_out_dir, write_text_atomic


def run_compare(records: list[Path], out: Path) -> list[Path]:
    """Given two record files (A earlier, B later) or a folder of records, compare each
    consecutive pair of plan years and write into ``out``: the comparison JSONs, the tidy tables
    ``compare_projects``, ``compare_changes`` and ``compare_overview`` (Parquet and CSV) and
    ``report.html``. Return the written paths.

    The inputs and ``out`` are checked first: a ``CompareInputError`` (bad or duplicate records, too
    few) or an ``OutputError`` (``out`` cannot be created or written) leaves nothing behind."""
    from pipeline.compare.report import write_report
    from pipeline.compare.tables import chain_to_tables, comparison_keys, write_tables

    recs = paths_to_records(records)
    out = prepare_out_dir(Path(out))
    chain = [compare_paired(a, b) for a, b in zip(recs, recs[1:])]
    keys = comparison_keys([pc.comparison for pc in chain])
    try:
        written = [write_text_atomic(out / f"compare-{key}.json", comparison_to_json(pc.comparison))
                   for key, pc in zip(keys, chain)]
        tables = chain_to_tables(recs, chain)
        written += write_tables(tables, out)
        written.append(write_report(recs, [pc.comparison for pc in chain], tables, out / "report.html"))
    except OSError as exc:  # e.g. the disk filled up: each file is whole or absent (atomic writes)
        raise OutputError(f"writing the comparison failed: {exc.strerror or exc}", file=exc.filename or out) from exc
    return written
