"""ldn: yearly work plans (Letni delovni načrt) from PDF to validated, comparable records.

The library API is two calls, imported lazily so that ``import pipeline`` stays cheap:
``extract_path(path, settings) -> Record`` and ``compare_records(a, b) -> Comparison``.
"""

from pipeline.settings import PIPELINE_VERSION as __version__

__all__ = ["__version__", "compare_records", "extract_path"]


def __getattr__(name: str):
    if name == "extract_path":
        from pipeline.extract import extract_path

        return extract_path
    if name == "compare_records":
        from pipeline.compare.pairing import compare_records

        return compare_records
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
