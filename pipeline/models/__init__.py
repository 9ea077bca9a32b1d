"""Boundary types: the record format, the comparison format and run results."""

from pipeline.models.record import (
    FORMAT_VERSION,
    Application,
    ApprovalStep,
    Document,
    Duration,
    Entry,
    Event,
    Fragment,
    Funding,
    Item,
    Partner,
    Record,
    RecordIssue,
    Section,
    Target,
    Timeline,
    TimelineLabel,
)
from pipeline.models.loading import load_record, record_from_dict

__all__ = [
    "FORMAT_VERSION",
    "Application",
    "ApprovalStep",
    "Document",
    "Duration",
    "Entry",
    "Event",
    "Fragment",
    "Funding",
    "Item",
    "Partner",
    "Record",
    "RecordIssue",
    "Section",
    "Target",
    "Timeline",
    "TimelineLabel",
    "load_record",
    "record_from_dict",
]
