"""Comparison: records of several plan years → ``Comparison`` per consecutive pair (COMPARE.md).

Entry point: ``compare_records(a, b) -> Comparison``; ``run.run_compare(paths, out)`` writes JSON, tables and report.
"""

from pipeline.compare.pairing import compare_records

__all__ = ["compare_records"]
