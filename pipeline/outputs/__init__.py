"""Outputs: records → tidy tables (Parquet, CSV, DuckDB), the HTML run report, the JSON Schema.

Entry point: ``tables.write_tables(records, out)``; ``report.write_report``; ``schema.write_schemas``.
"""
