"""Fields: an entry block → an ``Entry`` (list items, partners, funders, durations and targets).

Entry point: ``block_to_entry(block, year) -> Entry``.
"""

from pipeline.fields.entry import block_to_entry

__all__ = ["block_to_entry"]
