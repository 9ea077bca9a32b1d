"""Batch: many files → records on disk, with progress, errors as data, workers and the benchmark.

Entry point: ``runner.run_batch(inputs, out, ...) -> RunSummary``.
"""
